import { describe, expect, test } from '@jest/globals';
import { startFakeGitHub } from '../../test-support/fakes/github.mjs';
import { generatedTestmoRun, startFakeTestmo } from '../../test-support/fakes/testmo.mjs';
import { startFakeTesults } from '../../test-support/fakes/tesults.mjs';
import { runAction } from '../../test-support/run-action.mjs';
import { sampleTesultsData } from '../../test-support/samples.mjs';
import { useFakeGitHub, using } from './helpers.js';

/**
 * What v2 left open around the writers and the step's bounds: what GitHub answers is never a
 * command or a second output line, credentials a header cannot carry, text that already holds
 * entities, a GitHub that never answers, an abandoned page loop, and `wait-timeout: 0`.
 */
const PR = 5;
const pullRequestEvent = {
  eventName: 'pull_request',
  event: { pull_request: { number: PR, head: { sha: 'c'.repeat(40) } } },
};
const tesultsInputs = (url: string, extra: Record<string, string> = {}) => ({
  provider: 'tesults',
  'base-url': url,
  'api-key': sampleTesultsData().token,
  target: 'tgt-web-0001',
  ...extra,
});
/** Lines of the log that a runner would read as a workflow command. */
const commandLines = (stdout: string) => stdout.split(/\r?\n/).filter((line) => line.startsWith('::'));

