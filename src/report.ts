/** The normalized report every provider produces and every writer reads. */

export const STATUSES = ['passed', 'failed', 'skipped', 'pending', 'other'] as const;
export type TestStatus = (typeof STATUSES)[number];

export interface TestResult {
  name: string;
  status: TestStatus;
  suite?: string;
  /** Milliseconds. */
  durationMs?: number;
  message?: string;
  url?: string;
  /** The provider's own word for the status, when it differs from `status`. */
  rawStatus?: string;
}

export interface Counts {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  pending: number;
  other: number;
}

export interface NormalizedReport {
  /** Provider key, e.g. `testmo`. */
  provider: string;
  /** Human name, e.g. `Testmo`. */
  providerLabel: string;
  /** What was read, e.g. `run 42 "Nightly regression"`. */
  source: string;
  reportUrl?: string;
  /** Every test that has a result, in provider order. */
  tests: TestResult[];
  /** Tests known only as a number (Testmo tests of the run with no result yet). */
  unlistedPending: number;
  /** Lines the summary shows beside the counts, e.g. Tesults' build record. */
  notes: string[];
  startedAt?: number;
  finishedAt?: number;
}

export function countTests(report: Pick<NormalizedReport, 'tests' | 'unlistedPending'>): Counts {
  const counts: Counts = { total: 0, passed: 0, failed: 0, skipped: 0, pending: report.unlistedPending, other: 0 };
  for (const test of report.tests) counts[test.status]++;
  counts.total = counts.passed + counts.failed + counts.skipped + counts.pending + counts.other;
  return counts;
}

/** `100 × passed ÷ (total − skipped)`, two decimals; undefined when nothing ran. */
export function passRate(counts: Counts): number | undefined {
  const ran = counts.total - counts.skipped;
  if (ran <= 0) return undefined;
  return Math.round((10000 * counts.passed) / ran) / 100;
}

export function emptyReport(provider: string, providerLabel: string, source: string): NormalizedReport {
  return { provider, providerLabel, source, tests: [], unlistedPending: 0, notes: [] };
}

/** Failed tests first, then other outcomes that need a look; passed and skipped last. */
const ATTENTION: Record<TestStatus, number> = { failed: 0, other: 1, pending: 2, skipped: 3, passed: 4 };
export function byAttention(a: TestResult, b: TestResult): number {
  return ATTENTION[a.status] - ATTENTION[b.status];
}
