import { describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIONS_BOT } from '../../test-support/fakes/github.mjs';
import { buildTestmoRun, startFakeTestmo } from '../../test-support/fakes/testmo.mjs';
import { startFakeTesults, type CaseSpec } from '../../test-support/fakes/tesults.mjs';
import { ROOT, runAction } from '../../test-support/run-action.mjs';
import { useFakeGitHub, using } from './helpers.js';

/**
 * Failure causes end to end through dist/index.js, on Tesults builds (newest first): groups of
 * failures that differ only in ids and ports, likely outages, `outage-threshold`, causes against
 * the baseline and in history. UPDATE_GOLDEN=1 rewrites the golden summary.
 */

const TOKEN = 'tesults-causes-token-0123456789';
const REFUSED = 'connect ECONNREFUSED <n>.<n>.<n>.<n>:<n> after <n> ms';

const passing = (n: number, prefix = 'Browse'): CaseSpec[] =>
  Array.from({ length: n }, (_, i) => ({ name: `${prefix} ${i + 1}`, suite: 'Catalog', result: 'pass' }));
/** Failures that differ only in the address, the port and the time taken. */
const refused = (n: number, prefix = 'Checkout'): CaseSpec[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `${prefix} ${i + 1}`,
    suite: 'Checkout',
    result: 'fail',
    reason: `connect ECONNREFUSED 10.0.${i % 7}.${20 + i}:${5432 + i} after ${3000 + i * 17} ms\n    at TCPConnectWrap.afterConnect (node:net:1607:16)`,
  }));
const timedOut = (n: number): CaseSpec[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `Search ${i + 1}`,
    suite: 'Search',
    result: 'fail',
    reason: `TimeoutError: locator.click: Timeout ${5000 + i * 1000}ms exceeded.\nCall log:\n  - waiting for locator('#result-${i}')`,
  }));
const mismatched = (n: number): CaseSpec[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `Totals ${i + 1}`,
    suite: 'Cart',
    result: 'fail',
    reason: `AssertionError: expected ${100 + i}.00 to equal ${121 + i}.00`,
  }));
const singletons: CaseSpec[] = [
  { name: 'Sign in', suite: 'Auth', result: 'fail', reason: 'login button missing' },
  { name: 'Wishlist', suite: 'Account', result: 'fail', reason: 'TypeError: Cannot read properties of undefined (reading "items")' },
];

/** A target whose builds are `builds`, newest first, each one upload. */
function target(...builds: { build: string; cases: CaseSpec[] }[]) {
  return {
    token: TOKEN,
    targets: [
      {
        id: 'tgt-e2e',
        name: 'Web e2e',
        runs: builds.map((b, i) => ({
          build: b.build,
          created_time: 1763600000000 - i * 86_400_000,
          run_url: `https://www.tesults.com/acme/web-e2e/run/${b.build}`,
          cases: b.cases,
        })),
      },
    ],
  };
}

