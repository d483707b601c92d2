import { describe, expect, test } from '@jest/globals';
import { INPUT_DEFAULTS, parseInputs, type RawInputs } from '../../src/inputs.js';
import { actionInputs } from '../../test-support/run-action.mjs';

const raw = (over: Partial<RawInputs>): RawInputs =>
  ({
    ...Object.fromEntries(Object.keys(actionInputs()).map((name) => [name, ''])),
    ...INPUT_DEFAULTS,
    provider: 'testmo',
    'api-key': 'k',
    'base-url': 'https://acme.testmo.net',
    run: '42',
    'github-token': 't',
    ...over,
  }) as RawInputs;

describe('comment and pr-number inputs', () => {
  test('comment: the four modes, any case; empty means off', () => {
    for (const mode of ['off', 'always', 'failures', 'changes']) expect(parseInputs(raw({ comment: mode })).comment).toBe(mode);
    expect(parseInputs(raw({ comment: ' Failures ' })).comment).toBe('failures');
    expect(parseInputs(raw({ comment: '' })).comment).toBe('off');
  });
  test('a bad comment value names the input and the allowed values', () => {
    expect(() => parseInputs(raw({ comment: 'true' }))).toThrow(
      "Input 'comment' must be one of off, always, failures, changes, got 'true'.",
    );
  });
  test('pr-number: empty, or a whole number from 1', () => {
    expect(parseInputs(raw({ 'pr-number': '' })).prNumber).toBeUndefined();
    expect(parseInputs(raw({ 'pr-number': ' 42 ' })).prNumber).toBe(42);
    for (const bad of ['0', '-3', '4.5', '#12', 'abc', '99999999999999999999']) {
      expect(() => parseInputs(raw({ 'pr-number': bad }))).toThrow(
        `Input 'pr-number' must be a pull request number (a whole number from 1), or empty, got '${bad}'.`,
      );
    }
  });
});