describe('what GitHub answers', () => {
  const github = useFakeGitHub();

  test('a check run and a comment URL holding line breaks start no workflow command and set no second output line', async () => {
    const hostile = 'https://github.com/octo-org/shop/runs/1\n::add-mask::hidden\n::error::injected';
    github().inject(
      (q) => q.method === 'POST' && q.path.endsWith('/check-runs'),
      { status: 201, json: { id: 4242, html_url: hostile } },
      1,
    );
    github().inject(
      (q) => q.method === 'POST' && q.path.endsWith(`/issues/${PR}/comments`),
      { status: 201, json: { id: 77, html_url: `${hostile}\r\n::warning::again` } },
      1,
    );
    await using(startFakeTesults(sampleTesultsData()), async (tesults) => {
      const r = await runAction({
        inputs: tesultsInputs(tesults.url, { comment: 'always' }),
        githubApiUrl: github().url,
        ...pullRequestEvent,
      });
      expect(r.outputs).toMatchObject({ conclusion: 'failure', 'check-run-id': '4242', 'check-run-url': '', 'comment-url': '' });
      expect(r.stdout).not.toMatch(/^::(add-mask::hidden|error::injected|warning::again)/m);
      expect(r.stdout).toContain('created: (GitHub gave no usable address)');
      // Every output is one line: no value spilled past its delimiter.
      for (const value of Object.values(r.outputs)) expect(value).not.toMatch(/[\r\n]/);
    });
  });

  test('an error message from GitHub with line breaks stays inside its one warning', async () => {
    github().inject(
      /check-runs$/,
      { status: 422, json: { message: 'Validation Failed\n::error::injected\n::set-output name=conclusion::success' } },
      1,
    );
    await using(startFakeTesults(sampleTesultsData()), async (tesults) => {
      const r = await runAction({ inputs: tesultsInputs(tesults.url), githubApiUrl: github().url });
      expect(r.outputs.conclusion).toBe('failure');
      expect(commandLines(r.stdout).filter((l) => /injected|set-output/.test(l))).toEqual([
        expect.stringMatching(/^::warning::Could not create the check run \(HTTP 422: Validation Failed%0A::error::injected%0A/),
      ]);
    });
  });

  test('an empty github-token: one clear warning per writer, no request to GitHub, the verdict unchanged', async () => {
    await using(startFakeTesults(sampleTesultsData()), async (tesults) => {
      const r = await runAction({
        inputs: tesultsInputs(tesults.url, { 'github-token': '', comment: 'always' }),
        githubApiUrl: github().url,
        ...pullRequestEvent,
      });
      expect(r.outputs).toMatchObject({ conclusion: 'failure', 'check-run-id': '', 'comment-url': '' });
      expect(github().requests).toHaveLength(0);
      expect(r.stdout).toContain('::warning::No check run: github-token is empty.');
      expect(r.stdout).toContain('::warning::No pull-request comment: github-token is empty.');
      expect(r.stdout).not.toMatch(/Parameter token or opts.auth is required/);
      // The failures are still annotated, with workflow commands.
      expect(commandLines(r.stdout).filter((l) => l.startsWith('::error title='))).toHaveLength(2);
    });
  });
});

describe('credentials a header cannot carry', () => {
  test.each([
    ['tesults', 'api-key', { provider: 'tesults', 'api-key': 'tesults-api-token-7c95…', target: 'tgt-web-0001' }],
    ['testmo', 'api-key', { provider: 'testmo', 'api-key': 'testmo-token-“123”', run: '42' }],
    ['tesults', 'github-token', { provider: 'tesults', 'api-key': 'tesults-api-token-7c95f9b7', target: 't', 'github-token': 'ghs_abc…' }],
  ])('%s with a typographic character in %s: an input error naming it, before any request', async (_provider, input, inputs) => {
    const github = await startFakeGitHub();
    await using(startFakeTesults(sampleTesultsData()), async (provider) => {
      const r = await runAction({ inputs: { 'base-url': provider.url, ...inputs }, githubApiUrl: github.url });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(new RegExp(`^::error::Input '${input}' holds a character an HTTP header cannot carry \\(U\\+`, 'm'));
      expect(provider.requests).toHaveLength(0);
      expect(github.requests).toHaveLength(0);
      expect(r.outputs).toEqual({});
    });
    await github.close();
  });
});

describe('text that already holds entities', () => {
  const github = useFakeGitHub();

  test('names and messages like &lt;x&gt; &#124; &amp; show exactly as written in the summary', async () => {
    const written = '&lt;already-escaped&gt; &#124; &amp; a|b <b>';
    const data = sampleTesultsData();
    data.targets[0]!.runs[0]!.cases.push({
      name: written,
      suite: `Suite ${written}`,
      result: 'fail',
      reason: `Expected ${written}`,
      duration: 5,
    });
    await using(startFakeTesults(data), async (tesults) => {
      const r = await runAction({ inputs: tesultsInputs(tesults.url), githubApiUrl: github().url });
      const row = r.summary.split('\n').find((l) => l.includes('already-escaped'))!;
      // What GitHub shows: entities decoded once, the invisible joiner that stops `#124` linking an issue dropped.
      const shown = (cell: string) =>
        cell
          .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
          .replace(/&(lt|gt|amp|quot);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"' })[e]!)
          .replace(/\u200d/g, '');
      const cells = row.split(' | ').map((c) => c.replace(/^\| |\|$/g, '').trim());
      expect(cells.map(shown)).toEqual(expect.arrayContaining([written, `Suite ${written}`, `Expected ${written}`]));
      // No raw `|` or `<` from the text: the row stays a row.
      expect(row.split('|').length - 1).toBe(6);
      expect(row).not.toContain('<b>');
    });
  });
});

describe('bounded time', () => {
  test('GitHub never answers: the step ends within 2 × wait-timeout + 60 s, outputs and summary written', async () => {
    const github = await startFakeGitHub();
    github.inject(() => true, 'hang', 1000);
    await using(startFakeTesults(sampleTesultsData()), async (tesults) => {
      const r = await runAction({
        inputs: tesultsInputs(tesults.url, { comment: 'always', 'wait-timeout': '0', 'request-timeout': '1' }),
        githubApiUrl: github.url,
        ...pullRequestEvent,
        // The contract's bound for wait-timeout 0: killed past it (code null), the test fails.
        timeoutMs: 60_000,
      });
      expect(r.code).toBe(1);
      expect(r.outputs).toMatchObject({ conclusion: 'failure', total: '6', 'check-run-id': '', 'comment-url': '' });
      expect(r.summary).toContain('Gate failed');
      expect(r.stdout).toContain('::warning::Could not create the check run');
      expect(r.stdout).toContain('::warning::Could not write the pull-request comment');
    });
    await github.close();
  });

  test('an abandoned page loop: the step exits as soon as its outputs are written, not when a hanging page gives up', async () => {
    const run = generatedTestmoRun({ tests: 730, failed: 9, skipped: 3, cases: 900 });
    const github = await startFakeGitHub();
    await using(startFakeTestmo(run), async (testmo) => {
      const page = (n: number) => (q: { path: string; query: Record<string, string> }) =>
        q.path === '/api/v1/runs/42/results' && q.query.page === String(n);
      // Page 2 hangs for the whole request-timeout (60 s); page 3 is refused at once (not retried).
      testmo.inject(page(2), 'hang', 5);
      testmo.inject(page(3), { status: 403, json: { message: 'Forbidden' } }, 5);
      const r = await runAction({
        inputs: { provider: 'testmo', 'base-url': testmo.url, 'api-key': 'testmo-token-123', run: '42', 'request-timeout': '60' },
        githubApiUrl: github.url,
        // Well before page 2's request-timeout: a process kept alive by it is killed (code null).
        timeoutMs: 30_000,
      });
      expect(r.code).toBe(1);
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toContain('answered HTTP 403');
    });
    await github.close();
  });

  test('wait-timeout 0 still reads every page of a large run: paging is bounded by its own limits', async () => {
    const run = generatedTestmoRun({ tests: 730, failed: 9, skipped: 3, cases: 900 });
    const github = await startFakeGitHub();
    await using(startFakeTestmo(run, { latencyMs: 20 }), async (testmo) => {
      const r = await runAction({
        inputs: { provider: 'testmo', 'base-url': testmo.url, 'api-key': 'testmo-token-123', run: '42', 'wait-timeout': '0' },
        githubApiUrl: github.url,
      });
      expect(r.outputs).toMatchObject({ conclusion: 'failure', total: '730', failed: '9', skipped: '3' });
      expect(r.stdout).not.toContain('still handing out pages');
      expect(testmo.requests.filter((q) => q.path === '/api/v1/runs/42/results').length).toBeGreaterThan(2);
    });
    await github.close();
  });
});
