import { describe, expect, test } from '@jest/globals';
import { startFakeGitHub } from '../../test-support/fakes/github.mjs';
import { buildTestmoRun, generatedTestmoRun, startFakeTestmo } from '../../test-support/fakes/testmo.mjs';
import { startFakeTesults } from '../../test-support/fakes/tesults.mjs';
import { sampleTesultsData } from '../../test-support/samples.mjs';
import { runAction } from '../../test-support/run-action.mjs';
import { findSecrets, outputChannels } from '../../test-support/secret-scan.mjs';
import { useFakeGitHub, using } from './helpers.js';

/**
 * Faults on the way: every case ends with exact counts or a clear `conclusion: error`,
 * never a crash and never a wrong verdict.
 */
const run = generatedTestmoRun({ tests: 730, failed: 9, skipped: 3, cases: 900 });
const EXPECTED = { conclusion: 'failure', total: '730', passed: '718', failed: '9', skipped: '3', pending: '0', other: '0' };
const resultsPage = (page: number) => (q: { path: string; query: Record<string, string> }) =>
  q.path === '/api/v1/runs/42/results' && q.query.page === String(page);

describe('provider faults (Testmo, through dist/index.js)', () => {
  const github = useFakeGitHub();
  const inputs = (url: string, extra: Record<string, string> = {}) => ({
    provider: 'testmo',
    'base-url': url,
    'api-key': 'testmo-token-123',
    run: '42',
    ...extra,
  });

  test('429 with Retry-After: waits as asked, then counts every test once', async () => {
    await using(startFakeTestmo(run), async (testmo) => {
      testmo.inject(resultsPage(3), { status: 429, headers: { 'retry-after': '1' }, json: { message: 'Too Many Attempts.' } }, 2);
      // One of the few runs on real time: the wait itself is what is shown.
      const r = await runAction({ inputs: inputs(testmo.url), githubApiUrl: github().url, realClock: true });
      expect(r.outputs).toMatchObject(EXPECTED);
      const tries = testmo.requests.filter(resultsPage(3));
      expect(tries).toHaveLength(3);
      expect(tries[2]!.at - tries[1]!.at).toBeGreaterThanOrEqual(950);
      expect(r.stdout).toContain('answered HTTP 429 Too Many Requests: &quot;Too Many Attempts.&quot;'.replace(/&quot;/g, '"'));
    });
  });

  test('429 with Retry-After as an HTTP date', async () => {
    await using(startFakeTestmo(run), async (testmo) => {
      testmo.inject(resultsPage(2), { status: 429, headers: { 'retry-after': new Date(Date.now() + 2000).toUTCString() } }, 1);
      const r = await runAction({ inputs: inputs(testmo.url), githubApiUrl: github().url });
      expect(r.outputs).toMatchObject(EXPECTED);
    });
  });

  test('429 without Retry-After on Testmo: its documented 60 s minimum does not fit in wait-timeout → clear error', async () => {
    await using(startFakeTestmo(run), async (testmo) => {
      testmo.inject(resultsPage(1), { status: 429, json: { message: 'Too Many Attempts.' } }, 5);
      const r = await runAction({ inputs: inputs(testmo.url, { 'wait-timeout': '5' }), githubApiUrl: github().url });
      expect(r.code).toBe(1);
      expect(r.outputs).toMatchObject({ conclusion: 'error', total: '0' });
      expect(r.outputs['gate-reason']).toBe(
        `Testmo: GET ${testmo.url}/api/v1/runs/42/results?page=1&per_page=100&get_latest_result=1&sort=run_results%3Acreated_at&order=asc answered HTTP 429 Too Many Requests: "Too Many Attempts." ` +
          '(not retried: waiting 60.0 s more would pass wait-timeout). Testmo is rate-limiting these requests: try again later, or raise wait-timeout.',
      );
    });
  });

  test('429 without Retry-After elsewhere (Tesults): exponential backoff, then success', async () => {
    await using(startFakeTesults(sampleTesultsData()), async (tesults) => {
      tesults.inject(/\/api\/results/, { status: 429, json: { error: { code: 429, message: 'Too many requests' } } }, 2);
      const r = await runAction({
        // baseline: none: only the latest run's reads are counted here.
        inputs: {
          provider: 'tesults',
          'base-url': tesults.url,
          'api-key': 'tesults-api-token-7c95f9b7',
          target: 'tgt-web-0001',
          baseline: 'none',
        },
        githubApiUrl: github().url,
      });
      expect(r.outputs).toMatchObject({ conclusion: 'failure', total: '6', failed: '2' });
      // Three tries of the latest run, then the runs of its build.
      expect(tesults.requests.filter((q) => q.path === '/api/results' && !q.query.build)).toHaveLength(3);
    });
  });

  test.each([500, 502, 503, 504])('HTTP %i on a page is retried; counts stay exact', async (status) => {
    await using(startFakeTestmo(run), async (testmo) => {
      testmo.inject(resultsPage(4), { status, text: '<html>upstream error</html>' }, 2);
      testmo.inject((q) => q.path === '/api/v1/projects/7/cases' && q.query.page === '2', { status }, 1);
      const r = await runAction({ inputs: inputs(testmo.url), githubApiUrl: github().url });
      expect(r.outputs).toMatchObject(EXPECTED);
      expect(r.reportFile.results.tests).toHaveLength(730);
    });
  });

  test('5xx that never stops: gives up within wait-timeout with the status and advice', async () => {
    await using(startFakeTestmo(run), async (testmo) => {
      testmo.inject(/\/api\/v1\/runs\/42$/, { status: 503 }, 1000);
      const started = Date.now();
      const r = await runAction({ inputs: inputs(testmo.url, { 'wait-timeout': '3' }), githubApiUrl: github().url });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toMatch(
        /^Testmo: GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/runs\/42\?expands=statuses answered HTTP 503 Service Unavailable \(\d+ tries; waiting [\d.]+ s more would pass wait-timeout\)\. Testmo is failing or overloaded/,
      );
    });
  });

  test('connection resets are retried; counts stay exact', async () => {
    await using(startFakeTestmo(run), async (testmo) => {
      testmo.inject(resultsPage(5), 'reset', 2);
      testmo.inject(/\/api\/v1\/runs\/42$/, 'reset', 1);
      const r = await runAction({ inputs: inputs(testmo.url), githubApiUrl: github().url });
      expect(r.outputs).toMatchObject(EXPECTED);
    });
  });

  test('a server that never answers: request-timeout, retries, then a clear error', async () => {
    await using(startFakeTestmo(run), async (testmo) => {
      testmo.inject(resultsPage(1), 'hang', 100);
      const r = await runAction({
        inputs: inputs(testmo.url, { 'request-timeout': '1', 'wait-timeout': '4' }),
        githubApiUrl: github().url,
      });
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toMatch(
        /did not answer within 1 s \(request-timeout\) \(\d+ tries; waiting [\d.]+ s more would pass wait-timeout\)\. Testmo did not answer in time/,
      );
    });
  });

  test('a page that hangs once is retried after request-timeout; counts stay exact', async () => {
    await using(startFakeTestmo(run), async (testmo) => {
      testmo.inject(resultsPage(6), 'hang', 1);
      const r = await runAction({ inputs: inputs(testmo.url, { 'request-timeout': '1' }), githubApiUrl: github().url });
      expect(r.outputs).toMatchObject(EXPECTED);
    });
  });

  test('a host that does not resolve: two tries, then a clear error naming base-url, one annotation', async () => {
    const r = await runAction({ inputs: inputs('http://no-such-host.invalid'), githubApiUrl: github().url });
    expect(r.outputs.conclusion).toBe('error');
    expect(r.outputs['gate-reason']).toMatch(/could not be sent or read \(ENOTFOUND\) \(2 tries; 2 tries, the most this action makes/);
    expect(r.outputs['gate-reason']).toContain('Check base-url: its host does not resolve from the runner.');
    // Retries are info lines; no warning annotation per retry.
    expect(r.commands.filter((c) => c.command === 'warning').length).toBeLessThanOrEqual(1);
    expect(r.stdout).toMatch(/retrying in [\d.]+ s \(try 2 of 2\)/);
  });

  test('a 5xx that never stops is tried at most 5 times, within about 60 s, however long wait-timeout is', async () => {
    await using(startFakeTestmo(run), async (testmo) => {
      testmo.inject(/\/api\/v1\/runs\/42$/, { status: 502 }, 1000);
      const r = await runAction({ inputs: inputs(testmo.url, { 'wait-timeout': '600' }), githubApiUrl: github().url });
      expect(r.outputs.conclusion).toBe('error');
      expect(testmo.requests.filter((q) => q.path === '/api/v1/runs/42')).toHaveLength(5);
      expect(r.outputs['gate-reason']).toContain('(5 tries; 5 tries, the most this action makes for this fault)');
      expect(r.stdout.match(/retrying in/g)).toHaveLength(4);
      // After a failure nothing claims the answers were read in full, and the log says no verdict, not "0 tests".
      const warnings = r.commands.filter((c) => c.command === 'warning').map((c) => c.message);
      expect(warnings).toEqual([
        'Testmo: 4 retries were needed (HTTP 502 ×4); 1 request still failed after them, so not everything was read.',
      ]);
      expect(r.stdout).not.toContain('read in full');
      expect(r.stdout).toMatch(/^Testmo run 42: no verdict \(no test results were read\): Testmo: GET /m);
      expect(r.stdout).not.toContain('0 tests — 0 passed');
    });
  });

  test('retries that succeed: an info line each, and one warning saying retries were needed', async () => {
    await using(startFakeTestmo(run), async (testmo) => {
      testmo.inject(resultsPage(2), { status: 503 }, 1);
      testmo.inject(resultsPage(3), { status: 500 }, 1);
      const r = await runAction({ inputs: inputs(testmo.url), githubApiUrl: github().url });
      expect(r.outputs).toMatchObject(EXPECTED);
      const warnings = r.commands.filter((c) => c.command === 'warning');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.message).toBe('Testmo: 2 retries were needed (HTTP 500 ×1, HTTP 503 ×1); the answers were read in full.');
    });
  });

  test('malformed JSON: no verdict, and the error says what to check', async () => {
    await using(startFakeTestmo(run), async (testmo) => {
      testmo.inject(resultsPage(2), { status: 200, text: '{"page": 2, "result": [' }, 1);
      const r = await runAction({ inputs: inputs(testmo.url), githubApiUrl: github().url });
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toContain(
        'answered HTTP 200 with a body that is not JSON ({"page": 2, "result": [). Check that base-url points at the Testmo API',
      );
    });
  });

  test('a field missing: the field path and endpoint are named, and the API may have changed', async () => {
    const broken = buildTestmoRun({
      tests: [
        { name: 'a', status: 2 },
        { name: 'b', status: 3 },
      ],
    });
    delete (broken.results[1] as Record<string, unknown>).status_id;
    await using(startFakeTestmo(broken), async (testmo) => {
      const r = await runAction({ inputs: inputs(testmo.url), githubApiUrl: github().url });
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toMatch(
        /^Testmo: GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/runs\/42\/results\?page=1.* answered in an unexpected shape: result\[1\]\.status_id: Invalid input: expected number, received undefined\. The provider may have changed its API/,
      );
    });
  });

  test.each([
    [401, 'testmo-wrong-token', 'Check that api-key is a valid Testmo API token'],
    [404, 'testmo-token-123', 'Check that run 999 exists'],
  ])('HTTP %i: no retry, and the error says what to check', async (status, key, advice) => {
    await using(startFakeTestmo(run), async (testmo) => {
      const r = await runAction({
        inputs: inputs(testmo.url, { 'api-key': key, run: status === 404 ? '999' : '42' }),
        githubApiUrl: github().url,
      });
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toContain(`answered HTTP ${status}`);
      expect(r.outputs['gate-reason']).toContain(advice);
      // Nothing retried: the run, its first results page (asked for with it) and, for a 404, whether the id is an automation run's.
      const urls = testmo.requests.map((q) => q.url);
      expect(new Set(urls).size).toBe(urls.length);
      expect(urls.length).toBeLessThanOrEqual(status === 404 ? 3 : 2);
    });
  });

  test("HTTP 422 with Testmo's {message, errors}: quoted with the field, no retry, the parameters named", async () => {
    await using(startFakeTestmo(run), async (testmo) => {
      testmo.inject(
        resultsPage(1),
        { status: 422, json: { message: 'The given data was invalid.', errors: { per_page: ['The selected per page is invalid.'] } } },
        5,
      );
      const r = await runAction({ inputs: inputs(testmo.url), githubApiUrl: github().url });
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toContain(
        'answered HTTP 422 Unprocessable Entity: "The given data was invalid.; per_page: The selected per page is invalid.". Check the inputs that name what to read',
      );
      expect(testmo.requests.filter(resultsPage(1))).toHaveLength(1);
    });
  });

  test('a looping page list (every page answers as page 1) is stopped, never double counted', async () => {
    await using(startFakeTestmo(run, { ignorePage: true }), async (testmo) => {
      const r = await runAction({ inputs: inputs(testmo.url), githubApiUrl: github().url });
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toContain("handed back page '1' a second time; stopped so that no test is counted twice");
      expect(r.outputs.total).toBe('0');
    });
  });

  test('a page count over the hard cap is refused', async () => {
    await using(startFakeTestmo(run), async (testmo) => {
      testmo.inject(
        resultsPage(1),
        { json: { page: 1, prev_page: null, next_page: 2, last_page: 50_000, per_page: 100, total: 5_000_000, result: [] } },
        1,
      );
      const r = await runAction({ inputs: inputs(testmo.url), githubApiUrl: github().url });
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toContain('has more than 10000 pages; stopped');
    });
  });
});

