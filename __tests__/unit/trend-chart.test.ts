import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { chartLabel, MAX_CHART_LABEL, trendChart, type TrendPoint } from '../../src/render/trend-chart.js';

const GOLDEN = join(process.cwd(), '__tests__', 'golden', 'trend-chart.md');

const HOSTILE = [
  'run "41"',
  "it's",
  '`code`',
  '```',
  '[a]',
  '{b}',
  '%%{init: {"theme":"dark"}}%%',
  '%%comment',
  '%`%',
  '%;%',
  'a;b',
  '#amp;',
  'line\nbreak',
  'cr\r\nlf',
  'para\u2029graph',
  '<img src=x onerror=alert(1)>',
  '\u202Eevil',
  'x-axis',
  'line [1]',
  '“smart” ‘quotes’',
  'y-axis 0 --> 5',
];

/** Everything between the fences, as the lines of the diagram. */
function diagramLines(markdown: string): string[] {
  const lines = markdown.split('\n');
  expect(lines[0]).toBe('```mermaid');
  expect(lines.at(-1)).toBe('');
  expect(lines.at(-2)).toBe('```');
  return lines.slice(1, -2);
}

describe('trend chart', () => {
  test('oldest first, this run last, y from 0 to 100, one line of pass rates', () => {
    const chart = trendChart([
      { label: 'run 38', passRate: 100 },
      { label: 'run 39', passRate: 96.666 },
      { label: 'run 40', passRate: 50 },
      { label: 'run 41', passRate: 0 },
      { label: 'run 42', passRate: 98.5 },
    ]);
    expect(chart?.labels).toEqual(['run 38', 'run 39', 'run 40', 'run 41', 'run 42']);
    expect(diagramLines(chart!.markdown)).toEqual([
      'xychart-beta',
      '  title "Pass rate, oldest to newest"',
      '  x-axis ["run 38", "run 39", "run 40", "run 41", "run 42"]',
      '  y-axis "Pass rate" 0 --> 100',
      '  line [100, 96.67, 50, 0, 98.5]',
    ]);
    expect(chart!.leftOut).toBe(0);
  });

  test('no history: no chart and no empty block', () => {
    expect(trendChart([])).toBeUndefined();
    expect(trendChart([{ label: 'run 42', passRate: 100 }])).toBeUndefined();
  });

  test('runs without a pass rate are left out of the line (not drawn at 0), and counted', () => {
    const chart = trendChart([{ label: 'run 40', passRate: 80 }, { label: 'run 41' }, { label: 'run 42', passRate: 90 }]);
    expect(chart?.labels).toEqual(['run 40', 'run 42']);
    expect(chart?.markdown).toContain('  line [80, 90]');
    expect(chart?.leftOut).toBe(1);
    // Only one run with a pass rate: nothing to draw a line through.
    expect(trendChart([{ label: 'run 41' }, { label: 'run 42', passRate: 90 }])).toBeUndefined();
    expect(
      trendChart([
        { label: 'a', passRate: Number.NaN },
        { label: 'b', passRate: 1 },
      ]),
    ).toBeUndefined();
  });

  test('pass rates are kept within 0–100 and written without exponents', () => {
    const chart = trendChart([
      { label: 'a', passRate: 0.001 },
      { label: 'b', passRate: 120 },
      { label: 'c', passRate: -3 },
      { label: 'd', passRate: 1e-7 },
    ]);
    expect(chart?.markdown).toContain('  line [0, 100, 0, 0]');
  });

  test.each(HOSTILE)('hostile run name %j: quoted, cleaned, and the block keeps its shape', (name) => {
    const chart = trendChart([
      { label: name, passRate: 50 },
      { label: 'run 42', passRate: 100 },
    ]);
    const lines = diagramLines(chart!.markdown);
    expect(lines).toHaveLength(5);
    const label = chart!.labels[0]!;
    expect(label).not.toMatch(/["'`[\]{}<>%;\r\n\u2028\u2029\u202e“”‘’]/u);
    expect(label.length).toBeGreaterThan(0);
    expect(lines[2]).toBe(`  x-axis ["${label}", "run 42"]`);
    // Exactly one fence opens and one closes, whatever the name held.
    expect(chart!.markdown.match(/```/g)).toHaveLength(2);
    expect(chart!.markdown).not.toContain('%%');
  });

  test('what cleaning leaves of some names', () => {
    expect(chartLabel('run "41"')).toBe('run 41');
    expect(chartLabel('%%{init: {"theme":"dark"}}%%')).toBe('init: theme:dark');
    expect(chartLabel('%`%')).toBe('');
    expect(chartLabel('line\nbreak')).toBe('line break');
    expect(chartLabel('#amp;')).toBe('#amp');
    expect(chartLabel('zero\u200bwidth')).toBe('zerowidth');
    expect(chartLabel('  a   b  ')).toBe('a b');
    expect(chartLabel('Build (retry 2), nightly')).toBe('Build (retry 2), nightly');
  });

  test('long names are cut by code point with an ellipsis', () => {
    const label = chartLabel(`${'🎉'.repeat(30)}`);
    expect([...label]).toHaveLength(MAX_CHART_LABEL);
    expect(label.endsWith('…')).toBe(true);
    expect(label).not.toMatch(/[\ud800-\udbff]…$/);
  });

  test('names that clean to nothing take their position; equal ones are numbered so the axis keeps every run', () => {
    const points: TrendPoint[] = [
      { label: '```', passRate: 10 },
      { label: 'nightly', passRate: 20 },
      { label: 'nightly', passRate: 30 },
      { label: '"nightly"', passRate: 40 },
      { label: 'nightly (2)', passRate: 50 },
    ];
    expect(trendChart(points)?.labels).toEqual(['run 1', 'nightly', 'nightly (2)', 'nightly (3)', 'nightly (2) (2)']);
  });

  test('golden: a chart of six runs with hostile names, as the summary and the comment carry it', () => {
    const points: TrendPoint[] = [
      { label: 'build "1.4.0"', passRate: 100 },
      { label: '%%{init: {"theme":"forest"}}%%', passRate: 95 },
      { label: 'build `1.4.2`\n```', passRate: 90.91 },
      { label: 'build [1.4.3]; retry', passRate: 66.67 },
      { label: 'build 1.4.4', passRate: undefined },
      { label: 'build 1.4.5', passRate: 97.5 },
      { label: 'build 1.4.6', passRate: 98 },
    ];
    const actual = trendChart(points)!.markdown;
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, actual);
    if (!existsSync(GOLDEN)) throw new Error(`${GOLDEN} is missing: run UPDATE_GOLDEN=1 and review it.`);
    expect(actual).toBe(readFileSync(GOLDEN, 'utf8'));
  });
});
