import { describe, expect, test } from '@jest/globals';
import { startFakeTestomato } from '../../test-support/fakes/testomato.mjs';
import { sampleTestomatoProject } from '../../test-support/samples.mjs';
import { runAction } from '../../test-support/run-action.mjs';
import { findSecrets, outputChannels } from '../../test-support/secret-scan.mjs';
import { errorCommands, useFakeGitHub, using } from './helpers.js';

// Assumed where Testomato's docs are silent: `processed` stays false until the job is done;
// there is no documented web page per job, so report-url stays empty.

const project = sampleTestomatoProject();
const jobChecks = [
  { name: 'Homepage' },
  { name: 'Checkout', failures: ['Missing "Pay now" in Website TEXT'] },
  { name: 'Search', status: 'warning' },
  { name: 'Contact' },
];

describe('Testomato end to end through dist/index.js', () => {
  const github = useFakeGitHub();
  const inputs = (url: string, extra: Record<string, string> = {}) => ({
    provider: 'testomato',
    'base-url': url,
    'api-key': project.apiKey,
    project: project.projectId,
    ...extra,
  });

  test('project status: disabled → skipped, ok → passed, failures → failed with the checked URL', async () => {
    await using(startFakeTestomato(project), async (testomato) => {
      const r = await runAction({ inputs: inputs(testomato.url, { 'max-failures': '1' }), githubApiUrl: github().url });
      expect(r.code).toBe(0);
      expect(r.outputs).toMatchObject({
        conclusion: 'success',
        total: '6',
        passed: '4',
        failed: '1',
        skipped: '1',
        'pass-rate': '80.00',
        'report-url': '',
      });
      expect(JSON.parse(r.outputs['failed-tests']!)).toEqual(['Cart']);
      const cart = r.reportFile.results.tests.find((t: { name: string }) => t.name === 'Cart');
      expect(cart).toMatchObject({
        status: 'failed',
        duration: 95,
        message: 'Missing "Proceed to checkout" in Website TEXT\nServer returned HTTP status 500\nChecked URL: https://shop.example/cart',
      });
      expect(testomato.requests.map((q) => q.path)).toEqual([`/api/project/${project.projectId}/status`]);
      expect(testomato.requests[0]!.query.apikey).toBe(project.apiKey);
    });
  });

  test('the newer spelling (shortMessage, metrics) reads the same', async () => {
    await using(startFakeTestomato({ ...project, spelling: 'new' }), async (testomato) => {
      const r = await runAction({ inputs: inputs(testomato.url), githubApiUrl: github().url });
      expect(r.outputs).toMatchObject({ total: '6', passed: '4', failed: '1', skipped: '1' });
      expect(r.reportFile.results.tests.find((t: { name: string }) => t.name === 'Cart').duration).toBe(95);
    });
  });

  test('a job: polled while processed is false, then mapped', async () => {
    await using(startFakeTestomato({ ...project, jobs: { 'job-77': { checks: jobChecks, pollsUntilDone: 2 } } }), async (testomato) => {
      const r = await runAction({ inputs: inputs(testomato.url, { job: 'job-77', 'poll-interval': '1' }), githubApiUrl: github().url });
      expect(r.code).toBe(1);
      expect(testomato.requests.filter((q) => q.path.endsWith('/job/job-77/results'))).toHaveLength(3);
      expect(r.outputs).toMatchObject({ conclusion: 'failure', total: '4', passed: '2', failed: '2' });
      expect(r.summary).toContain('| Checkout | Public |  | Missing &quot;Pay now&quot; in Website TEXT |');
      expect(r.summary).toContain('| Search | Public |  | status: warning |');
    });
  });

  test('start: true starts a job, waits for it and reports it; the results URL with the key is never shown', async () => {
    const data = { ...project, startJob: { jobId: 'job-new-1', checks: jobChecks.slice(0, 1), pollsUntilDone: 1 } };
    await using(startFakeTestomato(data), async (testomato) => {
      const r = await runAction({ inputs: inputs(testomato.url, { start: 'true', 'poll-interval': '1' }), githubApiUrl: github().url });
      expect(r.code).toBe(0);
      // The status just before the start is the baseline (baseline: previous).
      expect(testomato.requests.map((q) => q.path)).toEqual([
        `/api/project/${project.projectId}/status`,
        `/api/project/${project.projectId}/start`,
        `/api/project/${project.projectId}/job/job-new-1/results`,
        `/api/project/${project.projectId}/job/job-new-1/results`,
      ]);
      expect(r.outputs).toMatchObject({ conclusion: 'success', total: '1', passed: '1' });
      expect(findSecrets(outputChannels(r, [github()]), [project.apiKey])).toEqual([]);
    });
  });

  test('a job still running after wait-timeout: conclusion error, step fails even with fail-step false', async () => {
    await using(
      startFakeTestomato({ ...project, jobs: { 'job-slow': { checks: jobChecks, pollsUntilDone: 1000 } } }),
      async (testomato) => {
        const r = await runAction({
          inputs: inputs(testomato.url, { job: 'job-slow', 'wait-timeout': '2', 'poll-interval': '1', 'fail-step': 'false' }),
          githubApiUrl: github().url,
        });
        expect(r.code).toBe(1);
        expect(r.outputs.conclusion).toBe('error');
        expect(r.outputs['gate-reason']).toMatch(
          /^Testomato job job-slow was still running \(processed: false\) after \d s of waiting \(wait-timeout 2 s, poll-interval \d s; \d checks\)/,
        );
        expect(r.outputs.total).toBe('0');
        expect(github().checkRuns.get(7000)!.create.conclusion).toBe('failure');
      },
    );
  });

  test("a wrong key: 401 with Testomato's message, the URL redacted, no key anywhere", async () => {
    await using(startFakeTestomato(project), async (testomato) => {
      const wrongKey = 'tm-wrong-key-ZZZ999';
      const r = await runAction({ inputs: inputs(testomato.url, { 'api-key': wrongKey }), githubApiUrl: github().url });
      expect(r.code).toBe(1);
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toBe(
        `Testomato: GET ${testomato.url}/api/project/${project.projectId}/status?apikey=*** answered HTTP 401 Unauthorized: "You don't have required permission to selected project.". ` +
          "Check that api-key is the API key of this Testomato project (the project's settings show it).",
      );
      expect(errorCommands(r.stdout).some((l) => l.includes('apikey=***'))).toBe(true);
      expect(findSecrets(outputChannels(r, [github()]), [wrongKey])).toEqual([]);
    });
  });

  test("an unknown project: 404 with Testomato's message and what to check", async () => {
    await using(startFakeTestomato(project), async (testomato) => {
      const r = await runAction({ inputs: inputs(testomato.url, { project: 'nope' }), githubApiUrl: github().url });
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toContain(
        'answered HTTP 404 Not Found: "Project \\"nope\\" not found.".'.replace('\\"nope\\"', '"nope"'),
      );
      expect(r.outputs['gate-reason']).toContain('Check that project nope exist');
    });
  });

  test('a job answer as older examples have it (areas: [null], no processed): a finished job with no areas', async () => {
    await using(startFakeTestomato({ ...project, jobs: { 'job-old': { checks: jobChecks, legacy: true } } }), async (testomato) => {
      const r = await runAction({ inputs: inputs(testomato.url, { job: 'job-old', 'poll-interval': '1' }), githubApiUrl: github().url });
      expect(testomato.requests.map((q) => q.path)).toEqual([`/api/project/${project.projectId}/job/job-old/results`]);
      expect(r.outputs).toMatchObject({ conclusion: 'failure', total: '4', passed: '2', failed: '2' });
      expect(r.summary).toContain('| Checkout |  |  | Missing &quot;Pay now&quot; in Website TEXT |');
      expect(r.reportFile.results.tests.every((t: { suite?: string[] }) => t.suite === undefined)).toBe(true);
    });
  });
});