describe('GitHub faults', () => {
  test('a 5xx and a secondary rate limit on the check run are retried by Octokit', async () => {
    await using(startFakeGitHub(), async (github) => {
      github.inject((q) => q.method === 'POST', { status: 502, json: { message: 'Bad gateway' } }, 1);
      github.inject(
        (q) => q.method === 'PATCH',
        {
          status: 403,
          headers: { 'retry-after': '1' },
          json: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
        },
        1,
      );
      await using(startFakeTestmo(generatedTestmoRun({ tests: 80, failed: 60 })), async (testmo) => {
        const r = await runAction({
          // Without locating, whose tree read would be one more GitHub request.
          inputs: {
            provider: 'testmo',
            'base-url': testmo.url,
            'api-key': 'testmo-token-123',
            run: '42',
            'max-annotations': '60',
            'locate-tests': 'false',
          },
          githubApiUrl: github.url,
        });
        expect(r.outputs['check-run-id']).toBe('7000');
        expect(github.requests.map((q) => q.method)).toEqual(['POST', 'POST', 'PATCH', 'PATCH']);
        expect(github.annotations()).toHaveLength(60);
      });
    });
  });
});

describe('a 20,000-test run with 5,000 failures', () => {
  test('exact counts, and every size limit held', async () => {
    // Long messages, so that the 1 MiB job summary must be cut.
    const big = generatedTestmoRun({ tests: 20_000, failed: 5_000, skipped: 100, cases: 20_000, untested: 50, noteLength: 400 });
    await using(startFakeGitHub(), async (github) => {
      github.setCommit('a'.repeat(40), []);
      await using(startFakeTestmo(big), async (testmo) => {
        const r = await runAction({
          inputs: { provider: 'testmo', 'base-url': testmo.url, 'api-key': 'testmo-token-123', run: '42' },
          githubApiUrl: github.url,
        });
        expect(r.outputs).toMatchObject({
          conclusion: 'failure',
          total: '20050',
          passed: '14900',
          failed: '5000',
          skipped: '100',
          pending: '50',
          other: '0',
        });
        // Every test read, and a placeholder for each of the 50 without a result.
        expect(r.reportFile.results.tests).toHaveLength(20_050);
        expect(Buffer.byteLength(r.summary)).toBeLessThanOrEqual(1024 * 1024);
        const shown = (r.summary.match(/^\| checkout flow step/gm) ?? []).length;
        expect(shown).toBeGreaterThan(500);
        expect(shown).toBeLessThan(5000);
        expect(r.summary).toContain(`_${5000 - shown} more tests not shown:`);
        const failedTests = JSON.parse(r.outputs['failed-tests']!);
        expect(failedTests).toHaveLength(1000);
        expect(Buffer.byteLength(r.outputs['failed-tests']!)).toBeLessThan(1024 * 1024);
        const create = github.checkRuns.get(7000)!.create;
        expect(create.output.summary.length).toBeLessThanOrEqual(65535);
        expect(create.output.summary).toMatch(/_\d+ more tests not shown/);
        expect(create.output.annotations).toHaveLength(50);
        // One check-run request (the other is locating's tree read).
        expect(github.requests.filter((q) => q.path.endsWith('/check-runs'))).toHaveLength(1);
        expect(r.commands.filter((c) => c.command === 'error')).toHaveLength(1);
      });
    });
  });
});

