import { NoVerdictError } from '../../errors.js';
import { PageGuard, readPages } from '../../http/pagination.js';
import type { Log } from '../../log.js';
import type { EggplantSession } from './auth.js';
import { jobNumber } from './inputs.js';
import {
  jobListSchema,
  jobSchema,
  startedJobSchema,
  testRunsSchema,
  type EggplantJob,
  type EggplantListedJob,
  type EggplantTestRun,
} from './schemas.js';

/**
 * Eggplant's resources, one reader each, all through the session (so every read, the
 * baseline's included, renews the token as it runs out).
 */

const PAGE_CONCURRENCY = 8;
/** A job in these states has no results yet. */
export const UNFINISHED: ReadonlySet<string> = new Set(['pending', 'running']);

/** `GET /pa/v1/jobs/{id}`; `notFound`: what a 404 asks to check when not the job the inputs name (a baseline). */
export async function readJob(api: EggplantSession, id: string, notFound?: string): Promise<EggplantJob> {
  return (await api.json({ path: `/pa/v1/jobs/${id}`, notFound }, jobSchema)).results;
}

/** Starts a job from the template; its number. */
export async function startJob(api: EggplantSession, log: Log, template: string): Promise<string> {
  const started = await api.json({ method: 'POST', path: '/pa/v1/jobs', body: { jobTemplateUri: template } }, startedJobSchema);
  log.info(`Eggplant: started ${started.results.jobUri} from ${template}.`);
  return jobNumber(started.results.jobUri)!;
}

/** Every job of a template, every page of the listing (its order is not documented: choose with newestJob or by startedAt). */
export function readTemplateJobs(api: EggplantSession, log: Log, template: string): Promise<EggplantListedJob[]> {
  return readEveryPage(log, `GET /pa/v1/jobs?jobTemplate=${encodeURIComponent(template)}`, 'jobs', (page) =>
    api.json({ path: '/pa/v1/jobs', query: { jobTemplate: template, page }, noId: true }, jobListSchema),
  );
}

/** Every test run of a job. */
export function readTestRuns(api: EggplantSession, log: Log, id: string): Promise<EggplantTestRun[]> {
  return readEveryPage(log, `GET /pa/v1/testRuns?job=jobs%2F${id}`, 'test runs', (page) =>
    api.json({ path: '/pa/v1/testRuns', query: { job: `jobs/${id}`, page } }, testRunsSchema),
  );
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
