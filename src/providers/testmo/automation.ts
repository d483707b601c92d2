import { ProviderError } from '../../errors.js';
import { PageGuard, readPages } from '../../http/pagination.js';
import type { ProviderHttp } from '../../http/provider-http.js';
import type { Counts, ProviderReport, TestResult, TestStatus } from '../../report.js';
import { needsLook, zeroCounts } from '../../report.js';
import { htmlToText, plural } from '../../text.js';
import type { Log } from '../../log.js';
import { TESTMO_CONCURRENCY } from './client.js';
import { DEFAULT_STATUSES, mapTestmoStatus } from './results.js';
import {
  automationRunAnswerSchema,
  automationTestPageSchema,
  type TestmoAutomationRun,
  type TestmoAutomationTest,
  type TestmoStatus,
} from './schemas.js';

/** The tests endpoint's largest page: a 20,000-test run is 20 requests. */
export const AUTOMATION_TESTS_PER_PAGE = 1000;

export interface AutomationRunRead {
  run: TestmoAutomationRun;
  statuses: Map<number, TestmoStatus>;
  /** The answer had no statuses expand: mapped by Testmo's default ids. */
  defaultStatuses: boolean;
}

/**
 * An automation run with the statuses its tests are mapped through (`expands=statuses`);
 * `notFound` says what a 404 asks to check when it is not the run the inputs name (a baseline).
 */
export async function readAutomationRun(http: ProviderHttp, id: number, notFound?: string): Promise<AutomationRunRead> {
  const answer = await http.json(
    { path: `/api/v1/automation/runs/${id}`, query: { expands: 'statuses' }, notFound },
    automationRunAnswerSchema,
  );
  const given = answer.expands?.statuses;
  const statuses = given?.length ? given : DEFAULT_STATUSES;
  return { run: answer.result, statuses: new Map(statuses.map((s) => [s.id, s])), defaultStatuses: !given?.length };
}

/**
 * An automation run's tests, kept in columns as pages arrive; only tests that need a look keep
 * their message. A row with an id (`id`, or `automation_test_id`) counts once, however often
 * paging hands it back; a row without one is still a test. A test's identity across runs is its
 * repository case (`case:<id>`) where Testmo links one, else its folder and name (the
 * comparison's default key): a row's id is new in every run, and `key`, which the CLI derives
 * from the same folder and name, adds nothing to them.
 */
export class AutomationTests {
  private readonly seen = new Set<number>();
  private readonly names: string[] = [];
  private readonly folders: (string | undefined)[] = [];
  private readonly caseIds: (number | undefined)[] = [];
  private readonly statusIds: number[] = [];
  private readonly elapsedUs: (number | undefined)[] = [];
  /** Where the CLI said the test is (locating a failure uses it); not kept for a baseline run. */
  private readonly places = new Map<number, { file?: string; line?: number }>();
  private readonly messages = new Map<number, string>();
  duplicates = 0;

  constructor(
    private readonly statuses: Map<number, TestmoStatus>,
    /**
     * False for a baseline run: no places (nothing of it is located); its failures' messages are
     * still kept, as their causes tell "still failing, new error" and outages apart.
     */
    private readonly keepPlaces = true,
  ) {}

  add(test: TestmoAutomationTest): void {
    if (test.rowId !== undefined) {
      if (this.seen.has(test.rowId)) {
        this.duplicates++;
        return;
      }
      this.seen.add(test.rowId);
    }
    const slot = this.names.length;
    // Testmo names every test it lists; the key or id stands in only if a row came without one.
    this.names.push(test.name ?? `Automation test ${test.key ?? test.rowId ?? slot + 1}`);
    this.folders.push(test.folder);
    this.caseIds.push(test.caseId);
    this.statusIds.push(test.statusId);
    this.elapsedUs.push(test.elapsedUs);
    if (this.keepPlaces && test.file) this.places.set(slot, { file: test.file, line: test.line });
    if (!needsLook(this.status(slot))) return;
    const message = failureText(test);
    if (message) this.messages.set(slot, message);
  }

  get size(): number {
    return this.names.length;
  }

  counts(): Counts {
    const counts = zeroCounts();
    for (let slot = 0; slot < this.names.length; slot++) counts[this.status(slot)]++;
    counts.total = this.names.length;
    return counts;
  }

  needsAttention(): TestResult[] {
    const tests: TestResult[] = [];
    for (let slot = 0; slot < this.names.length; slot++) if (needsLook(this.status(slot))) tests.push(this.test(slot));
    return tests;
  }

  *every(): Generator<TestResult> {
    for (let slot = 0; slot < this.names.length; slot++) yield this.test(slot);
  }

  private status(slot: number): TestStatus {
    return mapTestmoStatus(this.statuses.get(this.statusIds[slot]!));
  }

  private test(slot: number): TestResult {
    const statusId = this.statusIds[slot]!;
    const elapsed = this.elapsedUs[slot];
    const caseId = this.caseIds[slot];
    return {
      key: caseId === undefined ? undefined : `case:${caseId}`,
      name: this.names[slot]!,
      suite: this.folders[slot],
      status: this.status(slot),
      rawStatus: this.statuses.get(statusId)?.name ?? `status ${statusId}`,
      durationMs: elapsed === undefined ? undefined : Math.round(elapsed / 1000),
      message: this.messages.get(slot),
      ...this.places.get(slot),
    };
  }
}

/** The test's own message where it has one, else its `Failure` and `Error` fields' text. */
export function failureText(test: Pick<TestmoAutomationTest, 'message' | 'failureFields'>): string | undefined {
  const own = test.message ? htmlToText(test.message) : '';
  if (own) return own;
  const fields = test.failureFields.map((f) => (f.html ? htmlToText(f.text) : f.text.trim())).filter(Boolean);
  return fields.length ? fields.join('\n\n') : undefined;
}