describe('hostile test names and messages', () => {
  const hostile = [
    '<img src=x onerror=alert(1)>',
    'pipe | in | name',
    '```js\nalert(1)\n```',
    'two\nlines\n::set-output name=conclusion::success',
    '%0A::error::injected via %0A',
    '::add-mask::visible',
    '</details></td></tr></table><h1>owned</h1>',
    '[click](javascript:alert(1))',
    'crlf\r\n::warning::injected via CRLF',
    '$x$ *bold* _it_ ~~s~~ \\ `tick`',
  ];
  const data = buildTestmoRun({
    tests: hostile.map((name, i) => ({
      name,
      folder: i % 2 ? '<b>suite|x</b>' : 'ok',
      status: 3,
      note: `<p>${name.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p><p>::error::from note</p>`,
    })),
  });

  function assertNoInjection(stdout: string) {
    for (const line of stdout.split(/\r?\n/)) {
      if (!line.startsWith('::')) continue;
      // Only the commands the action itself issues.
      expect(line).toMatch(
        /^::(add-mask::(testmo-token-123|ghs_\w+)|debug::|warning::Could not create the check run|error::\d+ tests failed|error title=)/,
      );
    }
    expect(stdout).not.toMatch(/^::(set-output|warning::injected|error::injected|add-mask::visible|error::from note)/m);
  }

  test('the summary shows them as text, tables intact; the log gets no injected command', async () => {
    await using(startFakeGitHub(), async (github) => {
      github.setCommit('a'.repeat(40), []);
      await using(startFakeTestmo(data), async (testmo) => {
        const r = await runAction({
          inputs: { provider: 'testmo', 'base-url': testmo.url, 'api-key': 'testmo-token-123', run: '42' },
          githubApiUrl: github.url,
        });
        expect(r.outputs.failed).toBe('10');
        expect(JSON.parse(r.outputs['failed-tests']!)).toEqual(hostile);
        const rows = r.summary
          .split('\n')
          .filter(
            (l) => l.startsWith('| ') && !l.startsWith('| Test') && !l.startsWith('| Total') && !l.startsWith('| ---') && !/^\| \d/.test(l),
          );
        expect(rows).toHaveLength(10);
        for (const row of rows) expect(row.split('|')).toHaveLength(6);
        expect(r.summary).not.toMatch(/<img|<h1|<\/table>|<b>|\]\(javascript:|```/);
        expect(r.summary).toContain('&lt;img src=x onerror=alert(1)&gt;');
        assertNoInjection(r.stdout);
        // The check run is JSON: names travel as data, unchanged.
        expect(github.annotations().map((a: { title: string }) => a.title)).toContain('ok › <img src=x onerror=alert(1)>');
      });
    });
  });

  test('as workflow-command annotations (403), they stay inside one escaped command each', async () => {
    await using(startFakeGitHub({ forbidden: true }), async (github) => {
      await using(startFakeTestmo(data), async (testmo) => {
        const r = await runAction({
          inputs: { provider: 'testmo', 'base-url': testmo.url, 'api-key': 'testmo-token-123', run: '42', 'locate-tests': 'false' },
          githubApiUrl: github.url,
        });
        const annotations = r.commands.filter((c) => c.command === 'error' && c.properties.startsWith('title='));
        expect(annotations).toHaveLength(10);
        expect(annotations.find((a) => a.properties.includes('two%0Alines') || a.properties.includes('two lines'))).toBeDefined();
        expect(annotations.some((a) => a.message.includes('%250A::error::injected'))).toBe(true);
        assertNoInjection(r.stdout);
      });
    });
  });
});

describe('secret scan of every output channel', () => {
  test('Testmo token in a failing run, with faults and the 403 fallback', async () => {
    const secret = 'testmo-token-123';
    await using(startFakeGitHub({ forbidden: true }), async (github) => {
      await using(startFakeTestmo(run), async (testmo) => {
        testmo.inject(resultsPage(2), { status: 500, json: { message: `internal error for token ${secret}` } }, 1);
        const r = await runAction({
          inputs: {
            provider: 'testmo',
            'base-url': testmo.url,
            'api-key': secret,
            run: '42',
            'github-token': 'ghp_PersonalToken0000111122223333',
          },
          githubApiUrl: github.url,
        });
        expect(r.outputs.failed).toBe('9');
        expect(findSecrets(outputChannels(r, [github]), [secret, 'ghp_PersonalToken0000111122223333'])).toEqual([]);
      });
    });
  });
});
