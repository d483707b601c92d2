import { describe, expect, test } from '@jest/globals';
import { parseInputs, readRawInputs } from '../../src/inputs.js';

const raw = (over: Record<string, string>) =>
  readRawInputs(
    (name) =>
      ({ provider: 'testmo', 'api-key': 'k', 'base-url': 'https://acme.testmo.net', run: '42', 'github-token': 't', ...over })[name],
  );

describe('comment and pr-number inputs', () => {
  test('comment: the four modes, any case; empty means off', () => {
    for (const mode of ['off', 'always', 'failures', 'changes']) expect(parseInputs(raw({ comment: mode })).writers.comment).toBe(mode);
    expect(parseInputs(raw({ comment: ' Failures ' })).writers.comment).toBe('failures');
    expect(parseInputs(raw({ comment: '' })).writers.comment).toBe('off');
  });
  test('a bad comment value names the input and the allowed values', () => {
    expect(() => parseInputs(raw({ comment: 'true' }))).toThrow(
      "Input 'comment' must be one of off, always, failures, changes, got 'true'.",
    );
  });
  test("the marker's scope is the provider's stable selector, not the run or build found", () => {
    const scope = (inputs: Record<string, string>) => parseInputs(readRawInputs((name) => inputs[name])).writers.commentScope;
    const testmo = { provider: 'testmo', 'api-key': 'k', 'base-url': 'https://acme.testmo.net' };
    expect(scope({ ...testmo, run: '42' })).toBe('run 42');
    expect(scope({ ...testmo, 'automation-run': 'latest', project: '7' })).toBe('project 7');
    expect(scope({ provider: 'tesults', 'api-key': 'k', target: 'Web (Chrome)', build: 'abc' })).toBe('target Web (Chrome)');
    expect(scope({ provider: 'testomato', 'api-key': 'k', project: 'p1', job: '9' })).toBe('project p1');
    const eggplant = { provider: 'eggplant', 'api-key': 'k', realm: 'r' };
    expect(scope({ ...eggplant, job: 'latest', 'job-template': '6789' })).toBe('job template jobTemplates/6789');
    expect(scope({ ...eggplant, job: '123' })).toBe('job 123');
  });
  test('pr-number: empty, or a whole number from 1', () => {
    expect(parseInputs(raw({ 'pr-number': '' })).writers.prNumber).toBeUndefined();
    expect(parseInputs(raw({ 'pr-number': ' 42 ' })).writers.prNumber).toBe(42);
    for (const bad of ['0', '-3', '4.5', '#12', 'abc', '99999999999999999999']) {
      expect(() => parseInputs(raw({ 'pr-number': bad }))).toThrow(
        `Input 'pr-number' must be a pull request number (a whole number from 1), or empty, got '${bad}'.`,
      );
    }
  });
});
