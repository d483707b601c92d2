import { describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startFakeGitHub } from '../../test-support/fakes/github.mjs';
import { startFakeTesults } from '../../test-support/fakes/tesults.mjs';
import { buildTestmoRun, startFakeTestmo } from '../../test-support/fakes/testmo.mjs';
import { ROOT, runAction } from '../../test-support/run-action.mjs';
import { useFakeGitHub, using } from './helpers.js';

// Issue 24 end to end through dist/index.js: failed tests of remote runs annotated at their
// source line, linked, and given their code owners; the GitHub fake answers trees and contents.

const SHA = 'a'.repeat(40);
const BLOB = `https://github.com/octo-org/shop/blob/${SHA}`;
const FILES = {
  'src/cart.ts': '',
  'src/cart.test.ts': '',
  'src/main/java/com/acme/cart/CartTest.java': '',
  'tests/test_orders.py': '',
  'web/login.spec.ts': '',
  'api/login.spec.ts': '',
  'lib/helpers.js': '',
  'node_modules/chai/index.js': '',
  '.github/CODEOWNERS': '* @octo-org/everyone\nsrc/ @octo-org/cart\n*.java @octo-org/jvm\n/tests/ @octo-org/qa qa@example.com\n',
};

type AutomationTest = { name: string; folder?: string; status: number; failure?: string; file?: string; line?: number };
const testmoWorld = (tests: AutomationTest[]) => ({
  automation: { runs: [{ id: 801, name: 'CI', createdAt: '2026-11-20T08:00:00.000Z', tests: [...tests, { name: 'ok', status: 2 }] }] },
});
const testmoInputs = (url: string, extra: Record<string, string> = {}) => ({
  provider: 'testmo',
  'base-url': url,
  'api-key': 'testmo-token-123',
  'automation-run': '801',
  ...extra,
});
const warnings = (stdout: string) => stdout.split('\n').filter((l) => l.startsWith('::warning'));

