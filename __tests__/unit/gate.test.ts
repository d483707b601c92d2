import { describe, expect, test } from '@jest/globals';
import { evaluateGate } from '../../src/gate.js';
import { countStatuses, passRate, type Counts } from '../../src/report.js';

const counts = (c: Partial<Counts>): Counts => {
  const base = { passed: 0, failed: 0, skipped: 0, pending: 0, other: 0, ...c };
  return { ...base, total: base.passed + base.failed + base.skipped + base.pending + base.other };
};
const rules = { maxFailures: 0, failOnEmpty: true };

describe('gate', () => {
  test('passes with no failures', () => {
    expect(evaluateGate(counts({ passed: 3 }), rules)).toEqual({ conclusion: 'success', reason: '' });
  });
  test('fails when failures exceed max-failures, and names the rule', () => {
    expect(evaluateGate(counts({ passed: 3, failed: 1 }), rules)).toEqual({
      conclusion: 'failure',
      reason: '1 test failed, more than max-failures (0).',
    });
    expect(evaluateGate(counts({ passed: 3, failed: 2 }), { ...rules, maxFailures: 2 }).conclusion).toBe('success');
    expect(evaluateGate(counts({ passed: 3, failed: 3 }), { ...rules, maxFailures: 2 }).reason).toBe(
      '3 tests failed, more than max-failures (2).',
    );
  });
  test('min-tests: fewer tests than it is a rule of its own, even when every test passed', () => {
    expect(evaluateGate(counts({ passed: 38 }), { ...rules, minTests: 120 })).toEqual({
      conclusion: 'failure',
      reason: '38 tests, fewer than min-tests (120).',
    });
    expect(evaluateGate(counts({ passed: 1 }), { ...rules, minTests: 2 }).reason).toBe('1 test, fewer than min-tests (2).');
    expect(evaluateGate(counts({ passed: 119, skipped: 1 }), { ...rules, minTests: 120 }).conclusion).toBe('success');
    expect(evaluateGate(counts({ passed: 30, failed: 8 }), { ...rules, minTests: 120 }).reason).toBe(
      '38 tests, fewer than min-tests (120); 8 tests failed, more than max-failures (0).',
    );
    // An empty run is named once, by fail-on-empty; without it, min-tests still catches it.
    expect(evaluateGate(counts({}), { ...rules, minTests: 5 }).reason).toBe('The run has no tests (fail-on-empty is true).');
    expect(evaluateGate(counts({}), { ...rules, failOnEmpty: false, minTests: 5 }).reason).toBe('0 tests, fewer than min-tests (5).');
  });
  test('min-pass-rate compares the two-decimal pass rate', () => {
    expect(evaluateGate(counts({ passed: 9, failed: 1 }), { ...rules, maxFailures: 5, minPassRate: 90 }).conclusion).toBe('success');
    expect(evaluateGate(counts({ passed: 8, failed: 1, skipped: 5 }), { ...rules, maxFailures: 5, minPassRate: 90 })).toEqual({
      conclusion: 'failure',
      reason: 'The pass rate 88.89% is below min-pass-rate (90%).',
    });
  });
  test('fail-on-empty', () => {
    expect(evaluateGate(counts({}), rules)).toEqual({ conclusion: 'failure', reason: 'The run has no tests (fail-on-empty is true).' });
    expect(evaluateGate(counts({}), { ...rules, failOnEmpty: false }).conclusion).toBe('success');
  });
  test('every broken rule is named in one sentence', () => {
    expect(evaluateGate(counts({ passed: 1, failed: 3 }), { ...rules, minPassRate: 50 }).reason).toBe(
      '3 tests failed, more than max-failures (0); the pass rate 25.00% is below min-pass-rate (50%).',
    );
  });
});

describe('counts and pass rate', () => {
  test('total is the sum of the five, unlisted pending included', () => {
    const c = countStatuses([{ status: 'passed' }, { status: 'other' }], 4);
    expect(c).toEqual({ total: 6, passed: 1, failed: 0, skipped: 0, pending: 4, other: 1 });
  });
  test('pass rate excludes skipped and is undefined when nothing ran', () => {
    expect(passRate(counts({ passed: 2, failed: 1, skipped: 10 }))).toBe(66.67);
    expect(passRate(counts({ skipped: 3 }))).toBeUndefined();
  });
});

describe('gate with fail-on: new-failures', () => {
  const newOnly = { maxFailures: 0, failOnEmpty: true, failOn: 'new-failures' as const };
  test('still-failing tests are not counted', () => {
    expect(evaluateGate(counts({ passed: 3, failed: 5 }), newOnly, { newFailures: 0, stillFailing: 5 })).toEqual({
      conclusion: 'success',
      reason: '',
    });
  });
  test('one new failure fails it, and the reason says how many were left out', () => {
    expect(evaluateGate(counts({ passed: 3, failed: 6 }), newOnly, { newFailures: 1, stillFailing: 5 })).toEqual({
      conclusion: 'failure',
      reason: '1 new failure, more than max-failures (0) (5 still-failing tests not counted, fail-on is new-failures).',
    });
    expect(evaluateGate(counts({ passed: 3, failed: 3 }), { ...newOnly, maxFailures: 2 }, { newFailures: 3, stillFailing: 0 }).reason).toBe(
      '3 new failures, more than max-failures (2).',
    );
  });
  test('without a comparison every failure is new', () => {
    expect(evaluateGate(counts({ passed: 3, failed: 2 }), newOnly).reason).toBe('2 new failures, more than max-failures (0).');
  });
  test('fail-on: failures ignores the split', () => {
    expect(
      evaluateGate(counts({ passed: 3, failed: 2 }), { ...newOnly, failOn: 'failures' }, { newFailures: 0, stillFailing: 2 }).conclusion,
    ).toBe('failure');
  });
});
