import { describe, expect, test } from '@jest/globals';
import {
  applyBudgets,
  median,
  mediansByMetric,
  metricStats,
  overBudget,
  percentile,
  withBaselineMedians,
} from '../../src/budgets/judge.js';
import { formatMetric, formatOver } from '../../src/budgets/metrics.js';
import { budgetsSchema } from '../../src/budgets/parse.js';
import { percentChange, renderMetricsTable } from '../../src/budgets/table.js';
import { InputError } from '../../src/errors.js';
import { parseInputs, readRawInputs } from '../../src/inputs.js';
import { eggplantMetrics } from '../../src/providers/eggplant/metrics.js';
import { testomatoMetrics } from '../../src/providers/testomato/metrics.js';
import { reportFromTests, type TestResult } from '../../src/report.js';

const parseEggplant = (text: string) => budgetsSchema('eggplant', eggplantMetrics.metrics).parse(text);
const problem = (provider: string, metrics: typeof eggplantMetrics.metrics | typeof testomatoMetrics.metrics | undefined, text: string) => {
  const parsed = budgetsSchema(provider, metrics).safeParse(text);
  if (parsed.success) throw new Error(`parsed: ${JSON.stringify(parsed.data)}`);
  return parsed.error.issues[0]!.message;
};
const limits = (text: string) => Object.fromEntries(parseEggplant(text).map((b) => [b.metric.name, b.limit]));

