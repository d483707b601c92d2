import { NoVerdictError } from '../../errors.js';
import { PageGuard, readPages } from '../../http/pagination.js';
import type { ProviderHttp } from '../../http/provider-http.js';
import { reportFromTests, type ProviderReport, type TestResult } from '../../report.js';
import { registerSecret } from '../../secrets.js';
import { pollUntilDone } from '../polling.js';
import { shareWithBaseline } from '../shared.js';
import { defineProvider, type Log } from '../types.js';
import { EGGPLANT_CURRENT_JOB, readEggplantBaseline } from './baseline.js';
import { eggplantInputs, jobNumber } from './inputs.js';
import { errorBodySchema, jobSchema, startedJobSchema, testRunsSchema, tokenSchema, type EggplantTestRun } from './schemas.js';

const PAGE_CONCURRENCY = 8;
const BROWSERS: Record<string, string> = {
  ff: 'Firefox',
  firefox: 'Firefox',
  chrome: 'Chrome',
  ie: 'Internet Explorer',
  edge: 'Edge',
  safari: 'Safari',
};

export const eggplant = defineProvider({
  label: 'Eggplant',
  defaultBaseUrl: 'https://api.pa.eggplant.cloud',
  inputs: eggplantInputs,
  describeTarget: (inputs) => (inputs.start ? `a new job from ${inputs.jobTemplate}` : `job ${inputs.job}`),
  readBaseline: readEggplantBaseline,

  async fetchReport(ctx): Promise<ProviderReport> {
    const { inputs } = ctx;
    const errorMessage = (body: unknown) => {
      const e = errorBodySchema.safeParse(body).data;
      if (!e) return undefined;
      const error = typeof e.error === 'string' ? e.error : e.error?.message;
      return [e.message, error, e.error_description].filter(Boolean).join(': ') || undefined;
    };
    const http = ctx.http({
      headers: { realm: inputs.realm },
      hints: {
        auth: inputs.apiKey
          ? 'that api-key is a valid, unexpired Eggplant access token and that realm is your account realm.'
          : 'client-id and client-secret (an API client of your Eggplant account) and that realm is your account realm.',
        notFound: inputs.start
          ? `that job template ${inputs.jobTemplate} exists in realm ${inputs.realm}.`
          : `that job ${inputs.job} exists in realm ${inputs.realm}.`,
      },
      errorMessage,
    });

    let token = inputs.apiKey;
    if (!token) {
      const basic = Buffer.from(`${inputs.clientId}:${inputs.clientSecret}`).toString('base64');
      registerSecret(basic);
      const answer = await http.json(
        {
          method: 'POST',
          path: '/authorisation/token',
          noId: true,
          headers: { authorization: `Basic ${basic}` },
          body: new URLSearchParams({ grant_type: 'client_credentials' }),
        },
        tokenSchema,
      );
      token = answer.access_token;
    }
    registerSecret(token);
    http.setHeader('authorization', `Bearer ${token}`);

    let id: string | undefined = inputs.job;
    if (inputs.start) {
      const template = inputs.jobTemplate;
      const started = await http.json({ method: 'POST', path: '/pa/v1/jobs', body: { jobTemplateUri: template } }, startedJobSchema);
      id = jobNumber(started.results.jobUri);
      ctx.log.info(`Eggplant: started ${started.results.jobUri} from ${template}.`);
    }
    const job = (
      await pollUntilDone(
        ctx,
        `Eggplant job ${id}`,
        () => http.json({ path: `/pa/v1/jobs/${id}` }, jobSchema),
        (answer) => answer.results.status !== 'pending' && answer.results.status !== 'running',
        (answer) => answer.results.status,
      )
    ).results;
    if (job.status !== 'completed') {
      throw new NoVerdictError(
        `Eggplant job ${id}${job.name ? ` "${job.name}"` : ''} ended with status ${job.status}, so it has no results to judge.`,
      );
    }

    shareWithBaseline(ctx, EGGPLANT_CURRENT_JOB, { id: id!, job });
    const runs = await readTestRuns(ctx.log, http, id!);
    return reportFromTests(
      {
        source: `job ${id}${job.name ? ` "${job.name}"` : ''}`,
        notes: job.url ? [`Site: ${job.url}`] : [],
        startedAt: job.startedAt ? Date.parse(job.startedAt) : undefined,
        finishedAt: job.updatedAt ? Date.parse(job.updatedAt) : undefined,
      },
      runs.map(toTest),
    );
  },
});

/**
 * Every test run of the job. When `meta.paginationTotalResults` says there are more than the
 * first answer held, the rest are read as `page=2…` (Eggplant does not document its page
 * parameter; this is the assumed variant), concurrently, each test run counted once by sref.
 */
export async function readTestRuns(log: Log, http: ProviderHttp, id: string): Promise<EggplantTestRun[]> {
  const query = (page?: number) => ({ job: `jobs/${id}`, page });
  const first = await http.json({ path: '/pa/v1/testRuns', query: query() }, testRunsSchema);
  const bySref = new Map(first.results.map((r) => [r.sref, r]));
  const total = first.meta?.paginationTotalResults ?? first.results.length;
  if (total > first.results.length && first.results.length > 0) {
    const pages = Math.ceil(total / first.results.length);
    const guard = new PageGuard('Eggplant', `GET /pa/v1/testRuns?job=jobs%2F${id}`, http.deadline);
    guard.checkCount(pages);
    let repeated = 0;
    await readPages(2, pages, PAGE_CONCURRENCY, async (page) => {
      const answer = await http.json({ path: '/pa/v1/testRuns', query: query(page) }, testRunsSchema);
      for (const r of answer.results) {
        if (bySref.has(r.sref)) repeated++;
        else bySref.set(r.sref, r);
      }
    });
    if (repeated > 0) log.warning(`Eggplant: ${repeated} test runs came back on more than one page; each was counted once.`);
    if (bySref.size < total) {
      throw new NoVerdictError(
        `Eggplant: the job has ${total} test runs (meta.paginationTotalResults) but ${bySref.size} could be read page by page. ` +
          'The API may page differently than this action assumes; please report it.',
      );
    }
  }
  return [...bySref.values()];
}

export function toTest(run: EggplantTestRun): TestResult {
  const browserKey = run.browser?.replace(/^browsers\//, '') ?? '';
  const browser = BROWSERS[browserKey.toLowerCase()] ?? browserKey;
  const page = run.pageTitle?.trim() || run.url || run.sref;
  const severity = run.severity ?? 'unknown';
  const parts = [`severity: ${severity}`];
  if (run.onLoad !== null && run.onLoad !== undefined) parts.push(`onLoad: ${run.onLoad} s`);
  if (run.resultCode !== null && run.resultCode !== undefined) parts.push(`resultCode: ${run.resultCode}`);
  return {
    name: browser ? `${page} (${browser})` : page,
    status: severity === 'ok' ? 'passed' : 'failed',
    url: run.url ?? undefined,
    durationMs: typeof run.onLoad === 'number' ? Math.round(run.onLoad * 1000) : undefined,
    message: parts.join('; '),
    rawStatus: severity,
    key: `${run.url ?? page}\u001f${browserKey}`,
  };
}
