import { describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoSetups } from '../../test-support/demo-setups.mjs';
import { buildTestmoRun, generatedTestmoRun, startFakeTestmo } from '../../test-support/fakes/testmo.mjs';
import { ACTIONS_BOT, REPOSITORY_ID, startFakeGitHub } from '../../test-support/fakes/github.mjs';
import { ROOT, runAction } from '../../test-support/run-action.mjs';
import { findSecrets, outputChannels } from '../../test-support/secret-scan.mjs';
import { useFakeGitHub, using, type FakeGitHub } from './helpers.js';

const PR = 5;
const HEAD_SHA = 'c'.repeat(40);
const pullRequestEvent = {
  eventName: 'pull_request',
  event: { action: 'synchronize', number: PR, pull_request: { number: PR, head: { sha: HEAD_SHA } } },
};
const pushEvent = { eventName: 'push', event: { ref: 'refs/heads/main' } };
const RUN_URL = 'https://github.com/octo-org/shop/actions/runs/123456';

type Test = { name: string; folder?: string; status: number; note?: string };
const passing = (n: number): Test[] => Array.from({ length: n }, (_, i) => ({ name: `Smoke ${i + 1}`, folder: 'Smoke', status: 2 }));
const failing = (...names: string[]): Test[] => names.map((name) => ({ name, folder: 'Cart', status: 3, note: `<p>${name} broke</p>` }));

/** Runs the action on a Testmo run made of `tests`, against the given fake GitHub. */
async function runOn(
  github: FakeGitHub,
  tests: Test[],
  inputs: Record<string, string> = {},
  on: { eventName: string; event: object } = pullRequestEvent,
) {
  return using(startFakeTestmo(buildTestmoRun({ tests })), (testmo) =>
    runAction({
      inputs: { provider: 'testmo', 'base-url': testmo.url, 'api-key': 'testmo-token-123', run: '42', comment: 'always', ...inputs },
      githubApiUrl: github.url,
      ...on,
    }),
  );
}

