import pLimit from 'p-limit';
import { NoVerdictError } from '../../errors.js';
import { PageGuard } from '../../http/pagination.js';
import { reportFromTests, type NormalizedReport, type TestResult } from '../../report.js';
import { registerSecret } from '../../secrets.js';
import { pollUntilDone } from '../polling.js';
import type { Provider, ProviderContext } from '../types.js';
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

/** `123` or `jobs/123` → `123`. */
export function jobNumber(value: string): string | undefined {
  return value.match(/^(?:jobs\/)?(\d+)$/)?.[1];
}

export const eggplant: Provider = {
  label: 'Eggplant',
  defaultBaseUrl: 'https://api.pa.eggplant.cloud',

  checkSettings(settings) {
    if (!settings.realm) return { input: 'realm', message: 'is required for eggplant: your account realm' };
    if (!settings.apiKey && !(settings.clientId && settings.clientSecret)) {
      return {
        input: settings.clientId ? 'client-secret' : 'client-id',
        message: 'is required for eggplant: give client-id and client-secret, or an access token as api-key',
      };
    }
    if (settings.start) {
      if (!/^(jobTemplates\/)?\d+$/.test(settings.jobTemplate)) {
        return {
          input: 'job-template',
          message: settings.jobTemplate
            ? `must be a job template id (6789 or jobTemplates/6789), got '${settings.jobTemplate}'`
            : 'is required for eggplant with start: true',
        };
      }
      if (settings.job) return { input: 'job', message: 'cannot be combined with start: true (start runs a new job)' };
      return undefined;
    }
    if (!jobNumber(settings.job)) {
      return {
        input: 'job',
        message: settings.job
          ? `must be an Eggplant job id (123 or jobs/123), got '${settings.job}'`
          : 'is required for eggplant (or start: true with job-template)',
      };
    }
    return undefined;
  },

  async fetchReport(ctx: ProviderContext): Promise<NormalizedReport> {
    const { settings } = ctx;
    const errorMessage = (body: unknown) => {
      const e = errorBodySchema.safeParse(body).data;
      if (!e) return undefined;
      const error = typeof e.error === 'string' ? e.error : e.error?.message;
      return [e.message, error, e.error_description].filter(Boolean).join(': ') || undefined;
    };
    const http = ctx.http({
      headers: { realm: settings.realm },
      hints: {
        auth: settings.apiKey
          ? 'that api-key is a valid, unexpired Eggplant access token and that realm is your account realm.'
          : 'client-id and client-secret (an API client of your Eggplant account) and that realm is your account realm.',
        notFound: settings.start
          ? `that job template ${settings.jobTemplate} exists in realm ${settings.realm}.`
          : `that job ${settings.job} exists in realm ${settings.realm}.`,
      },
      errorMessage,
    });

    let token = settings.apiKey;
    if (!token) {
      const basic = Buffer.from(`${settings.clientId}:${settings.clientSecret}`).toString('base64');
      registerSecret(basic);
      const answer = await http.json(
        {
          method: 'POST',
          path: '/authorisation/token',
          headers: { authorization: `Basic ${basic}` },
          body: new URLSearchParams({ grant_type: 'client_credentials' }),
        },
        tokenSchema,
      );
      token = answer.access_token;
    }
    registerSecret(token);
    http.setHeader('authorization', `Bearer ${token}`);

    let id = jobNumber(settings.job);
    if (settings.start) {
      const template = settings.jobTemplate.startsWith('jobTemplates/') ? settings.jobTemplate : `jobTemplates/${settings.jobTemplate}`;
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

    const runs = await readTestRuns(ctx, http, id!);
    return reportFromTests(
      {
        provider: 'eggplant',
        providerLabel: 'Eggplant',
        source: `job ${id}${job.name ? ` "${job.name}"` : ''}`,
        notes: job.url ? [`Site: ${job.url}`] : [],
        startedAt: job.startedAt ? Date.parse(job.startedAt) : undefined,
        finishedAt: job.updatedAt ? Date.parse(job.updatedAt) : undefined,
      },
      runs.map(toTest),
    );
  },
};

/**
 * Every test run of the job. When `meta.paginationTotalResults` says there are more than the
 * first answer held, the rest are read as `page=2…` (Eggplant does not document its page
 * parameter; this is the assumed variant), concurrently, each test run counted once by sref.
 */
async function readTestRuns(ctx: ProviderContext, http: ReturnType<ProviderContext['http']>, id: string): Promise<EggplantTestRun[]> {
  const query = (page?: number) => ({ job: `jobs/${id}`, page });
  const first = await http.json({ path: '/pa/v1/testRuns', query: query() }, testRunsSchema);
  const bySref = new Map(first.results.map((r) => [r.sref, r]));
  const total = first.meta?.paginationTotalResults ?? first.results.length;
  if (total > first.results.length && first.results.length > 0) {
    const pages = Math.ceil(total / first.results.length);
    const guard = new PageGuard('Eggplant', `GET /pa/v1/testRuns?job=jobs%2F${id}`);
    guard.checkCount(pages);
    const limit = pLimit(PAGE_CONCURRENCY);
    let repeated = 0;
    await Promise.all(
      Array.from({ length: pages - 1 }, (_, i) => i + 2).map((page) =>
        limit(async () => {
          const answer = await http.json({ path: '/pa/v1/testRuns', query: query(page) }, testRunsSchema);
          for (const r of answer.results) {
            if (bySref.has(r.sref)) repeated++;
            else bySref.set(r.sref, r);
          }
        }),
      ),
    );
    if (repeated > 0) ctx.log.warning(`Eggplant: ${repeated} test runs came back on more than one page; each was counted once.`);
    if (bySref.size < total) {
      throw new NoVerdictError(
        `Eggplant: the job has ${total} test runs (meta.paginationTotalResults) but ${bySref.size} could be read page by page. ` +
          'The API may page differently than this action assumes; please report it.',
      );
    }
  }
  return [...bySref.values()];
}

function toTest(run: EggplantTestRun): TestResult {
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
  };
}
