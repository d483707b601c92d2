import { describe, expect, test } from '@jest/globals';
import { buildTestmoRun, generatedTestmoRun, startFakeTestmo } from '../../test-support/fakes/testmo.mjs';
import { startFakeGitHub } from '../../test-support/fakes/github.mjs';
import { useFakeGitHub } from './helpers.js';
import { runAction, FAKE_GITHUB_TOKEN } from '../../test-support/run-action.mjs';

// Assumed where Testmo's docs are silent: the run's web page is /runs/view/{id}; a 401 body is
// {message}; get_latest_result=1 is honoured (the fake also serves history when it is not).

const small = buildTestmoRun({
  tests: [
    { name: 'Login works', folder: 'Auth', status: 2, elapsedUs: 1_250_000 },
    { name: 'Logout works', folder: 'Auth', status: 2, elapsedUs: 800_000, history: [3] },
    {
      name: 'Checkout total is right',
      folder: 'Cart',
      status: 3,
      elapsedUs: 2_000_000,
      note: '<p>Expected <b>42.00</b>, got 41.99</p>',
      history: [2],
    },
    { name: 'Gift card applies', folder: 'Cart', status: 7, note: '<p>JIRA-12 known bug</p>' },
    { name: 'Coupon stacking', folder: 'Cart', status: 6 },
    { name: 'Wishlist sync', folder: 'Account', status: 5, note: '<p>Blocked by staging outage</p>' },
    { name: 'Address book', folder: 'Account', status: 8 },
    { name: 'Invoice PDF', folder: 'Account', status: 1 },
    { name: 'Search suggestions', folder: 'Search', status: 4, history: [3, 3] },
  ],
  untestedWithoutResult: 3,
});

const allPassing = buildTestmoRun({
  tests: Array.from({ length: 48 }, (_, i) => ({ name: `Smoke ${i + 1}`, folder: 'Smoke', status: 2 })),
});

