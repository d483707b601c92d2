import { describe, expect, test } from '@jest/globals';
import { InputError } from '../../src/errors.js';
import { INPUT_DEFAULTS, parseInputs, type RawInputs } from '../../src/inputs.js';

const raw = (over: Partial<RawInputs>): RawInputs =>
  ({
    provider: 'testmo',
    'api-key': 'k',
    'base-url': 'https://acme.testmo.net/',
    project: '',
    job: '',
    run: '42',
    target: '',
    build: '',
    'job-template': '',
    'client-id': '',
    'client-secret': '',
    realm: '',
    'min-pass-rate': '',
    'github-token': 't',
    'commit-sha': '',
    'report-file': '',
    ...INPUT_DEFAULTS,
    ...over,
  }) as RawInputs;

describe('inputs', () => {
  test('parses defaults into typed settings and drops the trailing slash', () => {
    const s = parseInputs(raw({}));
    expect(s).toMatchObject({
      provider: 'testmo',
      baseUrl: 'https://acme.testmo.net',
      run: '42',
      waitTimeoutS: 600,
      pollIntervalS: 10,
      maxFailures: 0,
      failOnEmpty: true,
      failStep: true,
      maxAnnotations: 50,
      checkName: 'Test results',
    });
    expect(s.minPassRate).toBeUndefined();
  });
  test('booleans accept what core.getBooleanInput accepts', () => {
    expect(parseInputs(raw({ 'fail-step': 'FALSE', summary: 'False', annotations: 'TRUE' }))).toMatchObject({
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
    expect(parseInputs(raw({ 'min-pass-rate': '92.5' })).minPassRate).toBe(92.5);
    expect(() => parseInputs(raw({ 'wait-timeout': '-1' }))).toThrow("Input 'wait-timeout' must be a whole number");
    expect(() => parseInputs(raw({ 'max-annotations': '1001' }))).toThrow(
      "Input 'max-annotations' must be a whole number from 0 to 1000, got '1001'.",
    );
    expect(() => parseInputs(raw({ 'min-pass-rate': 'high' }))).toThrow("Input 'min-pass-rate' must be a percentage");
  });
  test('commit-sha must be a full SHA', () => {
    expect(parseInputs(raw({ 'commit-sha': 'A'.repeat(40) })).commitSha).toBe('a'.repeat(40));
    expect(() => parseInputs(raw({ 'commit-sha': 'abc123' }))).toThrow(
      "Input 'commit-sha' must be a full 40-character commit SHA, got 'abc123'.",
    );
  });
  test('base-url must be http(s)', () => {
    expect(() => parseInputs(raw({ 'base-url': 'acme.testmo.net' }))).toThrow("Input 'base-url' must be an http(s) URL");
    expect(() => parseInputs(raw({ 'base-url': 'file:///etc/passwd' }))).toThrow("Input 'base-url' must be an http(s) URL");
  });
});
