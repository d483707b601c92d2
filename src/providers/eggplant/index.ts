import { NoVerdictError } from '../../errors.js';
import { PageGuard, readPages } from '../../http/pagination.js';
import { reportFromTests, type ProviderReport, type TestResult } from '../../report.js';
import { pollUntilDone } from '../polling.js';
import { shareWithBaseline } from '../shared.js';
import { defineProvider, type Log } from '../types.js';
import { EggplantSession } from './auth.js';
import { EGGPLANT_CURRENT_JOB, readEggplantBaseline } from './baseline.js';
import { eggplantInputs, jobNumber } from './inputs.js';
import { eggplantMetrics } from './metrics.js';
import {
  errorBodySchema,
  jobListSchema,
  jobSchema,
  startedJobSchema,
  testRunsSchema,
  type EggplantJob,
  type EggplantListedJob,
  type EggplantTestRun,
} from './schemas.js';

const PAGE_CONCURRENCY = 8;
/** Eggplant's browser srefs (`browsers/ch`), as users know the browsers. */
const BROWSERS: Record<string, string> = {
  ch: 'Chrome',
  chrome: 'Chrome',
  ff: 'Firefox',
  firefox: 'Firefox',
  ie11: 'Internet Explorer 11',
  ie: 'Internet Explorer',
  edge: 'Edge',
  safari: 'Safari',
};
const UNFINISHED = new Set(['pending', 'running']);

export const eggplant = defineProvider({
  label: 'Eggplant',
  defaultBaseUrl: 'https://api.pa.eggplant.cloud',
  inputs: eggplantInputs,
  metrics: eggplantMetrics,
  describeScope: (inputs) => (inputs.jobTemplate ? `job template ${inputs.jobTemplate}` : `job ${inputs.job}`),
  describeTarget: (inputs) =>
    inputs.start ? `a new job from ${inputs.jobTemplate}` : inputs.latest ? `the newest job of ${inputs.jobTemplate}` : `job ${inputs.job}`,
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
        notFound:
          inputs.start || inputs.latest
            ? `that job template ${inputs.jobTemplate} exists in realm ${inputs.realm}.`
            : `that job ${inputs.job} exists in realm ${inputs.realm}.`,
      },
      errorMessage,
    });
    const api = new EggplantSession(http, ctx.log, inputs);
    await api.signIn();

    let id: string;
    let job: EggplantJob;
    if (inputs.latest) {
      ({ id, job } = await waitForNewestJob(ctx, api, inputs.jobTemplate));
    } else {
      id = inputs.job;
      if (inputs.start) {
        const template = inputs.jobTemplate;
        const started = await api.json({ method: 'POST', path: '/pa/v1/jobs', body: { jobTemplateUri: template } }, startedJobSchema);
        id = jobNumber(started.results.jobUri)!;
        ctx.log.info(`Eggplant: started ${started.results.jobUri} from ${template}.`);
      }
      job = (
        await pollUntilDone(
          ctx,
          `Eggplant job ${id}`,
          () => api.json({ path: `/pa/v1/jobs/${id}` }, jobSchema),
          (answer) => !UNFINISHED.has(answer.results.status),
          (answer) => answer.results.status,
        )
      ).results;
    }
    if (job.status !== 'completed') {
      throw new NoVerdictError(
        `Eggplant job ${id}${job.name ? ` "${job.name}"` : ''} ended with status ${job.status}, so it has no results to judge.`,
      );
    }

    shareWithBaseline(ctx, EGGPLANT_CURRENT_JOB, { id: id!, job });
    const runs = await readTestRuns(ctx.log, api, id!);
    return reportFromTests(
      {
        source: `job ${id}${job.name ? ` "${job.name}"` : ''}`,
        notes: job.url ? [`Site: ${job.url}`] : [],
        startedAt: job.startedAt ? Date.parse(job.startedAt) : undefined,
        runId: String(id),
        createdAt: job.startedAt ? Date.parse(job.startedAt) : undefined,
        finishedAt: job.updatedAt ? Date.parse(job.updatedAt) : undefined,
      },
      runs.map(toTest),
    );
  },
});

/**
 * `job: latest`: the newest job of the template, sorted by `startedAt` here (the listing's order
 * is not documented); a job not started yet counts as newest. While there is none, or the newest
 * is pending or running, poll up to wait-timeout.
 */
async function waitForNewestJob(
  ctx: Parameters<typeof pollUntilDone>[0],
  api: EggplantSession,
  template: string,
): Promise<{ id: string; job: EggplantJob }> {
  const newest = await pollUntilDone(
    ctx,
    `Eggplant: the newest job of job template ${template}`,
    async () => {
      const jobs = await readEveryPage(ctx.log, `GET /pa/v1/jobs?jobTemplate=${encodeURIComponent(template)}`, 'jobs', (page) =>
        api.json({ path: '/pa/v1/jobs', query: { jobTemplate: template, page }, noId: true }, jobListSchema),
      );
      return newestJob(jobs);
    },
    (job) => job !== undefined && !UNFINISHED.has(job.status),
    (job) => (job ? `${job.status} (${job.sref})` : 'missing: the template has no job yet'),
  );
  const id = jobNumber(newest!.sref)!;
  ctx.log.info(`Eggplant: the newest job of ${template} is ${newest!.sref}${newest!.startedAt ? `, started ${newest!.startedAt}` : ''}.`);
  return { id, job: newest! };
}

