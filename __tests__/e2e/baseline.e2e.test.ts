import { describe, expect, test } from '@jest/globals';
import { buildTestmoRun, startFakeTestmo } from '../../test-support/fakes/testmo.mjs';
import { startFakeTesults } from '../../test-support/fakes/tesults.mjs';
import { startFakeEggplant } from '../../test-support/fakes/eggplant.mjs';
import { startFakeTestomato } from '../../test-support/fakes/testomato.mjs';
import {
  baselineSetups,
  eggplantWithBaseline,
  tesultsWithBaseline,
  testmoWithBaseline,
  testomatoWithBaseline,
} from '../../test-support/baseline-setups.mjs';
import { sampleTestomatoProject } from '../../test-support/samples.mjs';
import { useFakeGitHub, using } from './helpers.js';
import { runAction } from '../../test-support/run-action.mjs';

// Baselines end to end: each provider's fake keeps earlier runs, builds or jobs.

const PASSED = 2;
const FAILED = 3;
const KNOWN_BUG = 7; // a custom status flagged is_failed

/** Testmo: one project's runs of the same cases (case ids pinned), each a day apart. */
const CASES = { Login: 501, Checkout: 502, Search: 503, Export: 504, Profile: 505, 'Brand new': 506, Removed: 507 };
type CaseName = keyof typeof CASES;
function testmoRun(runId: number, day: number, statuses: Partial<Record<CaseName, number>>, extra: { milestoneId?: number } = {}) {
  return buildTestmoRun({
    runId,
    name: `Nightly ${runId}`,
    createdAt: `2026-11-${String(day).padStart(2, '0')}T08:00:00.000Z`,
    milestoneId: extra.milestoneId ?? null,
    tests: Object.entries(statuses).map(([name, status]) => ({
      name,
      folder: 'Web',
      status: status!,
      caseId: CASES[name as CaseName],
      note: status === PASSED ? undefined : `<p>${name} broke</p>`,
    })),
  });
}
// Run 42 is read; 41 is its baseline (Checkout passed there, Search and Export failed, Profile failed).
const run42 = testmoRun(42, 20, { Login: PASSED, Checkout: FAILED, Search: FAILED, Export: FAILED, Profile: PASSED, 'Brand new': FAILED });
const run41 = testmoRun(41, 19, { Login: PASSED, Checkout: PASSED, Search: FAILED, Export: KNOWN_BUG, Profile: FAILED, Removed: FAILED });
const run40 = testmoRun(40, 18, { Login: FAILED, Checkout: PASSED, Search: FAILED, Export: FAILED, Profile: FAILED });
const run39 = testmoRun(39, 17, { Login: PASSED, Checkout: PASSED, Search: FAILED, Export: FAILED, Profile: FAILED });
// Not of the same kind or not earlier: never the baseline.
const otherMilestone = testmoRun(45, 19, { Checkout: FAILED }, { milestoneId: 9 });
const later = testmoRun(50, 21, { Checkout: FAILED, 'Brand new': FAILED });
const earlierRuns = [run41, run40, run39, otherMilestone, later];

