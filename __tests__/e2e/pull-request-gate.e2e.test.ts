import { describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baselineSetups } from '../../test-support/baseline-setups.mjs';
import { ACTIONS_BOT } from '../../test-support/fakes/github.mjs';
import { buildTestmoRun, startFakeTestmo } from '../../test-support/fakes/testmo.mjs';
import { startFakeTesults } from '../../test-support/fakes/tesults.mjs';
import { ROOT, runAction } from '../../test-support/run-action.mjs';
import { useFakeGitHub, using } from './helpers.js';

// Issue 20 end to end through dist/index.js: a pull-request gate that cannot be laundered by
// pushing again, a sharded build judged only whole, min-tests, and the comment's comparison.

const PASSED = 2;
const FAILED = 3;
const PR = 8;
const PUSH_1 = '1'.repeat(40);
const PUSH_2 = '2'.repeat(40);
const pullRequest = (head: string) => ({
  eventName: 'pull_request',
  event: { action: 'synchronize', number: PR, pull_request: { number: PR, head: { sha: head }, base: { sha: 'b'.repeat(40) } } },
});
const warnings = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('::warning'));

/**
 * Testmo automation runs of one source: 399 on main (tagged `main`, all green), then a pull
 * request's two pushes: 400 (push 1) breaks Checkout, 401 (push 2) leaves it broken.
 */
function twoPushes() {
  const run = (id: number, hour: number, tags: string[], checkout: number) => ({
    id,
    sourceId: 1,
    tags,
    createdAt: `2026-11-20T${String(hour).padStart(2, '0')}:00:00.000Z`,
    tests: [
      { name: 'Login', folder: 'tests/auth', status: PASSED },
      { name: 'Checkout', folder: 'tests/cart', status: checkout },
      { name: 'Search', folder: 'tests/search', status: PASSED },
    ],
  });
  return {
    automation: {
      sources: [{ id: 1, name: 'backend-ci' }],
      runs: [run(401, 10, [PUSH_2], FAILED), run(400, 9, [PUSH_1], FAILED), run(399, 8, ['main'], PASSED)],
    },
  };
}

