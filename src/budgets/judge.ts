import { countStatuses, needsLook, type ProviderReport, type TestResult } from '../report.js';
import { formatOver, type Budget, type MetricRow, type MetricStats, type PerformanceSummary, type ProviderMetrics } from './metrics.js';

/**
 * The `p`-th percentile (0–100) of sorted values by the nearest-rank method: the smallest value
 * with at least p % of the values at or below it. p95 of 20 values is the 19th.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new Error('percentile of no values');
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** The middle value, or the mean of the two middle ones. */
export function median(sorted: readonly number[]): number {
  if (sorted.length === 0) throw new Error('median of no values');
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function metricStats(values: readonly number[]): MetricStats | undefined {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  return { count: sorted.length, min: sorted[0]!, median: median(sorted), p95: percentile(sorted, 95), max: sorted[sorted.length - 1]! };
}

/**
 * Each metric's median over the tests that measured it: a baseline run's figures for the table.
 * A metric no test measured is left out, so a baseline run stays a few numbers.
 */
export function mediansByMetric(tests: Iterable<Pick<TestResult, 'metrics'>>, names: readonly string[]): Record<string, number> {
  const values = new Map<string, number[]>(names.map((n) => [n, []]));
  for (const test of tests) {
    for (const [name, list] of values) {
      const value = test.metrics?.[name];
      if (typeof value === 'number') list.push(value);
    }
  }
  const medians: Record<string, number> = {};
  for (const [name, list] of values) {
    const stats = metricStats(list);
    if (stats) medians[name] = stats.median;
  }
  return medians;
}

/**
 * The performance summary with the baseline's medians of the metrics it shows, so the table
 * adds the baseline median and the change; unchanged when there is no table or no baseline
 * medians (no baseline, or a provider that keeps none).
 */
export function withBaselineMedians(
  performance: PerformanceSummary | undefined,
  medians: Readonly<Record<string, number>> | undefined,
): PerformanceSummary | undefined {
  if (!performance || performance.rows.length === 0 || !medians) return performance;
  const shown = Object.fromEntries(performance.rows.map((row) => [row.metric.name, medians[row.metric.name]]));
  return { ...performance, baselineMedians: shown };
}

/** `onLoad 4.21 s > 3 s` for each budget the test is over; empty when it is within all (or unmeasured). */
export function overBudget(test: Pick<TestResult, 'metrics'>, budgets: readonly Budget[]): string[] {
  const over: string[] = [];
  for (const budget of budgets) {
    const value = test.metrics?.[budget.metric.name];
    // A test with no value for a metric is not judged on it.
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    if (value > budget.limit) over.push(formatOver(budget.metric.name, value, budget.limit, budget.metric.unit));
  }
  return over;
}

/** A test over budget: failed, whatever its status, its message naming each metric over. */
export function judgeTest(test: TestResult, budgets: readonly Budget[]): TestResult {
  const over = overBudget(test, budgets);
  if (over.length === 0) return test;
  const line = `Over budget: ${over.join('; ')}`;
  return { ...test, status: 'failed', message: test.message?.trim() ? `${line}\n${test.message}` : line };
}

/**
 * Applies the budgets to every test of the report (budgets apply to providers that hold their
 * tests whole) and measures each metric: the budgeted ones, or without budgets the ones the
 * provider shows anyway. Counts are recounted, so budget failures count in the gate.
 */
export function applyBudgets(
  report: ProviderReport,
  budgets: readonly Budget[],
  measured: ProviderMetrics | undefined,
): { report: ProviderReport; performance?: PerformanceSummary } {
  if (!measured) return { report };
  const shown = budgets.length
    ? budgets.map((b) => b.metric)
    : (measured.shownWithoutBudgets ?? []).map((name) => measured.metrics.find((m) => m.name === name)!).filter(Boolean);
  const tests: TestResult[] = [];
  const values = new Map<string, number[]>(shown.map((m) => [m.name, []]));
  const over = new Map<string, number>();
  let budgetFailures = 0;
  for (const test of report.everyTest()) {
    for (const [name, list] of values) {
      const value = test.metrics?.[name];
      if (typeof value === 'number') list.push(value);
    }
    const judged = judgeTest(test, budgets);
    if (judged !== test) {
      budgetFailures++;
      for (const budget of budgets) {
        const value = test.metrics?.[budget.metric.name];
        if (typeof value === 'number' && value > budget.limit) over.set(budget.metric.name, (over.get(budget.metric.name) ?? 0) + 1);
      }
    }
    tests.push(judged);
  }
  const rows: MetricRow[] = shown.map((metric) => ({
    metric,
    budget: budgets.find((b) => b.metric.name === metric.name),
    over: over.get(metric.name) ?? 0,
    stats: metricStats(values.get(metric.name) ?? []),
  }));
  const performance: PerformanceSummary = { budgeted: budgets.length > 0, budgetFailures, rows };
  if (budgetFailures === 0) return { report, performance };
  return {
    report: {
      ...report,
      counts: countStatuses(tests, report.testsWithoutResult),
      needsAttention: tests.filter((t) => needsLook(t.status)),
      everyTest: () => tests,
    },
    performance,
  };
}
