import { describe, expect, test } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestmoRun, startFakeTestmo } from '../../test-support/fakes/testmo.mjs';
import { startFakeTesults } from '../../test-support/fakes/tesults.mjs';
import { ROOT, runAction } from '../../test-support/run-action.mjs';
import { useFakeGitHub, using } from './helpers.js';

// Known failures and missing tests end to end, through dist/index.js.

type Case = { name: string; suite?: string; result: string; reason?: string };
const TOKEN = 'tesults-api-token-kf-0001';

/** A Tesults target whose latest build is `current`, after `baseline` (when given). */
function tesults(current: Case[], baseline?: Case[]) {
  const runs = [{ build: '2.0.0', created_time: 1763880000000, cases: current }];
  if (baseline) runs.push({ build: '1.9.0', created_time: 1763800000000, cases: baseline });
  return { token: TOKEN, targets: [{ id: 'tgt-1', name: 'Web', runs }] };
}

const CURRENT: Case[] = [
  { name: 'pays with a saved card', suite: 'Checkout', result: 'fail', reason: 'read ECONNRESET from sandbox' },
  { name: 'applies VAT', suite: 'Checkout', result: 'fail', reason: 'expected 119.00 to equal 121.00' },
  { name: 'signs in', suite: 'Auth', result: 'pass' },
  { name: 'signs out', suite: 'Auth', result: 'pass' },
];

/** A workspace holding `.github/known-failures.yml` with `yaml` (or no file when undefined). */
function workspace(yaml?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kf-workspace-'));
  if (yaml !== undefined) {
    mkdirSync(join(dir, '.github'));
    writeFileSync(join(dir, '.github', 'known-failures.yml'), yaml);
  }
  return dir;
}

const inputs = (url: string, extra: Record<string, string> = {}) => ({
  provider: 'tesults',
  'base-url': url,
  'api-key': TOKEN,
  target: 'Web',
  baseline: 'none',
  ...extra,
});

const BOTH_KNOWN = `
- test: Checkout / pays with a saved card
  message: ECONNRESET
  reason: Payment sandbox drops connections, https://github.com/acme/shop/issues/412
- test: "*VAT"
  reason: Tax tables being updated
`;

