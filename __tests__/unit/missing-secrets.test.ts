import { describe, expect, test } from '@jest/globals';
import { mergeQueueNote } from '../../src/github/event.js';
import { parseInputs, readRawInputs } from '../../src/inputs.js';
import { credentialsSkip, decideStepCredentials, NO_EVENT, type CredentialEvent } from '../../src/missing-secrets.js';
import { renderSkippedSummary, skippedOutputValues } from '../../src/writers/skipped.js';

const FORK = { name: 'pull_request', secretsWithheld: true, withheldWhy: 'the pull request comes from someone/shop, not from octo/shop' };
const PUSH = { name: 'push', secretsWithheld: false };
const empty = (input = 'api-key') => ({ empty: true, input, hint: 'for testmo, an API token' });
const present = { empty: false, input: 'api-key', hint: 'for testmo, an API token' };

/** What the step does with one run's inputs: the skip reason, undefined to go on, or the input error. */
const judge = (inputs: Record<string, string>, event: CredentialEvent = NO_EVENT) =>
  credentialsSkip([{ label: '', settings: parseInputs(inputs) }], event);
const raw = (over: Record<string, string>) =>
  readRawInputs((name) => ({ provider: 'testmo', 'base-url': 'https://acme.testmo.net', run: '42', ...over })[name]);

describe('the step’s credential decision', () => {
  test('skip only when every credential is empty on a withheld run with missing-secrets: skip', () => {
    expect(decideStepCredentials('skip', FORK, [empty()])).toMatchObject({ action: 'skip' });
    expect(decideStepCredentials('skip', FORK, [empty(), empty()])).toMatchObject({ action: 'skip' });
    expect(decideStepCredentials('skip', FORK, [present])).toEqual({ action: 'proceed' });
  });

  test('one empty credential beside one that is set: an input error, never a skip', () => {
    const decision = decideStepCredentials('skip', FORK, [present, empty()]);
    expect(decision.action).toBe('input-error');
    expect(decision).toMatchObject({ message: expect.stringContaining('only when every credential is empty') });
  });

  test('fail, or an event whose secrets are not withheld: an empty credential is an input error', () => {
    expect(decideStepCredentials('fail', FORK, [empty()]).action).toBe('input-error');
    expect(decideStepCredentials('skip', PUSH, [empty()]).action).toBe('input-error');
    expect(decideStepCredentials('fail', NO_EVENT, [present])).toEqual({ action: 'proceed' });
  });
});

describe('the credential judged after parseInputs (missing-secrets)', () => {
  test('default fail: an empty api-key is an input error naming both ways out', () => {
    expect(() => judge(raw({}))).toThrow(/^Input 'api-key' is required: for testmo, an API token from your Testmo profile\. /);
    expect(() => judge(raw({}), FORK)).toThrow(/withholds secrets .* set missing-secrets: skip .* workflow_run/);
  });

  test('skip on a withheld run with an empty api-key: the reason to skip, with why', () => {
    expect(judge(raw({ 'missing-secrets': 'skip' }), FORK)).toMatch(/^Skipped: GitHub withholds secrets .*someone\/shop/);
  });

  test('skip with the credential set: not skipped, whatever the event', () => {
    expect(judge(raw({ 'missing-secrets': 'skip', 'api-key': 'k' }), FORK)).toBeUndefined();
  });

  test('every other input is checked first: a typo is still its own error on a withheld run', () => {
    expect(() => judge(raw({ 'missing-secrets': 'skip', run: 'abc' }), FORK)).toThrow("Input 'run' must be a Testmo test run id");
    expect(() => judge(raw({ 'missing-secrets': 'skip', budgets: 'x <= 1' }), FORK)).toThrow("Input 'budgets'");
    expect(() => judge(raw({ 'missing-secrets': 'maybe' }), FORK)).toThrow("Input 'missing-secrets' must be fail or skip");
  });

  test('Eggplant: a client-id alone (a variable) with the secret withheld is an empty credential; a secret alone is a mistake', () => {
    const eggplant = (over: Record<string, string>) =>
      readRawInputs((name) => ({ provider: 'eggplant', realm: 'acme', job: '1', 'missing-secrets': 'skip', ...over })[name]);
    expect(judge(eggplant({ 'client-id': 'id' }), FORK)).toBeDefined();
    expect(() => judge(eggplant({ 'client-id': 'id' }), PUSH)).toThrow("Input 'client-secret' is required");
    expect(() => judge(eggplant({ 'client-secret': 's' }), FORK)).toThrow("Input 'client-id' is required for eggplant with client-secret");
    expect(judge(eggplant({ 'client-id': 'id', 'client-secret': 's' }), FORK)).toBeUndefined();
  });
});

describe('several runs (sources)', () => {
  test('skipped only when every run’s credential is empty; one set beside an empty one is an input error', () => {
    const entry = (label: string, over: Record<string, string>) => ({
      label,
      settings: parseInputs(raw({ 'missing-secrets': 'skip', ...over })),
    });
    expect(credentialsSkip([entry('a', {}), entry('b', {})], FORK)).toMatch(/^Skipped/);
    expect(() => credentialsSkip([entry('a', { 'api-key': 'k' }), entry('b', {})], FORK)).toThrow('only when every credential is empty');
    // Where an empty credential is an error anyway, the error names the entry.
    expect(() => credentialsSkip([entry('a', { 'api-key': 'k' }), entry('b', {})], PUSH)).toThrow(
      /^Input 'sources' entry 2 \("b"\): Input 'api-key' is required/,
    );
  });
});

describe('what a skipped step writes', () => {
  test('outputs: conclusion skipped, counts empty (nothing was counted), lists []', () => {
    const outputs = skippedOutputValues({ provider: 'testmo', providerLabel: 'Testmo' });
    expect(outputs).toMatchObject({ conclusion: 'skipped', total: '', failed: '', 'pass-rate': '', 'failed-tests': '[]', 'run-id': '' });
  });

  test('summary: why, no table of counts, the workflow_run recipe; text is escaped', () => {
    const md = renderSkippedSummary('Gate <b>', { provider: 'testmo', providerLabel: 'Testmo' }, 'Skipped: because.');
    expect(md).toContain('⏭️ Gate &lt;b&gt;: skipped');
    expect(md).toContain('Skipped: because.');
    expect(md).toContain('Pull requests from forks');
    expect(md).not.toContain('| Total |');
  });
});

describe('merge queue note', () => {
  test('names the base branch and the commit; none on other events', () => {
    expect(
      mergeQueueNote({
        mergeQueue: { baseBranch: 'main', baseRef: 'refs/heads/main' },
        sha: 'f'.repeat(40),
        shaFrom: 'merge_group.head_sha',
      }),
    ).toBe('Merge queue: this run tests the merge group for main (commit fffffff); it has no pull request, so no comment.');
    expect(mergeQueueNote({ sha: 'f'.repeat(40), shaFrom: 'GITHUB_SHA' })).toBeUndefined();
  });
});
