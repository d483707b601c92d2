import { describe, expect, test } from '@jest/globals';
import { startFakeTesults } from '../../test-support/fakes/tesults.mjs';
import { sampleTesultsData } from '../../test-support/samples.mjs';
import { runAction } from '../../test-support/run-action.mjs';
import { findSecrets, outputChannels } from '../../test-support/secret-scan.mjs';
import { useFakeGitHub, using } from './helpers.js';

// Assumed where Tesults' docs are silent: target ids are opaque strings; /api/targets takes
// limit and cursor like /api/results; a build is picked with build=<name of its [build] case>.

const data = sampleTesultsData();

describe('Tesults end to end through dist/index.js', () => {
  const github = useFakeGitHub();
  const inputs = (url: string, extra: Record<string, string> = {}) => ({
    provider: 'tesults',
    'base-url': url,
    'api-key': data.token,
    target: 'tgt-web-0001',
    ...extra,
  });

  test('the latest run by target id: pass/fail/unknown mapped, [build] shown but not counted, run_url as report-url', async () => {
    await using(startFakeTesults(data), async (tesults) => {
      const r = await runAction({ inputs: inputs(tesults.url), githubApiUrl: github().url });
      expect(r.code).toBe(1);
      expect(r.outputs).toMatchObject({
        conclusion: 'failure',
        total: '6',
        passed: '3',
        failed: '2',
        skipped: '1',
        'pass-rate': '60.00',
        'report-url': 'https://www.tesults.com/acme/web/run/3-8-0-rc-2',
      });
      expect(r.summary).toContain('Build: 3.8.0-rc.2 (pass)');
      expect(r.summary).toContain(
        '| Checkout applies VAT | Checkout | 8.8 s | <details><summary>AssertionError: expected 119.00 to equal 121.00</summary>',
      );
      const results = tesults.requests.find((q) => q.path === '/api/results')!;
      expect(results.query).toEqual({ target: 'tgt-web-0001', limit: '1' });
      expect(results.headers.authorization).toBe(`Bearer ${data.token}`);
    });
  });

  test('a target by name, found on a later page of /api/targets', async () => {
    const many = {
      ...data,
      targets: [...Array.from({ length: 7 }, (_, i) => ({ id: `x${i}`, name: `Other ${i}`, runs: [] })), ...data.targets],
    };
    await using(startFakeTesults(many, { targetsPerPage: 3 }), async (tesults) => {
      const r = await runAction({ inputs: inputs(tesults.url, { target: 'Web app (Chrome)' }), githubApiUrl: github().url });
      expect(r.outputs.total).toBe('6');
      expect(tesults.requests.filter((q) => q.path === '/api/targets')).toHaveLength(3);
    });
  });

  test("a build: that build's run is read", async () => {
    await using(startFakeTesults(data), async (tesults) => {
      const r = await runAction({ inputs: inputs(tesults.url, { build: '3.7.4' }), githubApiUrl: github().url });
      expect(r.code).toBe(0);
      expect(r.outputs).toMatchObject({ conclusion: 'success', total: '1', passed: '1', 'report-url': '' });
      expect(tesults.requests.find((q) => q.path === '/api/results')!.query.build).toBe('3.7.4');
    });
  });

  test('an unknown target: an error listing at most 20 target names', async () => {
    const many = { ...data, targets: Array.from({ length: 25 }, (_, i) => ({ id: `x${i}`, name: `Target ${i}`, runs: [] })) };
    await using(startFakeTesults(many, { targetsPerPage: 10 }), async (tesults) => {
      const r = await runAction({ inputs: inputs(tesults.url, { target: 'Mobile' }), githubApiUrl: github().url });
      expect(r.code).toBe(1);
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toContain(
        'Tesults has no target with the id or name \'Mobile\'. Targets this token can read: "Target 0"',
      );
      expect(r.outputs['gate-reason']).toContain('"Target 19" and 5 more.');
      expect(r.outputs['gate-reason']).not.toContain('"Target 20"');
    });
  });

  test('a target with no runs: empty, and fail-on-empty decides', async () => {
    await using(startFakeTesults(data), async (tesults) => {
      const failing = await runAction({ inputs: inputs(tesults.url, { target: 'tgt-api-0002' }), githubApiUrl: github().url });
      expect(failing.outputs).toMatchObject({
        conclusion: 'failure',
        total: '0',
        'gate-reason': 'The run has no tests (fail-on-empty is true).',
      });
      const passing = await runAction({
        inputs: inputs(tesults.url, { target: 'tgt-api-0002', 'fail-on-empty': 'false' }),
        githubApiUrl: github().url,
      });
      expect(passing.outputs.conclusion).toBe('success');
      expect(passing.code).toBe(0);
    });
  });

  test("a wrong token: Tesults' {error:{code,message}} surfaced, no token anywhere", async () => {
    await using(startFakeTesults(data), async (tesults) => {
      const wrong = 'tesults-wrong-token-abcdef';
      const r = await runAction({ inputs: inputs(tesults.url, { 'api-key': wrong }), githubApiUrl: github().url });
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toBe(
        `Tesults: GET ${tesults.url}/api/targets?limit=100 answered HTTP 401 Unauthorized: "Unauthorized". Check that api-key is a Tesults API token (from the project's configuration, not a target's upload token).`,
      );
      expect(findSecrets(outputChannels(r, [github()]), [wrong])).toEqual([]);
    });
  });

  test('a looping targets cursor is stopped with a clear error', async () => {
    await using(startFakeTesults({ ...data, targets: [{ id: 'a', name: 'A', runs: [] }] }, { loopCursor: true }), async (tesults) => {
      const r = await runAction({ inputs: inputs(tesults.url, { target: 'missing' }), githubApiUrl: github().url });
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toContain('handed back page');
      expect(tesults.requests.length).toBeLessThan(5);
    });
  });
});