describe('baseline: Testmo test runs', () => {
  const github = useFakeGitHub();
  const inputs = (url: string, extra: Record<string, string> = {}) => ({
    provider: 'testmo',
    'base-url': url,
    'api-key': 'testmo-token-123',
    run: '42',
    ...extra,
  });

  test('previous: the run before with the same milestone and configuration; new, still failing and fixed by case id', async () => {
    await using(startFakeTestmo(run42, { earlierRuns }), async (testmo) => {
      const r = await runAction({ inputs: inputs(testmo.url), githubApiUrl: github().url });
      expect(r.outputs['baseline-id']).toBe('41');
      expect(r.outputs['baseline-url']).toBe(`${testmo.url}/runs/view/41`);
      expect(r.outputs['new-failures']).toBe('2');
      expect(r.outputs.fixed).toBe('1');
      expect(JSON.parse(r.outputs['new-failed-tests']!)).toEqual(['Checkout', 'Brand new']);
      expect(JSON.parse(r.outputs['fixed-tests']!)).toEqual(['Profile']);
      expect(JSON.parse(r.outputs['flaky-tests']!)).toEqual([]);
      // The counts of this run are its own.
      expect(r.outputs.failed).toBe('4');
      expect(r.outputs.conclusion).toBe('failure');
      expect(r.summary).toContain(`**2 new failures, 2 still failing, 1 fixed** since [run 41](${testmo.url}/runs/view/41).`);
      expect(r.summary.indexOf('#### New failures (2)')).toBeLessThan(r.summary.indexOf('#### Still failing (2)'));
      expect(r.summary).toContain('| 🆕 new | Checkout |');
      expect(r.summary).toContain('| 🔁 still failing | Search |');
      expect(r.summary).toContain('| ✅ fixed | Profile | Web |');
      // Only the baseline's tests that did not pass were read, and case names once.
      const urls = testmo.requests.map((q) => q.url);
      expect(urls.filter((u) => u.startsWith('/api/v1/runs/41/results'))).toEqual([
        expect.stringContaining('status_id=1%2C3%2C4%2C5%2C6%2C7%2C8'),
      ]);
      expect(urls.filter((u) => u.includes('/runs/40') || u.includes('/runs/45') || u.includes('/runs/50'))).toEqual([]);
      expect(urls.filter((u) => u.includes('/cases')).length).toBe(1);
      const listing = urls.find((u) => u.startsWith('/api/v1/projects/7/runs'))!;
      expect(listing).toContain('created_before=2026-11-20T08%3A00%3A00.000Z');
      expect(listing).toContain('sort=runs%3Acreated_at');
      // The check run names the new failures and annotates them first.
      const create = github().checkRuns.get(7000)!.create;
      expect(create.output.title).toBe('4 failed (2 new), 2 passed, 1 fixed');
      expect(create.output.annotations.map((a: { title: string }) => a.title)).toEqual([
        'Web › Checkout',
        'Web › Brand new',
        'Web › Search',
        'Web › Export',
      ]);
    });
  });

  test('fail-on: new-failures passes with only still-failing tests, and fails on one new failure', async () => {
    const onlyOld = testmoRun(42, 20, { Login: PASSED, Checkout: PASSED, Search: FAILED, Export: FAILED, Profile: PASSED });
    await using(startFakeTestmo(onlyOld, { earlierRuns }), async (testmo) => {
      const r = await runAction({ inputs: inputs(testmo.url, { 'fail-on': 'new-failures' }), githubApiUrl: github().url });
      expect(r.outputs.conclusion).toBe('success');
      expect(r.code).toBe(0);
      expect(r.outputs.failed).toBe('2');
      expect(r.outputs['new-failures']).toBe('0');
      expect(r.outputs['new-failed-tests']).toBe('[]');
      expect(r.outputs.fixed).toBe('1');
    });
    const oneNew = testmoRun(42, 20, { Login: PASSED, Checkout: FAILED, Search: FAILED, Export: FAILED, Profile: PASSED });
    await using(startFakeTestmo(oneNew, { earlierRuns }), async (testmo) => {
      const r = await runAction({ inputs: inputs(testmo.url, { 'fail-on': 'new-failures' }), githubApiUrl: github().url });
      expect(r.outputs.conclusion).toBe('failure');
      expect(r.code).toBe(1);
      expect(r.outputs['gate-reason']).toBe(
        '1 new failure, more than max-failures (0) (2 still-failing tests not counted, fail-on is new-failures).',
      );
      expect(JSON.parse(r.outputs['new-failed-tests']!)).toEqual(['Checkout']);
    });
  });

  test('history 3: the trend of pass rates and one flaky test', async () => {
    await using(startFakeTestmo(run42, { earlierRuns }), async (testmo) => {
      const r = await runAction({ inputs: inputs(testmo.url, { history: '3' }), githubApiUrl: github().url });
      expect(r.outputs['baseline-id']).toBe('41');
      // Login: passed (39), failed (40), passed (41), passed (42): two changes of direction.
      expect(JSON.parse(r.outputs['flaky-tests']!)).toEqual(['Login']);
      expect(r.outputs['new-failures']).toBe('2');
      expect(r.summary).toContain(
        `**Pass rate, oldest to newest:** [run 39](${testmo.url}/runs/view/39) 40.00% → [run 40](${testmo.url}/runs/view/40) 20.00% → [run 41](${testmo.url}/runs/view/41) 33.33% → this run 33.33%`,
      );
      expect(r.summary).toContain('| 🎲 flaky | Login | Web |');
      expect(r.summary).toContain('; 1 flaky.');
      // Each earlier run read once.
      const urls = testmo.requests.map((q) => q.url);
      for (const id of [39, 40, 41]) expect(urls.filter((u) => u.startsWith(`/api/v1/runs/${id}/results`)).length).toBe(1);
    });
  });

  test('baseline none: nothing compared, nothing read for it, every failure new', async () => {
    await using(startFakeTestmo(run42, { earlierRuns }), async (testmo) => {
      const r = await runAction({
        inputs: inputs(testmo.url, { baseline: 'none', 'fail-on': 'new-failures', 'max-failures': '3' }),
        githubApiUrl: github().url,
      });
      expect(r.outputs['new-failures']).toBe('');
      expect(r.outputs.fixed).toBe('');
      expect(r.outputs['new-failed-tests']).toBe('[]');
      expect(r.outputs['baseline-id']).toBe('');
      expect(r.outputs['baseline-url']).toBe('');
      expect(r.outputs['gate-reason']).toBe('4 new failures, more than max-failures (3).');
      expect(r.summary).toContain('No baseline: baseline is none. Every failure counts as new.');
      expect(testmo.requests.some((q) => q.url.includes('/projects/7/runs') || q.url.includes('/runs/41'))).toBe(false);
    });
  });

  test('an explicit baseline id', async () => {
    await using(startFakeTestmo(run42, { earlierRuns }), async (testmo) => {
      const r = await runAction({ inputs: inputs(testmo.url, { baseline: '40' }), githubApiUrl: github().url });
      expect(r.outputs['baseline-id']).toBe('40');
      // Against 40: Checkout and Brand new are new; Search and Export still failing; Login and Profile fixed.
      expect(JSON.parse(r.outputs['new-failed-tests']!)).toEqual(['Checkout', 'Brand new']);
      expect(JSON.parse(r.outputs['fixed-tests']!)).toEqual(['Login', 'Profile']);
      expect(testmo.requests.some((q) => q.url.includes('/projects/7/runs'))).toBe(false);
    });
  });

  test('no previous run: one line says so, and every failure is new', async () => {
    await using(startFakeTestmo(run42, { earlierRuns: [otherMilestone, later] }), async (testmo) => {
      const r = await runAction({
        inputs: inputs(testmo.url, { 'fail-on': 'new-failures', 'max-failures': '4' }),
        githubApiUrl: github().url,
      });
      expect(r.outputs.conclusion).toBe('success');
      expect(r.outputs['new-failures']).toBe('');
      expect(r.outputs['baseline-id']).toBe('');
      expect(r.summary).toContain(
        'No baseline: no earlier Testmo run of project 7 with the same milestone and configuration was created before run 42. Every failure counts as new.',
      );
      expect(r.stdout).not.toContain('::warning');
    });
  });

  test('a baseline that answers 500 every time: a warning, and the verdict is the same as without it', async () => {
    await using(startFakeTestmo(run42, { earlierRuns, failingRuns: [41] }), async (testmo) => {
      const r = await runAction({
        inputs: inputs(testmo.url, { 'fail-on': 'new-failures', 'max-failures': '4', 'wait-timeout': '3' }),
        githubApiUrl: github().url,
      });
      expect(r.outputs.conclusion).toBe('success');
      expect(r.outputs.total).toBe('6');
      expect(r.outputs.failed).toBe('4');
      expect(r.outputs['new-failures']).toBe('');
      expect(r.outputs['baseline-id']).toBe('');
      expect(r.stdout).toMatch(
        /::warning::Could not read the baseline, so every failure counts as new \(the verdict on this run is unaffected\): Testmo: .*500/,
      );
      expect(r.summary).toContain('No baseline: it could not be read (');
    });
  });
});

