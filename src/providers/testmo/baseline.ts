import { testKey } from '../../baseline/compare.js';
import { compactTest } from '../../baseline/compact.js';
import { gatherBaseline } from '../../baseline/gather.js';
import type { BaselineRequest, BaselineRun, BaselineRuns } from '../../baseline/types.js';
import { NoVerdictError, ProviderError } from '../../errors.js';
import type { ProviderHttp } from '../../http/provider-http.js';
import { passRate, type Counts } from '../../report.js';
import type { ProviderContext } from '../types.js';
import { PER_PAGE } from './client.js';
import { AutomationTests, automationRunUrl, readAutomationRun, readAutomationTests } from './automation.js';
import { carriesAllTags, isAutomationRunCompleted } from './finding.js';
import type { TestmoInputs } from './inputs.js';
import { readRunListing, type ListedRun, type ListingQuery } from './listing.js';
import { LatestResults, mapTestmoStatus } from './results.js';
import type { TestmoAutomationRun, TestmoRun, TestmoStatus } from './schemas.js';
import { readLatestResults, readRun } from './test-run.js';

/** What report() learns that the baseline needs: the run read (once completed) and the statuses its tests map through. */
export type CurrentRun =
  | { kind: 'run'; run: TestmoRun; statuses: Map<number, TestmoStatus> }
  | { kind: 'automation-run'; run: TestmoAutomationRun; statuses: Map<number, TestmoStatus> };

/** Earlier runs are listed at most this many pages deep (the filters Testmo lacks are applied here). */
const MAX_LIST_PAGES = 10;

/**
 * Testmo: the newest run of the same kind created before the current one, or the run given by
 * id; and `history` such runs. Test runs: same project, milestone and configuration. Automation
 * runs: same project and source, completed.
 */
export async function readTestmoBaseline(
  ctx: ProviderContext<TestmoInputs>,
  http: ProviderHttp,
  known: Promise<CurrentRun | undefined>,
): Promise<BaselineRuns> {
  const current = await known;
  if (!current) return { history: [], none: 'No baseline: Testmo did not say which run was read.' };
  return current.kind === 'automation-run'
    ? readAutomationBaseline(ctx, http, current.run, current.statuses, ctx.baseline)
    : readTestRunBaseline(ctx, http, current.run, current.statuses, ctx.baseline);
}

/** What a 404 of the run `baseline` names asks to check: that id, not the current run's. */
function baselineNotFound(ctx: ProviderContext<TestmoInputs>, noun: string, id: string): string {
  return `that baseline ${noun} ${id} exists on ${ctx.request.baseUrl} (the id given in baseline is the number in the ${noun}’s address).`;
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
  run: TestmoRun,
  statuses: Map<number, TestmoStatus>,
  request: BaselineRequest,
): Promise<BaselineRuns> {
  const { baseline } = request;
  return gatherBaseline(request, {
    provider: 'Testmo',
    noun: 'run',
    idOf: (r) => r.id,
    explicit:
      baseline.kind === 'id'
        ? async () => (await readRun(http, baselineId(baseline.id, 'a run id'), baselineNotFound(ctx, 'run', baseline.id))).run
        : undefined,
    earlier: (wanted) => listEarlierRuns(http, run, wanted, request.tags),
    read: (r) => readRunTests(http, r, statuses, ctx.request.baseUrl, ctx.historyDurations),
    none: `No baseline: no earlier Testmo run of project ${run.project_id} with the same milestone and configuration${withTags(request.tags)} was created before run ${run.id}.`,
  });
}

/**
 * Automation runs: every test of each earlier run is read (the tests endpoint has no status
 * filter), through the same client, so its limiter bounds the pages in flight across all runs.
 */
async function readAutomationBaseline(
  ctx: ProviderContext<TestmoInputs>,
  http: ProviderHttp,
  run: TestmoAutomationRun,
  statuses: Map<number, TestmoStatus>,
  request: BaselineRequest,
): Promise<BaselineRuns> {
  const { baseline } = request;
  return gatherBaseline(request, {
    provider: 'Testmo',
    noun: 'automation run',
    idOf: (r) => r.id,
    explicit:
      baseline.kind === 'id'
        ? async () =>
            (
              await readAutomationRun(
                http,
                baselineId(baseline.id, 'an automation run id'),
                baselineNotFound(ctx, 'automation run', baseline.id),
              )
            ).run
        : undefined,
    earlier: (wanted) => listEarlierAutomationRuns(http, run, wanted, request.tags),
    read: (r) => readAutomationRunTests(http, r, statuses, ctx.request.baseUrl),
    none:
      `No baseline: no earlier completed Testmo automation run of project ${run.project_id} ` +
      `${run.source_id == null ? 'without a source' : `from the same source (${run.source_id})`}${withTags(request.tags)} was created before automation run ${run.id}.`,
  });
}

function baselineId(id: string, what: string): number {
  if (!/^\d+$/.test(id)) throw new NoVerdictError(`Testmo: baseline must be ${what} (a number), got '${id}'.`);
  return Number(id);
}

