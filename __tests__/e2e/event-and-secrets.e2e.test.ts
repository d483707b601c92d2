import { describe, expect, test } from '@jest/globals';
import { buildTestmoRun, startFakeTestmo } from '../../test-support/fakes/testmo.mjs';
import { startFakeTesults } from '../../test-support/fakes/tesults.mjs';
import { runAction } from '../../test-support/run-action.mjs';
import { errorCommands, useFakeGitHub, using } from './helpers.js';

// Issue 25 end to end through dist/index.js: the merge queue, withheld secrets
// (missing-secrets), and flaky tests across re-runs of one commit.

const PASSED = 2;
const FAILED = 3;
const HEAD = 'd'.repeat(40);
const BUILD = 'e'.repeat(40);
const TOKEN = 'tesults-token-1';

/** A Tesults target whose build BUILD was uploaded `uploads` times (newest first). */
function tesultsWorld(uploads: { minute: number; cases: { name: string; result: string }[] }[]) {
  return {
    token: TOKEN,
    targets: [
      {
        id: 't1',
        name: 'Web',
        runs: uploads.map((u) => ({
          build: BUILD,
          created_time: 1_764_000_000_000 + u.minute * 60_000,
          run_url: `https://www.tesults.com/acme/web/run/${u.minute}`,
          cases: u.cases.map((c) => ({ ...c, suite: 'Checkout' })),
        })),
      },
    ],
  };
}
const greenBuild = () => tesultsWorld([{ minute: 1, cases: [{ name: 'Pays by card', result: 'pass' }] }]);

const tesultsInputs = (url: string, extra: Record<string, string> = {}) => ({
  provider: 'tesults',
  'base-url': url,
  'api-key': TOKEN,
  target: 'Web',
  build: BUILD,
  baseline: 'none',
  ...extra,
});

/** A pull_request event; `head` repository and `base` repository as given. */
const pullRequest = (headRepo: string, actor = 'octocat') => ({
  eventName: 'pull_request',
  env: { GITHUB_ACTOR: actor },
  event: {
    action: 'synchronize',
    number: 8,
    pull_request: {
      number: 8,
      head: { sha: HEAD, repo: { full_name: headRepo, id: headRepo === 'octo-org/shop' ? 1 : 2 } },
      base: { sha: 'b'.repeat(40), repo: { full_name: 'octo-org/shop', id: 1 } },
    },
    sender: { login: actor },
  },
});
const FORK = pullRequest('someone/shop');
const DEPENDABOT = pullRequest('octo-org/shop', 'dependabot[bot]');
const SAME_REPOSITORY = pullRequest('octo-org/shop');

describe('merge queue', () => {
  const github = useFakeGitHub();

  test('merge_group: the check run is on merge_group.head_sha, the summary names the base branch, no comment', async () => {
    await using(startFakeTesults(greenBuild()), async (tesults) => {
      const r = await runAction({
        inputs: tesultsInputs(tesults.url, { comment: 'always' }),
        githubApiUrl: github().url,
        eventName: 'merge_group',
        event: {
          action: 'checks_requested',
          merge_group: { head_sha: HEAD, head_ref: 'refs/heads/gh-readonly-queue/main/pr-8', base_ref: 'refs/heads/main' },
        },
      });
      expect(r.code).toBe(0);
      expect(r.outputs).toMatchObject({ conclusion: 'success', 'comment-url': '' });
      expect([...github().checkRuns.values()].map((c) => c.create.head_sha)).toEqual([HEAD]);
      expect(r.summary).toContain('Merge queue: this run tests the merge group for main (commit ddddddd)');
      expect(github().comments).toEqual([]);
      expect(github().requests.filter((q) => q.path.includes('/comments') || q.path.includes('/pulls'))).toEqual([]);
    });
  });

  test('a merge_group head_sha that is not 40 hex characters is not used: GITHUB_SHA is', async () => {
    await using(startFakeTesults(greenBuild()), async (tesults) => {
      await runAction({
        inputs: tesultsInputs(tesults.url),
        githubApiUrl: github().url,
        eventName: 'merge_group',
        event: { merge_group: { head_sha: 'main', base_ref: 'refs/heads/main' } },
      });
      expect([...github().checkRuns.values()].map((c) => c.create.head_sha)).toEqual(['a'.repeat(40)]);
    });
  });
});

