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

describe('Tesults payloads as real reporters upload them (through dist/index.js)', () => {
  const github = useFakeGitHub();
  const token = 'tesults-api-token-7c95f9b7';
  const base = (url: string, extra: Record<string, string> = {}) => ({
    provider: 'tesults',
    'base-url': url,
    'api-key': token,
    target: 'Playwright',
    'fail-on-empty': 'false',
    ...extra,
  });
  type Runs = Parameters<typeof startFakeTesults>[0]['targets'][number]['runs'];
  const target = (runs: Runs, id = '4711') => ({ token, targets: [{ id, name: 'Playwright', runs }] });

  test('rawResult: unknown tests that timed out, were interrupted, failed, errored or broke are failed, with the word in the message', async () => {
    const cases = [
      { name: 'slow checkout', suite: 'e2e', result: 'unknown', rawResult: 'timedOut', reason: 'Test timeout of 30000ms exceeded.' },
      { name: 'cancelled', suite: 'e2e', result: 'unknown', rawResult: 'interrupted' },
      { name: 'upper', suite: 'e2e', result: 'unknown', rawResult: 'FAILED', reason: '' },
      { name: 'errored', suite: 'e2e', result: 'unknown', rawResult: 'Error' },
      { name: 'broken', suite: 'e2e', result: 'unknown', rawResult: 'broken' },
      { name: 'really skipped', suite: 'e2e', result: 'unknown', rawResult: 'skipped' },
      { name: 'no raw', suite: 'e2e', result: 'unknown' },
      { name: 'fine', suite: 'e2e', result: 'pass', rawResult: 'passed' },
    ];
    await using(startFakeTesults(target([{ build: 'b1', created_time: 1763880000000, cases }])), async (tesults) => {
      const r = await runAction({ inputs: base(tesults.url), githubApiUrl: github().url });
      expect(r.outputs).toMatchObject({ conclusion: 'failure', total: '8', failed: '5', skipped: '2', passed: '1' });
      expect(JSON.parse(r.outputs['failed-tests']!)).toEqual(['slow checkout', 'cancelled', 'upper', 'errored', 'broken']);
      const messages = Object.fromEntries(
        r.reportFile.results.tests.map((t: { name: string; message?: string }) => [t.name, t.message ?? '']),
      );
      expect(messages['slow checkout']).toBe('timedOut: Test timeout of 30000ms exceeded.');
      expect(messages.cancelled).toContain('interrupted');
      expect(messages.upper).toContain('FAILED');
      expect(messages.errored).toContain('Error');
      expect(messages.broken).toContain('broken');
      expect(r.summary).toContain('timedOut: Test timeout of 30000ms exceeded.');
    });
  });

  test('reason as an object, array, number or boolean is shown as text, never a schema error', async () => {
    const cases = [
      { name: 'object', result: 'fail', reason: { message: 'expected 1 to be 2', stack: 'at x.spec.ts:3' } },
      { name: 'array', result: 'fail', reason: ['first', 'second'] },
      { name: 'number', result: 'fail', reason: 42 },
      { name: 'boolean', result: 'fail', reason: false },
      { name: 'null', result: 'fail', reason: null },
    ];
    await using(startFakeTesults(target([{ build: 'b1', created_time: 1, cases }])), async (tesults) => {
      const r = await runAction({ inputs: base(tesults.url), githubApiUrl: github().url });
      expect(r.outputs).toMatchObject({ conclusion: 'failure', failed: '5' });
      const messages = r.reportFile.results.tests.map((t: { message?: string }) => t.message);
      expect(messages).toEqual([
        '{"message":"expected 1 to be 2","stack":"at x.spec.ts:3"}',
        '["first","second"]',
        '42',
        'false',
        undefined,
      ]);
      expect(r.summary).toContain('{&quot;message&quot;:&quot;expected 1 to be 2&quot;');
    });
  });

  test('numeric target ids: found by id and by name', async () => {
    const data = target([{ build: 'b1', created_time: 1, cases: [{ name: 'a', result: 'pass' }] }]);
    await using(startFakeTesults(data, { numericIds: true }), async (tesults) => {
      const byId = await runAction({ inputs: base(tesults.url, { target: '4711' }), githubApiUrl: github().url });
      expect(byId.outputs).toMatchObject({ conclusion: 'success', total: '1' });
      const byName = await runAction({ inputs: base(tesults.url), githubApiUrl: github().url });
      expect(byName.outputs).toMatchObject({ conclusion: 'success', total: '1' });
      expect(tesults.requests.filter((q) => q.path === '/api/results').every((q) => q.query.target === '4711')).toBe(true);
    });
  });

  // A build sharded over three uploads (build consolidation off), plus an older build.
  const shards: Runs = [
    {
      build: '2.0.0',
      created_time: 3000,
      run_url: 'https://www.tesults.com/acme/pw/run/3',
      cases: [
        { name: 'login', suite: 'auth', result: 'pass', reason: 'retried and passed' },
        { name: 'search', suite: 'shop', result: 'pass' },
      ],
    },
    {
      build: '2.0.0',
      created_time: 2000,
      cases: [
        { name: 'login', suite: 'auth', result: 'fail', reason: 'flaky the first time' },
        { name: 'cart', suite: 'shop', result: 'fail', reason: 'cart total wrong' },
        { name: 'cart', suite: 'shop', result: 'pass' },
      ],
    },
    { build: '2.0.0', created_time: 1000, cases: [{ name: 'profile', suite: 'account', result: 'unknown' }] },
    { build: '1.9.0', created_time: 500, cases: [{ name: 'old', suite: 'x', result: 'fail' }] },
  ];

  test('a sharded latest build: every run read through the cursor, each test once with its latest result, [build] not counted', async () => {
    await using(startFakeTesults(target(shards), { runsPerPageMax: 2 }), async (tesults) => {
      // baseline: none, so that only this build's reads are counted.
      const r = await runAction({ inputs: base(tesults.url, { baseline: 'none' }), githubApiUrl: github().url });
      // login (latest: pass), search, cart ×2 (two distinct cases in one run), profile.
      expect(r.outputs).toMatchObject({ total: '5', passed: '3', failed: '1', skipped: '1', conclusion: 'failure' });
      expect(JSON.parse(r.outputs['failed-tests']!)).toEqual(['cart']);
      expect(r.outputs['report-url']).toBe('https://www.tesults.com/acme/pw/run/3');
      const reads = tesults.requests.filter((q) => q.path === '/api/results');
      expect(reads[0]!.query).toEqual({ target: '4711', limit: '1' });
      expect(reads.slice(1).map((q) => q.query.build)).toEqual(['2.0.0', '2.0.0']);
      expect(reads[2]!.query.cursor).toBeDefined();
      expect(r.summary).toContain('Build: 2.0.0 (pass)');
      expect(r.summary).toContain('target &quot;Playwright&quot; latest build 2.0.0 (3 runs)');
      expect(r.summary).toContain('Read 3 runs of this build');
      expect(r.reportFile.results.tests.map((t: { name: string }) => t.name)).not.toContain('2.0.0');
      expect(r.reportFile.results.summary).toMatchObject({ tests: 5, start: 1000, stop: 3000 });
    });
  });

  test('a named build is read whole, and a looping runs cursor is stopped', async () => {
    await using(startFakeTesults(target(shards), { runsPerPageMax: 1 }), async (tesults) => {
      const r = await runAction({ inputs: base(tesults.url, { build: '2.0.0', baseline: 'none' }), githubApiUrl: github().url });
      expect(r.outputs).toMatchObject({ total: '5', failed: '1' });
      expect(tesults.requests.filter((q) => q.path === '/api/results')).toHaveLength(3);
    });
    await using(startFakeTesults(target(shards), { runsPerPageMax: 1, loopRunsCursor: true }), async (tesults) => {
      const r = await runAction({ inputs: base(tesults.url, { build: '2.0.0' }), githubApiUrl: github().url });
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toContain('GET /api/results handed back page');
    });
  });

  test('a build not uploaded yet: polled every poll-interval until it appears', async () => {
    const late: Runs = [{ ...shards[0]!, uploadedAfterMs: 2500 }];
    await using(startFakeTesults(target(late)), async (tesults) => {
      const r = await runAction({
        inputs: base(tesults.url, { build: '2.0.0', 'poll-interval': '1', 'wait-timeout': '30' }),
        githubApiUrl: github().url,
        // On real time: the fake shows the upload after 2.5 real seconds.
        realClock: true,
      });
      expect(r.outputs).toMatchObject({ conclusion: 'success', total: '2', passed: '2' });
      expect(tesults.requests.filter((q) => q.path === '/api/results').length).toBeGreaterThanOrEqual(3);
      expect(r.stdout).toContain('Tesults build \'2.0.0\' of target "Playwright" is missing');
    });
  });

  test('a build that never comes: conclusion error at wait-timeout, naming the build', async () => {
    await using(startFakeTesults(target(shards)), async (tesults) => {
      const r = await runAction({
        inputs: base(tesults.url, { build: '9.9.9', 'poll-interval': '1', 'wait-timeout': '2' }),
        githubApiUrl: github().url,
      });
      expect(r.code).toBe(1);
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toMatch(
        /^Tesults build '9\.9\.9' of target "Playwright" was still missing .* after \d s of waiting \(wait-timeout 2 s, poll-interval \d s; \d checks\)/,
      );
      expect(tesults.requests.filter((q) => q.path === '/api/results').length).toBeGreaterThanOrEqual(2);
      // No verdict: no table of zeros, and what was asked for.
      expect(r.summary).toContain('**Asked for:** Tesults target Playwright build 9.9.9.');
      expect(r.summary).not.toContain('| Total |');
      expect(r.summary).not.toContain('Read 0 tests');
      const create = github().checkRuns.get(7000)!.create;
      expect(create.output.title).toMatch(/^No verdict: Tesults build '9\.9\.9'/);
      expect(create.output.summary).toContain('**Asked for:** Tesults target Playwright build 9.9.9.');
      expect(create.output.summary).not.toContain('| Total |');
    });
  });
});
