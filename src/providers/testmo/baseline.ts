import { z } from 'zod';
import { testKey } from '../../baseline/compare.js';
import { NoVerdictError, ProviderError } from '../../errors.js';
import { PageGuard } from '../../http/pagination.js';
import type { ProviderHttp } from '../../http/provider-http.js';
import { gatherBaseline } from '../../baseline/gather.js';
import type { BaselineRequest, BaselineRun, BaselineRuns } from '../../baseline/types.js';
import { passRate, type Counts, type ProviderReport } from '../../report.js';
import { sharedByReport } from '../shared.js';
import type { ProviderContext } from '../types.js';
import { PER_PAGE, testmoHttp } from './client.js';
import { AutomationTests, automationRunUrl, readAutomationRun, readAutomationTests } from './automation.js';
import { isAutomationRunCompleted } from './finding.js';
import type { TestmoInputs } from './inputs.js';
import { LatestResults, mapTestmoStatus } from './results.js';
import { automationRunListSchema, runSchema, type TestmoAutomationRun, type TestmoStatus } from './schemas.js';
import { readLatestResults } from './test-run.js';

/** What fetchReport shares: the current run and the statuses its results map through. */
export const TESTMO_CURRENT_RUN = 'testmo:current-run';
type TestmoRun = z.infer<typeof runSchema>['result'];
interface CurrentRun {
  run: TestmoRun;
  statuses: TestmoStatus[];
}

/** What fetchReport shares for an automation run, once it is completed: the run and its statuses by id. */
export const TESTMO_CURRENT_AUTOMATION_RUN = 'testmo:current-automation-run';
interface CurrentAutomationRun {
  run: TestmoAutomationRun;
  statuses: Map<number, TestmoStatus>;
}

/** Earlier runs are listed at most this many pages deep (the filters Testmo lacks are applied here). */
const MAX_LIST_PAGES = 10;

const runListSchema = z.object({
  next_page: z.number().int().nullable(),
  result: z.array(runSchema.shape.result),
});

/**
 * Testmo: the newest run of the same kind created before the current one, or the run given by
 * id; and `history` such runs. Test runs: same project, milestone and configuration. Automation
 * runs: same project and source, completed.
 */
export function readTestmoBaseline(
  ctx: ProviderContext<TestmoInputs>,
  current: Promise<ProviderReport>,
  request: BaselineRequest,
): Promise<BaselineRuns> {
  const http = testmoHttp(ctx, 'that the baseline run exists.');
  return ctx.inputs.kind === 'automation-run'
    ? readAutomationBaseline(ctx, http, current, request)
    : readTestRunBaseline(ctx, http, current, request);
}

/**
 * Test runs. Only each run's tests that did not pass are read (Testmo filters results by
 * status), so a baseline costs pages in proportion to its failures; a run with untested tests is
 * read whole, as its unlisted tests may have no result at all. Case names are not read again:
 * tests match by case id.
 */
async function readTestRunBaseline(
  ctx: ProviderContext<TestmoInputs>,
  http: ProviderHttp,
  current: Promise<ProviderReport>,
  request: BaselineRequest,
): Promise<BaselineRuns> {
  const shared = await sharedByReport<CurrentRun>(ctx, TESTMO_CURRENT_RUN, current);
  if (!shared) return { history: [], none: 'No baseline: Testmo did not say which run was read.' };
  const { run, statuses } = shared;
  const byId = new Map(statuses.map((s) => [s.id, s]));
  const { baseline } = request;
  return gatherBaseline(request, {
    provider: 'Testmo',
    noun: 'run',
    idOf: (r) => r.id,
    explicit: baseline.kind === 'id' ? () => readRunById(http, baseline.id) : undefined,
    earlier: (wanted) => listEarlierRuns(http, run, wanted),
    read: (r) => readRunTests(http, r, byId, ctx.request.baseUrl),
    none: `No baseline: no earlier Testmo run of project ${run.project_id} with the same milestone and configuration was created before run ${run.id}.`,
  });
}

