import { describe, expect, test } from '@jest/globals';
import { createRequire } from 'node:module';
import { demoSetups } from '../../test-support/demo-setups.mjs';
import { buildTestmoRun, generatedAutomationRun, startFakeTestmo } from '../../test-support/fakes/testmo.mjs';
import { runAction } from '../../test-support/run-action.mjs';
import { errorCommands, useFakeGitHub, using } from './helpers.js';

/**
 * Which Testmo run is read: automation runs by id (waiting while not completed, counts from the
 * run when its tests cannot be listed), `latest` with filters (waiting while nothing matches),
 * and `max-age`. Assumed where Testmo's docs are silent (the fake serves these):
 * - a row of `/automation/runs/{id}/tests` is `{id, name, folder (a string), key, status_id,
 *   elapsed (µs), repository_case_id, …}` (the action also accepts other spellings, see
 *   src/providers/testmo/schemas.ts);
 * - a listing's `tags` filter lets through runs carrying ANY of the tags, so the action checks
 *   that the run carries all of them itself.
 */

const CI_TESTS = [
  { name: 'GET /health answers 200', folder: 'tests/api', status: 2, elapsedUs: 120_000 },
  { name: 'POST /orders rejects an empty cart', folder: 'tests/api/orders', status: 3, elapsedUs: 450_000 },
  { name: 'pays with a card', folder: 'tests/e2e/checkout', status: 2, elapsedUs: 2_500_000 },
  { name: 'search is fast', folder: 'tests/perf', status: 6 },
  { name: 'legacy export', folder: 'tests/api', status: 1 },
];
const SHA = 'c0ffee1234567890c0ffee1234567890c0ffee12';
const CREATED = '2026-11-20T08:00:00.000Z';
const testRun = buildTestmoRun({
  tests: [
    { name: 'Login works', folder: 'Auth', status: 2 },
    { name: 'Checkout total is right', folder: 'Cart', status: 3, note: '<p>Expected 42.00</p>' },
  ],
});

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const HOUR = 3_600_000;

