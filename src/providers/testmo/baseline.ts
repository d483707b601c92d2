import { z } from 'zod';
import { NoVerdictError } from '../../errors.js';
import { PageGuard, readPages } from '../../http/pagination.js';
import type { ProviderHttp } from '../../http/provider-http.js';
import type { BaselineRequest, BaselineRun, BaselineRuns } from '../../baseline/types.js';
import { passRate, type Counts, type ProviderReport } from '../../report.js';
import { sharedByReport } from '../shared.js';
import type { ProviderContext } from '../types.js';
import { PER_PAGE, TESTMO_CONCURRENCY, testmoHttp } from './client.js';
import type { TestmoInputs } from './inputs.js';
import { LatestResults, mapTestmoStatus } from './results.js';
import { resultPageSchema, runSchema, type TestmoStatus } from './schemas.js';

/** What fetchReport shares: the current run and the statuses its results map through. */
export const TESTMO_CURRENT_RUN = 'testmo:current-run';
type TestmoRun = z.infer<typeof runSchema>['result'];
interface CurrentRun {
  run: TestmoRun;
  statuses: TestmoStatus[];
}

/** Earlier runs are listed at most this many pages deep (the filters Testmo lacks are applied here). */
const MAX_LIST_PAGES = 10;

const runListSchema = z.object({
  next_page: z.number().int().nullable(),
  result: z.array(runSchema.shape.result),
});

/**
 * Testmo test runs: the newest run of the same project, milestone and configuration created
 * before the current one, or the run given by id; and `history` such runs. Only each run's tests
 * that did not pass are read (Testmo filters results by status), so a baseline costs pages in
 * proportion to its failures; a run with untested tests is read whole, as its unlisted tests
 * may have no result at all. Case names are not read again: tests match by case id.
 */
export async function readTestmoBaseline(
  ctx: ProviderContext<TestmoInputs>,
  current: Promise<ProviderReport>,
  request: BaselineRequest,
): Promise<BaselineRuns> {
  const http = testmoHttp(ctx, 'that the baseline run exists.');
  const shared = await sharedByReport<CurrentRun>(ctx, TESTMO_CURRENT_RUN, current);
  if (!shared) return { history: [], none: 'No baseline: Testmo did not say which run was read.' };
  const { run, statuses } = shared;
  const byId = new Map(statuses.map((s) => [s.id, s]));
  const baseUrl = ctx.request.baseUrl;

  const { baseline } = request;
  const earlierWanted = Math.max(baseline.kind === 'previous' ? 1 : 0, request.history);
  const [explicit, earlier] = await Promise.all([
    baseline.kind === 'id' ? readRunById(http, baseline.id) : undefined,
    earlierWanted > 0 ? listEarlierRuns(http, run, earlierWanted) : [],
  ]);

  const read = (r: TestmoRun) => readRunTests(http, r, byId, baseUrl);
  const warnings: string[] = [];
  // The baseline's failure is thrown (a warning upstream); a history run's is a warning here.
  const history = await Promise.all(
    earlier.slice(0, request.history).map((r) =>
      read(r).catch((error: unknown) => {
        warnings.push(
          `Testmo: history run ${r.id} could not be read, so the trend and flaky tests leave it out: ${error instanceof Error ? error.message : String(error)}`,
        );
        return undefined;
      }),
    ),
  );
  let found: BaselineRun | undefined;
  if (explicit) found = await read(explicit);
  else if (baseline.kind === 'previous' && earlier[0]) found = history[0] ?? (await read(earlier[0]));
  const none =
    found || baseline.kind !== 'previous'
      ? undefined
      : `No baseline: no earlier Testmo run of project ${run.project_id} with the same milestone and configuration was created before run ${run.id}.`;
  return { baseline: found, none, history: history.filter((r): r is BaselineRun => r !== undefined), warnings };
}

async function readRunById(http: ProviderHttp, id: string): Promise<TestmoRun> {
  if (!/^\d+$/.test(id)) throw new NoVerdictError(`Testmo: baseline must be a run id (a number), got '${id}'.`);
  return (await http.json({ path: `/api/v1/runs/${id}` }, runSchema)).result;
}