describe('baseline: every provider', () => {
  const github = useFakeGitHub();
  const names = (json: string | undefined) => JSON.parse(json ?? 'null') as string[];

  test('Testmo sample: history 2, one new failure, two still failing, two fixed, one flaky', async () => {
    const { current, earlierRuns: runs } = testmoWithBaseline();
    await using(startFakeTestmo(current, { earlierRuns: runs }), async (testmo) => {
      const r = await runAction({
        inputs: { provider: 'testmo', 'base-url': testmo.url, 'api-key': testmo.token, run: '42', history: '2' },
        githubApiUrl: github().url,
      });
      expect(r.outputs).toMatchObject({ 'new-failures': '1', fixed: '2', 'baseline-id': '41', failed: '3' });
      expect(names(r.outputs['new-failed-tests'])).toEqual(['Apply discount code <SPRING25>']);
      expect(names(r.outputs['fixed-tests'])).toEqual(['Add item to cart', 'Wishlist survives sign-out']);
      expect(names(r.outputs['flaky-tests'])).toEqual(['Add item to cart']);
    });
  });

  test('Tesults: the build before, its shards merged; suite and name match', async () => {
    await using(startFakeTesults(tesultsWithBaseline()), async (tesults) => {
      const setup = await baselineSetups.tesults!();
      await setup.server.close();
      const r = await runAction({ inputs: { ...setup.inputs, 'base-url': tesults.url }, githubApiUrl: github().url });
      expect(r.outputs).toMatchObject({ 'new-failures': '1', fixed: '1', 'baseline-id': '3.8.0-rc.1' });
      expect(r.outputs['baseline-url']).toBe('https://www.tesults.com/acme/web/run/3-8-0-rc-1-2');
      expect(names(r.outputs['new-failed-tests'])).toEqual(['Checkout with an expired card']);
      expect(names(r.outputs['fixed-tests'])).toEqual(['Sign in successfully']);
      // 3.7.4 passed it, rc.1 failed it, rc.2 passes it.
      expect(names(r.outputs['flaky-tests'])).toEqual(['Sign in successfully']);
      const listing = tesults.requests.filter((q) => q.path === '/api/results' && q.query.limit !== '1');
      expect(listing.length).toBeGreaterThan(0);
      expect(listing.every((q) => q.query.target === 'tgt-web-0001')).toBe(true);
    });
  });

  test('Tesults: an explicit build, and fail-on new-failures passing on an old failure', async () => {
    await using(startFakeTesults(tesultsWithBaseline()), async (tesults) => {
      const r = await runAction({
        inputs: {
          provider: 'tesults',
          'base-url': tesults.url,
          'api-key': 'tesults-api-token-7c95f9b7',
          target: 'tgt-web-0001',
          baseline: '3.8.0-rc.1',
          'fail-on': 'new-failures',
          'max-failures': '1',
        },
        githubApiUrl: github().url,
      });
      expect(r.outputs).toMatchObject({ conclusion: 'success', 'baseline-id': '3.8.0-rc.1', 'new-failures': '1', failed: '2' });
      expect(tesults.requests.some((q) => q.query.build === '3.8.0-rc.1')).toBe(true);
    });
  });

  test('Tesults: a baseline build name with spaces and punctuation is accepted and read by that name', async () => {
    const data = tesultsWithBaseline();
    for (const run of data.targets[0]!.runs) if (run.build === '3.8.0-rc.1') run.build = 'build 2.9 (rc #1)';
    await using(startFakeTesults(data), async (tesults) => {
      const r = await runAction({
        inputs: {
          provider: 'tesults',
          'base-url': tesults.url,
          'api-key': data.token,
          target: 'tgt-web-0001',
          baseline: 'build 2.9 (rc #1)',
        },
        githubApiUrl: github().url,
      });
      expect(r.outputs).toMatchObject({ 'baseline-id': 'build 2.9 (rc #1)', 'new-failures': '1', fixed: '1' });
      expect(tesults.requests.some((q) => q.query.build === 'build 2.9 (rc #1)')).toBe(true);
    });
  });

  test('Tesults: no earlier build, and earlier runs that answer 500', async () => {
    const single = tesultsWithBaseline();
    single.targets[0]!.runs = single.targets[0]!.runs.slice(0, 1);
    const inputs = (url: string) => ({
      provider: 'tesults',
      'base-url': url,
      'api-key': 'tesults-api-token-7c95f9b7',
      target: 'tgt-web-0001',
    });
    await using(startFakeTesults(single), async (tesults) => {
      const r = await runAction({ inputs: inputs(tesults.url), githubApiUrl: github().url });
      expect(r.outputs).toMatchObject({ 'new-failures': '', fixed: '', 'baseline-id': '', 'new-failed-tests': '[]' });
      expect(r.summary).toContain(
        'No baseline: target &quot;Web app (Chrome)&quot; has no build before this one. Every failure counts as new.',
      );
    });
    await using(startFakeTesults(tesultsWithBaseline(), { failEarlierRuns: true }), async (tesults) => {
      const r = await runAction({ inputs: { ...inputs(tesults.url), 'wait-timeout': '3' }, githubApiUrl: github().url });
      expect(r.outputs).toMatchObject({ conclusion: 'failure', failed: '2', total: '6', 'baseline-id': '', 'new-failures': '' });
      expect(r.outputs['gate-reason']).toBe('2 tests failed, more than max-failures (0).');
      expect(r.stdout).toContain('::warning::Could not read the baseline');
    });
  });

  test("Eggplant: the template's previous completed job, matched by page URL and browser", async () => {
    await using(startFakeEggplant(eggplantWithBaseline()), async (egg) => {
      const setup = await baselineSetups.eggplant!();
      await setup.server.close();
      const r = await runAction({ inputs: { ...setup.inputs, 'base-url': egg.url, history: '0' }, githubApiUrl: github().url });
      // 12342 failed and 12341 is another template's: neither is the baseline.
      expect(r.outputs).toMatchObject({ 'baseline-id': '12344', 'new-failures': '1', fixed: '1', 'flaky-tests': '[]' });
      expect(names(r.outputs['new-failed-tests'])).toEqual(['https://shop.example/checkout (Firefox)']);
      expect(names(r.outputs['fixed-tests'])).toEqual(['Home (Firefox)']);
      const listing = egg.requests.find((q) => q.path === '/pa/v1/jobs' && q.method === 'GET')!;
      expect(listing.query.jobTemplate).toBe('jobTemplates/6789');
      expect(
        egg.requests
          .filter((q) => q.path === '/pa/v1/testRuns')
          .map((q) => q.query.job)
          .sort(),
      ).toEqual(['jobs/12344', 'jobs/12345']);
    });
  });

  test('Eggplant: an explicit job id, and a job list that answers 500', async () => {
    const base = (url: string) => ({
      provider: 'eggplant',
      'base-url': url,
      'api-key': 'egg-token',
      realm: 'acme',
      job: '12345',
      'poll-interval': '1',
    });
    const data = eggplantWithBaseline();
    await using(startFakeEggplant(data), async (egg) => {
      const r = await runAction({
        inputs: { ...base(egg.url), 'api-key': '', 'client-id': data.clientId, 'client-secret': data.clientSecret, baseline: 'jobs/12343' },
        githubApiUrl: github().url,
      });
      // Against 12343: Search results still failing; checkout (Firefox) new; nothing fixed.
      expect(r.outputs).toMatchObject({ 'baseline-id': '12343', 'new-failures': '1', fixed: '0', 'fixed-tests': '[]' });
    });
    await using(startFakeEggplant(data, { failJobList: true }), async (egg) => {
      const r = await runAction({
        inputs: { ...base(egg.url), 'api-key': '', 'client-id': data.clientId, 'client-secret': data.clientSecret, 'wait-timeout': '3' },
        githubApiUrl: github().url,
      });
      expect(r.outputs).toMatchObject({ conclusion: 'failure', failed: '2', 'baseline-id': '', 'new-failures': '' });
      expect(r.stdout).toContain('::warning::Could not read the baseline');
    });
  });

  test('Testomato: with start, the status read just before the start; without start, none', async () => {
    const data = testomatoWithBaseline();
    await using(startFakeTestomato(data), async (tm) => {
      const r = await runAction({
        inputs: {
          provider: 'testomato',
          'base-url': tm.url,
          'api-key': data.apiKey,
          project: data.projectId,
          start: 'true',
          'poll-interval': '1',
          'fail-on': 'new-failures',
        },
        githubApiUrl: github().url,
      });
      expect(tm.requests.map((q) => q.path.split('/').pop())).toEqual(['status', 'start', 'results']);
      expect(r.outputs).toMatchObject({ conclusion: 'failure', 'new-failures': '1', fixed: '1', 'baseline-id': 'status-1763880000' });
      expect(names(r.outputs['new-failed-tests'])).toEqual(['Product page']);
      expect(names(r.outputs['fixed-tests'])).toEqual(['Contact']);
      expect(r.outputs['gate-reason']).toBe(
        '1 new failure, more than max-failures (0) (1 still-failing test not counted, fail-on is new-failures).',
      );
    });
    const plain = sampleTestomatoProject();
    await using(startFakeTestomato(plain), async (tm) => {
      const r = await runAction({
        inputs: { provider: 'testomato', 'base-url': tm.url, 'api-key': plain.apiKey, project: plain.projectId },
        githubApiUrl: github().url,
      });
      expect(r.outputs).toMatchObject({ 'new-failures': '', 'baseline-id': '' });
      expect(r.summary).toContain('No baseline: Testomato keeps no earlier run to compare with unless start is true');
      expect(tm.requests).toHaveLength(1);
    });
  });

  test('Testomato: a status that answers 500 before the start is a warning; the job is still read and judged', async () => {
    const data = testomatoWithBaseline();
    await using(startFakeTestomato(data, { failStatus: true }), async (tm) => {
      const r = await runAction({
        inputs: {
          provider: 'testomato',
          'base-url': tm.url,
          'api-key': data.apiKey,
          project: data.projectId,
          start: 'true',
          'poll-interval': '1',
          'wait-timeout': '3',
        },
        githubApiUrl: github().url,
      });
      expect(r.outputs).toMatchObject({ conclusion: 'failure', failed: '2', total: '5', 'baseline-id': '' });
      expect(r.stdout).toContain('::warning::Could not read the baseline');
      expect(tm.requests.some((q) => q.path.endsWith('/start'))).toBe(true);
    });
  });
});