describe('known failures', () => {
  const github = useFakeGitHub();

  test('every failure known: green with max-failures 0; still failed in the counts, warnings with the reason', async () => {
    await using(startFakeTesults(tesults(CURRENT)), async (server) => {
      const ws = workspace(BOTH_KNOWN);
      const r = await runAction({
        inputs: inputs(server.url, { 'known-failures': '.github/known-failures.yml', 'max-failures': '0' }),
        githubApiUrl: github().url,
        env: { GITHUB_WORKSPACE: ws },
      });
      expect(r.outputs.conclusion).toBe('success');
      expect(r.code).toBe(0);
      expect(r.outputs.failed).toBe('2');
      expect(r.outputs['known-failed']).toBe('2');
      expect(JSON.parse(r.outputs['known-failed-tests']!)).toEqual(['pays with a saved card', 'applies VAT']);
      expect(r.outputs['gate-reason']).toBe('');
      expect(r.summary).toContain('**Gate passed.** 2 failed, all known.');
      expect(r.summary).toContain('#### Known failures (2)');
      expect(r.summary).toContain(
        '| ⚠️ known | pays with a saved card | Checkout | Payment sandbox drops connections, <https://github.com/acme/shop/issues/412> |',
      );
      expect(r.summary).not.toContain('#### Failed tests');
      const annotations = github().annotations();
      expect(annotations.map((a: { annotation_level: string }) => a.annotation_level)).toEqual(['warning', 'warning']);
      expect(annotations[0].message).toContain('Known failure: Payment sandbox drops connections');
    });
  });

  test('inline list: a message that does not match leaves the failure counted', async () => {
    await using(startFakeTesults(tesults(CURRENT)), async (server) => {
      const r = await runAction({
        inputs: inputs(server.url, {
          'known-failures':
            '- test: Checkout / pays with a saved card\n  message: ^timeout\n  reason: flaky sandbox\n- test: applies VAT\n  reason: tax',
        }),
        githubApiUrl: github().url,
      });
      expect(r.outputs.conclusion).toBe('failure');
      expect(r.outputs['known-failed']).toBe('1');
      expect(r.outputs['gate-reason']).toBe('1 test failed, more than max-failures (0) (1 known failure not counted).');
      expect(r.summary).toContain('#### Failed tests (1)');
      expect(r.summary).toContain('#### Known failures (1)');
      const levels = github()
        .annotations()
        .map((a: { title: string; annotation_level: string }) => `${a.annotation_level} ${a.title}`);
      expect(levels).toEqual(['failure Checkout › pays with a saved card', 'warning Checkout › applies VAT']);
    });
  });

  test('an expired entry no longer applies: its failure counts and the summary says when it expired', async () => {
    await using(startFakeTesults(tesults(CURRENT)), async (server) => {
      const ws = workspace(BOTH_KNOWN.replace('reason: Tax tables being updated', 'reason: Tax\n  until: 2026-01-31'));
      const r = await runAction({
        inputs: inputs(server.url, { 'known-failures': '.github/known-failures.yml' }),
        env: { GITHUB_WORKSPACE: ws },
        githubApiUrl: github().url,
      });
      expect(r.outputs.conclusion).toBe('failure');
      expect(r.outputs['known-failed']).toBe('1');
      expect(r.outputs['gate-reason']).toBe('1 test failed, more than max-failures (0) (1 known failure not counted).');
      expect(r.summary).toContain(
        '| ⌛ expired 2026-01-31: renew or remove it | entry 2 (test &quot;&#42;VAT&quot;) | 1 failure counted: Checkout / applies VAT |',
      );
    });
  });

  test('an entry whose test passes now, and one that matches no test, are listed for removal', async () => {
    await using(startFakeTesults(tesults(CURRENT)), async (server) => {
      const ws = workspace(`${BOTH_KNOWN}- test: Auth / signs in\n  reason: was broken\n- test: Gone / never ran\n  reason: old\n`);
      const r = await runAction({
        inputs: inputs(server.url, { 'known-failures': '.github/known-failures.yml' }),
        env: { GITHUB_WORKSPACE: ws },
        githubApiUrl: github().url,
      });
      expect(r.outputs.conclusion).toBe('success');
      expect(r.summary).toContain('| 🧹 passing now: remove it | entry 3 (test &quot;Auth / signs in&quot;) | |');
      expect(r.summary).toContain('| ❓ matches no test | entry 4 (test &quot;Gone / never ran&quot;) | |');
    });
  });

  test('a workspace without the file: an input error before any provider request', async () => {
    await using(startFakeTesults(tesults(CURRENT)), async (server) => {
      const r = await runAction({
        inputs: inputs(server.url, { 'known-failures': '.github/known-failures.yml' }),
        env: { GITHUB_WORKSPACE: workspace() },
      });
      expect(r.code).not.toBe(0);
      expect(r.stdout).toContain(
        "::error::Input 'known-failures' names '.github/known-failures.yml', which is not in the workspace: check out the repository first (actions/checkout)",
      );
      expect(server.requests).toEqual([]);
      expect(r.outputs).toEqual({});
    });
  });

  test('a path outside the workspace is refused without telling anything of the file', async () => {
    await using(startFakeTesults(tesults(CURRENT)), async (server) => {
      const r = await runAction({
        inputs: inputs(server.url, { 'known-failures': '../../etc/passwd' }),
        env: { GITHUB_WORKSPACE: workspace() },
      });
      expect(r.code).not.toBe(0);
      expect(r.stdout).toContain("::error::Input 'known-failures' must name a file inside the workspace");
      expect(server.requests).toEqual([]);
    });
  });

  test('a bad regular expression: an input error naming the entry and the field', async () => {
    await using(startFakeTesults(tesults(CURRENT)), async (server) => {
      const ws = workspace('- test: Checkout / pays with a saved card\n  message: "(unclosed"\n  reason: x\n');
      const r = await runAction({
        inputs: inputs(server.url, { 'known-failures': '.github/known-failures.yml' }),
        env: { GITHUB_WORKSPACE: ws },
        githubApiUrl: github().url,
      });
      expect(r.code).not.toBe(0);
      expect(r.stdout).toMatch(
        /::error::Input 'known-failures' entry 1 \(test "Checkout \/ pays with a saved card"\): 'message' is not a valid regular expression \(RE2 syntax\)/,
      );
      expect(server.requests).toEqual([]);
    });
  });

  test('fail-on new-failures: a known failure is never new, while new-failures still says what the baseline says', async () => {
    const baseline: Case[] = CURRENT.map((c) => ({ ...c, result: 'pass', reason: undefined }));
    await using(startFakeTesults(tesults(CURRENT, baseline)), async (server) => {
      const r = await runAction({
        inputs: inputs(server.url, {
          baseline: 'previous',
          'fail-on': 'new-failures',
          'known-failures': '- test: "Checkout / *"\n  reason: Checkout is being rebuilt',
        }),
        githubApiUrl: github().url,
      });
      expect(r.outputs.conclusion).toBe('success');
      expect(r.outputs['new-failures']).toBe('2');
      expect(JSON.parse(r.outputs['new-failed-tests']!)).toEqual(['pays with a saved card', 'applies VAT']);
      expect(r.outputs['known-failed']).toBe('2');
      expect(r.summary).toContain('**Gate passed.** 2 failed, all known.');
    });
  });

  test('quarantine-flaky with history: a failed test found flaky is a known failure', async () => {
    const data = tesults(CURRENT, [
      { name: 'pays with a saved card', suite: 'Checkout', result: 'pass' },
      { name: 'applies VAT', suite: 'Checkout', result: 'fail', reason: 'x' },
    ]);
    data.targets[0]!.runs.push({
      build: '1.8.0',
      created_time: 1763700000000,
      cases: [
        { name: 'pays with a saved card', suite: 'Checkout', result: 'fail', reason: 'y' },
        { name: 'applies VAT', suite: 'Checkout', result: 'fail', reason: 'x' },
      ],
    });
    await using(startFakeTesults(data), async (server) => {
      const r = await runAction({
        inputs: inputs(server.url, { baseline: 'previous', history: '2', 'quarantine-flaky': 'true', 'max-failures': '1' }),
        githubApiUrl: github().url,
      });
      expect(JSON.parse(r.outputs['flaky-tests']!)).toEqual(['pays with a saved card']);
      expect(JSON.parse(r.outputs['known-failed-tests']!)).toEqual(['pays with a saved card']);
      expect(r.summary).toContain('| ⚠️ known | pays with a saved card | Checkout | flaky in the last 3 runs |');
      expect(r.outputs.conclusion).toBe('success');
    });
  });

  test('sources: an entry with source applies to that label only; outputs sum over entries', async () => {
    const data = tesults(CURRENT);
    data.targets.push({ id: 'tgt-2', name: 'Api', runs: [{ build: '2.0.0', created_time: 1763880000000, cases: CURRENT }] });
    await using(startFakeTesults(data), async (server) => {
      const r = await runAction({
        inputs: inputs(server.url, {
          target: '',
          sources: '- label: web\n  target: Web\n- label: api\n  target: Api\n  max-failures: 2',
          'known-failures': '- test: "Checkout / *"\n  reason: Checkout is being rebuilt\n  source: web',
        }),
        githubApiUrl: github().url,
      });
      expect(r.outputs.conclusion).toBe('success');
      expect(r.outputs['known-failed']).toBe('2');
      expect(JSON.parse(r.outputs['known-failed-tests']!)).toEqual(['[web] pays with a saved card', '[web] applies VAT']);
      expect(r.outputs.failed).toBe('4');
      const levels = github()
        .annotations()
        .map((a: { title: string; annotation_level: string }) => `${a.annotation_level} ${a.title}`);
      expect(levels).toEqual([
        'failure [api] Checkout › pays with a saved card',
        'failure [api] Checkout › applies VAT',
        'warning [web] Checkout › pays with a saved card',
        'warning [web] Checkout › applies VAT',
      ]);
    });
  });

  test('pull_request_target: the list comes from the default branch, never from the workspace', async () => {
    await using(startFakeTesults(tesults(CURRENT)), async (server) => {
      // The pull request's checkout would quarantine everything; the default branch knows only one.
      const ws = workspace(BOTH_KNOWN);
      github().setCommit('b'.repeat(40), { '.github/known-failures.yml': '- test: applies VAT\n  reason: Tax tables being updated\n' });
      const r = await runAction({
        inputs: inputs(server.url, { 'known-failures': '.github/known-failures.yml' }),
        githubApiUrl: github().url,
        eventName: 'pull_request_target',
        event: { pull_request: { number: 5, head: { sha: 'c'.repeat(40) } } },
        env: { GITHUB_WORKSPACE: ws },
      });
      expect(r.outputs['known-failed']).toBe('1');
      expect(JSON.parse(r.outputs['known-failed-tests']!)).toEqual(['applies VAT']);
      expect(r.outputs.conclusion).toBe('failure');
      const reads = github().contentRequests();
      expect(reads.map((q: { path: string }) => q.path)).toEqual(['/repos/octo-org/shop/contents/.github%2Fknown-failures.yml']);
    });
  });
});

