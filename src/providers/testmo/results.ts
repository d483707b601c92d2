import type { TestResult, TestStatus } from '../../report.js';
import { htmlToText } from '../../text.js';
import type { TestmoResult, TestmoStatus } from './schemas.js';

/** Testmo's default statuses, used only when the run's `statuses` expand is missing. */
export const DEFAULT_STATUSES: TestmoStatus[] = [
  { id: 1, name: 'Untested', system_name: 'untested', is_untested: true },
  { id: 2, name: 'Passed', system_name: 'passed', is_passed: true },
  { id: 3, name: 'Failed', system_name: 'failed', is_failed: true },
  { id: 4, name: 'Retest', system_name: 'retest' },
  { id: 5, name: 'Blocked', system_name: 'blocked' },
  { id: 6, name: 'Skipped', system_name: 'skipped' },
];

/** The contract's mapping: flags first (custom statuses carry them too), then the name Skipped. */
export function mapTestmoStatus(status: TestmoStatus | undefined): TestStatus {
  if (!status) return 'other';
  if (status.is_passed) return 'passed';
  if (status.is_failed) return 'failed';
  if (status.is_untested) return 'pending';
  if (status.name.trim().toLowerCase() === 'skipped' || status.system_name === 'skipped') return 'skipped';
  return 'other';
}

interface Latest {
  resultId: number;
  caseId: number | null;
  status: TestStatus;
  rawStatus: string;
  elapsedUs?: number;
  note?: string;
}

/**
 * Keeps one entry per test: its latest result. Aggregates while pages arrive and keeps notes
 * only for tests that need a look, so memory follows failures, not results read.
 */
export class LatestResults {
  private readonly byTest = new Map<number, Latest>();
  private readonly seenResultIds = new Set<number>();
  /** Result ids seen twice: pages overlapped while the run changed. Counted once. */
  duplicates = 0;
  /** Older results skipped (history the API sent although only the latest was asked for). */
  superseded = 0;
  readonly caseIds = new Set<number>();

  constructor(private readonly statuses: Map<number, TestmoStatus>) {}

  add(result: TestmoResult): void {
    if (this.seenResultIds.has(result.id)) {
      this.duplicates++;
      return;
    }
    this.seenResultIds.add(result.id);
    if (result.is_latest === false) {
      this.superseded++;
      return;
    }
    const previous = this.byTest.get(result.test_id);
    if (previous && previous.resultId > result.id) {
      this.superseded++;
      return;
    }
    if (previous) this.superseded++;
    const statusInfo = this.statuses.get(result.status_id);
    const status = mapTestmoStatus(statusInfo);
    const note = status === 'passed' || !result.note ? undefined : htmlToText(result.note);
    this.byTest.set(result.test_id, {
      resultId: result.id,
      caseId: result.case_id,
      status,
      rawStatus: statusInfo?.name ?? `status ${result.status_id}`,
      elapsedUs: result.elapsed ?? undefined,
      note: note || undefined,
    });
    if (result.case_id !== null) this.caseIds.add(result.case_id);
  }

  get testsWithResult(): number {
    return this.byTest.size;
  }

  /** The normalized tests, named from the project's cases. */
  toTests(caseNames: Map<number, { name: string; suite?: string }>): TestResult[] {
    const tests: TestResult[] = [];
    for (const [testId, latest] of this.byTest) {
      const known = latest.caseId === null ? undefined : caseNames.get(latest.caseId);
      tests.push({
        name: known?.name ?? (latest.caseId === null ? `Test ${testId}` : `Case ${latest.caseId}`),
        suite: known?.suite,
        status: latest.status,
        rawStatus: latest.rawStatus,
        durationMs: latest.elapsedUs === undefined ? undefined : Math.round(latest.elapsedUs / 1000),
        message: latest.note,
      });
    }
    return tests;
  }
}
