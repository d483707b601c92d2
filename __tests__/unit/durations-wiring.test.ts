import { describe, expect, test } from '@jest/globals';
import { judgeDurations } from '../../src/analysis/durations.js';
import type { BaselineRun } from '../../src/baseline/types.js';
import { withBrokenRule } from '../../src/gate.js';
import { parseInputs, readRawInputs } from '../../src/inputs.js';
import { caseDurationMs } from '../../src/providers/tesults/cases.js';
import { slowerLines, slowestLines, SLOWER_SHOWN } from '../../src/render/durations.js';
import type { TestResult } from '../../src/report.js';
import { registerSecret } from '../../src/secrets.js';

const raw = (over: Record<string, string>): Record<string, string> =>
  readRawInputs((name) => ({ provider: 'testmo', 'api-key': 'k', 'base-url': 'https://acme.testmo.net/', run: '42', ...over })[name]);

describe('slower-than, max-slower and trend as inputs', () => {
  test('defaults: off, not gated, trend as a table', () => {
    const s = parseInputs(raw({}));
    expect(s.durations).toEqual({ slowerThan: undefined, maxSlower: undefined });
    expect(s.writers.trend).toBe('table');
  });
  test('parsed with history; slower-than without history is an input error naming the input', () => {
    const s = parseInputs(raw({ history: '5', 'slower-than': '50%, 1s', 'max-slower': '2', trend: 'Chart' }));
    expect(s.durations).toEqual({ slowerThan: { percent: 50, amountMs: 1000, text: '50%, 1 s' }, maxSlower: 2 });
    expect(s.writers.trend).toBe('chart');
    expect(() => parseInputs(raw({ 'slower-than': '50%' }))).toThrow(
      "Input 'slower-than' needs history: set history to at least 3 earlier runs to compare each test's duration with.",
    );
    expect(() => parseInputs(raw({ history: '5', 'slower-than': '50' }))).toThrow("Input 'slower-than' has a bare number '50'");
    expect(() => parseInputs(raw({ trend: 'graph' }))).toThrow("Input 'trend' must be one of table, chart, off, got 'graph'.");
    expect(() => parseInputs(raw({ 'max-slower': '-1' }))).toThrow("Input 'max-slower'");
  });
});

describe('Tesults durations', () => {
  test('duration in ms, else end − start; nothing when neither is usable', () => {
    expect(caseDurationMs({ duration: 1500 })).toBe(1500);
    expect(caseDurationMs({ duration: '250' })).toBe(250);
    expect(caseDurationMs({ duration: null, start: 1_700_000_000_000, end: 1_700_000_001_200 })).toBe(1200);
    expect(caseDurationMs({ start: '1000', end: '1500' })).toBe(500);
    expect(caseDurationMs({ start: 2000, end: 1000 })).toBeUndefined();
    expect(caseDurationMs({ duration: '', start: 5 })).toBeUndefined();
    expect(caseDurationMs({})).toBeUndefined();
  });
});

describe('the max-slower rule in the verdict', () => {
  const rule = {
    clause: '2 tests got slower than …, more than max-slower (0)',
    sentence: '2 tests got slower than …, more than max-slower (0).',
  };
  test('a passed gate fails with the rule’s own reason; a failed one names it after its own; error stays', () => {
    expect(withBrokenRule({ conclusion: 'success', reason: '' }, rule)).toEqual({ conclusion: 'failure', reason: rule.sentence });
    expect(withBrokenRule({ conclusion: 'failure', reason: '3 tests failed, more than max-failures (0).' }, rule)).toEqual({
      conclusion: 'failure',
      reason: '3 tests failed, more than max-failures (0); 2 tests got slower than …, more than max-slower (0).',
    });
    expect(withBrokenRule({ conclusion: 'error', reason: 'x.' }, rule)).toEqual({ conclusion: 'error', reason: 'x.' });
    expect(withBrokenRule({ conclusion: 'success', reason: '' }, undefined)).toEqual({ conclusion: 'success', reason: '' });
  });
});

const test_ = (name: string, durationMs?: number): TestResult => ({ name, suite: 'S', status: 'passed', durationMs });
const history = (ms: Record<string, number>): Pick<BaselineRun, 'tests'> => ({
  tests: new Map(Object.entries(ms).map(([name, d]) => [`S\u001f${name}`, { status: 'passed' as const, durationMs: d }])),
});

describe('the duration sections', () => {
  test('no durations: no section; names escaped and redacted', () => {
    expect(slowestLines(judgeDurations([test_('a')], [], {}).durations)).toEqual([]);
    registerSecret('s3cr3t-token-value');
    const { durations } = judgeDurations([test_('<b>x|y</b> s3cr3t-token-value', 1200)], [], {});
    const lines = slowestLines(durations).join('\n');
    expect(lines).toContain('| &lt;b&gt;x&#124;y&lt;/b&gt; &#42;&#42;&#42; | S | 1.2 s |');
    expect(lines).not.toContain('s3cr3t');
    expect(lines).toContain('| Test | Suite | Duration |\n');
  });
  test('slower tests: listed with their change, at most SLOWER_SHOWN, and the rule they break', () => {
    const names = Array.from({ length: SLOWER_SHOWN + 2 }, (_, i) => `t${i}`);
    const earlier = Object.fromEntries(names.map((n) => [n, 1000]));
    const { durations, rule } = judgeDurations(
      names.map((n) => test_(n, 2000)),
      [history(earlier), history(earlier), history(earlier)],
      { slowerThan: { percent: 50, amountMs: 500, text: '50%, 500 ms' }, maxSlower: 3 },
    );
    expect(durations.slower).toHaveLength(SLOWER_SHOWN + 2);
    const lines = slowerLines(durations);
    expect(lines).toContain('| t0 | S | 2.0 s | 1.0 s (3 runs) | +100% (+1.0 s) |');
    expect(lines.filter((l) => l.startsWith('| t'))).toHaveLength(SLOWER_SHOWN);
    expect(lines.at(-1)).toBe('_2 more slower tests not shown: the `slower-tests` output names them._');
    expect(rule?.sentence).toBe(
      `${SLOWER_SHOWN + 2} tests got slower than the median of their earlier durations by more than 50% and 500 ms, more than max-slower (3).`,
    );
    expect(slowerLines(judgeDurations([test_('a', 1)], [], {}).durations)).toEqual([]);
  });
});
