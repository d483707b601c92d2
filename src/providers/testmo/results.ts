import type { Counts, TestResult, TestStatus } from '../../report.js';
import { needsLook, zeroCounts } from '../../report.js';
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

export interface CaseInfo {
  name(caseId: number): string | undefined;
  suite(caseId: number): string | undefined;
}

const NO_CASE = -1;
const NO_ELAPSED = -1;

/**
 * One entry per test: its latest result, kept in columns of numbers as pages arrive. Notes are
 * kept only for tests that need a look, so memory follows failures, not results read.
 */
export class LatestResults {
  private readonly slotByTest = new Map<number, number>();
  private readonly testIds: number[] = [];
  private readonly resultIds: number[] = [];
  private readonly caseIdsBySlot: number[] = [];
  private readonly statusIds: number[] = [];
  private readonly elapsedUs: number[] = [];
  private readonly notes = new Map<number, string>();
  private readonly seenResultIds = new Set<number>();
  /** Result ids seen twice: pages overlapped while the run changed. Counted once. */
  duplicates = 0;
  /** Older results skipped (history the API sent although only the latest was asked for). */
  superseded = 0;
  /** Every case id a test of the run points at. */
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
    let slot = this.slotByTest.get(result.test_id);
    if (slot === undefined) {
      slot = this.testIds.length;
      this.slotByTest.set(result.test_id, slot);
      this.testIds.push(result.test_id);
    } else {
      this.superseded++;
      if (this.resultIds[slot]! > result.id) return;
    }
    this.resultIds[slot] = result.id;
    this.caseIdsBySlot[slot] = result.case_id ?? NO_CASE;
    this.statusIds[slot] = result.status_id;
    this.elapsedUs[slot] = result.elapsed ?? NO_ELAPSED;
    const status = this.status(slot);
    if (needsLook(status) && result.note) this.notes.set(slot, htmlToText(result.note));
    else this.notes.delete(slot);
    if (result.case_id !== null) this.caseIds.add(result.case_id);
  }

  get testsWithResult(): number {
    return this.testIds.length;
  }

  counts(withoutResult: number): Counts {
    const counts = zeroCounts();
    for (let slot = 0; slot < this.testIds.length; slot++) counts[this.status(slot)]++;
    counts.pending += withoutResult;
    counts.total = this.testIds.length + withoutResult;
    return counts;
  }

  /** Tests that need a look, whole. */
  needsAttention(cases: CaseInfo): TestResult[] {
    const tests: TestResult[] = [];
    for (let slot = 0; slot < this.testIds.length; slot++) {
      if (needsLook(this.status(slot))) tests.push(this.test(slot, cases));
    }
    return tests;
  }

  /** Every test, built one at a time. */
  *every(cases: CaseInfo): Generator<TestResult> {
    for (let slot = 0; slot < this.testIds.length; slot++) yield this.test(slot, cases);
  }

  private status(slot: number): TestStatus {
    return mapTestmoStatus(this.statuses.get(this.statusIds[slot]!));
  }

  private test(slot: number, cases: CaseInfo): TestResult {
    const caseId = this.caseIdsBySlot[slot]!;
    const elapsed = this.elapsedUs[slot]!;
    const statusId = this.statusIds[slot]!;
    return {
      name: (caseId === NO_CASE ? undefined : cases.name(caseId)) ?? (caseId === NO_CASE ? `Test ${this.testIds[slot]}` : `Case ${caseId}`),
      suite: caseId === NO_CASE ? undefined : cases.suite(caseId),
      status: this.status(slot),
      rawStatus: this.statuses.get(statusId)?.name ?? `status ${statusId}`,
      durationMs: elapsed === NO_ELAPSED ? undefined : Math.round(elapsed / 1000),
      message: this.notes.get(slot),
      key: caseId === NO_CASE ? undefined : `case:${caseId}`,
    };
  }
}