/**
 * Every page of the run's tests into `tests`, at most TESTMO_CONCURRENCY pages in flight (the
 * client's limiter bounds them too). The run's `total_count` says how many pages to expect, so
 * they are all asked for at once instead of after the first; pages the first answer adds beyond
 * that are read next. Answers false when the instance does not offer the endpoint (404): the
 * caller falls back to the run's own counts.
 */
export async function readAutomationTests(
  http: ProviderHttp,
  runId: number,
  tests: AutomationTests,
  expectedTotal?: number | null,
): Promise<boolean> {
  const path = `/api/v1/automation/runs/${runId}/tests`;
  const guard = new PageGuard('Testmo', path);
  let lastPage = 1;
  const readPage = async (page: number) => {
    const answer = await http.json(
      // Oldest first, so that nothing shifts between pages; each id counts once anyway.
      { path, query: { page, per_page: AUTOMATION_TESTS_PER_PAGE, sort: 'automation_run_tests:id', order: 'asc' } },
      automationTestPageSchema,
    );
    guard.visit(answer.page ?? page);
    for (const test of answer.result) tests.add(test);
    lastPage = Math.max(lastPage, answer.last_page ?? 1);
  };
  const expectedPages = Math.max(1, Math.ceil((expectedTotal ?? 0) / AUTOMATION_TESTS_PER_PAGE));
  guard.checkCount(expectedPages);
  try {
    await readPages(1, expectedPages, TESTMO_CONCURRENCY, readPage);
  } catch (error) {
    if (error instanceof ProviderError && error.status === 404 && tests.size === 0) return false;
    throw error;
  }
  guard.checkCount(lastPage);
  await readPages(expectedPages + 1, lastPage, TESTMO_CONCURRENCY, readPage);
  return true;
}

/** Counts from the run's own counters, mapped through its statuses: for instances without the tests endpoint. */
export function countsFromRun(
  run: TestmoAutomationRun,
  statuses: Map<number, TestmoStatus>,
): { counts: Counts; byStatus: [TestStatus, number, string][] } {
  const counts = zeroCounts();
  const byStatus: [TestStatus, number, string][] = [];
  let untestedCounters = 0;
  for (const [id, n] of [...run.statusCounts].sort((a, b) => a[0] - b[0])) {
    if (n <= 0) continue;
    const status = statuses.get(id);
    const mapped = mapTestmoStatus(status);
    // Untested tests are what untested_count counts: taken from there, never twice.
    if (mapped === 'pending' && status?.is_untested) {
      untestedCounters += n;
      continue;
    }
    counts[mapped] += n;
    byStatus.push([mapped, n, status?.name ?? `status ${id}`]);
  }
  const untested = Math.max(run.untested_count ?? 0, untestedCounters);
  if (untested > 0) {
    counts.pending += untested;
    byStatus.push(['pending', untested, 'Untested']);
  }
  counts.total = counts.passed + counts.failed + counts.skipped + counts.pending + counts.other;
  return { counts, byStatus };
}

/** The run's web page. */
export function automationRunUrl(baseUrl: string, id: number): string {
  return `${baseUrl}/automation/runs/view/${id}`;
}

/** The report of a completed automation run: its tests, or its own counts where they cannot be listed. */
export async function automationRunReport(http: ProviderHttp, read: AutomationRunRead, baseUrl: string, log: Log): Promise<ProviderReport> {
  const { run, statuses } = read;
  if (read.defaultStatuses)
    log.warning('Testmo: the automation run answer had no statuses expand; mapping statuses by Testmo’s default ids.');
  const source = {
    source: `automation run ${run.id} "${run.name}"`,
    reportUrl: automationRunUrl(baseUrl, run.id),
    runId: String(run.id),
    createdAt: run.created_at ? Date.parse(run.created_at) : undefined,
    startedAt: run.created_at ? Date.parse(run.created_at) : undefined,
    finishedAt: run.completed_at ? Date.parse(run.completed_at) : undefined,
  };
  const tests = new AutomationTests(statuses);
  if (await readAutomationTests(http, run.id, tests, run.total_count)) {
    if (tests.duplicates > 0)
      log.warning(`Testmo: ${plural(tests.duplicates, 'test')} came back twice while paging; each test was counted once.`);
    return {
      ...source,
      notes: [],
      counts: tests.counts(),
      needsAttention: tests.needsAttention(),
      testsWithoutResult: 0,
      everyTest: () => tests.every(),
    };
  }
  const { counts, byStatus } = countsFromRun(run, statuses);
  log.warning(
    `Testmo: this instance does not list automation run tests (404); counts come from automation run ${run.id}'s own status counts.`,
  );
  return {
    ...source,
    notes: [
      'Testmo did not list the tests of this automation run (its tests endpoint answered 404): the counts come from the run itself, and no test can be named.',
    ],
    counts,
    needsAttention: [],
    testsWithoutResult: 0,
    everyTest: () => unlistedTests(run.id, byStatus, counts.total),
  };
}

/** The report file's placeholders for tests that were counted but could not be listed (contract: "The report file"). */
function* unlistedTests(runId: number, byStatus: [TestStatus, number, string][], total: number): Generator<TestResult> {
  let n = 0;
  for (const [status, count, rawStatus] of byStatus) {
    for (let i = 0; i < count; i++) yield { name: `Unlisted test ${++n} of ${total} in automation run ${runId}`, status, rawStatus };
  }
}