describe('a pull-request gate on new failures', () => {
  const github = useFakeGitHub();
  const inputs = (url: string, extra: Record<string, string> = {}) => ({
    provider: 'testmo',
    'base-url': url,
    'api-key': 'testmo-token-123',
    project: '7',
    'automation-run': 'latest',
    tags: PUSH_2,
    'fail-on': 'new-failures',
    'max-failures': '0',
    ...extra,
  });

  test('without baseline-tags push 2 is compared with push 1 and passes: a warning and a summary line say so', async () => {
    await using(startFakeTestmo(buildTestmoRun({ tests: [] }), twoPushes()), async (testmo) => {
      const r = await runAction({ inputs: inputs(testmo.url), githubApiUrl: github().url, ...pullRequest(PUSH_2) });
      expect(r.outputs).toMatchObject({ 'run-id': '401', 'baseline-id': '400', conclusion: 'success', 'new-failures': '0' });
      const caution = warnings(r.stdout).filter((l) => l.includes('baseline: previous on a pull_request event'));
      expect(caution).toHaveLength(1);
      expect(caution[0]).toContain("usually this pull request's own earlier push");
      expect(caution[0]).toContain('Set baseline-tags to the tag');
      expect(r.summary).toContain('⚠️ **Baseline:** fail-on: new-failures with baseline: previous on a pull&#95;request event');
      expect(r.summary).toContain('baseline-tags: main');
    });
  });

  test('with baseline-tags: main, push 2 is compared with main and fails on the failure push 1 introduced', async () => {
    await using(startFakeTestmo(buildTestmoRun({ tests: [] }), twoPushes()), async (testmo) => {
      const r = await runAction({
        inputs: inputs(testmo.url, { 'baseline-tags': 'main' }),
        githubApiUrl: github().url,
        ...pullRequest(PUSH_2),
      });
      expect(r.code).toBe(1);
      expect(r.outputs).toMatchObject({ 'run-id': '401', 'baseline-id': '399', conclusion: 'failure', 'new-failures': '1' });
      expect(JSON.parse(r.outputs['new-failed-tests']!)).toEqual(['Checkout']);
      expect(r.outputs['gate-reason']).toBe('1 new failure, more than max-failures (0).');
      expect(r.stdout).not.toContain('baseline: previous on a pull_request event');
      expect(r.summary).not.toContain('⚠️ **Baseline:**');
      // The earlier runs are asked for by tag, and checked again here (the server's filter may match any tag).
      const listings = testmo.requests.filter((q) => q.path === '/api/v1/projects/7/automation/runs');
      expect(listings.map((q) => q.query.tags)).toEqual([PUSH_2, 'main']);
    });
  });

  test('baseline-tags that no earlier run carries: no baseline, one line names the tags, every failure is new', async () => {
    await using(startFakeTestmo(buildTestmoRun({ tests: [] }), twoPushes()), async (testmo) => {
      const r = await runAction({
        inputs: inputs(testmo.url, { 'baseline-tags': 'release' }),
        githubApiUrl: github().url,
        ...pullRequest(PUSH_2),
      });
      expect(r.outputs).toMatchObject({ conclusion: 'failure', 'baseline-id': '' });
      expect(r.summary).toContain('carrying the tag release (baseline-tags) was created before automation run 401.');
    });
  });

  test("Testmo test runs too: baseline-tags passes over the pull request's own earlier run", async () => {
    const run = (runId: number, hour: number, tags: string[], checkout: number) =>
      buildTestmoRun({
        runId,
        tags,
        createdAt: `2026-11-20T${String(hour).padStart(2, '0')}:00:00.000Z`,
        tests: [
          { name: 'Login', caseId: 501, status: PASSED },
          { name: 'Checkout', caseId: 502, status: checkout, note: checkout === FAILED ? '<p>broke</p>' : undefined },
        ],
      });
    const world = () =>
      startFakeTestmo(run(42, 10, [PUSH_2], FAILED), { earlierRuns: [run(41, 9, [PUSH_1], FAILED), run(40, 8, ['main'], PASSED)] });
    const testRunInputs = (url: string, extra: Record<string, string> = {}) => ({
      provider: 'testmo',
      'base-url': url,
      'api-key': 'testmo-token-123',
      run: '42',
      'fail-on': 'new-failures',
      ...extra,
    });
    await using(world(), async (testmo) => {
      const laundered = await runAction({ inputs: testRunInputs(testmo.url), githubApiUrl: github().url, ...pullRequest(PUSH_2) });
      expect(laundered.outputs).toMatchObject({ 'baseline-id': '41', conclusion: 'success' });
      expect(laundered.stdout).toContain('baseline: previous on a pull_request event');
      const gated = await runAction({
        inputs: testRunInputs(testmo.url, { 'baseline-tags': 'main' }),
        githubApiUrl: github().url,
        ...pullRequest(PUSH_2),
      });
      expect(gated.outputs).toMatchObject({ 'baseline-id': '40', conclusion: 'failure', 'new-failures': '1' });
      expect(testmo.requests.filter((q) => q.path === '/api/v1/projects/7/runs').at(-1)!.query.tags).toBe('main');
    });
  });

  test('not on a pull request (a push to main): no warning', async () => {
    await using(startFakeTestmo(buildTestmoRun({ tests: [] }), twoPushes()), async (testmo) => {
      const r = await runAction({ inputs: inputs(testmo.url), githubApiUrl: github().url });
      expect(r.outputs.conclusion).toBe('success');
      expect(r.stdout).not.toContain('baseline: previous on a');
    });
  });
});