describe('budgets: parsing', () => {
  test('units convert to the metric’s own unit; unitless metrics take bare numbers', () => {
    expect(
      limits(
        [
          'onLoad <= 3 s',
          'domLoad<=1500ms',
          'renderStart <= 0.8 s',
          'pageSize <= 2 MB',
          'objectCount <= 80',
          'speedIndex <= 2500',
          'downloadDuration <= .5s',
        ].join('\n'),
      ),
    ).toEqual({
      onLoad: 3,
      domLoad: 1.5,
      renderStart: 0.8,
      pageSize: 2 * 1048576,
      objectCount: 80,
      speedIndex: 2500,
      downloadDuration: 0.5,
    });
    expect(limits('pageSize <= 512 KB')).toEqual({ pageSize: 524288 });
    expect(limits('onLoad <= 3000 ms')).toEqual({ onLoad: 3 });
    const testomato = budgetsSchema('testomato', testomatoMetrics.metrics);
    expect(testomato.parse('responseTime <= 1.2 s')[0]!.limit).toBe(1200);
    expect(testomato.parse('responseTime <= 800ms')[0]!.limit).toBe(800);
  });

  test('spaces, blank lines, comments, CRLF and unit/metric case are tolerated', () => {
    const parsed = parseEggplant('\n  # release budgets\r\n   onload   <=   3   S  \r\n\n\tPageSize<=2mb\n');
    expect(parsed.map((b) => [b.metric.name, b.limit, b.line])).toEqual([
      ['onLoad', 3, 'onload   <=   3   S'],
      ['pageSize', 2097152, 'PageSize<=2mb'],
    ]);
    expect(parseEggplant('')).toEqual([]);
    expect(parseEggplant('  \n # nothing\n')).toEqual([]);
  });

  test.each([
    ['onLoad < 3 s', "line 1 ('onLoad < 3 s') does not parse: write one 'metric <= value' per line, e.g. 'dataStartDuration <= 3 s'"],
    ['onLoad <= three', "line 1 ('onLoad <= three') does not parse"],
    ['onLoad <= -1 s', "line 1 ('onLoad <= -1 s') does not parse"],
    ['onLoad >= 3', "line 1 ('onLoad >= 3') does not parse"],
    ['onLoad <= 3 s 4', "line 1 ('onLoad <= 3 s 4') does not parse"],
    ['<= 3', "line 1 ('<= 3') does not parse"],
    [
      'onLoad <= 3 s\nttfb <= 200 ms',
      "line 2 ('ttfb <= 200 ms') names an unknown metric 'ttfb' for eggplant; known: dataStartDuration, renderStart, domLoad",
    ],
    ['onLoad <= 3 h', "line 1 ('onLoad <= 3 h') has an unknown unit 'h': use ms, s, KB or MB"],
    ['onLoad <= 3 KB', "line 1 ('onLoad <= 3 KB'): onLoad is a duration (ms or s), so 'KB' does not apply"],
    ['pageSize <= 3 s', "line 1 ('pageSize <= 3 s'): pageSize is a size (KB or MB), so 's' does not apply"],
    [
      'onLoad <= 3000',
      "line 1 ('onLoad <= 3000'): onLoad is a duration (ms or s) and needs its unit: 3000 s or 3000 ms? Write e.g. 'onLoad <= 3000 s'",
    ],
    ['renderStart <= 0.8', 'renderStart is a duration (ms or s) and needs its unit: 0.8 s or 0.8 ms?'],
    ['pageSize <= 300000', 'pageSize is a size (KB or MB) and needs its unit: 300000 KB or 300000 MB?'],
    ['speedIndex <= 3 s', "line 1 ('speedIndex <= 3 s'): speedIndex is a plain number, without a unit, so 's' does not apply"],
    ['onLoad <= 3 s\n\nOnLoad <= 4 s', "line 3 ('OnLoad <= 4 s') repeats the budget for onLoad ('onLoad <= 3 s'): give each metric once"],
  ])('bad line %j', (text, message) => {
    expect(problem('eggplant', eggplantMetrics.metrics, text)).toContain(message);
  });

  test('Testomato responseTime: a bare number is refused with both readings, ms first', () => {
    expect(problem('testomato', testomatoMetrics.metrics, 'responseTime <= 0.8')).toBe(
      "line 1 ('responseTime <= 0.8'): responseTime is a duration (ms or s) and needs its unit: 0.8 ms or 0.8 s? Write e.g. 'responseTime <= 0.8 ms'",
    );
  });

  test('a metric of another provider, and a provider without metrics', () => {
    expect(problem('testomato', testomatoMetrics.metrics, 'onLoad <= 3 s')).toBe(
      "line 1 ('onLoad <= 3 s') names an unknown metric 'onLoad' for testomato; known: responseTime",
    );
    expect(problem('testmo', undefined, 'onLoad <= 3 s')).toBe(
      "line 1 ('onLoad <= 3 s'): testmo reports no performance metrics; budgets apply to eggplant and testomato",
    );
    expect(budgetsSchema('testmo', undefined).parse('\n')).toEqual([]);
  });

  test('parseInputs: a bad line is an InputError naming the input and the line', () => {
    const raw = (budgets: string) =>
      readRawInputs(
        (name) =>
          ({ provider: 'eggplant', realm: 'acme', 'api-key': 'token', job: '1', budgets })[name as 'provider'] as string | undefined,
      );
    expect(() => parseInputs(raw('onLoad <= 3 s\nfoo'))).toThrow(InputError);
    expect(() => parseInputs(raw('onLoad <= 3 s\nfoo'))).toThrow(
      "Input 'budgets' line 2 ('foo') does not parse: write one 'metric <= value' per line, e.g. 'dataStartDuration <= 3 s'.",
    );
    expect(parseInputs(raw('onLoad <= 3 s')).budgets.map((b) => b.metric.name)).toEqual(['onLoad']);
    expect(parseInputs(raw('')).budgets).toEqual([]);
  });
});

describe('budgets: percentiles', () => {
  test('nearest rank: p95 of 20 values is the 19th, of 1 value the value itself', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(twenty, 95)).toBe(19);
    expect(percentile(twenty, 100)).toBe(20);
    expect(percentile(twenty, 50)).toBe(10);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95)).toBe(10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0)).toBe(1);
    expect(() => percentile([], 95)).toThrow();
  });
  test('median: middle value, or the mean of the two middle ones', () => {
    expect(median([1, 2, 10])).toBe(2);
    expect(median([1, 2, 3, 10])).toBe(2.5);
    expect(median([4])).toBe(4);
  });
  test('metricStats sorts, ignores non-finite values, and is undefined without values', () => {
    expect(metricStats([6.93, 1.42, 2.1, 1.88])).toEqual({ count: 4, min: 1.42, median: 1.99, p95: 6.93, max: 6.93 });
    expect(metricStats([Number.NaN, 3])).toEqual({ count: 1, min: 3, median: 3, p95: 3, max: 3 });
    expect(metricStats([])).toBeUndefined();
  });
});