/**
 * Testmo automation runs of one project: source 1's runs a day apart, one of them still running,
 * and runs of source 2 and later ones beside them. Tests match by repository case where Testmo
 * links one (Export was renamed between runs), else by folder and name.
 */
type AutomationName = 'Login' | 'Checkout' | 'Search' | 'Export' | 'Profile' | 'Brand new' | 'Removed';
const AUTOMATION_FOLDERS: Record<AutomationName, string> = {
  Login: 'tests/auth',
  Checkout: 'tests/cart',
  Search: 'tests/search',
  Export: 'tests/export',
  Profile: 'tests/profile',
  'Brand new': 'tests/new',
  Removed: 'tests/old',
};
function automationRun(
  id: number,
  createdAt: string,
  statuses: Partial<Record<AutomationName, number>>,
  extra: { sourceId?: number; completeAfterPolls?: number; testsNotFound?: boolean; exportName?: string } = {},
) {
  return {
    id,
    sourceId: extra.sourceId ?? 1,
    createdAt,
    completeAfterPolls: extra.completeAfterPolls,
    testsNotFound: extra.testsNotFound,
    tests: Object.entries(statuses).map(([name, status]) => ({
      name: name === 'Export' ? (extra.exportName ?? name) : name,
      folder: AUTOMATION_FOLDERS[name as AutomationName],
      status: status!,
      caseId: name === 'Export' ? 704 : undefined,
    })),
  };
}
const auto510 = { Login: PASSED, Checkout: FAILED, Search: FAILED, Export: FAILED, Profile: PASSED, 'Brand new': FAILED };
function automationWorld(current: Partial<Record<AutomationName, number>>, extra: { baselineTestsNotFound?: boolean } = {}) {
  const everyFailing = { Login: FAILED, Checkout: FAILED, Search: FAILED, Export: FAILED, Profile: FAILED, 'Brand new': FAILED };
  return {
    automation: {
      sources: [
        { id: 1, name: 'backend-ci' },
        { id: 2, name: 'nightly' },
      ],
      runs: [
        automationRun(510, '2026-11-20T08:00:00.000Z', current),
        // Against 509: Checkout and Brand new are new, Search and Export (renamed, same case) still failing, Profile fixed.
        automationRun(
          509,
          '2026-11-19T08:00:00.000Z',
          { Login: PASSED, Checkout: PASSED, Search: FAILED, Export: FAILED, Profile: FAILED, Removed: FAILED },
          { exportName: 'Export to CSV', testsNotFound: extra.baselineTestsNotFound },
        ),
        // Newer than 509 but never the baseline: still running, another source, created later.
        automationRun(508, '2026-11-19T20:00:00.000Z', everyFailing, { completeAfterPolls: 1000 }),
        automationRun(507, '2026-11-19T22:00:00.000Z', { Checkout: FAILED, 'Brand new': FAILED, Login: PASSED }, { sourceId: 2 }),
        automationRun(511, '2026-11-21T08:00:00.000Z', everyFailing),
        // Profile: passed here, failed in 509, passes in 510: flaky over history 2.
        automationRun(506, '2026-11-18T08:00:00.000Z', {
          Login: PASSED,
          Checkout: PASSED,
          Search: FAILED,
          Export: FAILED,
          Profile: PASSED,
        }),
      ],
    },
  };
}