/**
 * Automation runs: every test of each earlier run is read (the tests endpoint has no status
 * filter), through the same client, so its limiter bounds the pages in flight across all runs.
 */
async function readAutomationBaseline(
  ctx: ProviderContext<TestmoInputs>,
  http: ProviderHttp,
  current: Promise<ProviderReport>,
  request: BaselineRequest,
): Promise<BaselineRuns> {
  const shared = await sharedByReport<CurrentAutomationRun>(ctx, TESTMO_CURRENT_AUTOMATION_RUN, current);
  if (!shared) return { history: [], none: 'No baseline: Testmo did not say which automation run was read.' };
  const { run, statuses } = shared;
  const { baseline } = request;
  return gatherBaseline(request, {
    provider: 'Testmo',
    noun: 'automation run',
    idOf: (r) => r.id,
    explicit: baseline.kind === 'id' ? () => readAutomationRunById(http, baseline.id) : undefined,
    earlier: (wanted) => listEarlierAutomationRuns(http, run, wanted),
    read: (r) => readAutomationRunTests(http, r, statuses, ctx.request.baseUrl),
    none:
      `No baseline: no earlier completed Testmo automation run of project ${run.project_id} ` +
      `${run.source_id == null ? 'without a source' : `from the same source (${run.source_id})`} was created before automation run ${run.id}.`,
  });
}

async function readRunById(http: ProviderHttp, id: string): Promise<TestmoRun> {
  if (!/^\d+$/.test(id)) throw new NoVerdictError(`Testmo: baseline must be a run id (a number), got '${id}'.`);
  return (await http.json({ path: `/api/v1/runs/${id}` }, runSchema)).result;
}

async function readAutomationRunById(http: ProviderHttp, id: string): Promise<TestmoAutomationRun> {
  if (!/^\d+$/.test(id)) throw new NoVerdictError(`Testmo: baseline must be an automation run id (a number), got '${id}'.`);
  return (await readAutomationRun(http, Number(id))).run;
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
 * The newest completed automation runs before `run` from its source, newest first. A run still
 * running is passed over: its tests are not all in yet.
 */
function listEarlierAutomationRuns(http: ProviderHttp, run: TestmoAutomationRun, wanted: number): Promise<TestmoAutomationRun[]> {
  return listEarlier(http, run, wanted, {
    path: `/api/v1/projects/${run.project_id}/automation/runs`,
    sort: 'automation_runs:created_at',
    filters: { source_id: run.source_id ?? undefined },
    sameKind: (r) => (r.source_id ?? null) === (run.source_id ?? null) && isAutomationRunCompleted(r),
    schema: automationRunListSchema,
  });
}

/**
 * Runs of one kind created before `run`, newest first: Testmo's filters where it has them, and
 * `sameKind` here again (a null milestone, configuration or source cannot be asked for, and a
 * filter an instance ignores must not let another kind through).
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
  const guard = new PageGuard('Testmo', path);
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
  await readLatestResults(http, String(run.id), latest, whole ? undefined : notPassed);

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

/** One earlier automation run, compact: each test's status by its identity key (see AutomationTests). */
async function readAutomationRunTests(
  http: ProviderHttp,
  run: TestmoAutomationRun,
  statuses: Map<number, TestmoStatus>,
  baseUrl: string,
): Promise<BaselineRun> {
  const read = new AutomationTests(statuses, false);
  if (!(await readAutomationTests(http, run.id, read, run.total_count))) {
    throw new ProviderError(
      `Testmo: the tests of automation run ${run.id} could not be listed (its tests endpoint answered 404), so there is nothing to match this run's tests with.`,
    );
  }
  const tests: BaselineRun['tests'] = new Map();
  // A test listed twice (say, a retry in another thread): the later one, as Testmo lists them oldest first.
  for (const test of read.every()) tests.set(testKey(test), { status: test.status });
  return {
    id: String(run.id),
    label: `automation run ${run.id}`,
    url: automationRunUrl(baseUrl, run.id),
    createdAt: run.created_at ? Date.parse(run.created_at) : undefined,
    passRate: passRate(read.counts()),
    tests,
    unlisted: 'absent',
  };
}
