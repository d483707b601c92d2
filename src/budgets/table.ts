import { formatMetric, formatNumber, type MetricRow, type PerformanceSummary } from './metrics.js';

/** A baseline run's medians by metric name (`mediansByMetric` over the baseline's tests). */
export type BaselineMedians = NonNullable<PerformanceSummary['baselineMedians']>;

/** `+12.3%`, `-4%`, `±0%`; empty when the baseline is 0 (no ratio). */
export function percentChange(now: number, before: number): string {
  if (before === 0) return '';
  const change = ((now - before) / before) * 100;
  const text = formatNumber(Math.abs(change), 1);
  if (text === '0') return '±0%';
  return `${change > 0 ? '+' : '-'}${text}%`;
}

/**
 * The summary's performance section: with budgets, per budgeted metric the budget, the tests over
 * it, minimum, median, 95th percentile and maximum; without, the medians of the metrics the
 * provider shows anyway. With baseline medians, two more columns: the baseline's median and
 * the change in percent. Empty when there is nothing measured to show.
 */
export function renderMetricsTable(
  performance: PerformanceSummary | undefined,
  baseline: BaselineMedians | undefined = performance?.baselineMedians,
): string {
  if (!performance || performance.rows.length === 0) return '';
  const { rows } = performance;
  const withBaseline = baseline !== undefined;
  const fmt = (row: MetricRow, value: number | undefined) => (value === undefined ? '–' : formatMetric(value, row.metric.unit));
  const baselineCells = (row: MetricRow): string[] => {
    if (!withBaseline) return [];
    const before = baseline[row.metric.name];
    const now = row.stats?.median;
    return [fmt(row, before), before === undefined || now === undefined ? '–' : percentChange(now, before) || '–'];
  };
  const lines: string[] = [];
  if (performance.budgeted) {
    lines.push(
      '#### Performance budgets',
      '',
      `| Metric | Budget | Over budget | Min | Median | p95 | Max |${withBaseline ? ' Baseline median | Change |' : ''}`,
      `| --- | ---: | ---: | ---: | ---: | ---: | ---: |${withBaseline ? ' ---: | ---: |' : ''}`,
    );
    for (const row of rows) {
      const measured = row.stats ? `${row.over} of ${row.stats.count}` : 'not measured';
      const cells = [
        `\`${row.metric.name}\``,
        row.budget ? `≤ ${formatMetric(row.budget.limit, row.metric.unit)}` : '–',
        row.over > 0 ? `**${measured}**` : measured,
        fmt(row, row.stats?.min),
        fmt(row, row.stats?.median),
        fmt(row, row.stats?.p95),
        fmt(row, row.stats?.max),
        ...baselineCells(row),
      ];
      lines.push(`| ${cells.join(' | ')} |`);
    }
    const n = performance.budgetFailures;
    lines.push('', n === 0 ? 'Every test is within its budgets.' : `${n} ${n === 1 ? 'test is' : 'tests are'} over budget, and failed.`);
  } else {
    lines.push(
      '#### Performance',
      '',
      `| Metric | Tests measured | Median |${withBaseline ? ' Baseline median | Change |' : ''}`,
      `| --- | ---: | ---: |${withBaseline ? ' ---: | ---: |' : ''}`,
    );
    for (const row of rows) {
      lines.push(
        `| ${[`\`${row.metric.name}\``, String(row.stats?.count ?? 0), fmt(row, row.stats?.median), ...baselineCells(row)].join(' | ')} |`,
      );
    }
    lines.push('', 'No budgets set: the `budgets` input (one `metric <= value` per line) fails the tests over them.');
  }
  return lines.join('\n');
}