/** Newest by `startedAt` (not started yet: newest of all), then by job number. */
export function newestJob(jobs: readonly EggplantListedJob[]): EggplantListedJob | undefined {
  const started = (job: EggplantListedJob) => {
    const at = job.startedAt ? Date.parse(job.startedAt) : Number.NaN;
    return Number.isNaN(at) ? Number.POSITIVE_INFINITY : at;
  };
  let best: EggplantListedJob | undefined;
  for (const job of jobs) {
    if (!best) {
      best = job;
      continue;
    }
    const [a, b] = [started(job), started(best)];
    if (a > b || (a === b && Number(jobNumber(job.sref)) > Number(jobNumber(best.sref)))) best = job;
  }
  return best;
}

/** Every test run of a job (the baseline reads earlier jobs the same way). */
export function readTestRuns(log: Log, api: Pick<EggplantSession, 'json'>, id: string): Promise<EggplantTestRun[]> {
  return readEveryPage(log, `GET /pa/v1/testRuns?job=jobs%2F${id}`, 'test runs', (page) =>
    api.json({ path: '/pa/v1/testRuns', query: { job: `jobs/${id}`, page } }, testRunsSchema),
  );
}

interface Page<T> {
  results: T[];
  meta?: { paginationTotalResults?: number | null } | null;
}

/**
 * Every item of a listing. When `meta.paginationTotalResults` says there are more than the
 * first answer held, the rest are read as `page=2…` (Eggplant does not document its page
 * parameter; this is the assumed variant), concurrently, each item counted once by sref.
 */
async function readEveryPage<T extends { sref: string }>(
  log: Log,
  endpoint: string,
  what: string,
  read: (page: number | undefined) => Promise<Page<T>>,
): Promise<T[]> {
  const first = await read(undefined);
  const bySref = new Map(first.results.map((r) => [r.sref, r]));
  const total = first.meta?.paginationTotalResults ?? first.results.length;
  if (total > first.results.length && first.results.length > 0) {
    const pages = Math.ceil(total / first.results.length);
    const guard = new PageGuard('Eggplant', endpoint);
    guard.checkCount(pages);
    let repeated = 0;
    await readPages(2, pages, PAGE_CONCURRENCY, async (page) => {
      const answer = await read(page);
      for (const r of answer.results) {
        if (bySref.has(r.sref)) repeated++;
        else bySref.set(r.sref, r);
      }
    });
    if (repeated > 0) log.warning(`Eggplant: ${repeated} ${what} came back on more than one page of ${endpoint}; each was counted once.`);
    if (bySref.size < total) {
      throw new NoVerdictError(
        `Eggplant: ${endpoint} has ${total} ${what} (meta.paginationTotalResults) but ${bySref.size} could be read page by page. ` +
          'The API may page differently than this action assumes; please report it.',
      );
    }
  }
  return [...bySref.values()];
}

/** The measurements a test run carries, in Eggplant's own units; nulls left out. */
function metricsOf(run: EggplantTestRun): Record<string, number> | undefined {
  const metrics: Record<string, number> = {};
  for (const { name } of eggplantMetrics.metrics) {
    const value = run[name];
    if (typeof value === 'number' && Number.isFinite(value)) metrics[name] = value;
  }
  return Object.keys(metrics).length ? metrics : undefined;
}

export function toTest(run: EggplantTestRun): TestResult {
  const browserKey = run.browser?.replace(/^browsers\//, '') ?? '';
  const browser = BROWSERS[browserKey.toLowerCase()] ?? browserKey;
  const page = run.pageTitle?.trim() || run.url || run.sref;
  const severity = run.severity ?? 'unknown';
  const parts = [`severity: ${severity}`];
  if (run.onLoad !== null && run.onLoad !== undefined) parts.push(`onLoad: ${run.onLoad} s`);
  // Eggplant's own code for the run (the docs' example has 1), not an HTTP status.
  if (run.resultCode !== null && run.resultCode !== undefined) parts.push(`result code: ${run.resultCode}`);
  return {
    name: browser ? `${page} (${browser})` : page,
    status: severity === 'ok' ? 'passed' : 'failed',
    url: run.url ?? undefined,
    durationMs: typeof run.onLoad === 'number' ? Math.round(run.onLoad * 1000) : undefined,
    message: parts.join('; '),
    rawStatus: severity,
    metrics: metricsOf(run),
    key: `${run.url ?? page}\u001f${browserKey}`,
  };
}
