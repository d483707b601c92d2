/** The normalized report every provider produces and every writer reads. */
import type { PerformanceSummary } from './budgets/metrics.js';

/** CTRF's statuses: every test ends in exactly one. */
export type TestStatus = 'passed' | 'failed' | 'skipped' | 'pending' | 'other';

export interface TestResult {
  name: string;
  status: TestStatus;
  suite?: string;
  /** Milliseconds. */
  durationMs?: number;
  message?: string;
  url?: string;
  /** The provider's own word for the status, when it has one. */
  rawStatus?: string;
  /** Performance measurements by metric name, in the metric's own unit (src/budgets). */
  metrics?: Record<string, number>;
  /**
   * The provider's stable identity of the test across runs (Testmo case id, Tesults suite and
   * name, Eggplant page URL and browser, Testomato test id); else suite and name are used.
   */
  key?: string;
  /** The `sources` entry it was read for (its label); undefined in a single run. */
  source?: string;
  /** Where the provider says the test is (Testmo automation tests' `file` and `line`), as it gave them. */
  file?: string;
  /** 1-based line in `file`. */
  line?: number;
}

export interface Counts {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  pending: number;
  other: number;
}

/** Who read the report: the orchestrator fills these in from the registry. */
export interface ProviderIdentity {
  /** Provider key, e.g. `testmo`. */
  provider: string;
  /** Human name, e.g. `Testmo`. */
  providerLabel: string;
}

export interface ReportSource {
  /** What was read, e.g. `run 42 "Nightly regression"`. */
  source: string;
  reportUrl?: string;
  /** Lines the summary shows beside the counts, e.g. Tesults' build record. */
  notes: string[];
  startedAt?: number;
  finishedAt?: number;
  /** The provider's id of what was read (`run-id`); empty or undefined when it has none. */
  runId?: string;
  /** Epoch ms: when that run or job was created (`run-created-at`, `max-age`). */
  createdAt?: number;
}

/**
 * Counts, the tests that need a look (kept whole), and every test as a lazy sequence for the
 * report file: memory follows the failures kept, not the results read.
 */
export interface ProviderReport extends ReportSource {
  counts: Counts;
  /** Failed, other and pending tests that have a result, in provider order. */
  needsAttention: TestResult[];
  /** Tests counted as pending that have no result at all (Testmo tests not yet run). */
  testsWithoutResult: number;
  /** Every test that has a result, in provider order. */
  everyTest(): Iterable<TestResult>;
  /** Budgets' outcome and measured metrics; set by the pipeline for providers that measure performance. */
  performance?: PerformanceSummary;
}

/** What every writer reads: the provider's report and who it came from. */
export type NormalizedReport = ProviderReport & ProviderIdentity;

export function needsLook(status: TestStatus): boolean {
  return status === 'failed' || status === 'other' || status === 'pending';
}

export function zeroCounts(): Counts {
  return { total: 0, passed: 0, failed: 0, skipped: 0, pending: 0, other: 0 };
}

export function countStatuses(tests: Iterable<{ status: TestStatus }>, withoutResult = 0): Counts {
  const counts = zeroCounts();
  counts.pending = withoutResult;
  for (const test of tests) counts[test.status]++;
  counts.total = counts.passed + counts.failed + counts.skipped + counts.pending + counts.other;
  return counts;
}

/** A report from a list of tests (runs small enough to hold whole). */
export function reportFromTests(source: ReportSource, tests: TestResult[], withoutResult = 0): ProviderReport {
  return {
    ...source,
    counts: countStatuses(tests, withoutResult),
    needsAttention: tests.filter((t) => needsLook(t.status)),
    testsWithoutResult: withoutResult,
    everyTest: () => tests,
  };
}

export function emptyReport(identity: ProviderIdentity, source: string): NormalizedReport {
  return { ...reportFromTests({ source, notes: [] }, []), ...identity };
}

/** `100 × passed ÷ (total − skipped)`, two decimals; undefined when nothing ran. */
export function passRate(counts: Counts): number | undefined {
  const ran = counts.total - counts.skipped;
  if (ran <= 0) return undefined;
  return Math.round((10000 * counts.passed) / ran) / 100;
}

export function failedTests(report: Pick<ProviderReport, 'needsAttention'>): TestResult[] {
  return report.needsAttention.filter((t) => t.status === 'failed');
}
