import { describe, expect, test } from '@jest/globals';
import { compactTest } from '../../src/baseline/compact.js';
import {
  compareRuns,
  directionChanges,
  historyRunWasOutage,
  isNewFailure,
  passRateOf,
  testKey,
  withoutBaseline,
} from '../../src/baseline/compare.js';
import type { BaselineRun, BaselineRuns, BaselineTest } from '../../src/baseline/types.js';
import { passRate, type ProviderReport, type TestResult, type TestStatus } from '../../src/report.js';
import { compareWithBaseline } from '../../src/baseline/read.js';
import { registerSecret } from '../../src/secrets.js';

const t = (name: string, status: TestStatus, extra: Partial<TestResult> = {}): TestResult => ({ name, status, ...extra });

function run(id: string, tests: Record<string, TestStatus>, unlisted: BaselineRun['unlisted'] = 'absent'): BaselineRun {
  return {
    id,
    label: `run ${id}`,
    tests: new Map(Object.entries(tests).map(([key, status]) => [key, { status, name: key }])),
    unlisted,
    passRate: passRateOf(Object.values(tests)),
  };
}
const k = (name: string, suite?: string) => testKey({ name, suite });
const baselineOnly = (r: BaselineRun): BaselineRuns => ({ baseline: r, history: [] });

describe('classification against the baseline', () => {
  test('new failure, still failing and fixed, by identity key', () => {
    const current = [t('a', 'failed'), t('b', 'failed'), t('c', 'passed'), t('d', 'passed'), t('e', 'failed')];
    const base = run('41', { [k('a')]: 'failed', [k('b')]: 'passed', [k('c')]: 'failed', [k('d')]: 'passed', [k('e')]: 'other' });
    const c = compareRuns({ tests: current, label: 'run 42' }, baselineOnly(base));
    expect(c.baseline).toEqual({ id: '41', label: 'run 41', url: undefined });
    expect(c.newFailures).toBe(2);
    expect(c.stillFailing).toBe(1);
    expect([...c.stillFailingKeys]).toEqual([k('a')]);
    expect(c.fixed.map((f) => f.name)).toEqual(['c']);
    expect(current.filter((x) => x.status === 'failed' && isNewFailure(c, x)).map((x) => x.name)).toEqual(['b', 'e']);
    expect(c.flaky).toEqual([]);
    expect(c.trend).toEqual([]);
  });

  test('a test new in this run that fails is a new failure; one that disappeared is neither fixed nor failing', () => {
    const current = [t('new one', 'failed'), t('kept', 'passed')];
    const base = run('41', { [k('gone')]: 'failed', [k('kept')]: 'passed' });
    const c = compareRuns({ tests: current, label: 'now' }, baselineOnly(base));
    expect(c.newFailures).toBe(1);
    expect(c.stillFailing).toBe(0);
    expect(c.fixed).toEqual([]);
  });

  test('the provider key matches a renamed test; without a key a renamed test is a different test', () => {
    const base = run('41', { 'case:7': 'failed', [k('old name', 'S')]: 'failed' });
    const current = [t('new name', 'failed', { key: 'case:7' }), t('renamed', 'failed', { suite: 'S' })];
    const c = compareRuns({ tests: current, label: 'now' }, baselineOnly(base));
    expect(c.stillFailing).toBe(1);
    expect(c.newFailures).toBe(1);
    expect(isNewFailure(c, current[0]!)).toBe(false);
    expect(isNewFailure(c, current[1]!)).toBe(true);
  });

  test('suite is part of the fallback identity', () => {
    const base = run('41', { [k('login', 'Web')]: 'failed' });
    const c = compareRuns({ tests: [t('login', 'failed', { suite: 'Mobile' })], label: 'now' }, baselineOnly(base));
    expect(c.newFailures).toBe(1);
  });

  test('a baseline read as its non-passed tests only counts unlisted tests as passed', () => {
    const base = run('41', { [k('a')]: 'failed' }, 'passed');
    const c = compareRuns({ tests: [t('a', 'passed'), t('b', 'failed')], label: 'now' }, baselineOnly(base));
    expect(c.fixed.map((f) => f.name)).toEqual(['a']);
    expect(c.newFailures).toBe(1);
  });

  test('no baseline: every failure is new, with the reason given', () => {
    const c = compareRuns({ tests: [t('a', 'failed'), t('b', 'failed')], label: 'now' }, { history: [], none: 'No earlier run' });
    expect(c.baseline).toBeUndefined();
    expect(c.noBaseline).toBe('No earlier run');
    expect(c.newFailures).toBe(2);
    expect(withoutBaseline('none', 3)).toMatchObject({ newFailures: 3, stillFailing: 0, fixed: [], flaky: [] });
  });
});