describe('Testmo: which run is read (through dist/index.js)', () => {
  const github = useFakeGitHub();
  const inputs = (url: string, extra: Record<string, string>) => ({
    provider: 'testmo',
    'base-url': url,
    'api-key': 'testmo-token-123',
    'poll-interval': '1',
    'wait-timeout': '10',
    ...extra,
  });
  const automation = (options: Parameters<typeof startFakeTestmo>[1]) => startFakeTestmo(testRun, options);

  test('automation-run: <id>: its tests, statuses through the expand, names and folders, its own report-url', async () => {
    const world = { automation: { runs: [{ id: 501, name: 'backend CI', createdAt: CREATED, tests: CI_TESTS }] } };
    await using(automation(world), async (testmo) => {
      const r = await runAction({ inputs: inputs(testmo.url, { 'automation-run': '501' }), githubApiUrl: github().url });
      expect(r.code).toBe(1);
      expect(r.outputs).toMatchObject({
        conclusion: 'failure',
        total: '5',
        passed: '2',
        failed: '1',
        skipped: '1',
        pending: '1',
        other: '0',
        'report-url': `${testmo.url}/automation/runs/view/501`,
        'run-id': '501',
        'run-created-at': CREATED,
      });
      expect(JSON.parse(r.outputs['failed-tests']!)).toEqual(['POST /orders rejects an empty cart']);
      // The automation endpoints only: never the test run that happens to have the same number.
      // The baseline looks for an earlier run of its source, and finds none.
      expect(testmo.requests.map((q) => q.path).sort()).toEqual([
        '/api/v1/automation/runs/501',
        '/api/v1/automation/runs/501/tests',
        '/api/v1/projects/7/automation/runs',
      ]);
      expect(r.outputs['baseline-id']).toBe('');
      expect(testmo.requests[0]!.query.expands).toBe('statuses');
      expect(testmo.requests.find((q) => q.path.endsWith('/tests'))!.query).toMatchObject({ page: '1', per_page: '1000' });
      // The source line and the check run name the run's id, name and creation time.
      const source = `[automation run 501 &quot;backend CI&quot;](${testmo.url}/automation/runs/view/501) · created 2026-11-20 08:00 UTC`;
      expect(r.summary).toContain(source);
      const create = github().checkRuns.get(7000)!.create;
      expect(create.output.summary).toContain(source);
      expect(create.output.annotations).toEqual([
        expect.objectContaining({ title: 'tests/api/orders › POST /orders rejects an empty cart', annotation_level: 'failure' }),
      ]);
      expect(r.summary).not.toContain('search is fast'); // skipped: in the report file, not the summary
      expect(r.summary).toContain('| legacy export | Untested | tests/api |');
      const ctrf = r.reportFile.results;
      expect(ctrf.summary).toMatchObject({ tests: 5, passed: 2, failed: 1, skipped: 1, pending: 1, other: 0 });
      expect(ctrf.tests.map((t: { name: string }) => t.name)).toEqual(CI_TESTS.map((t) => t.name));
      expect(ctrf.tests[2]).toMatchObject({ name: 'pays with a card', suite: ['tests/e2e/checkout'], duration: 2500, status: 'passed' });
    });
  });

  test('automation run of 2,500 tests: pages of 1000, each test counted once, at most 4 requests in flight', async () => {
    const big = generatedAutomationRun({ id: 600, tests: 2500, failed: 30 });
    await using(automation({ automation: { runs: [big] } }), async (testmo) => {
      const r = await runAction({
        inputs: inputs(testmo.url, { 'automation-run': '600', 'max-failures': '100' }),
        githubApiUrl: github().url,
      });
      expect(r.outputs).toMatchObject({ conclusion: 'success', total: '2500', passed: '2470', failed: '30' });
      const pages = testmo.requests.filter((q) => q.path === '/api/v1/automation/runs/600/tests').map((q) => q.query.page);
      expect(pages.sort()).toEqual(['1', '2', '3']);
      expect(testmo.maxInFlight).toBeLessThanOrEqual(4);
      expect(r.reportFile.results.tests).toHaveLength(2500);
    });
  });

  test('no statuses expand in the answer: one warning, statuses mapped by default ids', async () => {
    const world = {
      automation: { runs: [{ id: 501, createdAt: CREATED, tests: CI_TESTS, completeAfterPolls: 1 }] },
      statusesExpand: false,
    };
    await using(automation(world), async (testmo) => {
      const r = await runAction({ inputs: inputs(testmo.url, { 'automation-run': '501' }), githubApiUrl: github().url });
      expect(r.outputs).toMatchObject({ total: '5', passed: '2', failed: '1', skipped: '1', pending: '1' });
      const warnings = r.commands.filter((c) => c.command === 'warning' && c.message.includes('no statuses expand'));
      expect(warnings).toHaveLength(1);
      expect(testmo.requests.filter((q) => q.path === '/api/v1/automation/runs/501')).toHaveLength(2);
    });
  });

  test('an unfinished automation run is polled until it completes', async () => {
    const world = { automation: { runs: [{ id: 501, createdAt: CREATED, tests: CI_TESTS, completeAfterPolls: 2 }] } };
    await using(automation(world), async (testmo) => {
      const r = await runAction({
        inputs: inputs(testmo.url, { 'automation-run': '501', 'max-failures': '1' }),
        githubApiUrl: github().url,
        // One of the few runs on real time: the poll-interval between reads is what is shown.
        realClock: true,
      });
      expect(r.outputs).toMatchObject({ conclusion: 'success', total: '5', failed: '1' });
      const reads = testmo.requests.filter((q) => q.path === '/api/v1/automation/runs/501');
      expect(reads).toHaveLength(3);
      expect(reads[1]!.at - reads[0]!.at).toBeGreaterThanOrEqual(900);
      expect(r.stdout).toContain('Testmo automation run 501 is running (is_completed: false); checking again in 1 s.');
      // Tests are read once, after it completed.
      expect(testmo.requests.filter((q) => q.path.endsWith('/tests'))).toHaveLength(1);
    });
  });

  test('still running at wait-timeout: conclusion error saying so, no tests read', async () => {
    const world = { automation: { runs: [{ id: 501, createdAt: CREATED, tests: CI_TESTS, completeAfterPolls: 1000 }] } };
    await using(automation(world), async (testmo) => {
      const r = await runAction({
        inputs: inputs(testmo.url, { 'automation-run': '501', 'wait-timeout': '2' }),
        githubApiUrl: github().url,
      });
      expect(r.code).toBe(1);
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toMatch(
        /^Testmo automation run 501 was still running \(is_completed: false\) after \d s of waiting \(wait-timeout 2 s/,
      );
      expect(testmo.requests.filter((q) => q.path.endsWith('/tests'))).toHaveLength(0);
      expect(r.summary).toContain('No verdict could be reached');
    });
  });

  test('tests endpoint answers 404: counts from the run, a summary line, placeholders in the report file, no annotations', async () => {
    const world = { automation: { runs: [{ id: 501, name: 'backend CI', createdAt: CREATED, tests: CI_TESTS }], testsNotFound: true } };
    await using(automation(world), async (testmo) => {
      const r = await runAction({ inputs: inputs(testmo.url, { 'automation-run': '501' }), githubApiUrl: github().url });
      expect(r.outputs).toMatchObject({
        conclusion: 'failure',
        total: '5',
        passed: '2',
        failed: '1',
        skipped: '1',
        pending: '1',
        other: '0',
        'failed-tests': '[]',
        'run-id': '501',
      });
      const line = 'Testmo did not list the tests of this automation run (its tests endpoint answered 404)';
      expect(r.summary).toContain(line);
      expect(r.summary).not.toContain('#### Failed tests');
      const create = github().checkRuns.get(7000)!.create;
      expect(create.output.summary).toContain(line);
      expect(create.output.annotations).toBeUndefined();
      expect(github().requests).toHaveLength(1);
      const ctrf = r.reportFile.results;
      expect(ctrf.summary).toMatchObject({ tests: 5, passed: 2, failed: 1, skipped: 1, pending: 1, other: 0 });
      expect(ctrf.tests).toHaveLength(5);
      const names = ctrf.tests.map((t: { name: string }) => t.name);
      expect(names).toEqual([1, 2, 3, 4, 5].map((n) => `Unlisted test ${n} of 5 in automation run 501`));
      for (const status of ['passed', 'failed', 'skipped', 'pending', 'other']) {
        expect(ctrf.tests.filter((t: { status: string }) => t.status === status)).toHaveLength(ctrf.summary[status]);
      }
    });
  });

  test('run: latest with milestone and tags: the newest test run carrying every tag, filters sent to Testmo', async () => {
    const runList = [
      { id: 40, name: 'Older', milestoneId: 3, tags: ['release', 'web'], createdAt: '2026-11-18T08:00:00Z' },
      { id: 42, name: 'Nightly regression', milestoneId: 3, tags: ['release', 'web'], createdAt: '2026-11-20T08:00:00Z' },
      // Newer, but lacks "web": Testmo's filter may let it through; the action does not take it.
      { id: 43, name: 'Partial', milestoneId: 3, tags: ['release'], createdAt: '2026-11-21T08:00:00Z' },
      { id: 44, name: 'Other milestone', milestoneId: 4, tags: ['release', 'web'], createdAt: '2026-11-22T08:00:00Z' },
    ];
    await using(startFakeTestmo(testRun, { runList }), async (testmo) => {
      const r = await runAction({
        inputs: inputs(testmo.url, { run: 'latest', project: '7', milestone: '3', tags: 'release, web' }),
        githubApiUrl: github().url,
      });
      expect(r.outputs).toMatchObject({ conclusion: 'failure', total: '2', failed: '1', 'run-id': '42', 'run-created-at': CREATED });
      const listing = testmo.requests.find((q) => q.path === '/api/v1/projects/7/runs')!;
      expect(listing.query).toMatchObject({ sort: 'runs:created_at', order: 'desc', milestone_id: '3', tags: 'release,web' });
      expect(testmo.requests.some((q) => q.path === '/api/v1/runs/42')).toBe(true);
      expect(r.summary).toContain('[run 42 &quot;Nightly regression&quot;]');
    });
  });

  test('automation-run: latest with source and tags: waits for the run to appear, then for it to complete', async () => {
    const world = {
      automation: {
        sources: [
          { id: 1, name: 'nightly' },
          { id: 2, name: 'backend-ci' },
        ],
        runs: [
          { id: 400, sourceId: 2, tags: ['0123abc'], createdAt: '2026-11-19T08:00:00Z', tests: CI_TESTS },
          { id: 502, sourceId: 1, tags: [SHA], createdAt: '2026-11-22T09:00:00Z', tests: CI_TESTS },
          {
            id: 501,
            name: 'backend CI',
            sourceId: 2,
            tags: [SHA, 'main'],
            createdAt: CREATED,
            tests: CI_TESTS,
            appearAfterPolls: 2,
            completeAfterPolls: 1,
          },
        ],
      },
    };
    await using(automation(world), async (testmo) => {
      const r = await runAction({
        inputs: inputs(testmo.url, { 'automation-run': 'latest', project: '7', source: 'backend-ci', tags: SHA, 'max-failures': '1' }),
        githubApiUrl: github().url,
      });
      expect(r.outputs).toMatchObject({ conclusion: 'success', total: '5', 'run-id': '501', 'run-created-at': CREATED });
      const listings = testmo.requests.filter((q) => q.path === '/api/v1/projects/7/automation/runs');
      // Two looks with nothing, one with the run still running, one with it completed; then the
      // baseline's: the source's runs created before it (without the tags, which choose only the current run).
      expect(listings).toHaveLength(5);
      expect(listings[0]!.query).toMatchObject({ sort: 'automation_runs:created_at', order: 'desc', source_id: '2', tags: SHA });
      expect(listings[4]!.query).toMatchObject({ source_id: '2', created_before: CREATED });
      expect(listings[4]!.query.tags).toBeUndefined();
      expect(r.outputs['baseline-id']).toBe('400');
      expect(testmo.requests.filter((q) => q.path === '/api/v1/projects/7/automation/sources')).toHaveLength(1);
      expect(r.stdout).toContain('is missing (no automation run matches yet); checking again in 1 s.');
      expect(r.stdout).toContain('is running (automation run 501 &quot;backend CI&quot; is not completed)'.replace(/&quot;/g, '"'));
      expect(r.summary).toContain('[automation run 501 &quot;backend CI&quot;]');
    });
  });

  test('nothing matches at wait-timeout: conclusion error naming the filters it waited on', async () => {
    const world = {
      automation: { sources: [{ id: 2, name: 'backend-ci' }], runs: [{ id: 400, sourceId: 2, tags: ['other'], tests: CI_TESTS }] },
    };
    await using(automation(world), async (testmo) => {
      const r = await runAction({
        inputs: inputs(testmo.url, {
          'automation-run': 'latest',
          project: '7',
          source: 'backend-ci',
          milestone: '9',
          tags: SHA,
          'wait-timeout': '2',
        }),
        githubApiUrl: github().url,
      });
      expect(r.code).toBe(1);
      expect(r.outputs).toMatchObject({ conclusion: 'error', 'run-id': '', 'run-created-at': '' });
      expect(r.outputs['gate-reason']).toContain(
        `The newest Testmo automation run of project 7 with source "backend-ci", milestone 9, tag ${SHA} was still missing (no automation run matches yet) after 1 s of waiting (wait-timeout 2 s`,
      );
      expect(testmo.requests.filter((q) => q.path === '/api/v1/projects/7/automation/runs').length).toBeGreaterThanOrEqual(2);
    });
  });

  test('a source that does not exist yet is waited for too, and named at wait-timeout', async () => {
    const world = { automation: { sources: [{ id: 2, name: 'backend-ci' }], runs: [] } };
    await using(automation(world), async (testmo) => {
      const r = await runAction({
        inputs: inputs(testmo.url, { 'automation-run': 'latest', project: '7', source: 'frontend', 'wait-timeout': '1' }),
        githubApiUrl: github().url,
      });
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toContain('project 7 has no automation source named "frontend" yet');
      expect(testmo.requests.filter((q) => q.path.endsWith('/automation/runs'))).toHaveLength(0);
    });
  });

  test('max-age: a run created longer ago is stale (conclusion error saying its age); a fresh one passes', async () => {
    const world = {
      automation: {
        runs: [
          { id: 501, name: 'old', createdAt: ago(3 * 24 * HOUR + 60_000), tests: CI_TESTS.slice(0, 1) },
          { id: 502, name: 'fresh', createdAt: ago(10 * 60_000), tests: CI_TESTS.slice(0, 1) },
        ],
      },
    };
    await using(automation(world), async (testmo) => {
      const stale = await runAction({
        inputs: inputs(testmo.url, { 'automation-run': '501', 'max-age': '6h' }),
        githubApiUrl: github().url,
      });
      expect(stale.code).toBe(1);
      expect(stale.outputs).toMatchObject({ conclusion: 'error', 'run-id': '501', passed: '1' });
      expect(stale.outputs['gate-reason']).toBe('Testmo automation run 501 "old" was created 3 d ago, more than max-age 6h (stale).');
      expect(errorCommands(stale.stdout)).toContain(`No verdict: ${stale.outputs['gate-reason']}`);

      const fresh = await runAction({
        inputs: inputs(testmo.url, { 'automation-run': '502', 'max-age': '90m' }),
        githubApiUrl: github().url,
      });
      expect(fresh.code).toBe(0);
      expect(fresh.outputs).toMatchObject({ conclusion: 'success', 'run-id': '502' });
    });
  });

  test.each([
    [{ run: '42', 'automation-run': '501' }, "Input 'automation-run' cannot be given together with 'run'"],
    [{}, "Input 'run' or 'automation-run' is required for testmo"],
    [{ run: 'latest' }, "Input 'project' is required for testmo with run: latest"],
    [{ 'automation-run': 'latest' }, "Input 'project' is required for testmo with automation-run: latest"],
    [{ 'automation-run': 'newest' }, "Input 'automation-run' must be a Testmo automation run id (a number) or 'latest', got 'newest'"],
    [{ 'automation-run': '501', 'max-age': '6 hours' }, "Input 'max-age' must be seconds or a number with m, h or d"],
    [{ 'automation-run': '501', 'max-age': '0' }, "Input 'max-age' must be seconds or a number with m, h or d"],
    [{ 'automation-run': 'latest', project: '7', tags: 'feature/login' }, "Input 'tags' may hold only letters, digits, '_' and '-'"],
    [{ 'automation-run': 'latest', project: '7', milestone: 'M1' }, "Input 'milestone' must be a Testmo milestone id (a number), got 'M1'"],
    [{ run: 'latest', project: '7', source: 'backend-ci' }, "Input 'source' applies only to automation runs"],
    [{ 'automation-run': '501', tags: SHA }, "Input 'tags' applies only with automation-run: latest"],
  ])('bad inputs fail before any request: %j', async (extra, message) => {
    await using(automation({ automation: { runs: [] }, runList: [] }), async (testmo) => {
      const r = await runAction({ inputs: inputs(testmo.url, extra as Record<string, string>), githubApiUrl: github().url });
      expect(r.code).toBe(1);
      expect(errorCommands(r.stdout).join('\n')).toContain(message);
      expect(testmo.requests).toHaveLength(0);
      expect(github().requests).toHaveLength(0);
    });
  });

  test("the fake's answers are what Testmo's own client (@testmo/testmo-api) accepts", async () => {
    const require = createRequire(import.meta.url);
    const model = (name: string) =>
      require(`@testmo/testmo-api/dist/model/${name}.js`).default as {
        validateJSON(d: unknown): boolean;
        constructFromObject(d: unknown): object;
      };
    const world = {
      automation: {
        sources: [{ id: 2, name: 'backend-ci' }],
        runs: [{ id: 501, sourceId: 2, tags: [SHA], createdAt: CREATED, tests: CI_TESTS }],
      },
      runList: [{ id: 42, name: 'Nightly regression', tags: ['web'], createdAt: CREATED }],
    };
    await using(automation(world), async (testmo) => {
      const get = async (path: string) =>
        (await fetch(testmo.url + path, { headers: { authorization: `Bearer ${testmo.token}` } })).json() as Promise<
          Record<string, unknown>
        >;
      const checks: [string, string][] = [
        ['AutomationRunRow', '/api/v1/automation/runs/501?expands=statuses'],
        ['AutomationRunPage', '/api/v1/projects/7/automation/runs?sort=automation_runs:created_at&order=desc&tags=' + SHA],
        ['AutomationSourcePage', '/api/v1/projects/7/automation/sources'],
        ['RunPage', '/api/v1/projects/7/runs?sort=runs:created_at&order=desc'],
        ['RunRow', '/api/v1/runs/42?expands=statuses'],
      ];
      for (const [name, path] of checks) {
        const body = await get(path);
        expect(model(name).validateJSON(body)).toBe(true);
        expect(model(name).constructFromObject(body)).toBeTruthy();
      }
      const run = model('AutomationRunRow').constructFromObject(await get('/api/v1/automation/runs/501')) as {
        result: Record<string, unknown>;
      };
      expect(run.result).toMatchObject({ id: 501, is_completed: true, tags: [SHA], status3_count: 1 });
    });
  });
});

describe('run-id and run-created-at from every provider (the sample runs)', () => {
  const github = useFakeGitHub();
  test.each([
    // Testmo: the run and its created_at; Tesults: no build asked for, so no build name, the run's created_time;
    // Testomato project status: no id, its last run; Eggplant: the job and its start.
    ['testmo', '42', '2026-11-20T08:00:00.000Z'],
    ['tesults', '3.8.0-rc.2', '2025-11-23T06:40:00.000Z'],
    ['testomato', '', '2025-11-23T06:40:00.000Z'],
    ['eggplant', '12345', '2026-11-23T08:00:00.000Z'],
  ])('%s: run-id %j, run-created-at %j; a max-age of one second makes it stale', async (provider, runId, createdAt) => {
    const setup = await demoSetups[provider]!();
    try {
      const r = await runAction({ inputs: setup.inputs, githubApiUrl: github().url });
      expect(r.outputs['run-id']).toBe(runId);
      expect(r.outputs['run-created-at']).toBe(createdAt);
      const stale = await runAction({ inputs: { ...setup.inputs, 'max-age': '1' }, githubApiUrl: github().url });
      expect(stale.outputs.conclusion).toBe('error');
      expect(stale.outputs['gate-reason']).toMatch(/ was created \d+ (s|min|h|d) ago, more than max-age 1 s \(stale\)\.$/);
    } finally {
      await setup.server.close();
    }
  });
});