const commentRequests = (github: FakeGitHub) =>
  github.requests.filter((q) => /\/issues\//.test(q.path)).map((q) => `${q.method} ${q.path.replace(/\/repos\/octo-org\/shop/, '')}`);
const ours = (github: FakeGitHub, issue = PR) => github.commentsOn(issue).filter((c) => c.user.login === ACTIONS_BOT.login);
const infoLines = (stdout: string) => stdout.split('\n').filter((l) => /pull-request comment/i.test(l));

describe('pull-request comment end to end through dist/index.js', () => {
  const github = useFakeGitHub();

  test('created on a pull_request event: hidden markers, the summary, and a link to the workflow run', async () => {
    const r = await runOn(github(), [
      ...passing(3),
      ...failing('Checkout total'),
      { name: 'Gift card @octocat', folder: 'Cart', status: 3, note: '<p>ping @octo-org/qa about #12 and GH-7, mail qa@example.com</p>' },
    ]);
    expect(r.code).toBe(1);
    expect(commentRequests(github())).toEqual([`GET /issues/${PR}/comments`, `POST /issues/${PR}/comments`]);
    expect(github().requests.find((q) => q.method === 'GET' && q.path.endsWith('/comments'))!.query.per_page).toBe('100');
    const [comment] = ours(github());
    expect(github().commentsOn(PR)).toHaveLength(1);
    const lines = comment!.body.split('\n');
    expect(lines[0]).toBe('<!-- remote-test-results-action {"check":"Test results","provider":"testmo","read":"run 42"} -->');
    expect(lines[1]).toMatch(
      /^<!-- remote-test-results-action:state \{"conclusion":"failure","failed":2,"failedSet":"[0-9a-f]{32}"\} -->$/,
    );
    expect(comment!.body).toContain('### ❌ Test results: failed');
    expect(comment!.body).toContain('**Gate failed:** 2 tests failed, more than max-failures (0).');
    expect(comment!.body).toContain('| Checkout total | Cart |  | Checkout total broke |');
    expect(comment!.body.trimEnd().split('\n').at(-1)).toBe(
      `<sub>[Workflow run](${RUN_URL}) · updated ${lineTime(comment!.body)} UTC</sub>`,
    );
    // Provider text notifies nobody and references no issue; e-mail addresses stay as written.
    expect(comment!.body).toContain('@\u200docto-org/qa');
    expect(comment!.body).toContain('#\u200d12');
    expect(comment!.body).toContain('GH-\u200d7');
    expect(comment!.body).toContain('Gift card @\u200doctocat');
    expect(comment!.body).toContain('qa@example.com');
    expect(comment!.body).not.toMatch(/(^|[^\w])@(octocat|octo-org)|#12|GH-7/);
    expect(r.summary).toContain('@\u200docto-org/qa');
    expect(github().checkRuns.get(7000)!.create.output.summary).toContain('@\u200docto-org/qa');
    expect(r.outputs['comment-url']).toBe(`https://github.com/octo-org/shop/pull/${PR}#issuecomment-${comment!.id}`);
    expect(r.outputs.conclusion).toBe('failure');
    expect(infoLines(r.stdout)).toEqual([
      `Pull-request comment on pull request #${PR} created (comment is always): ${r.outputs['comment-url']}`,
    ]);
  });

  test('the comment for the sample Testmo run, kept as a golden file (UPDATE_GOLDEN=1 rewrites it)', async () => {
    const setup = await demoSetups.testmo!();
    try {
      await runAction({ inputs: { ...setup.inputs, comment: 'always' }, githubApiUrl: github().url, ...pullRequestEvent });
      const actual = ours(github())[0]!
        .body.replace(/http:\/\/127\.0\.0\.1:\d+/g, 'https://provider.example')
        .replace(/ (at|updated) \d{4}-\d\d-\d\d \d\d:\d\d UTC/g, ' $1 2026-11-23 09:00 UTC');
      const file = join(ROOT, '__tests__', 'golden', 'comment-testmo.md');
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
      if (!existsSync(file)) throw new Error(`${file} is missing: run UPDATE_GOLDEN=1 npm test and review it.`);
      expect(actual).toBe(readFileSync(file, 'utf8'));
    } finally {
      await setup.server.close();
    }
  });

  test('a second run updates the comment in place; no second comment', async () => {
    const first = await runOn(github(), [...passing(3), ...failing('Checkout total')]);
    const second = await runOn(github(), passing(4));
    expect(second.code).toBe(0);
    expect(github().commentsOn(PR)).toHaveLength(1);
    const [comment] = ours(github());
    expect(second.outputs['comment-url']).toBe(first.outputs['comment-url']);
    expect(commentRequests(github()).filter((q) => !q.startsWith('GET'))).toEqual([
      `POST /issues/${PR}/comments`,
      `PATCH /issues/comments/${comment!.id}`,
    ]);
    expect(comment!.body).toContain('### ✅ Test results: passed');
    expect(comment!.body).not.toContain('Checkout total');
    expect(comment!.body).toContain('"conclusion":"success","failed":0');
  });

  test('our earlier comment on page 2 of a busy pull request is found through the Link header and updated', async () => {
    for (let i = 0; i < 120; i++) github().addComment(PR, `Review note ${i + 1}`);
    // Someone quoting our marker, and a comment on another pull request, are not ours.
    github().addComment(PR, '> <!-- remote-test-results-action {"check":"Test results","provider":"testmo","read":"run 42"} -->\n> quoted');
    await runOn(github(), failing('Checkout total'));
    for (let i = 0; i < 130; i++) github().addComment(PR, `Later note ${i + 1}`);
    const before = github().requests.length;
    const r = await runOn(github(), passing(2));
    const gets = github()
      .requests.slice(before)
      .filter((q) => q.method === 'GET')
      .map((q) => q.url);
    expect(gets).toEqual([
      `/repos/octo-org/shop/issues/${PR}/comments?per_page=100`,
      `/repositories/${REPOSITORY_ID}/issues/${PR}/comments?per_page=100&page=2`,
    ]);
    expect(ours(github())).toHaveLength(1);
    expect(github().commentsOn(PR)).toHaveLength(252);
    expect(ours(github())[0]!.body).toContain('Test results: passed');
    expect(r.outputs['comment-url']).toContain(`#issuecomment-${ours(github())[0]!.id}`);
  });

  test('every page is read when ours is not there: a busy pull request gets one new comment', async () => {
    for (let i = 0; i < 250; i++) github().addComment(PR, `Note ${i + 1}`);
    await runOn(github(), failing('Checkout total'));
    const gets = github()
      .requests.filter((q) => q.method === 'GET')
      .map((q) => q.query.page ?? '1');
    expect(gets).toEqual(['1', '2', '3']);
    expect(ours(github())).toHaveLength(1);
  });

  test('two check names keep two comments', async () => {
    await runOn(github(), failing('A broke'), { 'check-name': 'Smoke' });
    await runOn(github(), failing('B broke'), { 'check-name': 'Regression' });
    await runOn(github(), passing(1), { 'check-name': 'Smoke' });
    const [smoke, regression] = ours(github());
    expect(ours(github())).toHaveLength(2);
    expect(smoke!.body).toContain('### ✅ Smoke: passed');
    expect(regression!.body).toContain('### ❌ Regression: failed');
    expect(regression!.body).toContain('B broke');
  });

  test('failures: a green run without an earlier comment writes none', async () => {
    const r = await runOn(github(), passing(3), { comment: 'failures' });
    expect(r.code).toBe(0);
    expect(commentRequests(github())).toEqual([`GET /issues/${PR}/comments`]);
    expect(r.outputs['comment-url']).toBe('');
    expect(infoLines(r.stdout)).toEqual([
      `Pull-request comment on pull request #${PR} not written: the gate passed and there is no earlier comment (comment: failures).`,
    ]);
  });

  test('failures: a red run comments, and the next green run updates that comment', async () => {
    const red = await runOn(github(), failing('Checkout total'), { comment: 'failures' });
    expect(red.outputs['comment-url']).not.toBe('');
    const green = await runOn(github(), passing(3), { comment: 'failures' });
    expect(ours(github())).toHaveLength(1);
    expect(ours(github())[0]!.body).toContain('Test results: passed');
    expect(green.outputs['comment-url']).toBe(red.outputs['comment-url']);
  });

  test('changes: the same failures again write nothing; different failures update the comment', async () => {
    const first = await runOn(github(), [...passing(2), ...failing('A broke', 'B broke')], { comment: 'changes' });
    expect(first.outputs['comment-url']).not.toBe('');
    const firstBody = ours(github())[0]!.body;

    // Same verdict, same failed tests (more passing ones): no write at all.
    const same = await runOn(github(), [...passing(5), ...failing('B broke', 'A broke')], { comment: 'changes' });
    expect(commentRequests(github()).filter((q) => q.startsWith('PATCH'))).toEqual([]);
    expect(ours(github())[0]!.body).toBe(firstBody);
    expect(same.outputs['comment-url']).toBe('');
    expect(infoLines(same.stdout)[0]).toContain('not written: the verdict and the failed tests are what our comment already shows');

    const changed = await runOn(github(), [...passing(2), ...failing('A broke', 'C broke')], { comment: 'changes' });
    expect(commentRequests(github()).filter((q) => q.startsWith('PATCH'))).toHaveLength(1);
    expect(ours(github())[0]!.body).toContain('C broke');
    expect(changed.outputs['comment-url']).toBe(first.outputs['comment-url']);
    expect(infoLines(changed.stdout)[0]).toContain('updated (the set of failed tests changed)');

    const green = await runOn(github(), passing(3), { comment: 'changes' });
    expect(infoLines(green.stdout)[0]).toContain('updated (the verdict changed from failure to success)');
  });

  test('workflow_run: the pull request named in the event', async () => {
    const event = {
      workflow_run: {
        event: 'pull_request',
        head_sha: HEAD_SHA,
        head_branch: 'feature',
        pull_requests: [{ number: 8, head: { sha: HEAD_SHA } }],
      },
    };
    const r = await runOn(github(), failing('Checkout total'), {}, { eventName: 'workflow_run', event });
    expect(commentRequests(github())).toEqual(['GET /issues/8/comments', 'POST /issues/8/comments']);
    expect(ours(github(), 8)).toHaveLength(1);
    // The check run goes on the pull request's commit too.
    expect(github().checkRuns.get(7000)!.create.head_sha).toBe(HEAD_SHA);
    expect(r.outputs['comment-url']).toContain('/pull/8#issuecomment-');
  });

  test('workflow_run with an empty pull_requests list: found by the head commit', async () => {
    github().addPull({ number: 11, headSha: 'd'.repeat(40) });
    github().addPull({ number: 12, headSha: HEAD_SHA, state: 'closed' });
    github().addPull({ number: 13, headSha: HEAD_SHA });
    const event = { workflow_run: { event: 'pull_request', head_sha: HEAD_SHA, head_branch: 'feature', pull_requests: [] } };
    const r = await runOn(github(), failing('Checkout total'), {}, { eventName: 'workflow_run', event });
    const lookups = github().requests.filter((q) => q.path.includes('/pulls'));
    expect(lookups.map((q) => q.path)).toEqual([`/repos/octo-org/shop/commits/${HEAD_SHA}/pulls`]);
    expect(ours(github(), 13)).toHaveLength(1);
    expect(r.outputs['comment-url']).toContain('/pull/13#issuecomment-');
  });

  test("workflow_run from a fork the commit's list leaves out: found by the fork's branch", async () => {
    github().addPull({ number: 21, headSha: HEAD_SHA, headRepo: 'contributor/shop', headRef: 'fix-cart', listedForCommit: false });
    const event = {
      workflow_run: {
        event: 'pull_request',
        head_sha: HEAD_SHA,
        head_branch: 'fix-cart',
        head_repository: { full_name: 'contributor/shop', owner: { login: 'contributor' } },
        pull_requests: [],
      },
    };
    const r = await runOn(github(), failing('Checkout total'), {}, { eventName: 'workflow_run', event });
    const lookups = github().requests.filter((q) => q.path.includes('/pulls'));
    expect(lookups.map((q) => q.path)).toEqual([`/repos/octo-org/shop/commits/${HEAD_SHA}/pulls`, '/repos/octo-org/shop/pulls']);
    expect(lookups[1]!.query).toMatchObject({ state: 'open', head: 'contributor:fix-cart' });
    expect(r.outputs['comment-url']).toContain('/pull/21#issuecomment-');
  });

  test('workflow_run whose commit has no open pull request: no comment, no error', async () => {
    const event = { workflow_run: { event: 'push', head_sha: HEAD_SHA, head_branch: 'main', pull_requests: [] } };
    const r = await runOn(github(), passing(2), {}, { eventName: 'workflow_run', event });
    expect(r.code).toBe(0);
    expect(commentRequests(github())).toEqual([]);
    expect(infoLines(r.stdout)).toEqual([
      `No pull-request comment: no open pull request of octo-org/shop has the workflow_run's head commit ${HEAD_SHA}.`,
    ]);
  });

  test('not a pull request: no request to the comments API, one info line, no warning', async () => {
    const r = await runOn(github(), failing('Checkout total'), {}, pushEvent);
    expect(r.outputs.conclusion).toBe('failure');
    expect(github().requests.map((q) => `${q.method} ${q.path}`)).toEqual(['POST /repos/octo-org/shop/check-runs']);
    expect(infoLines(r.stdout)).toEqual(['No pull-request comment: a push event is not about a pull request, and pr-number is empty.']);
    expect(r.stdout).not.toContain('::warning::');
    expect(r.outputs['comment-url']).toBe('');
  });

  test('pr-number comments on that pull request from any event', async () => {
    const r = await runOn(github(), failing('Checkout total'), { 'pr-number': '31' }, pushEvent);
    expect(commentRequests(github())).toEqual(['GET /issues/31/comments', 'POST /issues/31/comments']);
    expect(r.outputs['comment-url']).toContain('/pull/31#issuecomment-');
  });

  test('comment: off (the default) sends no comment request', async () => {
    const r = await runOn(github(), failing('Checkout total'), { comment: '' });
    expect(commentRequests(github())).toEqual([]);
    expect(infoLines(r.stdout)).toEqual([]);
    expect(r.outputs['comment-url']).toBe('');
  });

  test('on a busy pull request, five runs make exactly one comment, showing the latest verdict', async () => {
    const runs = [failing('A broke'), passing(3), [...failing('B broke', 'C broke'), ...passing(1)], failing('D broke'), passing(6)];
    const urls: string[] = [];
    for (const [i, tests] of runs.entries()) {
      for (let j = 0; j < 45; j++) github().addComment(PR, `Discussion after push ${i + 1}, note ${j + 1}`);
      urls.push((await runOn(github(), tests)).outputs['comment-url']!);
    }
    expect(ours(github())).toHaveLength(1);
    expect(github().commentsOn(PR)).toHaveLength(5 * 45 + 1);
    expect(new Set(urls).size).toBe(1);
    const body = ours(github())[0]!.body;
    expect(body).toContain('### ✅ Test results: passed');
    expect(body).toContain('| 6 | 6 | 0 | 0 | 0 | 0 | 100.00% |');
    expect(commentRequests(github()).filter((q) => q.startsWith('POST'))).toHaveLength(1);
    expect(commentRequests(github()).filter((q) => q.startsWith('PATCH'))).toHaveLength(4);
  });

  test('a huge run: the comment is cut at 65,536 characters with the "not shown" line', async () => {
    const big = generatedTestmoRun({ tests: 3000, failed: 2000, noteLength: 200 });
    await using(startFakeTestmo(big), async (testmo) => {
      const r = await runAction({
        inputs: { provider: 'testmo', 'base-url': testmo.url, 'api-key': 'testmo-token-123', run: '42', comment: 'always' },
        githubApiUrl: github().url,
        ...pullRequestEvent,
      });
      const body = ours(github())[0]!.body;
      expect(body.length).toBeLessThanOrEqual(65536);
      expect(body.length).toBeGreaterThan(60000);
      expect(body).toMatch(
        /_\d+ more tests not shown: the workflow run&#39;s job summary and report file list every test; keep the file past the job with actions\/upload-artifact \(path: the report-file output\)\._/,
      );
      expect(body.trimEnd().split('\n').at(-1)).toContain(`[Workflow run](${RUN_URL})`);
      expect(r.outputs['comment-url']).not.toBe('');
    });
  });

  test('a bad comment value fails before any request', async () => {
    await using(startFakeTestmo(buildTestmoRun({ tests: passing(1) })), async (testmo) => {
      const r = await runAction({
        inputs: { provider: 'testmo', 'base-url': testmo.url, 'api-key': 'testmo-token-123', run: '42', comment: 'sometimes' },
        githubApiUrl: github().url,
        ...pullRequestEvent,
      });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain("::error::Input 'comment' must be one of off, always, failures, changes, got 'sometimes'.");
      expect(testmo.requests).toEqual([]);
      expect(github().requests).toEqual([]);
      expect(r.outputs).toEqual({});
    });
  });

  test('a bad pr-number fails before any request', async () => {
    const r = await runOn(github(), passing(1), { 'pr-number': '#5' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("::error::Input 'pr-number' must be a pull request number");
    expect(github().requests).toEqual([]);
  });
});

describe('pull-request comment refused or failing', () => {
  test('403 (no pull-requests: write): one warning naming the permission, verdict and outputs unchanged', async () => {
    await using(startFakeGitHub({ commentsForbidden: true }), async (github) => {
      const r = await runOn(github, [...passing(2), ...failing('Checkout total')]);
      expect(r.code).toBe(1);
      expect(r.outputs).toMatchObject({ conclusion: 'failure', failed: '1', 'check-run-id': '7000', 'comment-url': '' });
      const warnings = r.stdout.split('\n').filter((l) => l.startsWith('::warning::'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(
        `Could not write the pull-request comment on pull request #${PR} (HTTP 403: Resource not accessible by integration`,
      );
      expect(warnings[0]).toContain('`permissions: pull-requests: write`');
      expect(warnings[0]).toContain('The verdict is unchanged.');
      expect(r.stdout).toContain('::error::1 test failed, more than max-failures (0).');
      // Refused requests are not retried.
      expect(github.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/comments'))).toHaveLength(1);
    });
  });

  test('a green run whose comment is refused still passes', async () => {
    await using(startFakeGitHub({ commentsForbidden: true }), async (github) => {
      const r = await runOn(github, passing(2));
      expect(r.code).toBe(0);
      expect(r.outputs.conclusion).toBe('success');
    });
  });

  test('a 5xx on the comment is retried by Octokit', async () => {
    await using(startFakeGitHub(), async (github) => {
      github.inject((q) => q.method === 'POST' && q.path.endsWith('/comments'), { status: 502, json: { message: 'Bad gateway' } }, 1);
      const r = await runOn(github, failing('Checkout total'), { 'check-name': 'Smoke' });
      expect(github.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/comments'))).toHaveLength(2);
      expect(github.commentsOn(PR)).toHaveLength(1);
      expect(r.outputs['comment-url']).not.toBe('');
    });
  });

  test('a pull request that does not exist: a warning, the verdict unchanged', async () => {
    await using(startFakeGitHub(), async (github) => {
      github.inject((q) => q.path.endsWith('/issues/404/comments'), { status: 404, json: { message: 'Not Found' } }, 1);
      const r = await runOn(github, passing(2), { 'pr-number': '404' }, pushEvent);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(
        '::warning::Could not write the pull-request comment on pull request #404 (HTTP 404: Not Found). Check that pull request #404 exists',
      );
      expect(r.outputs['comment-url']).toBe('');
    });
  });

  test('no secret reaches the comment', async () => {
    await using(startFakeGitHub(), async (github) => {
      const secret = 'testmo-token-123';
      const r = await runOn(github, [
        {
          name: `Login with ${secret}`,
          folder: 'Auth',
          status: 3,
          note: `<p>sent Bearer ${secret} to https://x.test/?token=${secret}</p>`,
        },
      ]);
      const body = github.commentsOn(PR)[0]!.body;
      expect(body).toContain('| Login with &#42;&#42;&#42; | Auth |');
      expect(findSecrets(outputChannels(r, [github]), [secret])).toEqual([]);
    });
  });
});

/** The `YYYY-MM-DD HH:MM` the summary footer of a body shows. */
function lineTime(body: string): string {
  return body.match(/at (\d{4}-\d\d-\d\d \d\d:\d\d) UTC\.<\/sub>/)![1]!;
}