describe('missing-secrets', () => {
  const github = useFakeGitHub();

  test.each([
    ['a fork', FORK, 'comes from someone/shop, not from octo-org/shop'],
    ['Dependabot', DEPENDABOT, 'actor is dependabot'],
  ])('skip on %s pull request with an empty credential: no request, no check run, conclusion skipped, exit 0', async (_, event, why) => {
    await using(startFakeTesults(greenBuild()), async (tesults) => {
      const r = await runAction({
        inputs: tesultsInputs(tesults.url, { 'api-key': '', 'missing-secrets': 'skip', comment: 'always' }),
        githubApiUrl: github().url,
        ...event,
      });
      expect(r.code).toBe(0);
      expect(tesults.requests).toEqual([]);
      expect(github().requests).toEqual([]);
      expect(r.outputs).toMatchObject({
        conclusion: 'skipped',
        total: '',
        failed: '',
        'pass-rate': '',
        'failed-tests': '[]',
        'flaky-tests': '[]',
        'check-run-id': '',
        'comment-url': '',
        'gate-reason': '',
      });
      expect(r.summary).toContain('### ⏭️ Test results: skipped');
      expect(r.summary).toContain(why);
      expect(r.summary).toContain('workflow&#95;run');
      expect(r.summary).toContain('Pull requests from forks');
      expect(r.summary).not.toContain('| Total |');
      expect(
        r.commands
          .filter((c) => c.command === 'notice')
          .map((c) => c.message)
          .join('\n'),
      ).toContain('Skipped: GitHub withholds secrets');
    });
  });

  test('skip with the credential set on a fork pull request: read and judged as always (a skip needs an empty credential)', async () => {
    await using(startFakeTesults(greenBuild()), async (tesults) => {
      const r = await runAction({
        inputs: tesultsInputs(tesults.url, { 'missing-secrets': 'skip' }),
        githubApiUrl: github().url,
        ...FORK,
      });
      expect(r.code).toBe(0);
      expect(r.outputs).toMatchObject({ conclusion: 'success', total: '1', passed: '1' });
      expect(tesults.requests.length).toBeGreaterThan(0);
      expect([...github().checkRuns.values()].map((c) => c.create.head_sha)).toEqual([HEAD]);
    });
  });

  test('skip on a same-repository pull request with an empty credential: an input error, nothing read', async () => {
    await using(startFakeTesults(greenBuild()), async (tesults) => {
      const r = await runAction({
        inputs: tesultsInputs(tesults.url, { 'api-key': '', 'missing-secrets': 'skip' }),
        githubApiUrl: github().url,
        ...SAME_REPOSITORY,
      });
      expect(r.code).toBe(1);
      expect(tesults.requests).toEqual([]);
      expect(r.outputs).toEqual({});
      expect(errorCommands(r.stdout).join('\n')).toMatch(
        /^Input 'api-key' is required: .* missing-secrets: skip applies only to pull_request runs from forks or Dependabot/,
      );
    });
  });

  test('skip on a push with an empty credential: an input error', async () => {
    const r = await runAction({ inputs: tesultsInputs('http://127.0.0.1:9', { 'api-key': '', 'missing-secrets': 'skip' }) });
    expect(r.code).toBe(1);
    expect(errorCommands(r.stdout).join('\n')).toContain('on a push event the secret must be set');
  });

  test('fail (the default) on a fork pull request: the error says secrets are withheld and names both ways out', async () => {
    const r = await runAction({ inputs: tesultsInputs('http://127.0.0.1:9', { 'api-key': '' }), ...FORK });
    expect(r.code).toBe(1);
    const [error] = errorCommands(r.stdout);
    expect(error).toContain("Input 'api-key' is required");
    expect(error).toContain('It is empty because GitHub withholds secrets from pull_request runs from forks and Dependabot');
    expect(error).toContain('set missing-secrets: skip');
    expect(error).toContain('workflow_run');
  });

  test('skip with a typo in another input on a fork pull request: that input error, not a skip', async () => {
    const r = await runAction({
      inputs: tesultsInputs('http://127.0.0.1:9', { 'api-key': '', 'missing-secrets': 'skip', 'max-failures': 'three' }),
      ...FORK,
    });
    expect(r.code).toBe(1);
    expect(errorCommands(r.stdout)).toEqual(["Input 'max-failures' must be a whole number from 0 to 9007199254740991, got 'three'."]);
  });

  test('sources: skipped when every entry’s credential is empty; one entry with its credential beside an empty one is an error', async () => {
    const bothEmpty = '- label: web\n  target: Web\n- label: api\n  target: Api\n';
    await using(startFakeTesults(greenBuild()), async (tesults) => {
      const r = await runAction({
        inputs: tesultsInputs(tesults.url, { 'api-key': '', 'missing-secrets': 'skip', sources: bothEmpty }),
        githubApiUrl: github().url,
        ...FORK,
      });
      expect(r.code).toBe(0);
      expect(r.outputs.conclusion).toBe('skipped');
      expect(tesults.requests).toEqual([]);
      expect(github().requests).toEqual([]);
      const oneSet = `- label: web\n  target: Web\n- label: api\n  target: Web\n  api-key: ${TOKEN}\n`;
      const mixed = await runAction({
        inputs: tesultsInputs(tesults.url, { 'api-key': '', 'missing-secrets': 'skip', sources: oneSet }),
        githubApiUrl: github().url,
        ...FORK,
      });
      expect(mixed.code).toBe(1);
      expect(errorCommands(mixed.stdout).join('\n')).toContain('only when every credential is empty');
      expect(errorCommands(mixed.stdout).join('\n')).not.toContain(TOKEN);
      expect(tesults.requests).toEqual([]);
    });
  });

  test('a bad missing-secrets value is an input error', async () => {
    const r = await runAction({ inputs: tesultsInputs('http://127.0.0.1:9', { 'missing-secrets': 'ignore' }) });
    expect(r.code).toBe(1);
    expect(errorCommands(r.stdout)).toEqual(["Input 'missing-secrets' must be fail or skip, got 'ignore'."]);
  });
});

