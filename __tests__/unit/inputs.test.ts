import { describe, expect, test } from '@jest/globals';
import { InputError } from '../../src/errors.js';
import { INPUT_DEFAULTS, parseInputs, readRawInputs } from '../../src/inputs.js';

const raw = (over: Record<string, string>): Record<string, string> =>
  readRawInputs((name) => ({ provider: 'testmo', 'api-key': 'k', 'base-url': 'https://acme.testmo.net/', run: '42', ...over })[name]);

describe('inputs', () => {
  test('parses defaults into typed settings, grouped by who reads them', () => {
    const s = parseInputs(raw({}));
    expect(s).toMatchObject({
      provider: 'testmo',
      providerInputs: { apiKey: 'k', kind: 'run', id: 42 },
      request: { baseUrl: 'https://acme.testmo.net', waitTimeoutS: 600, pollIntervalS: 10, requestTimeoutS: 30 },
      gate: { maxFailures: 0, failOnEmpty: true },
      writers: { failStep: true, maxAnnotations: 50, checkName: 'Test results' },
    });
    expect(s.gate.minPassRate).toBeUndefined();
    // The provider is handed its own inputs only: no token, gate rules or writer options.
    expect(Object.keys(s.providerInputs as object).sort()).toEqual(['apiKey', 'id', 'kind']);
    expect(s.gate.maxAge).toBeUndefined();
  });
  test('an absent input takes its default; an explicitly empty check-name means no check run', () => {
    expect(readRawInputs(() => undefined)['check-name']).toBe(INPUT_DEFAULTS['check-name']);
    expect(parseInputs(raw({ 'check-name': '' })).writers.checkName).toBe('');
    // Empty numbers and booleans mean nothing of their own: their default.
    expect(parseInputs(raw({ 'wait-timeout': '', 'fail-step': ' ' }))).toMatchObject({
      request: { waitTimeoutS: 600 },
      writers: { failStep: true },
    });
  });
  test('booleans accept what core.getBooleanInput accepts', () => {
    expect(parseInputs(raw({ 'fail-step': 'FALSE', summary: 'False', annotations: 'TRUE' })).writers).toMatchObject({
      failStep: false,
      summary: false,
      annotations: true,
    });
    expect(() => parseInputs(raw({ 'fail-step': 'no' }))).toThrow("Input 'fail-step' must be true or false, got 'no'.");
  });
  test('provider names are case-insensitive; unknown ones are listed', () => {
    expect(parseInputs(raw({ provider: 'Testmo' })).provider).toBe('testmo');
    expect(() => parseInputs(raw({ provider: 'junit' }))).toThrow(InputError);
    expect(() => parseInputs(raw({ provider: '' }))).toThrow("Input 'provider' is required");
  });
  test('numbers are range-checked', () => {
    expect(parseInputs(raw({ 'min-pass-rate': '92.5' })).gate.minPassRate).toBe(92.5);
    expect(() => parseInputs(raw({ 'wait-timeout': '-1' }))).toThrow("Input 'wait-timeout' must be a whole number");
    expect(() => parseInputs(raw({ 'max-annotations': '1001' }))).toThrow(
      "Input 'max-annotations' must be a whole number from 0 to 1000, got '1001'.",
    );
    expect(() => parseInputs(raw({ 'min-pass-rate': 'high' }))).toThrow("Input 'min-pass-rate' must be a percentage");
  });
  test('commit-sha must be a full SHA', () => {
    expect(parseInputs(raw({ 'commit-sha': 'A'.repeat(40) })).writers.commitSha).toBe('a'.repeat(40));
    expect(() => parseInputs(raw({ 'commit-sha': 'abc123' }))).toThrow(
      "Input 'commit-sha' must be a full 40-character commit SHA, got 'abc123'.",
    );
  });
  test('base-url must be an http(s) origin', () => {
    expect(() => parseInputs(raw({ 'base-url': 'acme.testmo.net' }))).toThrow("Input 'base-url' must be an http(s) URL");
    expect(() => parseInputs(raw({ 'base-url': 'file:///etc/passwd' }))).toThrow("Input 'base-url' must be an http(s) URL");
    expect(() => parseInputs(raw({ 'base-url': 'https://acme.testmo.net/api/v1' }))).toThrow(
      "Input 'base-url' must be an origin without a path; use 'https://acme.testmo.net'.",
    );
  });
  test('a base-url with credentials is refused without echoing them', () => {
    let message = '';
    try {
      parseInputs(raw({ 'base-url': 'https://qa:hunter2@acme.testmo.net' }));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("Input 'base-url' must not carry credentials");
    expect(message).not.toContain('hunter2');
  });
  test('base-url is required only where the provider has no default', () => {
    expect(() => parseInputs(raw({ 'base-url': '' }))).toThrow("Input 'base-url' is required for testmo");
    const tesults = parseInputs(readRawInputs((n) => ({ provider: 'tesults', 'api-key': 'k', target: 'web' })[n]));
    expect(tesults.request.baseUrl).toBe('https://www.tesults.com');
  });
});

describe('baseline inputs', () => {
  test('defaults: compare with the previous run, count every failure, no history', () => {
    const s = parseInputs(raw({}));
    expect(s.baseline).toEqual({ baseline: { kind: 'previous' }, history: 0, tags: [] });
    expect(s.gate.failOn).toBe('failures');
  });
  test('none, an id, fail-on new-failures and history up to 20', () => {
    expect(parseInputs(raw({ baseline: 'None' })).baseline.baseline).toEqual({ kind: 'none' });
    expect(parseInputs(raw({ baseline: ' 41 ' })).baseline.baseline).toEqual({ kind: 'id', id: '41' });
    expect(parseInputs(raw({ baseline: '3.8.0-rc.1' })).baseline.baseline).toEqual({ kind: 'id', id: '3.8.0-rc.1' });
    // A Tesults build name may hold any text, spaces included.
    expect(parseInputs(raw({ baseline: ' build 2.9 ' })).baseline.baseline).toEqual({ kind: 'id', id: 'build 2.9' });
    expect(parseInputs(raw({ baseline: 'Release: "β" #7 / café' })).baseline.baseline).toEqual({
      kind: 'id',
      id: 'Release: "β" #7 / café',
    });
    expect(parseInputs(raw({ 'fail-on': 'new-failures', history: '20' }))).toMatchObject({
      gate: { failOn: 'new-failures' },
      baseline: { history: 20 },
    });
  });
  test('baseline-tags: Testmo tags narrowing previous; refused where it would narrow nothing', () => {
    expect(parseInputs(raw({ 'baseline-tags': ' main, nightly ' })).baseline.tags).toEqual(['main', 'nightly']);
    expect(() => parseInputs(raw({ 'baseline-tags': 'main', baseline: '41' }))).toThrow(
      "Input 'baseline-tags' applies only with baseline: previous (it narrows which earlier run is the baseline); baseline is the id 41.",
    );
    expect(() => parseInputs(raw({ 'baseline-tags': 'refs/heads/main' }))).toThrow(
      "Input 'baseline-tags' may hold only letters, digits, '_' and '-' (as Testmo tags do), got 'refs/heads/main'.",
    );
    const tesults = (over: Record<string, string>) =>
      parseInputs(readRawInputs((n) => ({ provider: 'tesults', 'api-key': 'k', target: 'web', ...over })[n]));
    expect(() => tesults({ 'baseline-tags': 'main' })).toThrow(
      "Input 'baseline-tags' applies only to testmo (Testmo runs carry tags); for tesults, set baseline to the base commit's build name.",
    );
  });
  test('min-tests: empty is no rule; else a whole number from 1', () => {
    expect(parseInputs(raw({})).gate.minTests).toBeUndefined();
    expect(parseInputs(raw({ 'min-tests': '120' })).gate.minTests).toBe(120);
    expect(() => parseInputs(raw({ 'min-tests': '0' }))).toThrow("Input 'min-tests' must be a whole number from 1 to");
    expect(() => parseInputs(raw({ 'min-tests': 'many' }))).toThrow(", or empty, got 'many'.");
  });
  test('bad values name the input before any request', () => {
    expect(() => parseInputs(raw({ history: '21' }))).toThrow("Input 'history' must be a whole number from 0 to 20, got '21'.");
    expect(() => parseInputs(raw({ 'fail-on': 'new' }))).toThrow("Input 'fail-on' must be failures or new-failures, got 'new'.");
    expect(() => parseInputs(raw({ baseline: 'build 2.9\nprevious' }))).toThrow(
      "Input 'baseline' must be previous, none or a run, build or job id: one line of at most 1000 characters.",
    );
    expect(() => parseInputs(raw({ baseline: 'x'.repeat(1001) }))).toThrow("Input 'baseline' must be previous");
  });
});

describe('credentials sent in HTTP headers', () => {
  test('a character a header cannot carry is an input error naming the input, never echoing the value', () => {
    const problem = (over: Record<string, string>) => {
      try {
        parseInputs(raw(over));
      } catch (error) {
        return (error as Error).message;
      }
      return undefined;
    };
    expect(problem({ 'api-key': 'tok_abc…' })).toBe(
      "Input 'api-key' holds a character an HTTP header cannot carry (U+2026, character 8 of 8); copy the value again in full, without line breaks or typographic characters.",
    );
    expect(problem({ 'api-key': 'tok_abc…' })).not.toContain('tok_abc');
    expect(problem({ 'github-token': 'ghs_x\u00a0y' })).toMatch(/^Input 'github-token' holds a character .*U\+00A0/);
    expect(problem({ provider: 'eggplant', 'api-key': 'ok', realm: 'acmé', job: '1' })).toMatch(/^Input 'realm' holds/);
    // Testomato's key travels in the query, percent-encoded: any text is sendable there.
    expect(problem({ provider: 'testomato', 'api-key': 'key…', project: '1' })).toBeUndefined();
    // Eggplant's client secret is base64-encoded before it is sent.
    expect(problem({ provider: 'eggplant', 'api-key': '', 'client-id': 'id', 'client-secret': 'sécret…', realm: 'acme', job: '1' })).toBe(
      undefined,
    );
    expect(problem({ 'api-key': '  tok with space  ' })).toBeUndefined();
  });
});
