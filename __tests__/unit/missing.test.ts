import { describe, expect, test } from '@jest/globals';
import { allowedMissing, maxMissingSchema, missingForDisplay, missingGateReason, missingTests } from '../../src/analysis/missing.js';
import { testKey } from '../../src/baseline/compare.js';
import type { BaselineRun, BaselineTest } from '../../src/baseline/types.js';
import type { TestResult } from '../../src/report.js';

function baseline(tests: [string, BaselineTest][], unlisted: BaselineRun['unlisted'] = 'absent'): Pick<BaselineRun, 'tests' | 'unlisted'> {
  return { tests: new Map(tests), unlisted };
}
const keysOf = (tests: Pick<TestResult, 'key' | 'suite' | 'name'>[]) => new Set(tests.map(testKey));

describe('missingTests', () => {
  test('2 of 10 baseline tests missing, sorted by name; skipped, failed and pending tests now are present', () => {
    const names = ['j', 'b', 'h', 'a', 'c', 'd', 'e', 'f', 'g', 'i'];
    const base = baseline(names.map((n) => [testKey({ name: n }), { status: 'passed', name: n }]));
    const current: TestResult[] = names
      .filter((n) => n !== 'h' && n !== 'b')
      .map((name, i) => ({ name, status: (['passed', 'skipped', 'failed', 'pending'] as const)[i % 4]! }));
    const result = missingTests(base, keysOf(current));
    expect(result.tests.map((t) => t.name)).toEqual(['b', 'h']);
    expect(result.baselineTests).toBe(10);
    expect(result.complete).toBe(true);
  });

  test('a Testmo case renamed keeps its identity (case id): not missing', () => {
    const base = baseline([
      ['case:101', { status: 'passed', name: 'Login works' }],
      ['case:102', { status: 'failed', name: 'Checkout' }],
    ]);
    const current: TestResult[] = [
      { key: 'case:101', name: 'Login works with SSO', status: 'passed' },
      { key: 'case:103', name: 'Checkout', status: 'passed' },
    ];
    expect(missingTests(base, keysOf(current)).tests).toEqual([{ key: 'case:102', name: 'Checkout' }]);
  });

  test('automation tests by folder and name: the same name in another folder is another test', () => {
    const base = baseline([[testKey({ suite: 'api', name: 'health' }), { status: 'passed', name: 'health' }]]);
    expect(missingTests(base, keysOf([{ suite: 'web', name: 'health' }])).tests.map((t) => t.name)).toEqual(['health']);
    expect(missingTests(base, keysOf([{ suite: 'api', name: 'health' }])).tests).toEqual([]);
  });

  test('a baseline test without a name shows its key; ties by name sort by key; a lower bound when passed tests are unlisted', () => {
    const base = baseline(
      [
        ['k2', { status: 'failed', name: 'same' }],
        ['k1', { status: 'failed', name: 'same' }],
        ['zz-key', { status: 'failed' }],
      ],
      'passed',
    );
    const result = missingTests(base, new Set());
    expect(result.tests).toEqual([
      { key: 'k1', name: 'same' },
      { key: 'k2', name: 'same' },
      { key: 'zz-key', name: 'zz-key' },
    ]);
    expect(result.complete).toBe(false);
  });

  test('display: the first 50 by name, then how many more', () => {
    const tests = Array.from({ length: 53 }, (_, i) => ({ key: `${i}`, name: `t${String(i).padStart(2, '0')}` }));
    const shown = missingForDisplay(tests);
    expect(shown.shown).toHaveLength(50);
    expect(shown.shown[49]!.name).toBe('t49');
    expect(shown.more).toBe(3);
    expect(missingForDisplay(tests.slice(0, 2))).toEqual({ shown: tests.slice(0, 2), more: 0 });
  });
});

describe('max-missing', () => {
  const parse = (v: string) => maxMissingSchema.parse(v);
  const problem = (v: string) => {
    const r = maxMissingSchema.safeParse(v);
    if (r.success) throw new Error(`parsed ${v}`);
    return r.error.issues[0]!.message;
  };

  test('parses empty, a count and a percentage', () => {
    expect(parse('')).toBeUndefined();
    expect(parse('  ')).toBeUndefined();
    expect(parse('0')).toEqual({ kind: 'count', value: 0 });
    expect(parse(' 12 ')).toEqual({ kind: 'count', value: 12 });
    expect(parse('5%')).toEqual({ kind: 'percent', value: 5 });
    expect(parse('2.5 %')).toEqual({ kind: 'percent', value: 2.5 });
    expect(parse('100%')).toEqual({ kind: 'percent', value: 100 });
  });

  test.each(['-1', '1.5', 'five', '101%', '%', '5%%', '1e3', '99999999999999999999'])('refuses %p with what to write', (v) => {
    expect(problem(v)).toBe(`must be a number of tests (0) or a percentage of the baseline's tests (5%), or empty, got '${v}'`);
  });

  test('the gate reason, in the contract’s words', () => {
    expect(missingGateReason(12, 40, { kind: 'count', value: 0 }, 'run 41')).toBe('12 tests of baseline run 41 are missing (at most 0)');
    expect(missingGateReason(1, 40, { kind: 'count', value: 0 }, 'build 1.4.2')).toBe(
      '1 test of baseline build 1.4.2 is missing (at most 0)',
    );
    expect(missingGateReason(2, 10, { kind: 'count', value: 2 }, 'run 41')).toBeUndefined();
    expect(missingGateReason(0, 10, { kind: 'count', value: 0 }, 'run 41')).toBeUndefined();
  });

  test('a percentage of the baseline’s tests: 2 of 10 missing passes at 25%, fails at 10% and at 0', () => {
    expect(missingGateReason(2, 10, { kind: 'percent', value: 25 }, 'run 41')).toBeUndefined();
    expect(missingGateReason(2, 10, { kind: 'percent', value: 20 }, 'run 41')).toBeUndefined();
    expect(missingGateReason(2, 10, { kind: 'percent', value: 10 }, 'run 41')).toBe(
      '2 tests of baseline run 41 are missing (at most 10%: 1 of 10)',
    );
    expect(missingGateReason(2, 10, { kind: 'count', value: 0 }, 'run 41')).toBe('2 tests of baseline run 41 are missing (at most 0)');
    // Rounds down: 5% of 30 is 1.5, so 1 is allowed and 2 is not.
    expect(allowedMissing({ kind: 'percent', value: 5 }, 30)).toBe(1);
    expect(allowedMissing({ kind: 'percent', value: 10 }, 30)).toBe(3);
    expect(allowedMissing({ kind: 'percent', value: 0 }, 30)).toBe(0);
  });
});