describe('flaky tests and the trend', () => {
  test('direction changes count only passed and failed', () => {
    expect(directionChanges(['passed', 'failed'])).toBe(1);
    expect(directionChanges(['failed', 'passed', 'failed'])).toBe(2);
    expect(directionChanges(['passed', 'skipped', 'failed', undefined, 'passed'])).toBe(2);
    expect(directionChanges(['failed', 'failed', 'passed', 'passed'])).toBe(1);
    expect(directionChanges(['other', 'failed', 'other', 'failed'])).toBe(0);
  });

  test('flaky: changed direction at least twice over history and now; one change is a fix or a new failure', () => {
    // history newest first: 41, 40, 39.
    const r41 = run('41', { [k('flip')]: 'passed', [k('once')]: 'passed', [k('steady')]: 'failed', [k('back')]: 'failed' });
    const r40 = run('40', { [k('flip')]: 'failed', [k('once')]: 'passed', [k('steady')]: 'failed', [k('back')]: 'passed' });
    const r39 = run('39', { [k('flip')]: 'passed', [k('once')]: 'passed', [k('steady')]: 'failed', [k('back')]: 'passed' });
    const current = [t('flip', 'failed'), t('once', 'failed'), t('steady', 'failed'), t('back', 'passed')];
    const c = compareRuns({ tests: current, label: 'run 42', passRate: 25 }, { baseline: r41, history: [r41, r40, r39] });
    // flip: P F P F (3 changes); back: P P F P (2 changes); once: P P P F (1); steady: none.
    expect(c.flaky.map((f) => f.name)).toEqual(['flip', 'back']);
    expect(c.newFailures).toBe(2);
    expect(c.stillFailing).toBe(1);
    expect(c.fixed.map((f) => f.name)).toEqual(['back']);
    expect(c.trend.map((p) => [p.label, p.passRate])).toEqual([
      ['run 39', 75],
      ['run 40', 50],
      ['run 41', 50],
      ['run 42', 25],
    ]);
  });

  test('a test absent from some earlier runs is judged on the runs it was in', () => {
    const r41 = run('41', { [k('x')]: 'failed' });
    const r40 = run('40', {});
    const r39 = run('39', { [k('x')]: 'passed' });
    const c = compareRuns({ tests: [t('x', 'passed')], label: 'now' }, { baseline: r41, history: [r41, r40, r39] });
    expect(c.flaky.map((f) => f.name)).toEqual(['x']);
  });

  test('pass rate skips skipped tests', () => {
    expect(passRateOf(['passed', 'failed', 'skipped', 'passed'])).toBe(66.67);
    expect(passRateOf(['skipped'])).toBeUndefined();
  });
});

