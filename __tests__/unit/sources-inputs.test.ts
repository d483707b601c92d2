import { describe, expect, test } from '@jest/globals';
import { InputError } from '../../src/errors.js';
import { readRawInputs } from '../../src/inputs.js';
import { parseStep, sourceSecrets, SOURCES_MAX_BYTES } from '../../src/inputs/sources.js';
import { credentialsSkip, NO_EVENT } from '../../src/missing-secrets.js';

const step = (over: Record<string, string>) =>
  readRawInputs((name) => ({ provider: 'tesults', 'api-key': 'tesults-step-token', build: 'abc123', ...over })[name]);

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('sources: entries', () => {
  test('without sources, one unlabelled run parsed exactly as before', () => {
    const plan = parseStep(step({ target: 'web' }));
    expect(plan.labelled).toBe(false);
    expect(plan.entries).toHaveLength(1);
    expect(plan.entries[0]).toMatchObject({
      label: '',
      settings: { provider: 'tesults', providerInputs: { target: 'web', build: 'abc123' } },
    });
  });

  test("entries inherit the step's inputs and override only what they give", () => {
    const plan = parseStep(
      step({
        'max-failures': '1',
        sources: [
          '- label: api',
          '  target: api-tests',
          '- label: web',
          '  target: web-e2e',
          '  max-failures: 2',
          '  fail-on-empty: false',
          '- label: perf',
          '  provider: eggplant',
          '  api-key: egg-token-xyz',
          '  realm: acme',
          '  job: latest',
          '  job-template: 6789',
          '  budgets: onLoad <= 3 s',
        ].join('\n'),
      }),
    );
    expect(plan.labelled).toBe(true);
    expect(plan.entries.map((e) => e.label)).toEqual(['api', 'web', 'perf']);
    const [api, web, perf] = plan.entries.map((e) => e.settings);
    expect(api).toMatchObject({
      provider: 'tesults',
      providerInputs: { apiKey: 'tesults-step-token', target: 'api-tests', build: 'abc123' },
      gate: { maxFailures: 1, failOnEmpty: true },
    });
    expect(web).toMatchObject({ providerInputs: { target: 'web-e2e' }, gate: { maxFailures: 2, failOnEmpty: false } });
    expect(perf).toMatchObject({
      provider: 'eggplant',
      providerInputs: { apiKey: 'egg-token-xyz', realm: 'acme', latest: true, jobTemplate: 'jobTemplates/6789' },
      request: { baseUrl: 'https://api.pa.eggplant.cloud' },
    });
    expect(perf!.budgets.map((b) => b.line)).toEqual(['onLoad <= 3 s']);
    // Writers are the step's: the same for every entry.
    expect(new Set(plan.entries.map((e) => e.settings.writers.checkName))).toEqual(new Set(['Test results']));
  });

  test('an entry may set shards and min-tests of its own', () => {
    const plan = parseStep(
      step({
        sources: ['- label: api', '  target: api-tests', '  shards: 3', '  min-tests: 120', '- label: web', '  target: web-e2e'].join('\n'),
      }),
    );
    const [api, web] = plan.entries.map((e) => e.settings);
    expect(api).toMatchObject({ providerInputs: { shards: 3 }, gate: { minTests: 120 } });
    expect(web!.gate.minTests).toBeUndefined();
    expect((web!.providerInputs as { shards?: number }).shards).toBeUndefined();
  });

  test('an empty value in an entry takes the default, as an empty step input does', () => {
    const plan = parseStep(step({ 'max-failures': '5', sources: "- label: a\n  target: t\n  max-failures: ''\n" }));
    expect(plan.entries[0]!.settings.gate.maxFailures).toBe(0);
  });

  test.each([
    ['not a list', 'label: a', "Input 'sources' must be a YAML list of maps"],
    ['an empty list', '[]', 'lists no entry'],
    ['a scalar entry', '- web', 'entry 1 must be a map with a label'],
    ['no label', '- target: t', 'entry 1 has no label'],
    ['a bad label', '- label: "a/b"\n  target: t', 'entry 1 has a label that is not 1 to 40'],
    ['a long label', `- label: ${'x'.repeat(41)}\n  target: t`, 'entry 1 has a label that is not 1 to 40'],
    ['a duplicate label', '- label: web\n  target: a\n- label: Web\n  target: b', 'entry 2 ("Web") has the same label as entry 1'],
    ['an unknown key', '- label: web\n  target: a\n  colour: red', `entry 1 ("web"): 'colour' is not an input an entry may set`],
    ['a step-wide key', '- label: web\n  target: a\n  check-name: x', `entry 1 ("web"): 'check-name' applies to the whole step`],
    ['a nested value', '- label: web\n  target: [a, b]', `entry 1 ("web"): 'target' must be text, a number or true/false`],
    ['bad YAML', '- label: web\n target: a\n  - x', 'is not valid YAML here (line'],
    ['a custom tag', '- label: web\n  target: !secret a', 'is not valid YAML here'],
    ['a duplicate key', '- label: web\n  target: a\n  target: b', 'is not valid YAML here'],
  ])('%s is an input error', (_, yaml, message) => {
    const error = errorOf(() => parseStep(step({ sources: yaml })));
    expect(error.message).toContain(message);
    expect(error.input).toBe('sources');
  });

  test('more than 20 entries, or a text over the size cap, is refused', () => {
    const many = Array.from({ length: 21 }, (_, i) => `- label: s${i}\n  target: t${i}`).join('\n');
    expect(errorOf(() => parseStep(step({ sources: many }))).message).toContain('has 21 entries, more than 20');
    const huge = `- label: a\n  target: ${'x'.repeat(SOURCES_MAX_BYTES)}`;
    expect(errorOf(() => parseStep(step({ sources: huge }))).message).toContain('is larger than 64 KiB');
  });

  test('aliases are bounded: an alias bomb is refused', () => {
    const bomb = ['- &a {label: x, target: t}', ...Array.from({ length: 30 }, () => '- *a')].join('\n');
    expect(errorOf(() => parseStep(step({ sources: bomb }))).message).toContain('expands more than 20 YAML aliases');
  });

  test("an entry's bad value is named by entry and key, never shown", () => {
    const secretish = 'hunter2-super-secret-value';
    const cases = [
      `- label: web\n  target: t\n  max-failures: ${secretish}`,
      `- label: web\n  target: t\n  base-url: ${secretish}`,
      `- label: web\n  target: t\n  fail-on: ${secretish}`,
      `- label: web\n  target: t\n  provider: ${secretish}`,
      `- label: perf\n  provider: eggplant\n  api-key: k\n  realm: r\n  job: ${secretish}`,
      `- label: perf\n  provider: eggplant\n  api-key: k\n  realm: r\n  job: latest\n  job-template: 1\n  budgets: "${secretish} <= 3 s"`,
      `- label: web\n  target: t\n  max-age: ${secretish}`,
    ];
    for (const yaml of cases) {
      const error = errorOf(() => parseStep(step({ sources: yaml })));
      expect(error.message).toMatch(/^Input 'sources' entry 1 \("(web|perf)"\): '[a-z-]+' /);
      expect(error.message).not.toContain('hunter2');
      expect(error.message).not.toContain('super');
    }
    expect(errorOf(() => parseStep(step({ sources: `- label: web\n  target: t\n  max-failures: x` }))).message).toBe(
      `Input 'sources' entry 1 ("web"): 'max-failures' must be a whole number from 0 to 9007199254740991.`,
    );
  });

  test("a rule an entry breaks through the step's input says so", () => {
    const error = errorOf(() => parseStep(step({ 'max-failures': 'x', sources: '- label: web\n  target: t' })));
    expect(error.message).toBe(
      `Input 'sources' entry 1 ("web"): 'max-failures' must be a whole number from 0 to 9007199254740991 (the step's own input, which this entry inherits).`,
    );
    const missing = errorOf(() => parseStep(step({ sources: '- label: perf\n  provider: eggplant\n  job: 12' })));
    expect(missing.message).toBe(`Input 'sources' entry 1 ("perf"): 'realm' is required for eggplant: your account realm.`);
  });

  test("an entry naming another provider inherits none of the step's credentials or base-url", () => {
    const base = { 'base-url': 'https://tesults.internal.example', 'client-id': 'cid-step', 'client-secret': 'csec-step' };
    // The empty credential is judged over every entry after parsing (src/missing-secrets.ts), naming the entry.
    const inherited = parseStep(step({ ...base, sources: '- label: perf\n  provider: eggplant\n  realm: acme\n  job: 12' }));
    const error = errorOf(() => credentialsSkip(inherited.entries, NO_EVENT));
    expect(error.message).toContain(`entry 1 ("perf"): Input 'client-id' is required: for eggplant`);
    const plan = parseStep(
      step({
        ...base,
        sources: '- label: perf\n  provider: Eggplant\n  realm: acme\n  job: 12\n  api-key: egg-own\n- label: web\n  target: t',
      }),
    );
    expect(plan.entries[0]!.settings).toMatchObject({
      providerInputs: { apiKey: 'egg-own', clientId: '', clientSecret: '' },
      request: { baseUrl: 'https://api.pa.eggplant.cloud' },
    });
    // The same provider inherits them.
    expect(plan.entries[1]!.settings).toMatchObject({
      providerInputs: { apiKey: 'tesults-step-token' },
      request: { baseUrl: 'https://tesults.internal.example' },
    });
  });

  test('the first bad entry is reported, by position before its label is known', () => {
    const error = errorOf(() => parseStep(step({ sources: '- label: ok\n  target: t\n- label: bad\n  target: ""' })));
    expect(error.message).toContain(`entry 2 ("bad"): 'target' is required for tesults`);
  });
});

describe('sources: credentials', () => {
  test('every credential written in an entry is found, even when the entries are invalid', () => {
    const yaml = '- label: a\n  api-key: key-one-123\n  colour: red\n- label: b\n  client-secret: sec-two-456\n  client-id: 789\n';
    expect(sourceSecrets(yaml)).toEqual(['key-one-123', 'sec-two-456', '789']);
    expect(sourceSecrets('- label: a\n  api-key: key-three\n bad: [')).toEqual(['key-three']);
    // A duplicate key is an error, but each of its values is masked.
    expect(sourceSecrets('- label: a\n  api-key: key-three\n  api-key: key-four')).toEqual(['key-three', 'key-four']);
    // Through aliases too: the anchored value and the entry an alias repeats.
    expect(sourceSecrets('- label: a\n  target: &t tok-anchor-1\n  api-key: *t\n- &e {label: b, api-key: tok-e}\n- *e')).toEqual([
      'tok-anchor-1',
      'tok-e',
      'tok-e',
    ]);
    expect(sourceSecrets('')).toEqual([]);
    expect(sourceSecrets('just text')).toEqual([]);
  });
});