/** The newest test runs before `run` with its milestone and configuration, newest first. */
function listEarlierRuns(http: ProviderHttp, run: TestmoRun, wanted: number): Promise<TestmoRun[]> {
  return listEarlier(http, run, wanted, {
    path: `/api/v1/projects/${run.project_id}/runs`,
    sort: 'runs:created_at',
    filters: { milestone_id: run.milestone_id ?? undefined, config_id: run.config_id ?? undefined },
    sameKind: (r) => (r.milestone_id ?? null) === (run.milestone_id ?? null) && (r.config_id ?? null) === (run.config_id ?? null),
  });
}

/**
 * Runs of one kind created before `run`, newest first: Testmo's filters where it has them, and
 * `sameKind` here (a null milestone or configuration cannot be asked for). Automation runs are
 * the same walk over `/projects/{id}/automation/runs` with `source_id`.
 */
async function listEarlier<R extends { id: number; created_at?: string | null }>(
  http: ProviderHttp,
  run: R,
  wanted: number,
  kind: {
    path: string;
    sort: string;
    filters: Record<string, number | undefined>;
    sameKind(r: R): boolean;
    schema?: z.ZodType<{ next_page: number | null; result: R[] }>;
  },
): Promise<R[]> {
  const { path } = kind;
  const schema = kind.schema ?? (runListSchema as unknown as z.ZodType<{ next_page: number | null; result: R[] }>);
  const guard = new PageGuard('Testmo', path, http.deadline);
  const createdAt = run.created_at ? Date.parse(run.created_at) : Number.POSITIVE_INFINITY;
  const same = (r: R) => r.id !== run.id && kind.sameKind(r) && (r.created_at ? Date.parse(r.created_at) < createdAt : false);
  const found: R[] = [];
  for (let page = 1; page <= MAX_LIST_PAGES && found.length < wanted;) {
    guard.visit(page);
    const answer = await http.json(
      {
        path,
        query: {
          page,
          // One more than wanted: the current run may be on the page when its creation time ties.
          per_page: [15, 25, 50, 100].find((n) => n > wanted) ?? PER_PAGE,
          sort: kind.sort,
          order: 'desc',
          created_before: run.created_at ?? undefined,
          ...kind.filters,
        },
      },
      schema,
    );
    for (const r of answer.result) if (same(r) && found.length < wanted) found.push(r);
    if (!answer.next_page) break;
    page = answer.next_page;
  }
  return found;
}

/** One earlier run, compact: case key → status of its tests that did not pass (or of all tests). */
async function readRunTests(
  http: ProviderHttp,
  run: TestmoRun,
  statuses: Map<number, TestmoStatus>,
  baseUrl: string,
): Promise<BaselineRun> {
  const whole = (run.untested_count ?? 0) > 0;
  const notPassed = [...statuses.values()].filter((s) => mapTestmoStatus(s) !== 'passed').map((s) => s.id);
  const latest = new LatestResults(statuses);
  const path = `/api/v1/runs/${run.id}/results`;
  const guard = new PageGuard('Testmo', path, http.deadline);
  const readPage = async (page: number) => {
    const answer = await http.json(
      {
        path,
        query: {
          page,
          per_page: PER_PAGE,
          get_latest_result: 1,
          status_id: whole ? undefined : notPassed.join(','),
          sort: 'run_results:created_at',
          order: 'asc',
        },
      },
      resultPageSchema,
    );
    guard.visit(answer.page ?? page);
    for (const r of answer.result) latest.add(r);
    return answer.last_page ?? 1;
  };
  const lastPage = await readPage(1);
  guard.checkCount(lastPage);
  await readPages(2, lastPage, TESTMO_CONCURRENCY, readPage);

  const tests: BaselineRun['tests'] = new Map();
  const counts: Counts = { total: run.total_count, passed: 0, failed: 0, skipped: 0, pending: 0, other: 0 };
  for (const test of latest.every(NO_NAMES)) {
    counts[test.status]++;
    if (test.key) tests.set(test.key, { status: test.status });
  }
  const listed = latest.testsWithResult;
  // Unlisted tests: passed when only the others were asked for; else tests without a result.
  if (whole) counts.pending += Math.max(0, run.total_count - listed);
  else counts.passed += Math.max(0, run.total_count - listed);
  return {
    id: String(run.id),
    label: `run ${run.id}`,
    url: `${baseUrl}/runs/view/${run.id}`,
    createdAt: run.created_at ? Date.parse(run.created_at) : undefined,
    passRate: passRate(counts),
    tests,
    unlisted: whole ? 'absent' : 'passed',
  };
}

/** Baseline tests are matched by case id; their names come from the current run. */
const NO_NAMES = { name: () => undefined, suite: () => undefined };
