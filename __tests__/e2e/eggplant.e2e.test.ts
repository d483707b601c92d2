import { describe, expect, test } from '@jest/globals';
import { startFakeEggplant } from '../../test-support/fakes/eggplant.mjs';
import { sampleEggplantData } from '../../test-support/samples.mjs';
import { runAction } from '../../test-support/run-action.mjs';
import { findSecrets, outputChannels } from '../../test-support/secret-scan.mjs';
import { useFakeGitHub, using } from './helpers.js';

// Assumed where Eggplant's docs are silent: the token answer is OAuth2's {access_token,...};
// more test runs than one answer holds are read with page=2…; severities other than "ok"
// (here "warning", "error") are failures; error bodies are {message} or OAuth2's {error, error_description};
// an expired token answers 401; GET /pa/v1/jobs?jobTemplate=… answers {results:[job…], meta} in no
// particular order (the fake lists oldest first), with the same page parameter as test runs.

const data = sampleEggplantData();

describe('Eggplant end to end through dist/index.js', () => {
  const github = useFakeGitHub();
  const inputs = (url: string, extra: Record<string, string> = {}) => ({
    provider: 'eggplant',
    'base-url': url,
    'client-id': data.clientId,
    'client-secret': data.clientSecret,
    realm: data.realm,
    job: '12345',
    'poll-interval': '1',
    ...extra,
  });

  test('client credentials → token; Realm on every call; waits while running; maps severities', async () => {
    await using(startFakeEggplant(data), async (egg) => {
      // baseline: none, so that only the job's own requests are made (the baseline has its own suite).
      const r = await runAction({ inputs: inputs(egg.url, { 'max-failures': '2', baseline: 'none' }), githubApiUrl: github().url });
      expect(r.code).toBe(0);
      expect(egg.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
        'POST /authorisation/token',
        'GET /pa/v1/jobs/12345',
        'GET /pa/v1/jobs/12345',
        'GET /pa/v1/testRuns',
      ]);
      const token = egg.requests[0]!;
      expect(token.headers.authorization).toBe(`Basic ${Buffer.from(`${data.clientId}:${data.clientSecret}`).toString('base64')}`);
      expect(token.body).toBe('grant_type=client_credentials');
      expect(egg.requests.every((q) => q.headers.realm === 'acme')).toBe(true);
      expect(egg.requests.slice(1).every((q) => q.headers.authorization === `Bearer ${egg.accessToken}`)).toBe(true);
      expect(egg.requests[3]!.query.job).toBe('jobs/12345');
      expect(r.outputs).toMatchObject({ conclusion: 'success', total: '5', passed: '3', failed: '2' });
      expect(JSON.parse(r.outputs['failed-tests']!)).toEqual(['Search results (Chrome)', 'https://shop.example/checkout (Firefox)']);
      const search = r.reportFile.results.tests.find((t: { name: string }) => t.name === 'Search results (Chrome)');
      expect(search).toMatchObject({ status: 'failed', duration: 6930, message: 'severity: warning; onLoad: 6.93 s; result code: 1' });
      expect(findSecrets(outputChannels(r, [github()]), [data.clientSecret, egg.accessToken])).toEqual([]);
    });
  });

  test('api-key is used as the bearer token directly; jobs/123 form accepted', async () => {
    await using(startFakeEggplant(data), async (egg) => {
      const r = await runAction({
        inputs: {
          provider: 'eggplant',
          'base-url': egg.url,
          'api-key': egg.accessToken,
          realm: 'acme',
          job: 'jobs/12345',
          'poll-interval': '1',
        },
        githubApiUrl: github().url,
      });
      expect(egg.requests.some((q) => q.path === '/authorisation/token')).toBe(false);
      expect(r.outputs.total).toBe('5');
      expect(findSecrets(outputChannels(r, [github()]), [egg.accessToken])).toEqual([]);
    });
  });

  test('start: true posts the template, waits for the new job, and pages through its test runs', async () => {
    const runs = Array.from({ length: 120 }, (_, i) => ({
      pageTitle: `Page ${i + 1}`,
      url: `https://shop.example/${i}`,
      onLoad: 1,
      severity: i < 4 ? 'error' : 'ok',
    }));
    const started = {
      ...data,
      jobs: { 98765: { name: 'Release check', statuses: ['pending', 'running', 'completed'], runs } },
      startFrom: { 'jobTemplates/6789': '98765' },
    };
    await using(startFakeEggplant(started, { pageSize: 50 }), async (egg) => {
      const r = await runAction({
        inputs: inputs(egg.url, { job: '', start: 'true', 'job-template': '6789', 'max-failures': '5' }),
        githubApiUrl: github().url,
      });
      expect(r.code).toBe(0);
      const post = egg.requests.find((q) => q.method === 'POST' && q.path === '/pa/v1/jobs')!;
      expect(JSON.parse(post.body)).toEqual({ jobTemplateUri: 'jobTemplates/6789' });
      expect(egg.requests.filter((q) => q.path === '/pa/v1/jobs/98765')).toHaveLength(3);
      expect(
        egg.requests
          .filter((q) => q.path === '/pa/v1/testRuns')
          .map((q) => q.query.page ?? '1')
          .sort(),
      ).toEqual(['1', '2', '3']);
      expect(r.outputs).toMatchObject({ total: '120', passed: '116', failed: '4' });
    });
  });

  test.each(['failed', 'cancelled', 'expired'])('a job that ends %s: conclusion error naming the status', async (status) => {
    await using(startFakeEggplant({ ...data, jobs: { 5: { name: 'Crawl', statuses: ['running', status], runs: [] } } }), async (egg) => {
      const r = await runAction({ inputs: inputs(egg.url, { job: '5', 'fail-step': 'false' }), githubApiUrl: github().url });
      expect(r.code).toBe(1);
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toBe(`Eggplant job 5 "Crawl" ended with status ${status}, so it has no results to judge.`);
      expect(egg.requests.some((q) => q.path === '/pa/v1/testRuns')).toBe(false);
    });
  });

  test('a job still pending after wait-timeout: conclusion error', async () => {
    await using(startFakeEggplant({ ...data, jobs: { 6: { name: 'Slow', statuses: ['pending'], runs: [] } } }), async (egg) => {
      const r = await runAction({ inputs: inputs(egg.url, { job: '6', 'wait-timeout': '2' }), githubApiUrl: github().url });
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toMatch(/^Eggplant job 6 was still pending after \d s of waiting \(wait-timeout 2 s/);
    });
  });

  test('a wrong client secret: the OAuth2 error surfaced, nothing secret anywhere', async () => {
    await using(startFakeEggplant(data), async (egg) => {
      const wrong = 'wpa-wrong-secret-0000XYZ';
      const r = await runAction({ inputs: inputs(egg.url, { 'client-secret': wrong }), githubApiUrl: github().url });
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toBe(
        `Eggplant: POST ${egg.url}/authorisation/token answered HTTP 401 Unauthorized: "invalid_client: Client authentication failed". ` +
          'Check client-id and client-secret (an API client of your Eggplant account) and that realm is your account realm.',
      );
      expect(findSecrets(outputChannels(r, [github()]), [wrong, `${data.clientId}:${wrong}`])).toEqual([]);
    });
  });

  test("a wrong realm: 403 with Eggplant's message", async () => {
    await using(startFakeEggplant(data), async (egg) => {
      const r = await runAction({ inputs: inputs(egg.url, { realm: 'other' }), githubApiUrl: github().url });
      expect(r.outputs['gate-reason']).toContain('GET /pa/v1/jobs/12345'.replace('GET ', `GET ${egg.url}`).replace(egg.url, `${egg.url}`));
      expect(r.outputs['gate-reason']).toContain('answered HTTP 403 Forbidden: "Realm not allowed"');
    });
  });

  test.each([
    [{ realm: '' }, "Input 'realm' is required for eggplant"],
    [{ 'client-secret': '' }, "Input 'client-secret' is required: for eggplant"],
    [{ job: '' }, "Input 'job' is required for eggplant"],
    [{ job: 'jobs/abc' }, "Input 'job' must be an Eggplant job id"],
    [{ job: '', start: 'true' }, "Input 'job-template' is required for eggplant with start: true"],
  ])('bad input %j fails before any request', async (extra, expected) => {
    await using(startFakeEggplant(data), async (egg) => {
      const r = await runAction({ inputs: inputs(egg.url, extra), githubApiUrl: github().url });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(expected);
      expect(egg.requests).toHaveLength(0);
    });
  });

  test("the documented browsers are named (ch, ff, ie11); Eggplant's result code is not an HTTP status", async () => {
    await using(startFakeEggplant(data), async (egg) => {
      const r = await runAction({ inputs: inputs(egg.url), githubApiUrl: github().url });
      expect(r.reportFile.results.tests.map((t: { name: string }) => t.name)).toEqual([
        'Home (Chrome)',
        'Home (Firefox)',
        'Search results (Chrome)',
        'Product (Internet Explorer 11)',
        'https://shop.example/checkout (Firefox)',
      ]);
      expect(r.summary).toContain('severity: error; result code: 5');
      expect(r.summary).not.toMatch(/resultCode|HTTP/);
    });
  });

  describe('the access token renewed during a long poll', () => {
    const longJob = { name: 'Long crawl', statuses: ['pending', 'running', 'running', 'completed'], runs: data.jobs[12345]!.runs };

    test('expires_in says it is about to run out: exchanged again before it does, no call refused', async () => {
      const expiring = { ...data, jobs: { 7: longJob }, tokenLifetimeS: 2, tokenExpiresIn: 2 };
      await using(startFakeEggplant(expiring), async (egg) => {
        // baseline: none, so that the last request is this job's, not a listing of earlier ones. On
        // real time: the fake's tokens expire in real seconds.
        const r = await runAction({
          inputs: inputs(egg.url, { job: '7', baseline: 'none' }),
          githubApiUrl: github().url,
          realClock: true,
        });
        expect(r.outputs).toMatchObject({ conclusion: 'failure', total: '5' });
        const exchanges = egg.requests.filter((q) => q.path === '/authorisation/token');
        expect(exchanges.length).toBeGreaterThanOrEqual(2);
        expect(r.stdout).toContain(
          'Eggplant: the access token is about to expire; exchanging the client credentials for a new access token.',
        );
        const lastCall = egg.requests.at(-1)!;
        expect(lastCall.path).toBe('/pa/v1/testRuns');
        expect(lastCall.headers.authorization).toBe(`Bearer ${egg.issuedTokens.at(-1)}`);
        expect(findSecrets(outputChannels(r, [github()]), [data.clientSecret, ...egg.issuedTokens])).toEqual([]);
      });
    });

    test('a 401 while polling: the client credentials are exchanged once more and the call repeated', async () => {
      await using(startFakeEggplant({ ...data, jobs: { 7: longJob }, tokenExpiresIn: null }), async (egg) => {
        let jobCalls = 0;
        egg.inject((q) => q.path === '/pa/v1/jobs/7' && ++jobCalls === 2, {
          status: 401,
          json: { error: 'invalid_token', error_description: 'The access token expired' },
        });
        const r = await runAction({ inputs: inputs(egg.url, { job: '7', baseline: 'none' }), githubApiUrl: github().url });
        expect(r.outputs).toMatchObject({ conclusion: 'failure', total: '5' });
        expect(egg.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
          'POST /authorisation/token',
          'GET /pa/v1/jobs/7',
          'GET /pa/v1/jobs/7', // 401
          'POST /authorisation/token',
          'GET /pa/v1/jobs/7',
          'GET /pa/v1/jobs/7',
          'GET /pa/v1/jobs/7',
          'GET /pa/v1/testRuns',
        ]);
        const [first, second] = egg.issuedTokens;
        expect(egg.requests[2]!.headers.authorization).toBe(`Bearer ${first}`);
        expect(egg.requests.slice(4).every((q) => q.headers.authorization === `Bearer ${second}`)).toBe(true);
        expect(r.stdout).toContain('Eggplant: GET /pa/v1/jobs/7 answered 401 (the access token may have expired); exchanging');
        expect(findSecrets(outputChannels(r, [github()]), [data.clientSecret, ...egg.issuedTokens])).toEqual([]);
      });
    });

    test('refused again after the new token: conclusion error, no third exchange', async () => {
      await using(startFakeEggplant({ ...data, jobs: { 7: longJob } }), async (egg) => {
        egg.inject(/^\/pa\/v1\/jobs\/7$/, { status: 401, json: { message: 'Unauthorized' } }, 2);
        const r = await runAction({ inputs: inputs(egg.url, { job: '7' }), githubApiUrl: github().url });
        expect(r.outputs.conclusion).toBe('error');
        expect(r.outputs['gate-reason']).toContain('answered HTTP 401 Unauthorized: "Unauthorized". Check client-id and client-secret');
        expect(egg.requests.filter((q) => q.path === '/authorisation/token')).toHaveLength(2);
      });
    });

    test('an api-key token is not renewed: a 401 is an error at once', async () => {
      await using(startFakeEggplant(data), async (egg) => {
        egg.inject(/^\/pa\/v1\/jobs\/12345$/, { status: 401, json: { message: 'Token expired' } });
        const r = await runAction({
          inputs: { ...inputs(egg.url, { 'client-id': '', 'client-secret': '' }), 'api-key': egg.accessToken },
          githubApiUrl: github().url,
        });
        expect(r.outputs.conclusion).toBe('error');
        expect(r.outputs['gate-reason']).toContain('Check that api-key is a valid, unexpired Eggplant access token');
        expect(egg.requests.some((q) => q.path === '/authorisation/token')).toBe(false);
      });
    });
  });

  describe('job: latest (the newest job of job-template)', () => {
    const runs = data.jobs[12345]!.runs;

    test('sorted by startedAt, not by the listing order or the job number', async () => {
      const jobs = {
        300: { name: 'Newest', statuses: ['completed'], runs, startedAt: '2026-11-23T09:00:00+00:00' },
        301: { name: 'Older, higher number', statuses: ['completed'], runs: [], startedAt: '2026-11-23T08:00:00+01:00' },
        302: {
          name: 'Other template',
          statuses: ['completed'],
          runs: [],
          template: 'jobTemplates/1111',
          startedAt: '2026-11-23T10:00:00+00:00',
        },
      };
      await using(startFakeEggplant({ ...data, jobs }), async (egg) => {
        const r = await runAction({ inputs: inputs(egg.url, { job: 'latest', 'job-template': '6789' }), githubApiUrl: github().url });
        expect(r.outputs).toMatchObject({ conclusion: 'failure', total: '5' });
        const listing = egg.requests.find((q) => q.method === 'GET' && q.path === '/pa/v1/jobs')!;
        expect(listing.url).toContain('jobTemplate=jobTemplates%2F6789');
        expect(egg.requests.find((q) => q.path === '/pa/v1/testRuns')!.query.job).toBe('jobs/300');
        expect(r.summary).toContain('job 300 &quot;Newest&quot;');
      });
    });

    test('none yet, then one that runs: polled until the newest is done', async () => {
      const jobs = {
        200: { name: 'Release check', statuses: ['running', 'completed'], runs, template: 'jobTemplates/7777', listedAfter: 2 },
      };
      await using(startFakeEggplant({ ...data, jobs }), async (egg) => {
        const r = await runAction({
          inputs: inputs(egg.url, { job: 'latest', 'job-template': 'jobTemplates/7777', 'max-failures': '5', baseline: 'none' }),
          githubApiUrl: github().url,
        });
        expect(r.outputs).toMatchObject({ conclusion: 'success', total: '5' });
        expect(egg.requests.map((q) => `${q.method} ${q.path}`)).toEqual([
          'POST /authorisation/token',
          'GET /pa/v1/jobs',
          'GET /pa/v1/jobs',
          'GET /pa/v1/jobs',
          'GET /pa/v1/jobs',
          'GET /pa/v1/testRuns',
        ]);
        expect(egg.requests.filter((q) => q.path === '/pa/v1/jobs').every((q) => q.query.jobTemplate === 'jobTemplates/7777')).toBe(true);
        expect(r.stdout).toContain(
          'Eggplant: the newest job of job template jobTemplates/7777 is missing: the template has no job yet; checking again',
        );
        expect(r.stdout).toContain('Eggplant: the newest job of job template jobTemplates/7777 is running (jobs/200); checking again');
      });
    });

    test('no job of the template by wait-timeout: conclusion error naming the template', async () => {
      await using(startFakeEggplant({ ...data, jobs: {} }), async (egg) => {
        const r = await runAction({
          inputs: inputs(egg.url, { job: 'latest', 'job-template': '9999', 'wait-timeout': '2' }),
          githubApiUrl: github().url,
        });
        expect(r.code).toBe(1);
        expect(r.outputs.conclusion).toBe('error');
        expect(r.outputs['gate-reason']).toMatch(
          /^Eggplant: the newest job of job template jobTemplates\/9999 was still missing: the template has no job yet after \d s of waiting \(wait-timeout 2 s, poll-interval \d s; \d checks\)/,
        );
        expect(egg.requests.some((q) => q.path === '/pa/v1/testRuns')).toBe(false);
      });
    });

    test.each([
      [{ job: 'latest' }, "Input 'job-template' is required for eggplant with job: latest (the newest job of that template)."],
      [{ job: 'latest', 'job-template': 'x' }, "Input 'job-template' must be a job template id (6789 or jobTemplates/6789), got 'x'."],
      [{ job: 'latest', start: 'true', 'job-template': '6789' }, "Input 'job' cannot be combined with start: true"],
    ])('bad input %j fails before any request', async (extra, expected) => {
      await using(startFakeEggplant(data), async (egg) => {
        const r = await runAction({ inputs: inputs(egg.url, extra), githubApiUrl: github().url });
        expect(r.code).toBe(1);
        expect(r.stdout).toContain(expected);
        expect(egg.requests).toHaveLength(0);
      });
    });
  });
});
