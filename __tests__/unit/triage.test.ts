import { describe, expect, test } from '@jest/globals';
import { parseKnownFailures } from '../../src/analysis/known-failures.js';
import { gateTriage, withKnownFailures } from '../../src/analysis/triage.js';
import { compareRuns, testKey } from '../../src/baseline/compare.js';
import type { BaselineRun } from '../../src/baseline/types.js';
import { InputError } from '../../src/errors.js';
import { evaluateGate } from '../../src/gate.js';
import { parseInputs, readRawInputs } from '../../src/inputs.js';
import { countStatuses, reportFromTests, type TestResult } from '../../src/report.js';
import { renderSummary } from '../../src/render/summary.js';
import { outputValues } from '../../src/writers/outputs.js';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const tests: TestResult[] = [
  { name: 'pays', suite: 'Checkout', status: 'failed', message: 'ECONNRESET' },
  { name: 'vat', suite: 'Checkout', status: 'failed', message: 'expected 119' },
  { name: 'login', suite: 'Auth', status: 'passed' },
  { name: 'logout', suite: 'Auth', status: 'passed' },
];
const report = reportFromTests({ source: 'run 42', notes: [] }, tests);
const run = (id: string, statuses: [TestResult, TestResult['status']][]): BaselineRun => ({
  id,
  label: `run ${id}`,
  tests: new Map(statuses.map(([t, status]) => [testKey(t), { status, name: t.name }])),
  unlisted: 'absent',
});
const rules = { maxFailures: 0, failOnEmpty: true };

describe('known failures and the gate', () => {
  test('known failures are left out of max-failures and min-pass-rate; the counts keep them', () => {
    const comparison = withKnownFailures(report, compareRuns({ tests, label: 'this run' }, { history: [] }), {
      entries: parseKnownFailures('- test: Checkout / pays\n  reason: sandbox'),
      quarantineFlaky: false,
      now: NOW,
    });
    const triage = gateTriage(comparison)!;
    expect(triage).toEqual({ knownFailed: 1, knownNew: 1 });
    expect(evaluateGate(report.counts, rules, comparison, triage).reason).toBe(
      '1 test failed, more than max-failures (0) (1 known failure not counted).',
    );
    // 2 passed of the 3 tests that are not known failures.
    expect(evaluateGate(report.counts, { ...rules, maxFailures: 1, minPassRate: 67 }, comparison, triage).reason).toBe(
      'The pass rate 66.67% is below min-pass-rate (67%).',
    );
    expect(evaluateGate(report.counts, { ...rules, maxFailures: 1, minPassRate: 66 }, comparison, triage).conclusion).toBe('success');
    const outputs = outputValues(
      { ...report, provider: 'testmo', providerLabel: 'Testmo' },
      { conclusion: 'failure', reason: '' },
      {},
      comparison,
    );
    expect(outputs.failed).toBe('2');
    expect(outputs['known-failed']).toBe('1');
    expect(outputs['known-failed-tests']).toBe('["pays"]');
    expect(outputs.missing).toBe('');
    expect(outputs['missing-tests']).toBe('[]');
  });

  test('fail-on new-failures: a known failure is never new; still-failing and known both named as not counted', () => {
    const baseline = run('41', [
      [tests[0]!, 'passed'],
      [tests[1]!, 'failed'],
    ]);
    const comparison = withKnownFailures(report, compareRuns({ tests, label: 'this run' }, { baseline, history: [baseline] }), {
      entries: parseKnownFailures('- test: "*"\n  message: ECONN\n  reason: sandbox'),
      quarantineFlaky: false,
      now: NOW,
    });
    expect(comparison.newFailures).toBe(1);
    const triage = gateTriage(comparison)!;
    expect(triage.knownNew).toBe(1);
    expect(evaluateGate(report.counts, { ...rules, failOn: 'new-failures' }, comparison, triage).conclusion).toBe('success');
    // Two still failing in the baseline's eyes, one of them known: only the other new one counts.
    const more = reportFromTests({ source: 'run 42', notes: [] }, [...tests, { name: 'new one', status: 'failed' }]);
    const c2 = withKnownFailures(more, compareRuns({ tests: more.everyTest(), label: 'this run' }, { baseline, history: [baseline] }), {
      entries: parseKnownFailures('- test: "*"\n  message: ECONN\n  reason: sandbox'),
      quarantineFlaky: false,
      now: NOW,
    });
    expect(evaluateGate(more.counts, { ...rules, failOn: 'new-failures' }, c2, gateTriage(c2)).reason).toBe(
      '1 new failure, more than max-failures (0) (1 still-failing test not counted, fail-on is new-failures; 1 known failure not counted).',
    );
  });

  test('quarantine-flaky: a failed test found flaky is a known failure, with the reason naming the runs', () => {
    const h1 = run('41', [[tests[0]!, 'passed']]);
    const h2 = run('40', [[tests[0]!, 'failed']]);
    const comparison = withKnownFailures(report, compareRuns({ tests, label: 'this run' }, { baseline: h1, history: [h1, h2] }), {
      entries: [],
      quarantineFlaky: true,
      now: NOW,
    });
    expect(comparison.flaky.map((t) => t.name)).toEqual(['pays']);
    expect(comparison.known?.known.map((k) => [k.test.name, k.reason])).toEqual([['pays', 'flaky in the last 3 runs']]);
    // Without quarantine-flaky, nothing is known.
    const off = withKnownFailures(report, compareRuns({ tests, label: 'this run' }, { baseline: h1, history: [h1, h2] }), {
      entries: [],
      quarantineFlaky: false,
      now: NOW,
    });
    expect(off.known).toBeUndefined();
  });

  test('an entry for another source of sources does not apply', () => {
    const entries = parseKnownFailures('- test: Checkout / pays\n  reason: sandbox\n  source: web');
    const base = compareRuns({ tests, label: 'this run' }, { history: [] });
    expect(withKnownFailures(report, base, { entries, quarantineFlaky: false, now: NOW, source: 'api' }).known?.known).toEqual([]);
    expect(withKnownFailures(report, base, { entries, quarantineFlaky: false, now: NOW, source: 'web' }).known?.known).toHaveLength(1);
  });

  test('max-missing: a count or a percentage of the baseline, named with the baseline', () => {
    const baseline = run(
      '41',
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'login', 'logout'].map((n) => [
        { name: n, suite: n.startsWith('log') ? 'Auth' : 'X', status: 'passed' },
        'passed',
      ]),
    );
    const current = tests.filter((t) => t.suite === 'Auth');
    const counts = countStatuses(current);
    const comparison = compareRuns({ tests: current, label: 'this run' }, { baseline, history: [baseline] });
    expect(comparison.missing?.tests).toHaveLength(8);
    const triage = gateTriage(comparison);
    expect(triage?.missing).toEqual({ count: 8, baselineTests: 10, baselineLabel: 'run 41' });
    expect(evaluateGate(counts, rules, comparison, triage).conclusion).toBe('success');
    expect(evaluateGate(counts, { ...rules, maxMissing: { kind: 'count', value: 0 } }, comparison, triage).reason).toBe(
      '8 tests of baseline run 41 are missing (at most 0).',
    );
    expect(evaluateGate(counts, { ...rules, maxMissing: { kind: 'percent', value: 80 } }, comparison, triage).conclusion).toBe('success');
  });

  test('the summary: the success line when every failure is known, and the sections of their own', () => {
    const comparison = withKnownFailures(report, compareRuns({ tests, label: 'this run' }, { history: [] }), {
      entries: parseKnownFailures('- test: "Checkout / *"\n  reason: rebuilt\n- test: Nowhere\n  reason: gone'),
      quarantineFlaky: false,
      now: NOW,
    });
    const md = renderSummary(
      {
        report: { ...report, provider: 'testmo', providerLabel: 'Testmo' },
        verdict: { conclusion: 'success', reason: '' },
        comparison,
        title: 'Test results',
        generatedAt: new Date(NOW),
      },
      { max: 65535, unit: 'chars', whereTheRestIs: 'elsewhere' },
    );
    expect(md).toContain('**Gate passed.** 2 failed, all known.');
    expect(md).toContain('#### Known failures (2)');
    expect(md).not.toContain('#### Failed tests');
    expect(md).toContain('| ❓ matches no test | entry 2 (test &quot;Nowhere&quot;) | |');
  });
});