describe('Tesults shards and min-tests', () => {
  const github = useFakeGitHub();
  const BUILD = 'c'.repeat(40);
  const shard = (n: number, cases: { name: string; result: string }[], uploadedAfterMs = 0) => ({
    build: BUILD,
    created_time: 1_764_000_000_000 + n * 60_000,
    run_url: `https://www.tesults.com/acme/web/run/${n}`,
    uploadedAfterMs,
    cases: cases.map((c) => ({ ...c, suite: `Shard ${n}` })),
  });
  const world = (secondAfterMs: number) => ({
    token: 'tesults-token-1',
    targets: [
      {
        id: 't1',
        name: 'Web',
        runs: [
          shard(2, [{ name: 'Pays by card', result: 'fail' }], secondAfterMs),
          shard(1, [
            { name: 'Signs in', result: 'pass' },
            { name: 'Searches', result: 'pass' },
          ]),
        ],
      },
    ],
  });
  const inputs = (url: string, extra: Record<string, string> = {}) => ({
    provider: 'tesults',
    'base-url': url,
    'api-key': 'tesults-token-1',
    target: 'Web',
    build: BUILD,
    baseline: 'none',
    'poll-interval': '1',
    ...extra,
  });

  test('shards: 2 waits for the second shard that arrives late, then judges the whole build', async () => {
    await using(startFakeTesults(world(2500)), async (tesults) => {
      // On real time: the fake shows the second shard after 2.5 real seconds.
      const r = await runAction({
        inputs: inputs(tesults.url, { shards: '2', 'wait-timeout': '30' }),
        githubApiUrl: github().url,
        realClock: true,
      });
      expect(r.outputs).toMatchObject({ conclusion: 'failure', total: '3', failed: '1', passed: '2' });
      expect(JSON.parse(r.outputs['failed-tests']!)).toEqual(['Pays by card']);
      expect(r.stdout).toContain('is incomplete (1 of 2 shards uploaded; shards is 2); checking again in 1 s.');
      expect(tesults.requests.filter((q) => q.path === '/api/results').length).toBeGreaterThan(1);
    });
  });

  test('without shards the first shard alone is judged (what shards prevents)', async () => {
    await using(startFakeTesults(world(60_000)), async (tesults) => {
      const r = await runAction({ inputs: inputs(tesults.url), githubApiUrl: github().url });
      expect(r.outputs).toMatchObject({ conclusion: 'success', total: '2' });
    });
  });

  test('at the deadline, an error that says how many of the shards arrived', async () => {
    await using(startFakeTesults(world(600_000)), async (tesults) => {
      const r = await runAction({ inputs: inputs(tesults.url, { shards: '2', 'wait-timeout': '2' }), githubApiUrl: github().url });
      expect(r.code).toBe(1);
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toContain(
        `Tesults build '${BUILD}' of target "Web" was still incomplete (1 of 2 shards uploaded; shards is 2) after 1 s of waiting (wait-timeout 2 s,`,
      );
      // No verdict reads as no verdict: not "0 tests — 0 failed".
      expect(r.stdout).toContain(`no verdict (no test results were read): Tesults build '${BUILD}'`);
      expect(r.stdout).not.toMatch(/: 0 tests — 0 passed/);
      expect(r.summary).toContain('**No verdict could be reached:**');
    });
  });

  test('shards without build is an input error before any request', async () => {
    await using(startFakeTesults(world(0)), async (tesults) => {
      const r = await runAction({ inputs: inputs(tesults.url, { build: '', shards: '2' }), githubApiUrl: github().url });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain("::error::Input 'shards' applies only with build: the build whose runs (uploads) to wait for.");
      expect(tesults.requests).toHaveLength(0);
    });
  });

  test('min-tests: a build with fewer tests fails with a reason of its own, though nothing failed', async () => {
    const green = {
      token: 'tesults-token-1',
      targets: [{ id: 't1', name: 'Web', runs: [shard(1, [{ name: 'Signs in', result: 'pass' }])] }],
    };
    await using(startFakeTesults(green), async (tesults) => {
      const r = await runAction({ inputs: inputs(tesults.url, { 'min-tests': '120' }), githubApiUrl: github().url });
      expect(r.code).toBe(1);
      expect(r.outputs).toMatchObject({ conclusion: 'failure', total: '1', failed: '0' });
      expect(r.outputs['gate-reason']).toBe('1 test, fewer than min-tests (120).');
      const passes = await runAction({ inputs: inputs(tesults.url, { 'min-tests': '1' }), githubApiUrl: github().url });
      expect(passes.outputs.conclusion).toBe('success');
    });
  });
});

describe('the comment carries the comparison', () => {
  const github = useFakeGitHub();

  test('golden comment of a baseline run: comparison line, new / still failing / fixed / flaky sections, trend', async () => {
    const setup = await baselineSetups.testmo!();
    try {
      const r = await runAction({
        inputs: { ...setup.inputs, comment: 'always' },
        githubApiUrl: github().url,
        ...pullRequest('c'.repeat(40)),
      });
      const comment = github()
        .commentsOn(PR)
        .find((c) => c.user.login === ACTIONS_BOT.login)!;
      const local = (md: string) => md.replace(/http:\/\/127\.0\.0\.1:\d+/g, 'https://provider.example');
      const actual = local(comment.body).replace(/ (at|updated) \d{4}-\d\d-\d\d \d\d:\d\d UTC/g, ' $1 2026-11-23 09:00 UTC');
      const file = join(ROOT, '__tests__', 'golden', 'comment-testmo-baseline.md');
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
      if (!existsSync(file)) throw new Error(`${file} is missing: run UPDATE_GOLDEN=1 npm test and review it.`);
      expect(actual).toBe(readFileSync(file, 'utf8'));
      for (const heading of ['#### New failures (1)', '#### Still failing (2)', '#### Fixed (2)', '#### Flaky (1)'])
        expect(actual).toContain(heading);
      expect(actual).toContain('**1 new failure, 2 still failing, 2 fixed** since');
      expect(actual).toContain('**Pass rate, oldest to newest:**');
      // The same comparison as the summary: every section of it, in the same order.
      const sections = (md: string) => md.split('\n').filter((l) => l.startsWith('#### ') || l.startsWith('**1 new failure'));
      expect(sections(actual)).toEqual(sections(local(r.summary)));
    } finally {
      await setup.server.close();
    }
  });
});
