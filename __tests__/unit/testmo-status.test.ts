import { describe, expect, test } from '@jest/globals';
import { LatestResults, mapTestmoStatus } from '../../src/providers/testmo/results.js';

describe('Testmo status mapping', () => {
  test.each([
    [{ id: 2, name: 'Passed', is_passed: true }, 'passed'],
    [{ id: 3, name: 'Failed', is_failed: true }, 'failed'],
    [{ id: 1, name: 'Untested', is_untested: true }, 'pending'],
    [{ id: 6, name: 'Skipped' }, 'skipped'],
    [{ id: 5, name: 'Blocked' }, 'other'],
    [{ id: 4, name: 'Retest' }, 'other'],
    [{ id: 9, name: 'Flaky pass', is_passed: true }, 'passed'],
    [{ id: 10, name: 'Needs review' }, 'other'],
  ])('%j → %s', (status, expected) => {
    expect(mapTestmoStatus(status)).toBe(expected);
  });
  test('an unknown status id is other', () => {
    expect(mapTestmoStatus(undefined)).toBe('other');
  });
});

describe('latest result per test', () => {
  const statuses = new Map([
    [2, { id: 2, name: 'Passed', is_passed: true }],
    [3, { id: 3, name: 'Failed', is_failed: true }],
  ]);
  const r = (id: number, test_id: number, status_id: number, is_latest?: boolean) => ({
    id,
    test_id,
    case_id: 100 + test_id,
    status_id,
    is_latest,
    note: '<p>n</p>',
    elapsed: 2_000_000,
  });

  test('keeps only the latest, whatever order results arrive in, and counts duplicates once', () => {
    const latest = new LatestResults(statuses);
    latest.add(r(5, 1, 3, false));
    latest.add(r(9, 1, 2, true));
    latest.add(r(7, 2, 2));
    latest.add(r(8, 2, 3));
    latest.add(r(6, 2, 2));
    latest.add(r(9, 1, 2, true));
    expect(latest.duplicates).toBe(1);
    const cases = { name: (id: number) => (id === 101 ? 'One' : undefined), suite: (id: number) => (id === 101 ? 'S' : undefined) };
    expect(latest.counts(3)).toEqual({ total: 5, passed: 1, failed: 1, skipped: 0, pending: 3, other: 0 });
    expect(latest.needsAttention(cases)).toEqual([
      { name: 'Case 102', suite: undefined, status: 'failed', rawStatus: 'Failed', durationMs: 2000, message: 'n', key: 'case:102' },
    ]);
    expect([...latest.every(cases)]).toEqual([
      { name: 'One', suite: 'S', status: 'passed', rawStatus: 'Passed', durationMs: 2000, message: undefined, key: 'case:101' },
      { name: 'Case 102', suite: undefined, status: 'failed', rawStatus: 'Failed', durationMs: 2000, message: 'n', key: 'case:102' },
    ]);
  });
});