describe('failure causes end to end through dist/index.js', () => {
  const github = useFakeGitHub();
  const run = (data: ReturnType<typeof target>, extra: Record<string, string> = {}) =>
    using(startFakeTesults(data), (tesults) =>
      runAction({
        inputs: { provider: 'tesults', 'base-url': tesults.url, 'api-key': TOKEN, target: 'tgt-e2e', ...extra },
        githubApiUrl: github().url,
      }),
    );
  const checkRun = () => github().checkRuns.get(7000)!.create;

  test('30 failures differing only in ids and ports are one group, two other causes two more, singletons none', async () => {
    const cases = [...passing(60), ...refused(30), ...timedOut(5), ...mismatched(3), ...singletons];
    const r = await run(target({ build: '1.0.0', cases }));
    expect(r.outputs).toMatchObject({ conclusion: 'failure', total: '100', failed: '40' });
    const groups = JSON.parse(r.outputs['failure-groups']!) as { cause: string; count: number; tests: string[] }[];
    expect(groups.map((g) => [g.cause, g.count])).toEqual([
      [REFUSED, 30],
      ['TimeoutError: locator.click: Timeout <n>ms exceeded.', 5],
      ['AssertionError: expected <n>.<n> to equal <n>.<n>', 3],
    ]);
    // The first 20 names, in the run's order.
    expect(groups[0]!.tests).toEqual(Array.from({ length: 20 }, (_, i) => `Checkout ${i + 1}`));
    expect(groups[2]!.tests).toEqual(['Totals 1', 'Totals 2', 'Totals 3']);

    expect(r.summary).toContain('#### Failures by cause (3)');
    expect(r.summary).toContain(
      '| 30 | connect ECONNREFUSED &lt;n&gt;.&lt;n&gt;.&lt;n&gt;.&lt;n&gt;:&lt;n&gt; after &lt;n&gt; ms | Checkout 1 · Checkout 2 · Checkout 3 (+27 more) |',
    );
    expect(r.summary).toContain(
      '| 3 | AssertionError: expected &lt;n&gt;.&lt;n&gt; to equal &lt;n&gt;.&lt;n&gt; | Totals 1 · Totals 2 · Totals 3 |',
    );
    // The groups come before the failed-tests table, which stays whole; singletons form no row.
    const section = r.summary.slice(r.summary.indexOf('#### Failures by cause'), r.summary.indexOf('#### Failed tests (40)'));
    expect(section.split('\n').filter((l) => /^\| \d/.test(l))).toHaveLength(3);
    expect(section).not.toMatch(/login|Sign in|Wishlist/);
    expect(r.summary).toContain('| Sign in | Auth |');
    // 30 of 100 is no outage at the default 80%.
    expect(r.summary.split('\n')[0]).toBe('### ❌ Test results: failed');
    expect(r.outputs['gate-reason']).toBe('40 tests failed, more than max-failures (0).');
    expect(checkRun().output.title).toBe('40 failed, 60 passed');
    expect(checkRun().output.summary).toContain('#### Failures by cause (3)');
  });

  test('46 of 50 failing with one cause: the summary, the check-run title and gate-reason lead with the outage; the verdict is unchanged', async () => {
    const r = await run(target({ build: '1.0.0', cases: [...refused(46), ...passing(3), singletons[0]!] }));
    expect(r.code).toBe(1);
    expect(r.outputs.conclusion).toBe('failure');
    const outage = `Likely outage: 46 of 50 tests failed with ${REFUSED}`;
    expect(r.outputs['gate-reason']).toBe(`${outage} — 47 tests failed, more than max-failures (0).`);
    expect(r.summary.split('\n')[0]).toBe(
      '### ❌ Test results: failed — Likely outage: 46 of 50 tests failed with connect ECONNREFUSED &lt;n&gt;.&lt;n&gt;.&lt;n&gt;.&lt;n&gt;:&lt;n&gt; after &lt;n&gt; ms',
    );
    expect(checkRun().output.title).toBe(`${outage} · 47 failed, 3 passed`);
    expect(checkRun().conclusion).toBe('failure');
    expect(r.stdout).toContain(`::error::${outage} — 47 tests failed`);
  });

  test('a likely outage on a gate that passes: the summary and title say so, gate-reason stays empty', async () => {
    const r = await run(target({ build: '1.0.0', cases: [...refused(46), ...passing(4)] }), { 'max-failures': '100' });
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ conclusion: 'success', 'gate-reason': '' });
    expect(r.summary.split('\n')[0]).toContain('### ✅ Test results: passed — Likely outage: 46 of 50 tests failed with');
    expect(checkRun().output.title).toBe(`Likely outage: 46 of 50 tests failed with ${REFUSED} · 46 failed, 4 passed`);
  });

  test('3 of 50 with one cause: a group, no outage', async () => {
    const r = await run(target({ build: '1.0.0', cases: [...refused(3), ...passing(47)] }));
    expect(r.outputs['gate-reason']).toBe('3 tests failed, more than max-failures (0).');
    expect(r.summary).not.toContain('Likely outage');
    expect(JSON.parse(r.outputs['failure-groups']!)).toEqual([
      { cause: REFUSED, count: 3, tests: ['Checkout 1', 'Checkout 2', 'Checkout 3'] },
    ]);
    expect(checkRun().output.title).toBe('3 failed, 47 passed');
  });

  test('outage-threshold: 0 never calls a run an outage; a bad value is an input error', async () => {
    const r = await run(target({ build: '1.0.0', cases: [...refused(46), ...passing(4)] }), { 'outage-threshold': '0' });
    expect(r.outputs['gate-reason']).toBe('46 tests failed, more than max-failures (0).');
    expect(r.summary).not.toContain('Likely outage');
    expect(checkRun().output.title).toBe('46 failed, 4 passed');
    expect(JSON.parse(r.outputs['failure-groups']!)[0].count).toBe(46);

    const bad = await run(target({ build: '1.0.0', cases: passing(1) }), { 'outage-threshold': '120' });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("::error::Input 'outage-threshold' must be a percentage from 0 to 100 (0: never), got '120'.");
  });

  test('against the baseline: a still-failing test whose cause changed is marked "still failing, new error", not counted as new', async () => {
    const r = await run(
      target(
        {
          build: '1.0.1',
          cases: [
            ...passing(5),
            { name: 'Pay by card', suite: 'Checkout', result: 'fail', reason: 'AssertionError: expected 119.00 to equal 121.00' },
            { name: 'Pay by invoice', suite: 'Checkout', result: 'fail', reason: 'connect ECONNREFUSED 10.0.0.9:5432 after 3001 ms' },
          ],
        },
        {
          build: '1.0.0',
          cases: [
            ...passing(5),
            { name: 'Pay by card', suite: 'Checkout', result: 'fail', reason: 'connect ECONNREFUSED 10.0.0.7:5432 after 3012 ms' },
            { name: 'Pay by invoice', suite: 'Checkout', result: 'fail', reason: 'connect ECONNREFUSED 10.0.0.8:5433 after 2999 ms' },
          ],
        },
      ),
      { 'fail-on': 'new-failures' },
    );
    expect(r.outputs).toMatchObject({ conclusion: 'success', 'new-failures': '0', 'baseline-id': '1.0.0' });
    expect(r.summary).toContain('| 🔁 still failing, new error | Pay by card | Checkout |');
    expect(r.summary).toContain('| 🔁 still failing | Pay by invoice | Checkout |');
  });

  test('a history run that was a likely outage is left out of flaky detection', async () => {
    const cart = (result: string): CaseSpec => ({
      name: 'Cart total',
      suite: 'Cart',
      result,
      reason: result === 'fail' ? 'expected 1 to be 2' : '',
    });
    // Oldest first: 1.0.0 passed, 1.0.1 staging down (everything refused), 1.0.2 passed, now failed.
    const data = target(
      { build: '1.0.3', cases: [cart('fail'), ...passing(9)] },
      { build: '1.0.2', cases: [cart('pass'), ...passing(9)] },
      { build: '1.0.1', cases: [{ ...refused(1)[0]!, name: 'Cart total', suite: 'Cart' }, ...refused(9, 'Browse')] },
      { build: '1.0.0', cases: [cart('pass'), ...passing(9)] },
    );
    const r = await run(data, { history: '3' });
    expect(r.outputs['flaky-tests']).toBe('[]');
    expect(r.outputs['new-failures']).toBe('1');
    expect(r.summary).toContain('_build 1.0.1 was a likely outage: left out of flaky detection._');
    expect(r.summary).toContain('**Pass rate, oldest to newest:**');

    const never = await run(data, { history: '3', 'outage-threshold': '0' });
    expect(never.outputs['flaky-tests']).toBe('["Cart total"]');
  });

  test('golden summary with groups and a changed cause', async () => {
    const r = await run(
      target(
        {
          build: '2.4.0',
          cases: [
            ...passing(4),
            ...refused(4),
            ...timedOut(2),
            { name: 'Totals 1', suite: 'Cart', result: 'fail', reason: 'AssertionError: expected 119.00 to equal 121.00' },
            // Provider text in a cause is escaped: it shows as written and breaks no table.
            ...['Sign in', 'Sign up'].map((name) => ({
              name,
              suite: 'Auth',
              result: 'fail',
              reason: '`#login` missing <img src=x onerror=alert(1)> | a|b',
            })),
          ],
        },
        {
          build: '2.3.9',
          cases: [...passing(4), { name: 'Totals 1', suite: 'Cart', result: 'fail', reason: 'timeout of 2000ms exceeded' }],
        },
      ),
    );
    const file = join(ROOT, '__tests__', 'golden', 'summary-tesults-causes.md');
    const actual = r.summary.replace(/ at \d{4}-\d\d-\d\d \d\d:\d\d UTC/g, ' at 2026-11-23 09:00 UTC');
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
    if (!existsSync(file)) throw new Error(`${file} is missing: run UPDATE_GOLDEN=1 npm test and review it.`);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });

  test('with sources, causes and outages are each entry’s own; failure-groups names tests as [label] name', async () => {
    const data = target({ build: '1.0.0', cases: [...refused(46), ...passing(4)] });
    const web = target({ build: '1.0.0', cases: [...passing(8), ...mismatched(2)] }).targets[0]!;
    data.targets.push({ ...web, id: 'tgt-web', name: 'Web' });
    const entries = ['- label: api', '  target: tgt-e2e', '- label: web', '  target: tgt-web'].join('\n');
    const r = await run(data, { sources: entries });
    expect(r.outputs.conclusion).toBe('failure');
    expect(r.outputs['gate-reason']).toBe(
      `api: likely outage: 46 of 50 tests failed with ${REFUSED} — 46 tests failed, more than max-failures (0); web: 2 tests failed, more than max-failures (0).`,
    );
    expect(r.summary).toMatch(/^### ❌ api: failed — Likely outage: 46 of 50 tests failed with connect ECONNREFUSED/m);
    expect(r.summary).toMatch(/^### ❌ web: failed$/m);
    expect(checkRun().output.title).toBe(`api: Likely outage: 46 of 50 tests failed with ${REFUSED} · 48 failed, 12 passed`);
    const groups = JSON.parse(r.outputs['failure-groups']!) as { cause: string; count: number; tests: string[] }[];
    expect(groups.map((g) => [g.cause, g.count])).toEqual([
      [REFUSED, 46],
      ['AssertionError: expected <n>.<n> to equal <n>.<n>', 2],
    ]);
    expect(groups[1]!.tests).toEqual(['[web] Totals 1', '[web] Totals 2']);
  });

  test('the pull-request comment shows the groups and the outage too', async () => {
    const tests = [
      ...Array.from({ length: 6 }, (_, i) => ({
        name: `Checkout ${i + 1}`,
        folder: 'Cart',
        status: 3,
        note: `<p>HTTP 503 from https://staging.acme.test:84${i}3/api/cart?session=${i}abc</p>`,
      })),
      { name: 'Smoke', folder: 'Smoke', status: 2 },
    ];
    const r = await using(startFakeTestmo(buildTestmoRun({ tests })), (testmo) =>
      runAction({
        inputs: { provider: 'testmo', 'base-url': testmo.url, 'api-key': 'testmo-token-123', run: '42', comment: 'always' },
        githubApiUrl: github().url,
        eventName: 'pull_request',
        event: { action: 'synchronize', number: 5, pull_request: { number: 5, head: { sha: 'c'.repeat(40) } } },
      }),
    );
    expect(r.outputs['comment-url']).not.toBe('');
    const [comment] = github()
      .commentsOn(5)
      .filter((c) => c.user.login === ACTIONS_BOT.login);
    expect(comment!.body).toContain(
      '— Likely outage: 6 of 7 tests failed with HTTP &lt;n&gt; from https://staging.acme.test:&lt;n&gt;/api/cart?session=&lt;v&gt;',
    );
    expect(comment!.body).toContain('#### Failures by cause (1)');
    expect(comment!.body).toContain('| 6 | HTTP &lt;n&gt; from');
  });
});