/** ` carrying the tag main`, for the line shown when `baseline-tags` finds no run. */
function withTags(tags: readonly string[]): string {
  return tags.length ? ` carrying the ${tags.length === 1 ? 'tag' : 'tags'} ${tags.join(', ')} (baseline-tags)` : '';
}

/** The newest test runs before `run` with its milestone and configuration (and every baseline tag), newest first. */
function listEarlierRuns(http: ProviderHttp, run: TestmoRun, wanted: number, tags: readonly string[]): Promise<TestmoRun[]> {
  return listEarlier(http, 'run', run, wanted, {
    filters: { milestone_id: run.milestone_id ?? undefined, config_id: run.config_id ?? undefined },
    tags,
    sameKind: (r) => (r.milestone_id ?? null) === (run.milestone_id ?? null) && (r.config_id ?? null) === (run.config_id ?? null),
  });
}

/**
 * The newest completed automation runs before `run` from its source, newest first. A run still
 * running is passed over: its tests are not all in yet.
 */
function listEarlierAutomationRuns(
  http: ProviderHttp,
  run: TestmoAutomationRun,
  wanted: number,
  tags: readonly string[],
): Promise<TestmoAutomationRun[]> {
  return listEarlier(http, 'automation-run', run, wanted, {
    filters: { source_id: run.source_id == null ? undefined : String(run.source_id) },
    tags,
    sameKind: (r) => (r.source_id ?? null) === (run.source_id ?? null) && isAutomationRunCompleted(r),
  });
}

/**
 * Runs of one kind created before `run`, newest first: Testmo's filters where it has them, and
 * `sameKind` here again (a null milestone, configuration or source cannot be asked for, and a
 * filter an instance ignores must not let another kind through). With `tags` (baseline-tags),
 * only runs carrying all of them: checked here too, as the server's tag filter may match any.
 */
async function listEarlier<K extends 'run' | 'automation-run'>(
  http: ProviderHttp,
  kind: K,
  run: ListedRun<K>,
  wanted: number,
  same: { filters: ListingQuery; tags: readonly string[]; sameKind(r: ListedRun<K>): boolean },
): Promise<ListedRun<K>[]> {
  const createdAt = run.created_at ? Date.parse(run.created_at) : Number.POSITIVE_INFINITY;
  const isEarlier = (r: ListedRun<K>) =>
    r.id !== run.id && same.sameKind(r) && carriesAllTags(r, same.tags) && (r.created_at ? Date.parse(r.created_at) < createdAt : false);
  const found: ListedRun<K>[] = [];
  await readRunListing(
    http,
    kind,
    run.project_id,
    { ...same.filters, created_before: run.created_at ?? undefined, tags: same.tags.length ? same.tags.join(',') : undefined },
    // One more than wanted: the current run may be on the page when its creation time ties.
    { perPage: [15, 25, 50, 100].find((n) => n > wanted) ?? PER_PAGE, maxPages: MAX_LIST_PAGES },
    (rows) => {
      for (const r of rows) if (isEarlier(r) && found.length < wanted) found.push(r);
      return found.length >= wanted;
    },
  );
  return found;
}

/**
 * One earlier run, compact: case key → status of its tests that did not pass (or of all tests).
 * With `durations` (slower-than) the run is read whole, so that every test's duration is kept;
 * a run read only for its tests that did not pass keeps no durations, as a median of only a
 * test's unsuccessful runs would mislead.
 */
export async function readRunTests(
  http: ProviderHttp,
  run: TestmoRun,
  statuses: Map<number, TestmoStatus>,
  baseUrl: string,
  durations: boolean,
): Promise<BaselineRun> {
  const whole = durations || (run.untested_count ?? 0) > 0;
  const notPassed = [...statuses.values()].filter((s) => mapTestmoStatus(s) !== 'passed').map((s) => s.id);
  const latest = new LatestResults(statuses);
  await readLatestResults(http, String(run.id), latest, { statusIds: whole ? undefined : notPassed });

  const tests: BaselineRun['tests'] = new Map();
  const counts: Counts = { total: run.total_count, passed: 0, failed: 0, skipped: 0, pending: 0, other: 0 };
  for (const test of latest.every(NO_NAMES)) {
    counts[test.status]++;
    if (test.key) tests.set(test.key, compactTest(test, false, whole));
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
    testCount: run.total_count,
  };
}

/** Baseline tests are matched by case id; their names come from the current run. */
const NO_NAMES = { name: () => undefined, suite: () => undefined };

/** One earlier automation run, compact: each test's status by its identity key (see AutomationTests). */
export async function readAutomationRunTests(
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
  for (const test of read.every()) tests.set(testKey(test), compactTest(test, false));
  return {
    id: String(run.id),
    label: `automation run ${run.id}`,
    url: automationRunUrl(baseUrl, run.id),
    createdAt: run.created_at ? Date.parse(run.created_at) : undefined,
    passRate: passRate(read.counts()),
    tests,
    unlisted: 'absent',
    testCount: read.size,
  };
}