describe('missing tests', () => {
  const github = useFakeGitHub();
  const ten: Case[] = Array.from({ length: 10 }, (_, i) => ({
    name: `test ${String(i + 1).padStart(2, '0')}`,
    suite: 'Suite',
    result: 'pass',
  }));
  const eight = ten.slice(0, 8);

  test.each([
    ['', 'success', ''],
    ['0', 'failure', '2 tests of baseline build 1.9.0 are missing (at most 0).'],
    ['25%', 'success', ''],
    ['10%', 'failure', '2 tests of baseline build 1.9.0 are missing (at most 10%: 1 of 10).'],
  ])('2 of 10 baseline tests missing, max-missing %p', async (maxMissing, conclusion, reason) => {
    await using(startFakeTesults(tesults(eight, ten)), async (server) => {
      const r = await runAction({
        inputs: inputs(server.url, { baseline: 'previous', 'max-missing': maxMissing }),
        githubApiUrl: github().url,
      });
      expect(r.outputs.conclusion).toBe(conclusion);
      expect(r.outputs['gate-reason']).toBe(reason);
      expect(r.outputs.missing).toBe('2');
      expect(JSON.parse(r.outputs['missing-tests']!)).toEqual(['test 09', 'test 10']);
      expect(r.outputs.total).toBe('8');
      expect(r.summary).toContain('#### Missing since the baseline (2)');
      expect(r.summary).toContain('2 of the 10 tests of build 1.9.0 are absent from this run.');
      expect(r.summary).toContain('| 👻 missing | test 09 |');
    });
  });

  test('no baseline: missing is empty and missing-tests []', async () => {
    await using(startFakeTesults(tesults(eight, ten)), async (server) => {
      const r = await runAction({ inputs: inputs(server.url, { baseline: 'none', 'max-missing': '0' }), githubApiUrl: github().url });
      expect(r.outputs.conclusion).toBe('success');
      expect(r.outputs.missing).toBe('');
      expect(r.outputs['missing-tests']).toBe('[]');
      expect(r.summary).not.toContain('Missing since the baseline');
    });
  });

  test('Testmo: a case renamed since the baseline keeps its case id and is not missing', async () => {
    const FAILED = 3;
    const PASSED = 2;
    const run = (runId: number, day: number, tests: { name: string; caseId: number; status: number }[]) =>
      buildTestmoRun({
        runId,
        name: `Nightly ${runId}`,
        createdAt: `2026-11-${day}T08:00:00.000Z`,
        milestoneId: null,
        tests: tests.map((t) => ({ ...t, folder: 'Web', note: t.status === PASSED ? undefined : '<p>broke</p>' })),
      });
    const current = run(42, 20, [
      { name: 'Login', caseId: 501, status: PASSED },
      { name: 'Checkout, renamed', caseId: 502, status: FAILED },
    ]);
    const earlier = run(41, 19, [
      { name: 'Login', caseId: 501, status: PASSED },
      { name: 'Checkout', caseId: 502, status: FAILED },
      { name: 'Export', caseId: 503, status: FAILED },
    ]);
    await using(startFakeTestmo(current, { earlierRuns: [earlier] }), async (testmo) => {
      const r = await runAction({
        inputs: { provider: 'testmo', 'base-url': testmo.url, 'api-key': 'testmo-token-123', run: '42', 'max-missing': '1' },
        githubApiUrl: github().url,
      });
      expect(r.outputs['baseline-id']).toBe('41');
      expect(r.outputs.missing).toBe('1');
      // Testmo's baseline keeps case ids, not names: the missing case is named as Testmo names an unknown one.
      expect(JSON.parse(r.outputs['missing-tests']!)).toEqual(['Case 503']);
      expect(r.outputs['gate-reason']).not.toContain('missing');
      expect(r.summary).toContain('#### Missing since the baseline (1)');
      expect(r.summary).toContain("Only the baseline's tests that did not pass could be checked");
    });
  });
});