describe('inputs', () => {
  const raw = (over: Record<string, string>) =>
    readRawInputs((name) => ({ provider: 'testmo', 'api-key': 'k', 'base-url': 'https://acme.testmo.net', run: '42', ...over })[name]);
  test('known-failures: a path, or the list written inline (parsed with the inputs)', () => {
    expect(parseInputs(raw({})).knownFailures).toEqual({ list: { kind: 'none' }, quarantineFlaky: false });
    expect(parseInputs(raw({ 'known-failures': ' .github/known-failures.yml ' })).knownFailures.list).toEqual({
      kind: 'file',
      path: '.github/known-failures.yml',
    });
    const inline = parseInputs(raw({ 'known-failures': '- test: a\n  reason: b' })).knownFailures.list;
    expect(inline.kind === 'inline' && inline.entries.map((e) => e.test)).toEqual(['a']);
    expect(() => parseInputs(raw({ 'known-failures': '- test: a' }))).toThrow(
      new InputError(`Input 'known-failures' entry 1 (test "a"): 'reason' is required.`),
    );
  });
  test('quarantine-flaky needs history; max-missing is a count or a percentage', () => {
    expect(() => parseInputs(raw({ 'quarantine-flaky': 'true' }))).toThrow(/Input 'quarantine-flaky' needs history/);
    expect(parseInputs(raw({ 'quarantine-flaky': 'true', history: '3' })).knownFailures.quarantineFlaky).toBe(true);
    expect(parseInputs(raw({ 'max-missing': '5%' })).gate.maxMissing).toEqual({ kind: 'percent', value: 5 });
    expect(parseInputs(raw({ 'max-missing': '0' })).gate.maxMissing).toEqual({ kind: 'count', value: 0 });
    expect(() => parseInputs(raw({ 'max-missing': 'many' }))).toThrow(/Input 'max-missing' must be a number of tests/);
  });
});