describe('budgets: formatting and judging', () => {
  test('values in their unit', () => {
    expect(formatMetric(4.21, 's')).toBe('4.21 s');
    expect(formatMetric(3, 's')).toBe('3 s');
    expect(formatMetric(1.996, 's')).toBe('2 s');
    expect(formatMetric(180, 'ms')).toBe('180 ms');
    expect(formatMetric(123456, 'bytes')).toBe('120.56 KB');
    expect(formatMetric(2 * 1048576, 'bytes')).toBe('2 MB');
    expect(formatMetric(800, 'bytes')).toBe('800 B');
    expect(formatMetric(42, 'number')).toBe('42');
  });
  test('over-budget text never reads as equal', () => {
    expect(formatOver('onLoad', 4.21, 3, 's')).toBe('onLoad 4.21 s > 3 s');
    expect(formatOver('onLoad', 3.001, 3, 's')).toBe('onLoad 3.001 s > 3 s');
  });
  test('a test over several budgets names each; no value: not judged; equal: within', () => {
    const budgets = parseEggplant('onLoad <= 3 s\npageSize <= 1 MB\nspeedIndex <= 2000');
    expect(overBudget({ metrics: { onLoad: 4.21, pageSize: 2 * 1048576, speedIndex: 2000 } }, budgets)).toEqual([
      'onLoad 4.21 s > 3 s',
      'pageSize 2 MB > 1 MB',
    ]);
    expect(overBudget({ metrics: { onLoad: 3 } }, budgets)).toEqual([]);
    expect(overBudget({}, budgets)).toEqual([]);
  });

  const egg = (name: string, status: TestResult['status'], metrics: Record<string, number> | undefined, message?: string): TestResult => ({
    name,
    status,
    metrics,
    message,
  });

  test('applyBudgets fails tests over budget whatever their status, recounts, and measures each budgeted metric', () => {
    const report = reportFromTests({ source: 'job 1', notes: [] }, [
      egg('Home', 'passed', { onLoad: 1.5, speedIndex: 1200 }, 'severity: ok'),
      egg('Search', 'failed', { onLoad: 4.21, speedIndex: 2500 }, 'severity: warning'),
      egg('Cart', 'passed', { onLoad: 3.5 }),
      egg('Checkout', 'passed', undefined),
    ]);
    const { report: judged, performance } = applyBudgets(report, parseEggplant('onLoad <= 3 s\nspeedIndex <= 2000'), eggplantMetrics);
    expect(judged.counts).toMatchObject({ total: 4, passed: 2, failed: 2 });
    expect([...judged.everyTest()].map((t) => [t.name, t.status, t.message])).toEqual([
      ['Home', 'passed', 'severity: ok'],
      ['Search', 'failed', 'Over budget: onLoad 4.21 s > 3 s; speedIndex 2500 > 2000\nseverity: warning'],
      ['Cart', 'failed', 'Over budget: onLoad 3.5 s > 3 s'],
      ['Checkout', 'passed', undefined],
    ]);
    expect(judged.needsAttention.map((t) => t.name)).toEqual(['Search', 'Cart']);
    expect(performance!.budgetFailures).toBe(2);
    expect(performance!.rows.map((r) => [r.metric.name, r.over, r.stats])).toEqual([
      ['onLoad', 2, { count: 3, min: 1.5, median: 3.5, p95: 4.21, max: 4.21 }],
      ['speedIndex', 1, { count: 2, min: 1200, median: 1850, p95: 2500, max: 2500 }],
    ]);
  });

  test('without budgets: nothing judged; the provider’s shown metrics measured; no metrics: no performance', () => {
    const report = reportFromTests({ source: 'job 1', notes: [] }, [egg('Home', 'passed', { onLoad: 9, speedIndex: 2 })]);
    const { report: same, performance } = applyBudgets(report, [], eggplantMetrics);
    expect(same).toBe(report);
    expect(performance).toMatchObject({ budgeted: false, budgetFailures: 0 });
    expect(performance!.rows.map((r) => r.metric.name)).toEqual(['onLoad', 'speedIndex']);
    expect(applyBudgets(report, [], testomatoMetrics).performance!.rows).toEqual([]);
    expect(applyBudgets(report, [], undefined)).toEqual({ report });
  });
});