describe('flaky on re-runs of one commit', () => {
  const github = useFakeGitHub();

  test('Testmo: two automation runs tagged with the commit, a test failed in the earlier one and passed in the newest', async () => {
    const run = (id: number, hour: number, checkout: number) => ({
      id,
      sourceId: 1,
      tags: [HEAD],
      createdAt: `2026-11-20T${String(hour).padStart(2, '0')}:00:00.000Z`,
      tests: [
        { name: 'Login', folder: 'tests/auth', status: PASSED },
        { name: 'Checkout', folder: 'tests/cart', status: checkout },
        { name: 'Search', folder: 'tests/search', status: hour === 10 ? FAILED : PASSED },
      ],
    });
    const world = { automation: { sources: [{ id: 1, name: 'backend-ci' }], runs: [run(401, 10, PASSED), run(400, 9, FAILED)] } };
    await using(startFakeTestmo(buildTestmoRun({ tests: [] }), world), async (testmo) => {
      const r = await runAction({
        inputs: {
          provider: 'testmo',
          'base-url': testmo.url,
          'api-key': 'testmo-token-123',
          project: '7',
          'automation-run': 'latest',
          tags: HEAD,
          baseline: 'none',
          'max-failures': '1',
        },
        githubApiUrl: github().url,
      });
      // The counts are the newest run's: Search failed there, Checkout passed.
      expect(r.outputs).toMatchObject({ conclusion: 'success', 'run-id': '401', total: '3', failed: '1', passed: '2' });
      expect(JSON.parse(r.outputs['flaky-tests']!)).toEqual(['Checkout']);
      expect(r.summary).toContain('**Re-runs of this commit:** also read');
      expect(r.summary).toContain('automation run 400');
      expect(r.summary).toContain('#### Flaky on the same commit (1)');
      expect(r.summary).toContain('| 🎲 flaky (same commit) | Checkout | tests/cart |');
      // The earlier run's tests were read; the newest was found by its tag.
      expect(testmo.requests.some((q) => q.path === '/api/v1/automation/runs/400/tests')).toBe(true);
    });
  });

  test('Testmo test runs: run latest with the commit tag, the earlier run of that commit read, Checkout flaky', async () => {
    const run = (runId: number, hour: number, checkout: number) =>
      buildTestmoRun({
        runId,
        tags: [HEAD],
        createdAt: `2026-11-20T${String(hour).padStart(2, '0')}:00:00.000Z`,
        tests: [
          { name: 'Login', caseId: 501, status: PASSED },
          { name: 'Checkout', caseId: 502, status: checkout },
        ],
      });
    await using(startFakeTestmo(run(42, 10, PASSED), { earlierRuns: [run(41, 9, FAILED)] }), async (testmo) => {
      const r = await runAction({
        inputs: {
          provider: 'testmo',
          'base-url': testmo.url,
          'api-key': 'testmo-token-123',
          project: '7',
          run: 'latest',
          tags: HEAD,
          baseline: 'none',
        },
        githubApiUrl: github().url,
      });
      expect(r.outputs).toMatchObject({ conclusion: 'success', 'run-id': '42', failed: '0' });
      expect(JSON.parse(r.outputs['flaky-tests']!)).toEqual(['Checkout']);
      expect(r.summary).toContain('| 🎲 flaky (same commit) | Checkout |');
    });
  });

  test('Testmo: a single run of the commit reads no other run and marks nothing', async () => {
    const world = {
      automation: {
        sources: [{ id: 1, name: 'backend-ci' }],
        runs: [
          {
            id: 401,
            sourceId: 1,
            tags: [HEAD],
            createdAt: '2026-11-20T10:00:00.000Z',
            tests: [{ name: 'Checkout', folder: 'tests/cart', status: PASSED }],
          },
          {
            id: 400,
            sourceId: 1,
            tags: ['main'],
            createdAt: '2026-11-20T09:00:00.000Z',
            tests: [{ name: 'Checkout', folder: 'tests/cart', status: FAILED }],
          },
        ],
      },
    };
    await using(startFakeTestmo(buildTestmoRun({ tests: [] }), world), async (testmo) => {
      const r = await runAction({
        inputs: {
          provider: 'testmo',
          'base-url': testmo.url,
          'api-key': 'testmo-token-123',
          project: '7',
          'automation-run': 'latest',
          tags: HEAD,
          baseline: 'none',
        },
        githubApiUrl: github().url,
      });
      expect(r.outputs).toMatchObject({ conclusion: 'success', 'flaky-tests': '[]' });
      expect(r.summary).not.toContain('Re-runs of this commit');
      expect(testmo.requests.some((q) => q.path === '/api/v1/automation/runs/400/tests')).toBe(false);
    });
  });

  test('Testmo: runs sharing a tag that names no commit (nightly) are not re-runs of one commit', async () => {
    const run = (id: number, hour: number, checkout: number) => ({
      id,
      sourceId: 1,
      tags: ['nightly'],
      createdAt: `2026-11-20T${String(hour).padStart(2, '0')}:00:00.000Z`,
      tests: [{ name: 'Checkout', folder: 'tests/cart', status: checkout }],
    });
    const world = { automation: { sources: [{ id: 1, name: 'backend-ci' }], runs: [run(401, 10, PASSED), run(400, 9, FAILED)] } };
    await using(startFakeTestmo(buildTestmoRun({ tests: [] }), world), async (testmo) => {
      const r = await runAction({
        inputs: {
          provider: 'testmo',
          'base-url': testmo.url,
          'api-key': 'testmo-token-123',
          project: '7',
          'automation-run': 'latest',
          tags: 'nightly',
          baseline: 'none',
        },
        githubApiUrl: github().url,
      });
      expect(r.outputs).toMatchObject({ conclusion: 'success', 'run-id': '401', 'flaky-tests': '[]' });
      expect(testmo.requests.some((q) => q.path === '/api/v1/automation/runs/400/tests')).toBe(false);
    });
  });

  test('Tesults: a build uploaded twice, a test failing in the first upload and passing in the second', async () => {
    const world = tesultsWorld([
      {
        minute: 2,
        cases: [
          { name: 'Pays by card', result: 'pass' },
          { name: 'Applies coupon', result: 'pass' },
        ],
      },
      {
        minute: 1,
        cases: [
          { name: 'Pays by card', result: 'fail' },
          { name: 'Applies coupon', result: 'pass' },
        ],
      },
    ]);
    await using(startFakeTesults(world), async (tesults) => {
      const r = await runAction({ inputs: tesultsInputs(tesults.url), githubApiUrl: github().url });
      expect(r.outputs).toMatchObject({ conclusion: 'success', total: '2', passed: '2', failed: '0', 'baseline-id': '' });
      expect(JSON.parse(r.outputs['flaky-tests']!)).toEqual(['Pays by card']);
      expect(r.summary).toContain('| 🎲 flaky (same commit) | Pays by card | Checkout |');
      expect(r.summary).toContain(`upload 1 of 2 of build ${BUILD}`);
    });
  });
});
