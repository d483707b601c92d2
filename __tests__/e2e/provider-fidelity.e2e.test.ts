import { describe, expect, test } from '@jest/globals';
import { eggplantWithBaseline } from '../../test-support/baseline-setups.mjs';
import { eggplantInputs } from '../../test-support/demo-setups.mjs';
import { startFakeEggplant } from '../../test-support/fakes/eggplant.mjs';
import { startFakeTesults } from '../../test-support/fakes/tesults.mjs';
import { buildTestmoRun, generatedTestmoRun, startFakeTestmo } from '../../test-support/fakes/testmo.mjs';
import { startFakeTestomato } from '../../test-support/fakes/testomato.mjs';
import { sampleTestomatoProject } from '../../test-support/samples.mjs';
import { runAction } from '../../test-support/run-action.mjs';
import { useFakeGitHub, using } from './helpers.js';

// Providers as their own clients write them, Testmo's 429 pause, and the hints of a 404.

const testmoInputs = (url: string, extra: Record<string, string> = {}) => ({
  provider: 'testmo',
  'base-url': url,
  'api-key': 'testmo-token-123',
  ...extra,
});

describe('providers as they really answer, through dist/index.js', () => {
  const github = useFakeGitHub();

  test('Testmo 429: nothing more is sent to the host until Retry-After has passed, then the run is read whole', async () => {
    const run = generatedTestmoRun({ tests: 3000, failed: 10, cases: 3000 });
    // 100 ms a request: the 60 pages take longer than the pause, so requests that ignored it would land inside it.
    await using(startFakeTestmo(run, { latencyMs: 100 }), async (testmo) => {
      testmo.inject((q) => q.path === '/api/v1/runs/42/results' && q.query.page === '3', { status: 429, headers: { 'retry-after': '2' } });
      // On real time: the pause is shown against the fake's real clock.
      const r = await runAction({
        inputs: testmoInputs(testmo.url, { run: '42', 'max-failures': '10' }),
        githubApiUrl: github().url,
        realClock: true,
      });
      expect(r.outputs).toMatchObject({ conclusion: 'success', total: '3000', failed: '10' });
      const refused = testmo.requests.find((q) => q.path === '/api/v1/runs/42/results' && q.query.page === '3')!;
      // Requests already on their way when the 429 came back (100 ms after it arrived) land just after it; none is sent during the pause.
      const duringPause = testmo.requests.filter((q) => q.at > refused.at + 400 && q.at < refused.at + 2000);
      expect(duringPause).toEqual([]);
      expect(testmo.requests.filter((q) => q.at >= refused.at + 2000).length).toBeGreaterThan(0);
      expect(r.stdout).toContain('retrying in 2.0 s');
    });
  });

  test('Testmo automation rows without id, failure text from the Failure field', async () => {
    const tests = [
      {
        name: 'pays by card',
        folder: 'checkout',
        status: 3,
        failure: 'AssertionError: expected 200, got 502',
        rowIdAs: 'automation_test_id' as const,
      },
      { name: 'lists orders', folder: 'orders', status: 2, rowIdAs: 'none' as const, file: 'tests/orders.spec.ts', line: 12 },
      { name: 'ships', folder: 'orders', status: 3, rowIdAs: 'none' as const, file: 'tests/ship.spec.ts', line: 7 },
    ];
    const world = { automation: { runs: [{ id: 801, name: 'CI', createdAt: '2026-11-20T08:00:00.000Z', tests }] } };
    await using(startFakeTestmo(buildTestmoRun({ tests: [] }), world), async (testmo) => {
      const r = await runAction({ inputs: testmoInputs(testmo.url, { 'automation-run': '801' }), githubApiUrl: github().url });
      expect(r.outputs).toMatchObject({ conclusion: 'failure', total: '3', passed: '1', failed: '2' });
      expect(r.summary).toContain('AssertionError: expected 200, got 502');
      expect(r.stdout).not.toContain('unexpected shape');
    });
  });

  test('Testmo: an unreadable explicit baseline warns about the baseline id, not the current run', async () => {
    await using(startFakeTestmo(buildTestmoRun({ tests: [{ name: 'a', status: 3 }] })), async (testmo) => {
      const r = await runAction({ inputs: testmoInputs(testmo.url, { run: '42', baseline: '999' }), githubApiUrl: github().url });
      expect(r.outputs).toMatchObject({ conclusion: 'failure', failed: '1', 'baseline-id': '' });
      const warning = r.stdout.split('\n').find((l) => l.startsWith('::warning::Could not read the baseline'))!;
      expect(warning).toContain('baseline run 999 exists');
      expect(warning).not.toContain('run 42 exists');
    });
  });

  test('Testmo: run names an automation run id: the 404 says to use automation-run', async () => {
    const world = { automation: { runs: [{ id: 77, createdAt: '2026-11-20T08:00:00.000Z', tests: [{ name: 'x', status: 2 }] }] } };
    await using(startFakeTestmo(buildTestmoRun({ tests: [] }), world), async (testmo) => {
      const r = await runAction({ inputs: testmoInputs(testmo.url, { run: '77' }), githubApiUrl: github().url });
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toContain('HTTP 404');
      expect(r.outputs['gate-reason']).toContain('automation-run: 77 instead of run');
    });
    await using(startFakeTestmo(buildTestmoRun({ tests: [] }), world), async (testmo) => {
      const r = await runAction({ inputs: testmoInputs(testmo.url, { run: '78' }), githubApiUrl: github().url });
      expect(r.outputs['gate-reason']).toContain('Check that run 78 exists');
      expect(r.outputs['gate-reason']).not.toContain('automation-run');
    });
  });

  test('Tesults: a pass case whose rawResult says it did not run is skipped (no pass rate from tests that did not run)', async () => {
    const data = {
      token: 'tesults-token',
      targets: [
        {
          id: 't1',
          name: 'Web',
          runs: [
            {
              build: '1.0',
              created_time: 1763880000000,
              cases: [
                { name: 'skipped one', suite: 'S', result: 'pass', rawResult: 'skipped' },
                { name: 'todo one', suite: 'S', result: 'pass', rawResult: 'todo' },
              ],
            },
          ],
        },
      ],
    };
    await using(startFakeTesults(data), async (tesults) => {
      const r = await runAction({
        inputs: { provider: 'tesults', 'base-url': tesults.url, 'api-key': data.token, target: 'Web', baseline: 'none' },
        githubApiUrl: github().url,
      });
      expect(r.outputs).toMatchObject({ total: '2', passed: '0', skipped: '2', 'pass-rate': '' });
    });
  });

  test("Eggplant: the baseline job is chosen by startedAt over every page of the template's job listing", async () => {
    const data = eggplantWithBaseline();
    // One job per page, oldest first: the first page alone would make the oldest job "previous".
    await using(startFakeEggplant(data, { jobListPageSize: 1 }), async (egg) => {
      const r = await runAction({
        inputs: eggplantInputs(egg.url, data, { job: 'jobs/12345', 'poll-interval': '1' }),
        githubApiUrl: github().url,
      });
      expect(r.outputs).toMatchObject({ 'baseline-id': '12344', 'new-failures': '1', fixed: '1' });
      const pages = egg.requests.filter((q) => q.path === '/pa/v1/jobs' && q.method === 'GET').map((q) => q.query.page ?? '1');
      expect(pages.sort()).toEqual(['1', '2', '3', '4']);
    });
  });

  test('Testomato: a running job that answers without results is polled; a missing project says it "exists"', async () => {
    const project = sampleTestomatoProject();
    const data = { ...project, jobs: { 'job-5': { checks: project.checks, pollsUntilDone: 1, noResultsWhileRunning: true } } };
    await using(startFakeTestomato(data), async (tm) => {
      const inputs = { provider: 'testomato', 'base-url': tm.url, 'api-key': data.apiKey, project: data.projectId, 'poll-interval': '1' };
      const r = await runAction({ inputs: { ...inputs, job: 'job-5' }, githubApiUrl: github().url });
      expect(r.outputs).toMatchObject({ conclusion: 'failure', total: String(project.checks.length), failed: '1' });
      expect(r.stdout).toContain('Testomato job job-5 is running (processed: false)');
      const missing = await runAction({ inputs: { ...inputs, project: 'nope' }, githubApiUrl: github().url });
      expect(missing.outputs['gate-reason']).toContain('Check that project nope exists on');
    });
  });
});