describe('budgets: the metrics table', () => {
  const report = reportFromTests({ source: 'job 1', notes: [] }, [
    { name: 'a', status: 'passed', metrics: { onLoad: 1.42, pageSize: 900_000 } },
    { name: 'b', status: 'passed', metrics: { onLoad: 6.93, pageSize: 3_000_000 } },
    { name: 'c', status: 'passed', metrics: { onLoad: 2.1 } },
  ]);
  const budgets = parseEggplant('onLoad <= 3 s\npageSize <= 2 MB\nobjectCount <= 10');
  const { performance } = applyBudgets(report, budgets, eggplantMetrics);

  test('per budgeted metric: budget, tests over, min, median, p95, max in their unit', () => {
    expect(renderMetricsTable(performance)).toBe(
      [
        '#### Performance budgets',
        '',
        '| Metric | Budget | Over budget | Min | Median | p95 | Max |',
        '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
        '| `onLoad` | ≤ 3 s | **1 of 3** | 1.42 s | 2.1 s | 6.93 s | 6.93 s |',
        '| `pageSize` | ≤ 2 MB | **1 of 2** | 878.91 KB | 1.86 MB | 2.86 MB | 2.86 MB |',
        '| `objectCount` | ≤ 10 | not measured | – | – | – | – |',
        '',
        '1 test is over budget, and failed.',
      ].join('\n'),
    );
  });
  test('with baseline medians: the baseline median and the change in percent', () => {
    const table = renderMetricsTable(performance, { onLoad: 1.75, pageSize: undefined });
    expect(table).toContain('| Metric | Budget | Over budget | Min | Median | p95 | Max | Baseline median | Change |');
    expect(table).toContain('| `onLoad` | ≤ 3 s | **1 of 3** | 1.42 s | 2.1 s | 6.93 s | 6.93 s | 1.75 s | +20% |');
    expect(table).toContain('| 2.86 MB | 2.86 MB | – | – |');
    // The baseline carried on the performance summary is what the summary renders.
    expect(renderMetricsTable({ ...performance!, baselineMedians: { onLoad: 1.75 } })).toBe(table);
    expect(
      mediansByMetric([{ metrics: { onLoad: 1 } }, { metrics: { onLoad: 3, pageSize: 5 } }, {}], ['onLoad', 'pageSize', 'domLoad']),
    ).toEqual({
      onLoad: 2,
      pageSize: 5,
      domLoad: undefined,
    });
    expect(percentChange(90, 100)).toBe('-10%');
    expect(percentChange(100, 100)).toBe('±0%');
    expect(percentChange(1, 0)).toBe('');
  });
  test("withBaselineMedians: the baseline's medians of the shown metrics, only when there is a table and a baseline", () => {
    // A metric no test measured is left out of a baseline run's medians.
    expect(mediansByMetric([{ metrics: { onLoad: 1 } }, { metrics: { onLoad: 3 } }], ['onLoad', 'pageSize'])).toStrictEqual({ onLoad: 2 });
    const medians = { onLoad: 1.75, speedIndex: 2, domLoad: 0.9 };
    const withMedians = withBaselineMedians(performance, medians);
    // Only the rows' metrics; pageSize and objectCount unmeasured in the baseline.
    expect(withMedians?.baselineMedians).toStrictEqual({ onLoad: 1.75, pageSize: undefined, objectCount: undefined });
    expect(withMedians?.rows).toBe(performance!.rows);
    expect(performance!.baselineMedians).toBeUndefined();
    expect(renderMetricsTable(withMedians)).toContain('| 6.93 s | 6.93 s | 1.75 s | +20% |');
    // No baseline (or a provider that keeps no medians), no performance, or nothing shown: unchanged.
    expect(withBaselineMedians(performance, undefined)).toBe(performance);
    expect(withBaselineMedians(undefined, medians)).toBeUndefined();
    const empty = { budgeted: false, budgetFailures: 0, rows: [] };
    expect(withBaselineMedians(empty, medians)).toBe(empty);
  });
  test('without budgets: medians only, and how to budget', () => {
    const plain = applyBudgets(report, [], eggplantMetrics).performance;
    expect(renderMetricsTable(plain)).toBe(
      [
        '#### Performance',
        '',
        '| Metric | Tests measured | Median |',
        '| --- | ---: | ---: |',
        '| `onLoad` | 3 | 2.1 s |',
        '| `speedIndex` | 0 | – |',
        '',
        'No budgets set: the `budgets` input (one `metric <= value` per line) fails the tests over them.',
      ].join('\n'),
    );
    expect(renderMetricsTable(undefined)).toBe('');
  });
});