describe('baseline: Testmo automation runs', () => {
  const github = useFakeGitHub();
  const inputs = (url: string, extra: Record<string, string> = {}) => ({
    provider: 'testmo',
    'base-url': url,
    'api-key': 'testmo-token-123',
    'automation-run': '510',
    ...extra,
  });
  const testsRead = (testmo: { requests: { path: string }[] }) =>
    testmo.requests.filter((q) => q.path.endsWith('/tests')).map((q) => Number(q.path.split('/')[5]));

  test('previous: the newest completed run of the same source created before; matched by case, else folder and name', async () => {
    await using(startFakeTestmo(testmoRun(42, 20, {}), automationWorld(auto510)), async (testmo) => {
      const r = await runAction({ inputs: inputs(testmo.url), githubApiUrl: github().url });
      expect(r.outputs['baseline-id']).toBe('509');
      expect(r.outputs['baseline-url']).toBe(`${testmo.url}/automation/runs/view/509`);
      expect(r.outputs['new-failures']).toBe('2');
      expect(r.outputs.fixed).toBe('1');
      expect(JSON.parse(r.outputs['new-failed-tests']!)).toEqual(['Checkout', 'Brand new']);
      expect(JSON.parse(r.outputs['fixed-tests']!)).toEqual(['Profile']);
      expect(JSON.parse(r.outputs['flaky-tests']!)).toEqual([]);
      expect(r.outputs).toMatchObject({ failed: '4', total: '6', conclusion: 'failure' });
      expect(r.summary).toContain(
        `**2 new failures, 2 still failing, 1 fixed** since [automation run 509](${testmo.url}/automation/runs/view/509).`,
      );
      expect(r.summary).toContain('| 🔁 still failing | Export |');
      expect(r.summary).toContain('| ✅ fixed | Profile | tests/profile |');
      const create = github().checkRuns.get(7000)!.create;
      expect(create.output.title).toBe('4 failed (2 new), 2 passed, 1 fixed');
      // The listing asks for the source's runs created before this one; only the current run and 509 are read.
      const listing = testmo.requests.find((q) => q.path === '/api/v1/projects/7/automation/runs')!;
      expect(listing.query).toMatchObject({
        sort: 'automation_runs:created_at',
        order: 'desc',
        source_id: '1',
        created_before: '2026-11-20T08:00:00.000Z',
      });
      expect(testsRead(testmo).sort()).toEqual([509, 510]);
    });
  });

  test('an explicit baseline id is read as given (here another source’s run), and nothing is listed', async () => {
    await using(startFakeTestmo(testmoRun(42, 20, {}), automationWorld(auto510)), async (testmo) => {
      const r = await runAction({ inputs: inputs(testmo.url, { baseline: '507' }), githubApiUrl: github().url });
      expect(r.outputs['baseline-id']).toBe('507');
      expect(r.outputs['baseline-url']).toBe(`${testmo.url}/automation/runs/view/507`);
      // Against 507: Search and Export are new (absent there), Checkout and Brand new still failing.
      expect(JSON.parse(r.outputs['new-failed-tests']!)).toEqual(['Search', 'Export']);
      expect(r.outputs.fixed).toBe('0');
      expect(testmo.requests.some((q) => q.path.includes('/automation/runs') && q.path.includes('/projects/'))).toBe(false);
      expect(testsRead(testmo).sort()).toEqual([507, 510]);
    });
  });

  test("another source's runs are never the baseline: no earlier run of this source, one line says so", async () => {
    const world = automationWorld(auto510);
    // 507 is source 2's only run; source 1 has earlier runs.
    await using(startFakeTestmo(testmoRun(42, 20, {}), world), async (testmo) => {
      const r = await runAction({
        inputs: inputs(testmo.url, { 'automation-run': '507', 'fail-on': 'new-failures', 'max-failures': '2' }),
        githubApiUrl: github().url,
      });
      expect(r.outputs).toMatchObject({ conclusion: 'success', failed: '2', 'baseline-id': '', 'new-failures': '' });
      expect(r.summary).toContain(
        'No baseline: no earlier completed Testmo automation run of project 7 from the same source (2) was created before automation run 507. Every failure counts as new.',
      );
      expect(testsRead(testmo)).toEqual([507]);
      expect(r.stdout).not.toContain('::warning');
    });
  });

  test('history 2: the trend of pass rates and one flaky test, each earlier run read once', async () => {
    await using(startFakeTestmo(testmoRun(42, 20, {}), automationWorld(auto510)), async (testmo) => {
      const r = await runAction({ inputs: inputs(testmo.url, { history: '2' }), githubApiUrl: github().url });
      expect(r.outputs['baseline-id']).toBe('509');
      expect(JSON.parse(r.outputs['flaky-tests']!)).toEqual(['Profile']);
      expect(r.outputs['new-failures']).toBe('2');
      const url = (id: number) => `${testmo.url}/automation/runs/view/${id}`;
      expect(r.summary).toContain(
        `**Pass rate, oldest to newest:** [automation run 506](${url(506)}) 60.00% → [automation run 509](${url(509)}) 33.33% → this run 33.33%`,
      );
      expect(r.summary).toContain('| 🎲 flaky | Profile | tests/profile |');
      expect(testsRead(testmo).sort()).toEqual([506, 509, 510]);
    });
  });

  test('fail-on: new-failures passes with only still-failing tests, and fails on one new failure', async () => {
    const onlyOld = { Login: PASSED, Checkout: PASSED, Search: FAILED, Export: FAILED, Profile: PASSED };
    await using(startFakeTestmo(testmoRun(42, 20, {}), automationWorld(onlyOld)), async (testmo) => {
      const r = await runAction({ inputs: inputs(testmo.url, { 'fail-on': 'new-failures' }), githubApiUrl: github().url });
      expect(r.code).toBe(0);
      expect(r.outputs).toMatchObject({ conclusion: 'success', failed: '2', 'new-failures': '0', 'new-failed-tests': '[]', fixed: '1' });
      expect(r.outputs['baseline-id']).toBe('509');
    });
    const oneNew = { ...onlyOld, Checkout: FAILED };
    await using(startFakeTestmo(testmoRun(42, 20, {}), automationWorld(oneNew)), async (testmo) => {
      const r = await runAction({ inputs: inputs(testmo.url, { 'fail-on': 'new-failures' }), githubApiUrl: github().url });
      expect(r.code).toBe(1);
      expect(r.outputs['gate-reason']).toBe(
        '1 new failure, more than max-failures (0) (2 still-failing tests not counted, fail-on is new-failures).',
      );
      expect(JSON.parse(r.outputs['new-failed-tests']!)).toEqual(['Checkout']);
    });
  });

  test('a baseline whose tests cannot be listed (404): a warning with the reason, and the verdict is unchanged', async () => {
    await using(startFakeTestmo(testmoRun(42, 20, {}), automationWorld(auto510, { baselineTestsNotFound: true })), async (testmo) => {
      const r = await runAction({
        inputs: inputs(testmo.url, { 'fail-on': 'new-failures', 'max-failures': '4' }),
        githubApiUrl: github().url,
      });
      expect(r.outputs).toMatchObject({ conclusion: 'success', failed: '4', total: '6', 'baseline-id': '', 'new-failures': '' });
      expect(r.stdout).toContain(
        '::warning::Could not read the baseline, so every failure counts as new (the verdict on this run is unaffected): Testmo: the tests of automation run 509 could not be listed (its tests endpoint answered 404)',
      );
      expect(r.summary).toContain('No baseline: it could not be read (Testmo: the tests of automation run 509 could not be listed');
    });
  });
});
