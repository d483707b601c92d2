// The GitHub client's bounds, in-process against the loopback fake GitHub: a hanging API or a
// long rate limit is cheap to show here, while the bundle's e2e suites would wait out the real bounds.
import { describe, expect, test } from '@jest/globals';
import { createOctokit, describeGitHubError, waitForRateLimit } from '../../src/github/octokit.js';
import { startFakeGitHub } from '../../test-support/fakes/github.mjs';
import { using } from '../e2e/helpers.js';

const client = (baseUrl: string, warnings: string[], over: { deadlineMs?: number; requestTimeoutMs?: number } = {}) =>
  createOctokit({
    token: 'ghs_test',
    purpose: 'the test',
    warn: (m) => warnings.push(m),
    deadline: Date.now() + (over.deadlineMs ?? 30_000),
    requestTimeoutMs: over.requestTimeoutMs,
    baseUrl,
  });
// Reads, not writes: writes wait in Octokit's write queues (1 s apart, 3 s for comments), shared by every client.
const list = (octokit: Awaited<ReturnType<typeof createOctokit>>) =>
  octokit.rest.issues.listComments({ owner: 'octo-org', repo: 'shop', issue_number: 5 });
describe('rate limits', () => {
  test('waited for only when short and not retried twice already', () => {
    expect(waitForRateLimit(1, 0)).toBe(true);
    expect(waitForRateLimit(60, 1)).toBe(true);
    expect(waitForRateLimit(61, 0)).toBe(false);
    expect(waitForRateLimit(3600, 0)).toBe(false);
    expect(waitForRateLimit(1, 2)).toBe(false);
  });

  test('a secondary rate limit asking for an hour is not waited for', async () => {
    await using(startFakeGitHub(), async (github) => {
      github.inject(
        /comments$/,
        { status: 403, headers: { 'retry-after': '3600' }, json: { message: 'You have exceeded a secondary rate limit.' } },
        5,
      );
      const warnings: string[] = [];
      const error = await list(await client(github.url, warnings)).catch((e: unknown) => e);
      expect(describeGitHubError(error)).toEqual({ status: 403, message: 'HTTP 403: You have exceeded a secondary rate limit.' });
      expect(github.requests).toHaveLength(1);
      expect(warnings).toEqual([
        expect.stringContaining('secondary rate limit hit (GET /repos/{owner}/{repo}/issues/{issue_number}/comments); not waiting 3600 s'),
      ]);
    });
  });

  test('a primary rate limit an hour away is not waited for', async () => {
    await using(startFakeGitHub(), async (github) => {
      const reset = String(Math.floor(Date.now() / 1000) + 3600);
      github.inject(
        /comments$/,
        {
          status: 403,
          headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset },
          json: { message: 'API rate limit exceeded' },
        },
        5,
      );
      const warnings: string[] = [];
      await expect(list(await client(github.url, warnings))).rejects.toMatchObject({ status: 403 });
      expect(github.requests).toHaveLength(1);
      expect(warnings[0]).toMatch(/^GitHub rate limit hit \(GET .*\); not waiting 3\d\d\d s for the test\.$/);
    });
  });

  test('a short secondary rate limit is waited for and retried', async () => {
    await using(startFakeGitHub(), async (github) => {
      github.inject(
        /comments$/,
        { status: 403, headers: { 'retry-after': '1' }, json: { message: 'You have exceeded a secondary rate limit.' } },
        1,
      );
      const warnings: string[] = [];
      const created = await list(await client(github.url, warnings));
      expect(created.status).toBe(200);
      expect(github.requests).toHaveLength(2);
      expect(warnings[0]).toContain('retrying the request for the test in 1 s');
    });
  });
});

describe('time', () => {
  test('a GitHub that never answers: each attempt times out, and nothing is tried after the deadline', async () => {
    await using(startFakeGitHub(), async (github) => {
      github.inject(() => true, 'hang', 100);
      const error = await list(await client(github.url, [], { deadlineMs: 1_500, requestTimeoutMs: 400 })).catch((e: unknown) => e);
      expect(describeGitHubError(error).message).toMatch(
        /^no answer from GitHub within \d s for the test \(GET \/repos\/\{owner\}\/\{repo\}\/issues\/\{issue_number\}\/comments\)$/,
      );
      // Attempts: one timed out, retried after Octokit's 1 s, cut by the deadline; none after it.
      expect(github.requests.length).toBeGreaterThanOrEqual(1);
      expect(github.requests.length).toBeLessThanOrEqual(3);
    });
  });

  test('one slow answer is timed out and retried', async () => {
    await using(startFakeGitHub(), async (github) => {
      github.inject(() => true, 'hang', 1);
      const listed = await list(await client(github.url, [], { requestTimeoutMs: 300 }));
      expect(listed.status).toBe(200);
      expect(github.requests).toHaveLength(2);
    });
  });
});

describe("the fake GitHub checks bodies against GitHub's OpenAPI description", () => {
  test('an invalid body is refused with 422 and recorded (the check can fail)', async () => {
    const github = await startFakeGitHub();
    try {
      const post = (path: string, body: unknown) =>
        fetch(`${github.url}${path}`, { method: 'POST', headers: { authorization: 'token x' }, body: JSON.stringify(body) });
      expect((await post('/repos/o/r/issues/5/comments', { text: 'no body field' })).status).toBe(422);
      expect((await post('/repos/o/r/check-runs', { name: 'x', head_sha: 'a', conclusion: 'passed' })).status).toBe(422);
      const tooMany = Array.from({ length: 51 }, () => ({
        path: 'a',
        start_line: 1,
        end_line: 1,
        annotation_level: 'failure',
        message: 'm',
      }));
      expect(
        (await post('/repos/o/r/check-runs', { name: 'x', head_sha: 'a', output: { title: 't', summary: 's', annotations: tooMany } }))
          .status,
      ).toBe(422);
      expect(github.validationErrors).toEqual([
        "POST /repos/{owner}/{repo}/issues/{issue_number}/comments: body must have required property 'body'",
        'POST /repos/{owner}/{repo}/check-runs: body/conclusion must be equal to one of the allowed values',
        'POST /repos/{owner}/{repo}/check-runs: body/output/annotations must NOT have more than 50 items',
      ]);
      expect((await post('/repos/o/r/issues/5/comments', { body: 'fine' })).status).toBe(201);
      expect((await post('/repos/o/r/issues/5/comments', { body: 'x'.repeat(65537) })).status).toBe(422);
      expect(github.validationErrors).toHaveLength(3);
    } finally {
      await github.close();
    }
  });
});
