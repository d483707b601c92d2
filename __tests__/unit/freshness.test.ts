import { describe, expect, test } from '@jest/globals';
import { formatAge, parseMaxAge, staleReason } from '../../src/freshness.js';
import { parseInputs, readRawInputs } from '../../src/inputs.js';

const NOW = Date.parse('2026-11-23T12:00:00Z');
const HOUR = 3_600_000;

describe('max-age parsing', () => {
  test.each([
    ['3600', 3600, '3600 s'],
    ['90m', 5400, '90m'],
    ['6h', 21_600, '6h'],
    ['2d', 172_800, '2d'],
    [' 6H ', 21_600, '6h'],
    ['45s', 45, '45s'],
  ])('%j is %d seconds, shown as %j', (value, seconds, text) => {
    expect(parseMaxAge(value)).toEqual({ seconds, text });
  });
  test('empty means any age', () => {
    expect(parseMaxAge('')).toBeUndefined();
    expect(parseMaxAge('  ')).toBeUndefined();
  });
  test.each(['0', '0h', '6 hours', '1.5h', '-1', 'h', '6w', '400d'])('%j is refused', (value) => {
    expect(parseMaxAge(value)).toEqual({ problem: expect.stringContaining(`got '${value}'`) });
  });
  test('a bad max-age is an input error naming the input', () => {
    const raw = readRawInputs(
      (name) => ({ provider: 'testmo', 'api-key': 'k', 'base-url': 'https://a.testmo.net', run: '1', 'max-age': '6 hours' })[name],
    );
    expect(() => parseInputs(raw)).toThrow("Input 'max-age' must be seconds or a number with m, h or d");
  });
  test('a good one lands in the gate rules', () => {
    const raw = readRawInputs(
      (name) => ({ provider: 'testmo', 'api-key': 'k', 'base-url': 'https://a.testmo.net', run: '1', 'max-age': '90m' })[name],
    );
    expect(parseInputs(raw).gate.maxAge).toEqual({ seconds: 5400, text: '90m' });
  });
});

describe('freshness (fake clock)', () => {
  const sixHours = { seconds: 6 * 3600, text: '6h' };
  test('no max-age: any age is fine, even unknown', () => {
    expect(staleReason({ what: 'run 42', createdAt: NOW - 400 * 24 * HOUR }, undefined, NOW)).toBeUndefined();
    expect(staleReason({ what: 'run 42' }, undefined, NOW)).toBeUndefined();
  });
  test('created within max-age, at exactly max-age, or in the future (clock skew): fresh', () => {
    expect(staleReason({ what: 'run 42', createdAt: NOW - HOUR }, sixHours, NOW)).toBeUndefined();
    expect(staleReason({ what: 'run 42', createdAt: NOW - 6 * HOUR }, sixHours, NOW)).toBeUndefined();
    expect(staleReason({ what: 'run 42', createdAt: NOW + 60_000 }, sixHours, NOW)).toBeUndefined();
  });
  test('older than max-age: stale, saying its age', () => {
    expect(staleReason({ what: 'run 42', createdAt: NOW - 3 * 24 * HOUR - 5 * HOUR }, sixHours, NOW)).toBe(
      'run 42 was created 3 d ago, more than max-age 6h (stale).',
    );
    expect(staleReason({ what: 'run 42', createdAt: NOW - 6 * HOUR - 1000 }, sixHours, NOW)).toBe(
      'run 42 was created 6 h ago, more than max-age 6h (stale).',
    );
  });
  test('unknown creation time with a max-age: cannot be shown fresh', () => {
    expect(staleReason({ what: 'job 7' }, sixHours, NOW)).toBe(
      'max-age 6h is set, but the provider did not say when job 7 was created, so it cannot be shown to be fresh.',
    );
    expect(staleReason({ what: 'job 7', createdAt: Number.NaN }, sixHours, NOW)).toMatch(/cannot be shown to be fresh/);
  });
  test.each([
    [59_000, '59 s'],
    [119_000, '119 s'],
    [120_000, '2 min'],
    [119 * 60_000, '119 min'],
    [2 * HOUR, '2 h'],
    [47 * HOUR, '47 h'],
    [48 * HOUR, '2 d'],
    [-5000, '0 s'],
  ])('an age of %d ms reads %j', (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });
});
