/**
 * Performance metrics and budgets: what a provider measures, in which unit, and how values are
 * shown. A leaf module (imports nothing), so settings and the report can name its types.
 */

/** The unit a provider reports a metric in; a budget's value is converted to it. */
export type MetricUnit = 's' | 'ms' | 'bytes' | 'number';

export interface MetricDefinition {
  /** As the provider spells it, e.g. `onLoad`. */
  name: string;
  unit: MetricUnit;
}

/** What a provider measures, declared in its own folder. */
export interface ProviderMetrics {
  /** Every metric `budgets` may name for this provider. */
  metrics: readonly MetricDefinition[];
  /** Shown in the summary (medians) even without budgets, so users see what they could budget. */
  shownWithoutBudgets?: readonly string[];
}

/** One `metric <= value` line, its value in the metric's own unit. */
export interface Budget {
  metric: MetricDefinition;
  /** The largest value that passes, in `metric.unit`. */
  limit: number;
  /** The line as written, for messages. */
  line: string;
}

export interface MetricStats {
  /** Tests that have a value for the metric. */
  count: number;
  min: number;
  median: number;
  p95: number;
  max: number;
}

/** One row of the summary's metrics table. */
export interface MetricRow {
  metric: MetricDefinition;
  budget?: Budget;
  /** Tests over this metric's budget. */
  over: number;
  /** Undefined when no test has a value for the metric. */
  stats?: MetricStats;
}

/** Budgets' outcome and the measured values, as the summary and the outputs show them. */
export interface PerformanceSummary {
  /** Whether `budgets` was given: `budget-failures` is '' otherwise. */
  budgeted: boolean;
  /** Tests over at least one budget. */
  budgetFailures: number;
  rows: MetricRow[];
  /**
   * The baseline run's median per metric (see `mediansByMetric`), when a baseline was read:
   * the table then shows it and the change in percent.
   */
  baselineMedians?: Readonly<Record<string, number | undefined>>;
}

const BYTES_PER_KB = 1024;
const BYTES_PER_MB = 1024 * 1024;

/** `4.2`, `3`, `0.05`: at most `decimals` places, no trailing zeros. */
export function formatNumber(value: number, decimals = 2): string {
  const fixed = value.toFixed(decimals);
  const trimmed = fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}

/** A value in its unit as users read it: `4.21 s`, `180 ms`, `1.18 MB`, `42`. */
export function formatMetric(value: number, unit: MetricUnit, decimals = 2): string {
  switch (unit) {
    case 's':
      return `${formatNumber(value, decimals)} s`;
    case 'ms':
      return `${formatNumber(value, decimals)} ms`;
    case 'bytes':
      if (Math.abs(value) >= BYTES_PER_MB) return `${formatNumber(value / BYTES_PER_MB, decimals)} MB`;
      if (Math.abs(value) >= BYTES_PER_KB) return `${formatNumber(value / BYTES_PER_KB, decimals)} KB`;
      return `${formatNumber(value, 0)} B`;
    case 'number':
      return formatNumber(value, decimals);
  }
}

/**
 * `value > limit`, both formatted; when rounding would make them look equal (`3 s > 3 s`),
 * more decimals are shown so the comparison reads true.
 */
export function formatOver(name: string, value: number, limit: number, unit: MetricUnit): string {
  let decimals = 2;
  while (decimals < 6 && formatMetric(value, unit, decimals) === formatMetric(limit, unit, decimals)) decimals++;
  return `${name} ${formatMetric(value, unit, decimals)} > ${formatMetric(limit, unit, decimals)}`;
}