describe('golden summary: known failures and missing tests together', () => {
  const github = useFakeGitHub();

  test('summary-known-failures.md', async () => {
    const baseline: Case[] = [
      ...CURRENT.map((c) => ({ ...c, result: 'pass', reason: undefined })),
      { name: 'exports CSV', suite: 'Account', result: 'pass' },
      { name: 'changes e-mail', suite: 'Account', result: 'fail', reason: 'smtp down' },
    ];
    await using(startFakeTesults(tesults(CURRENT, baseline)), async (server) => {
      const ws = workspace(
        `${BOTH_KNOWN.replace('reason: Tax tables being updated', 'reason: Tax tables being updated\n  until: 2026-01-31')}- test: Auth / signs in\n  reason: was broken\n- test: "Gone / *"\n  reason: old suite\n`,
      );
      const r = await runAction({
        inputs: inputs(server.url, {
          baseline: 'previous',
          'known-failures': '.github/known-failures.yml',
          'max-missing': '1',
          comment: 'always',
        }),
        githubApiUrl: github().url,
        eventName: 'pull_request',
        event: { action: 'synchronize', number: 8, pull_request: { number: 8, head: { sha: 'd'.repeat(40) } } },
        env: { GITHUB_WORKSPACE: ws },
      });
      // The comment carries the same sections as the summary.
      const comment = github().commentsOn(8)[0]!.body;
      for (const heading of ['#### Known failures (1)', '#### Missing since the baseline (2)', '#### Known-failures list (3 to review)'])
        expect(comment).toContain(heading);
      const file = join(ROOT, '__tests__', 'golden', 'summary-known-failures.md');
      const actual = r.summary.replace(/ at \d{4}-\d\d-\d\d \d\d:\d\d UTC/g, ' at 2026-11-23 09:00 UTC');
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
      if (!existsSync(file)) throw new Error(`${file} is missing: run UPDATE_GOLDEN=1 npm test and review it.`);
      expect(actual).toBe(readFileSync(file, 'utf8'));
      expect(r.outputs['gate-reason']).toBe(
        '1 test failed, more than max-failures (0) (1 known failure not counted); 2 tests of baseline build 1.9.0 are missing (at most 1).',
      );
    });
  });
});
