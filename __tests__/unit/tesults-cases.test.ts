import { describe, expect, test } from '@jest/globals';
import { caseToTest, mergeRuns, reasonText } from '../../src/providers/tesults/cases.js';

describe('Tesults case mapping', () => {
  test.each(['timedOut', 'interrupted', 'failed', 'error', 'broken', 'TIMEDOUT', 'Broken'])('unknown + rawResult %s → failed', (raw) => {
    const t = caseToTest({ name: 'a', result: 'unknown', rawResult: raw, reason: 'why' });
    expect(t).toMatchObject({ status: 'failed', message: `${raw}: why`, rawStatus: raw });
  });
  test('unknown without such a word stays skipped; pass and fail as they are', () => {
    expect(caseToTest({ name: 'a', result: 'unknown', rawResult: 'skipped' }).status).toBe('skipped');
    expect(caseToTest({ name: 'a', result: 'unknown' }).status).toBe('skipped');
    expect(caseToTest({ name: 'a', result: 'pass', rawResult: 'failed' }).status).toBe('passed');
    expect(caseToTest({ name: 'a', result: 'fail' }).status).toBe('failed');
    expect(caseToTest({ name: 'a', result: 'weird' }).status).toBe('other');
  });
  test.each(['skipped', 'pending', 'todo', 'disabled', 'Skipped', 'TODO'])('pass + rawResult %s (did not run) → skipped', (raw) => {
    expect(caseToTest({ name: 'a', result: 'pass', rawResult: raw })).toMatchObject({ status: 'skipped', rawStatus: raw });
  });
  test('pass + rawResult passed stays passed', () => {
    expect(caseToTest({ name: 'a', result: 'pass', rawResult: 'passed' }).status).toBe('passed');
  });
  test('reason: any JSON value as text', () => {
    expect(reasonText({ a: 1 })).toBe('{"a":1}');
    expect(reasonText([1])).toBe('[1]');
    expect(reasonText(0)).toBe('0');
    expect(reasonText('  ')).toBeUndefined();
    expect(reasonText(null)).toBeUndefined();
  });
  test('runs merged: each test once with the result of the latest run; duplicates within a run stay', () => {
    const merged = mergeRuns([
      {
        created_time: 2,
        cases: [
          { name: 'x', suite: 's', result: 'pass' },
          { name: '1.0', suite: '[build]', result: 'pass' },
        ],
      },
      {
        created_time: 1,
        cases: [
          { name: 'x', suite: 's', result: 'fail' },
          { name: 'y', suite: 's', result: 'fail' },
          { name: 'y', suite: 's', result: 'pass' },
          { name: '1.0', suite: '[build]', result: 'pass' },
        ],
      },
    ]);
    expect(merged.tests.map((t) => `${t.name}:${t.status}`)).toEqual(['x:passed', 'y:failed', 'y:passed']);
    expect(merged.notes).toEqual(['Build: 1.0 (pass)']);
  });
});