describe('Testmo end to end through dist/index.js', () => {
  const github = useFakeGitHub();

  async function withTestmo<T>(
    data: ReturnType<typeof buildTestmoRun>,
    fn: (testmo: Awaited<ReturnType<typeof startFakeTestmo>>) => Promise<T>,
    options = {},
  ) {
    const testmo = await startFakeTestmo(data, options);
    try {
      return await fn(testmo);
    } finally {
      await testmo.close();
    }
  }

  const inputsFor = (url: string, extra: Record<string, string> = {}) => ({
    provider: 'testmo',
    'base-url': url,
    'api-key': 'testmo-token-123',
    run: '42',
    ...extra,
  });

  test('all passing: success, outputs, summary and a check run without annotations', async () => {
    await withTestmo(allPassing, async (testmo) => {
      const r = await runAction({ inputs: inputsFor(testmo.url), githubApiUrl: github().url });
      expect(r.code).toBe(0);
      expect(r.outputs).toMatchObject({
        conclusion: 'success',
        total: '48',
        passed: '48',
        failed: '0',
        skipped: '0',
        pending: '0',
        other: '0',
        'pass-rate': '100.00',
        'failed-tests': '[]',
        'gate-reason': '',
        'report-url': `${testmo.url}/runs/view/42`,
        'check-run-id': '7000',
        'check-run-url': 'https://github.com/octo-org/shop/runs/7000',
      });
      expect(r.outputs['report-file']).toBe(`${r.dir}/runner-temp/test-results-testmo.ctrf.json`);
      expect(r.summary).toContain('Test results: passed');
      expect(r.summary).toContain('| 48 | 48 | 0 | 0 | 0 | 0 | 100.00% |');
      expect(r.summary).toContain(`[run 42 &quot;Nightly regression&quot;](${testmo.url}/runs/view/42)`);
      // One create, no updates; completed with the gate's conclusion on GITHUB_SHA.
      expect(github().requests.map((q) => `${q.method} ${q.path}`)).toEqual(['POST /repos/octo-org/shop/check-runs']);
      const create = github().checkRuns.get(7000)!.create;
      expect(create).toMatchObject({ name: 'Test results', head_sha: 'a'.repeat(40), status: 'completed', conclusion: 'success' });
      expect(create.output.title).toBe('0 failed, 48 passed');
      expect(create.output.annotations).toBeUndefined();
      expect(github().requests[0]!.headers.authorization).toBe(`token ${FAKE_GITHUB_TOKEN}`);
      // Testmo: bearer auth on every request; run, one results page, one cases page.
      expect(testmo.requests.every((q) => q.headers.authorization === 'Bearer testmo-token-123')).toBe(true);
      // The runs list is the baseline: the run before this one (there is none here).
      expect(testmo.requests.map((q) => q.path).sort()).toEqual([
        '/api/v1/projects/7/cases',
        '/api/v1/projects/7/runs',
        '/api/v1/runs/42',
        '/api/v1/runs/42/results',
      ]);
      expect(testmo.requests.find((q) => q.path === '/api/v1/runs/42')!.query.expands).toBe('statuses');
    });
  });

  test('failures: statuses mapped through the expand, latest result only, untested counted as pending', async () => {
    await withTestmo(small, async (testmo) => {
      const r = await runAction({ inputs: inputsFor(testmo.url), githubApiUrl: github().url });
      expect(r.code).toBe(1);
      // Passed: Login, Logout (latest). Failed: Checkout, Gift card (custom, is_failed). Skipped: Coupon.
      // Other: Wishlist (Blocked), Address book (custom, no flags), Search (Retest). Pending: Invoice (Untested) + 3 without result.
      expect(r.outputs).toMatchObject({
        conclusion: 'failure',
        total: '12',
        passed: '2',
        failed: '2',
        skipped: '1',
        pending: '4',
        other: '3',
        'pass-rate': '18.18',
        'gate-reason': '2 tests failed, more than max-failures (0).',
      });
      expect(JSON.parse(r.outputs['failed-tests']!)).toEqual(['Checkout total is right', 'Gift card applies']);
      expect(r.stdout).toContain('::error::2 tests failed, more than max-failures (0).');
      const create = github().checkRuns.get(7000)!.create;
      expect(create.conclusion).toBe('failure');
      expect(create.output.title).toBe('2 failed, 2 passed, 1 skipped, 4 pending, 3 other');
      expect(create.output.annotations).toEqual([
        {
          path: '.github/workflows/tests.yml',
          start_line: 1,
          end_line: 1,
          annotation_level: 'failure',
          title: 'Cart › Checkout total is right',
          message: 'Expected 42.00, got 41.99',
        },
        {
          path: '.github/workflows/tests.yml',
          start_line: 1,
          end_line: 1,
          annotation_level: 'failure',
          title: 'Cart › Gift card applies',
          message: 'JIRA-12 known bug',
        },
      ]);
      // Failures first in the summary, with their messages; other outcomes after.
      const failedAt = r.summary.indexOf('#### Failed tests (2)');
      const otherAt = r.summary.indexOf('#### Other outcomes (4)');
      expect(failedAt).toBeGreaterThan(0);
      expect(otherAt).toBeGreaterThan(failedAt);
      expect(r.summary).toContain('| Checkout total is right | Cart | 2.0 s | Expected 42.00, got 41.99 |');
      expect(r.summary).toContain('| Address book | Needs review | Account |');
      // The report file has every listed test once, and a placeholder for each test without a result.
      expect(r.reportFile.results.summary).toMatchObject({ tests: 12, passed: 2, failed: 2, skipped: 1, pending: 4, other: 3 });
      expect(r.reportFile.results.tests).toHaveLength(12);
      expect(r.reportFile.results.tests[11]).toEqual({ name: 'Untested test 3 of 3 in run 42', status: 'pending', duration: 0 });
      const results = testmo.requests.find((q) => q.path === '/api/v1/runs/42/results')!;
      expect(results.query).toMatchObject({ get_latest_result: '1', per_page: '100', page: '1' });
    });
  });

  test('a multi-page run: every page of results and of cases, each test counted once', async () => {
    const data = generatedTestmoRun({ tests: 730, failed: 12, skipped: 30, cases: 1000, untested: 5 });
    await withTestmo(data, async (testmo) => {
      const r = await runAction({ inputs: inputsFor(testmo.url, { 'max-failures': '20' }), githubApiUrl: github().url });
      expect(r.code).toBe(0);
      expect(r.outputs).toMatchObject({
        conclusion: 'success',
        total: '735',
        passed: '688',
        failed: '12',
        skipped: '30',
        pending: '5',
        other: '0',
        'pass-rate': '97.59',
      });
      const resultPages = testmo.requests
        .filter((q) => q.path === '/api/v1/runs/42/results')
        .map((q) => Number(q.query.page))
        .sort((a, b) => a - b);
      expect(resultPages).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      // Names are all known after 8 of the 10 case pages: the reader may stop early, never reads a page twice.
      const casePages = testmo.requests.filter((q) => q.path === '/api/v1/projects/7/cases').map((q) => Number(q.query.page));
      expect(new Set(casePages).size).toBe(casePages.length);
      expect(casePages).toEqual(expect.arrayContaining([1, 2, 3, 4, 5, 6, 7, 8]));
      expect(r.reportFile.results.tests).toHaveLength(735);
      expect(new Set(r.reportFile.results.tests.map((t: { name: string }) => t.name)).size).toBe(735);
      expect(r.reportFile.results.tests.some((t: { name: string }) => t.name.startsWith('Case '))).toBe(false);
    });
  });

  test('a server that ignores get_latest_result and sends the history still counts only the latest', async () => {
    await withTestmo(
      small,
      async (testmo) => {
        const r = await runAction({ inputs: inputsFor(testmo.url), githubApiUrl: github().url });
        expect(r.outputs).toMatchObject({ total: '12', passed: '2', failed: '2', other: '3', pending: '4' });
        expect(r.reportFile.results.tests).toHaveLength(12);
      },
      { ignoreLatestParam: true },
    );
  });

  test('a pull_request event: the check run goes on the head SHA', async () => {
    await withTestmo(allPassing, async (testmo) => {
      const headSha = 'b'.repeat(40);
      const r = await runAction({
        inputs: inputsFor(testmo.url, { 'check-name': 'Testmo regression' }),
        githubApiUrl: github().url,
        eventName: 'pull_request',
        event: { pull_request: { number: 9, head: { sha: headSha }, base: { sha: 'c'.repeat(40) } } },
      });
      expect(r.code).toBe(0);
      const create = [...github().checkRuns.values()][0]!.create;
      expect(create.head_sha).toBe(headSha);
      expect(create.name).toBe('Testmo regression');
    });
  });

  test("a workflow_run event: the check run goes on the triggering run's head; commit-sha overrides", async () => {
    await withTestmo(allPassing, async (testmo) => {
      const event = { workflow_run: { id: 1, head_sha: 'd'.repeat(40), event: 'pull_request' } };
      await runAction({ inputs: inputsFor(testmo.url), githubApiUrl: github().url, eventName: 'workflow_run', event });
      await runAction({
        inputs: inputsFor(testmo.url, { 'commit-sha': 'e'.repeat(40) }),
        githubApiUrl: github().url,
        eventName: 'workflow_run',
        event,
      });
      expect([...github().checkRuns.values()].map((r) => r.create.head_sha)).toEqual(['d'.repeat(40), 'e'.repeat(40)]);
    });
  });

  test('more than 50 failures: annotations sent 50 per request up to max-annotations', async () => {
    const data = generatedTestmoRun({ tests: 300, failed: 130 });
    await withTestmo(data, async (testmo) => {
      const r = await runAction({ inputs: inputsFor(testmo.url, { 'max-annotations': '120' }), githubApiUrl: github().url });
      expect(r.code).toBe(1);
      expect(r.outputs.failed).toBe('130');
      expect(JSON.parse(r.outputs['failed-tests']!)).toHaveLength(130);
      expect(
        github()
          .requests.filter((q) => q.path.includes('/check-runs'))
          .map((q) => q.method),
      ).toEqual(['POST', 'PATCH', 'PATCH']);
      const run = github().checkRuns.get(7000)!;
      expect([run.create, ...run.updates].map((b) => b.output.annotations.length)).toEqual([50, 50, 20]);
      expect(run.updates.every((u) => u.output.title === '130 failed, 170 passed')).toBe(true);
      const titles = github()
        .annotations()
        .map((a: { title: string }) => a.title);
      expect(new Set(titles).size).toBe(120);
    });
  });

  test('403 on the check run: a warning naming checks: write, workflow-command annotations, gate unchanged', async () => {
    const forbidden = await startFakeGitHub({ forbidden: true });
    try {
      await withTestmo(small, async (testmo) => {
        const r = await runAction({ inputs: inputsFor(testmo.url, { 'fail-step': 'false' }), githubApiUrl: forbidden.url });
        expect(forbidden.requests.filter((q: { path: string }) => q.path.includes('/check-runs'))).toHaveLength(1);
        expect(r.code).toBe(0);
        expect(r.outputs).toMatchObject({ conclusion: 'failure', 'check-run-id': '', 'check-run-url': '', failed: '2' });
        const warnings = r.commands.filter((c) => c.command === 'warning');
        expect(warnings.some((w) => w.message.includes('permissions: checks: write'))).toBe(true);
        const errors = r.commands.filter((c) => c.command === 'error');
        expect(errors).toEqual([
          { command: 'error', properties: 'title=Cart › Checkout total is right', message: 'Expected 42.00, got 41.99' },
          { command: 'error', properties: 'title=Cart › Gift card applies', message: 'JIRA-12 known bug' },
        ]);
      });
    } finally {
      await forbidden.close();
    }
  });

  test('403 with more than 10 failures: at most 10 workflow-command annotations', async () => {
    const forbidden = await startFakeGitHub({ forbidden: true });
    try {
      await withTestmo(generatedTestmoRun({ tests: 40, failed: 25 }), async (testmo) => {
        const r = await runAction({ inputs: inputsFor(testmo.url), githubApiUrl: forbidden.url });
        expect(r.code).toBe(1);
        expect(r.commands.filter((c) => c.command === 'error' && c.properties.startsWith('title='))).toHaveLength(10);
      });
    } finally {
      await forbidden.close();
    }
  });

  test.each([
    [{ provider: 'testrail' }, "Input 'provider' must be one of testomato, tesults, testmo, eggplant, got 'testrail'."],
    [{ provider: 'testmo', 'api-key': 'k', run: '42' }, "Input 'base-url' is required for testmo"],
    [{ provider: 'testmo', 'base-url': 'ftp://x.testmo.net', 'api-key': 'k', run: '42' }, "Input 'base-url' must be an http(s) URL"],
    [{ provider: 'testmo', 'base-url': 'URL', 'api-key': 'k' }, "Input 'run' or 'automation-run' is required for testmo"],
    [
      { provider: 'testmo', 'base-url': 'URL', 'api-key': 'k', run: 'abc' },
      "Input 'run' must be a Testmo test run id (a number) or 'latest', got 'abc'",
    ],
    [{ provider: 'testmo', 'base-url': 'URL', run: '42' }, "Input 'api-key' is required: for testmo"],
    [
      { provider: 'testmo', 'base-url': 'URL', 'api-key': 'k', run: '42', 'max-failures': 'many' },
      "Input 'max-failures' must be a whole number",
    ],
    [
      { provider: 'testmo', 'base-url': 'URL', 'api-key': 'k', run: '42', 'min-pass-rate': '120' },
      "Input 'min-pass-rate' must be a percentage",
    ],
    [{ provider: 'testmo', 'base-url': 'URL', 'api-key': 'k', run: '42', 'fail-step': 'yes' }, "Input 'fail-step' must be true or false"],
    [
      { provider: 'testmo', 'base-url': 'URL', 'api-key': 'k', run: '42', 'max-annotations': '5000' },
      "Input 'max-annotations' must be a whole number from 0 to 1000",
    ],
  ])('bad input %j fails at once, naming the input, with no request sent', async (inputs, expected) => {
    await withTestmo(small, async (testmo) => {
      const resolved = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v === 'URL' ? testmo.url : v]));
      const r = await runAction({ inputs: resolved, githubApiUrl: github().url });
      expect(r.code).toBe(1);
      const errors = r.commands.filter((c) => c.command === 'error');
      expect(errors).toHaveLength(1);
      expect(errors[0]!.message).toContain(expected);
      expect(testmo.requests).toHaveLength(0);
      expect(github().requests).toHaveLength(0);
      expect(r.outputs).toEqual({});
    });
  });
});