describe('failure causes against the baseline and history', () => {
  const failedWith = (cause: string | undefined): BaselineTest => ({ status: 'failed', cause });

  test('a still-failing test whose cause changed is marked; same cause, unknown cause and new failures are not', () => {
    const base: BaselineRun = {
      id: '41',
      label: 'run 41',
      unlisted: 'absent',
      tests: new Map<string, BaselineTest>([
        [k('changed'), failedWith('connect ECONNREFUSED <n>.<n>.<n>.<n>:<n>')],
        [k('same'), failedWith('expected <n> to be <n>')],
        [k('unknown'), failedWith(undefined)],
        [k('was passing'), { status: 'passed' as const }],
      ]),
    };
    const current = [
      t('changed', 'failed', { message: 'AssertionError: expected 3 to equal 4\n  at x.test.ts:3:1' }),
      t('same', 'failed', { message: 'expected 1 to be 2' }),
      t('unknown', 'failed', { message: 'boom' }),
      t('was passing', 'failed', { message: 'boom' }),
    ];
    const c = compareRuns({ tests: current, label: 'now' }, baselineOnly(base));
    expect([...c.newErrorKeys!]).toEqual([k('changed')]);
    // Reported, not counted as new.
    expect(c.newFailures).toBe(1);
    expect(c.stillFailing).toBe(3);
    expect(withoutBaseline('none', 2).newErrorKeys?.size).toBe(0);
  });

  test('a history run that was a likely outage is left out of flaky detection, not of the trend', () => {
    const tests = (statusOfX: TestStatus, outage: boolean): BaselineRun['tests'] => {
      const map: BaselineRun['tests'] = new Map([[k('x'), statusOfX === 'failed' ? failedWith('ECONNREFUSED') : { status: statusOfX }]]);
      for (let i = 0; i < 9; i++) map.set(k(`other ${i}`), outage ? failedWith('ECONNREFUSED') : { status: 'passed' });
      return map;
    };
    // x: passed in 41, failed in 40 with everything else (staging down), passed in 39; fails now.
    const r41: BaselineRun = { id: '41', label: 'run 41', unlisted: 'absent', tests: tests('passed', false) };
    const r40: BaselineRun = { id: '40', label: 'run 40', unlisted: 'absent', tests: tests('failed', true), passRate: 0 };
    const r39: BaselineRun = { id: '39', label: 'run 39', unlisted: 'absent', tests: tests('passed', false) };
    const history = { baseline: r41, history: [r41, r40, r39] };
    const current = [t('x', 'failed', { message: 'expected 1 to be 2' })];

    const judged = compareRuns({ tests: current, label: 'now' }, history, { outageThreshold: 80 });
    expect(judged.outageRuns).toEqual(['run 40']);
    // Without run 40: P P F is one change, a new failure, not flakiness.
    expect(judged.flaky).toEqual([]);
    expect(judged.trend.map((p) => p.label)).toEqual(['run 39', 'run 40', 'run 41', 'now']);

    // outage-threshold 0: never an outage, and P F P F is flaky.
    const never = compareRuns({ tests: current, label: 'now' }, history, { outageThreshold: 0 });
    expect(never.outageRuns).toEqual([]);
    expect(never.flaky.map((f) => f.name)).toEqual(['x']);
  });

  test('a run listing only its failures is judged against its whole test count', () => {
    const failures: BaselineRun['tests'] = new Map(Array.from({ length: 10 }, (_, i) => [k(`f${i}`), failedWith('ECONNREFUSED')]));
    const partial: BaselineRun = { id: '1', label: 'run 1', unlisted: 'passed', tests: failures, testCount: 100 };
    expect(historyRunWasOutage(partial, 80)).toBe(false);
    expect(historyRunWasOutage({ ...partial, testCount: undefined }, 80)).toBe(true);
  });
});

describe('compactTest: what a baseline keeps of a test', () => {
  test('a failed test’s cause from its message, redacted first; passed tests keep none; the message is not kept', () => {
    registerSecret('s3cr3t-token-value');
    const failed = compactTest({ name: 'a', status: 'failed', message: 'GET /x?token=s3cr3t-token-value failed after 301 ms\nstack' });
    expect(failed).toEqual({ status: 'failed', name: 'a', cause: 'GET /x?token=*** failed after <n> ms' });
    expect(compactTest({ name: 'b', status: 'failed' }, false)).toEqual({ status: 'failed', cause: '(no message)' });
    expect(compactTest({ name: 'c', status: 'passed', message: 'ok' })).toEqual({ status: 'passed', name: 'c' });
  });
});

describe('nothing earlier found', () => {
  test('the same comparison as a pass over the tests would give, without reading them', () => {
    const tests = [t('a', 'failed'), t('b', 'passed'), t('c', 'failed')];
    let reads = 0;
    const report = {
      needsAttention: tests.filter((x) => x.status === 'failed'),
      counts: { total: 3, passed: 1, failed: 2, skipped: 0, pending: 0, other: 0 },
      *everyTest() {
        reads++;
        yield* tests;
      },
    } as unknown as ProviderReport;
    for (const found of [{ history: [] }, { history: [], none: 'No baseline: this is the first run of its source.' }] as BaselineRuns[]) {
      const shortcut = compareWithBaseline(report, { found });
      const full = compareRuns({ tests, passRate: passRate(report.counts), label: 'this run' }, found);
      expect(shortcut).toEqual({ ...full, baseline: undefined });
    }
    expect(reads).toBe(0);
  });
});