describe('locate-tests through dist/index.js', () => {
  const github = useFakeGitHub();

  test('provider file/line, a Java frame, a JS frame, an absolute path, a dependency frame skipped; owners by the last match', async () => {
    github().setCommit(SHA, FILES);
    const tests: AutomationTest[] = [
      { name: 'provider place', folder: 'x', status: 3, failure: 'boom', file: 'tests/test_orders.py', line: 12 },
      {
        name: 'java frame',
        folder: 'com.acme.cart',
        status: 3,
        failure:
          'java.lang.AssertionError: 3 != 4\n\tat org.junit.Assert.fail(Assert.java:89)\n\tat com.acme.cart.CartTest.total(CartTest.java:42)',
      },
      {
        name: 'js frame after a dependency frame',
        folder: 'cart',
        status: 3,
        failure:
          'AssertionError: expected 3\n    at Proxy.assert (node_modules/chai/index.js:10:5)\n    at Context.<anonymous> (src/cart.test.ts:17:9)',
      },
      { name: 'absolute path', folder: 'h', status: 3, failure: 'Error: x\n    at run (/home/runner/work/shop/shop/lib/helpers.js:5:3)' },
    ];
    await using(startFakeTestmo(buildTestmoRun({ tests: [] }), testmoWorld(tests)), async (testmo) => {
      const r = await runAction({ inputs: testmoInputs(testmo.url), githubApiUrl: github().url });
      expect(r.outputs).toMatchObject({ conclusion: 'failure', failed: '4' });
      const at = Object.fromEntries(
        github()
          .annotations()
          .map((a: { title: string; path: string; start_line: number }) => [a.title, `${a.path}:${a.start_line}`]),
      );
      expect(at).toEqual({
        'x › provider place': 'tests/test_orders.py:12',
        'com.acme.cart › java frame': 'src/main/java/com/acme/cart/CartTest.java:42',
        'cart › js frame after a dependency frame': 'src/cart.test.ts:17',
        'h › absolute path': 'lib/helpers.js:5',
      });
      expect(r.summary).toContain(`[src/cart.test.ts:17](${BLOB}/src/cart.test.ts#L17)`);
      // The located summary as a reviewer reads it (UPDATE_GOLDEN=1 rewrites it).
      const golden = join(ROOT, '__tests__', 'golden', 'summary-located.md');
      const actual = r.summary
        .replace(/http:\/\/127\.0\.0\.1:\d+/g, 'https://provider.example')
        .replace(/ at \d{4}-\d\d-\d\d \d\d:\d\d UTC/g, ' at 2026-11-23 09:00 UTC');
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, actual);
      if (!existsSync(golden)) throw new Error(`${golden} is missing: run UPDATE_GOLDEN=1 and review it.`);
      expect(actual).toBe(readFileSync(golden, 'utf8'));
      // The last matching line wins: *.java beats src/, and /tests/ beats *.
      expect(r.summary).toContain('`@octo-org/jvm`');
      expect(r.summary).not.toMatch(/(^|[^`])@octo-org\/jvm/);
      expect(JSON.parse(r.outputs.owners!)).toEqual({
        '@octo-org/qa': ['provider place'],
        'qa@example.com': ['provider place'],
        '@octo-org/jvm': ['java frame'],
        '@octo-org/cart': ['js frame after a dependency frame'],
        '@octo-org/everyone': ['absolute path'],
      });
      // No workspace: one recursive tree read, CODEOWNERS by the contents API at the commit.
      const requests = github()
        .contentRequests()
        .map((q: { path: string }) => q.path);
      expect(requests.filter((p: string) => p.includes('/git/trees/'))).toHaveLength(1);
      expect(warnings(r.stdout)).toEqual([]);
    });
  });

  test('two candidates for one name: no guess, the workflow file line 1; no CODEOWNERS: owners {}', async () => {
    github().setCommit(SHA, ['web/login.spec.ts', 'api/login.spec.ts']);
    const tests = [{ name: 'logs in', folder: 'login', status: 3, failure: 'Error\n    at login.spec.ts:3:1' }];
    await using(startFakeTestmo(buildTestmoRun({ tests: [] }), testmoWorld(tests)), async (testmo) => {
      const r = await runAction({ inputs: testmoInputs(testmo.url), githubApiUrl: github().url });
      const [annotation] = github().annotations();
      expect(annotation).toMatchObject({ path: '.github/workflows/tests.yml', start_line: 1 });
      expect(r.summary).not.toContain('/blob/');
      expect(r.outputs.owners).toBe('{}');
    });
  });

  test('Tesults _file and _line custom fields', async () => {
    github().setCommit(SHA, FILES);
    const data = {
      token: 'tesults-token',
      targets: [
        {
          id: 't1',
          name: 'web',
          runs: [
            {
              build: '1',
              created_time: 1763625600000,
              cases: [{ name: 'adds', suite: 'cart', result: 'fail', reason: 'nope', _file: 'src/cart.test.ts', _line: '8' }],
            },
          ],
        },
      ],
    };
    await using(startFakeTesults(data), async (tesults) => {
      const r = await runAction({
        inputs: { provider: 'tesults', 'base-url': tesults.url, 'api-key': 'tesults-token', target: 't1' },
        githubApiUrl: github().url,
      });
      expect(r.outputs.failed).toBe('1');
      expect(github().annotations()[0]).toMatchObject({ path: 'src/cart.test.ts', start_line: 8 });
      expect(JSON.parse(r.outputs.owners!)).toEqual({ '@octo-org/cart': ['adds'] });
    });
  });

  test('a 403 tree: one warning naming contents: read, annotations on the workflow file, the verdict unchanged', async () => {
    await using(startFakeGitHub({ contentsForbidden: true }), async (forbidden) => {
      forbidden.setCommit(SHA, FILES);
      const tests = [{ name: 'p', folder: 'x', status: 3, file: 'src/cart.ts', line: 2 }];
      await using(startFakeTestmo(buildTestmoRun({ tests: [] }), testmoWorld(tests)), async (testmo) => {
        const r = await runAction({ inputs: testmoInputs(testmo.url), githubApiUrl: forbidden.url });
        expect(r.outputs).toMatchObject({ conclusion: 'failure', failed: '1', owners: '{}' });
        const named = warnings(r.stdout).filter((l) => l.includes('permissions: contents: read'));
        expect(named).toHaveLength(1);
        expect(forbidden.annotations()[0]).toMatchObject({ path: '.github/workflows/tests.yml', start_line: 1 });
      });
    });
  });

  test('locate-tests: false sends no tree or contents request', async () => {
    github().setCommit(SHA, FILES);
    const tests = [{ name: 'p', folder: 'x', status: 3, file: 'src/cart.ts', line: 2 }];
    await using(startFakeTestmo(buildTestmoRun({ tests: [] }), testmoWorld(tests)), async (testmo) => {
      const r = await runAction({ inputs: testmoInputs(testmo.url, { 'locate-tests': 'false' }), githubApiUrl: github().url });
      expect(r.outputs.failed).toBe('1');
      expect(github().contentRequests()).toEqual([]);
      expect(github().annotations()[0]).toMatchObject({ path: '.github/workflows/tests.yml', start_line: 1 });
    });
  });

  test('a git checkout of the commit: files from git ls-files, CODEOWNERS from the workspace, no tree or contents request', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'locate-ws-'));
    try {
      for (const [path, text] of Object.entries({ ...FILES, '.github/CODEOWNERS': 'src/ @octo-org/from-workspace\n' })) {
        mkdirSync(dirname(join(workspace, path)), { recursive: true });
        writeFileSync(join(workspace, path), text);
      }
      const git = (...args: string[]) =>
        execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: workspace, encoding: 'utf8' }).trim();
      git('init', '-q');
      git('add', '-A');
      git('commit', '-q', '-m', 'c');
      const head = git('rev-parse', 'HEAD');
      const tests = [{ name: 'p', folder: 'x', status: 3, failure: 'Error\n    at (src/cart.test.ts:4:2)' }];
      await using(startFakeTestmo(buildTestmoRun({ tests: [] }), testmoWorld(tests)), async (testmo) => {
        const r = await runAction({
          inputs: testmoInputs(testmo.url, { 'commit-sha': head }),
          githubApiUrl: github().url,
          env: { GITHUB_WORKSPACE: workspace },
        });
        expect(github().contentRequests()).toEqual([]);
        expect(github().annotations()[0]).toMatchObject({ path: 'src/cart.test.ts', start_line: 4 });
        expect(JSON.parse(r.outputs.owners!)).toEqual({ '@octo-org/from-workspace': ['p'] });
        expect(r.summary).toContain(`https://github.com/octo-org/shop/blob/${head}/src/cart.test.ts#L4`);
      });
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  test('workflow_run: CODEOWNERS comes from the default branch, not from the commit under test', async () => {
    const head = 'c'.repeat(40);
    github().setCommit('d'.repeat(40), { '.github/CODEOWNERS': 'src/ @octo-org/trusted\n' }, { defaultBranch: true });
    github().setCommit(head, { ...FILES, '.github/CODEOWNERS': 'src/ @octo-org/pull-request\n' }, { defaultBranch: false });
    const tests = [{ name: 'p', folder: 'x', status: 3, file: 'src/cart.ts', line: 2 }];
    await using(startFakeTestmo(buildTestmoRun({ tests: [] }), testmoWorld(tests)), async (testmo) => {
      const r = await runAction({
        inputs: testmoInputs(testmo.url),
        githubApiUrl: github().url,
        eventName: 'workflow_run',
        event: { workflow_run: { head_sha: head } },
      });
      expect(JSON.parse(r.outputs.owners!)).toEqual({ '@octo-org/trusted': ['p'] });
      expect(github().annotations()[0]).toMatchObject({ path: 'src/cart.ts', start_line: 2 });
    });
  });
});
