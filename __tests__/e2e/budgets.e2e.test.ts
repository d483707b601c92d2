import { describe, expect, test } from '@jest/globals';
import { startFakeEggplant } from '../../test-support/fakes/eggplant.mjs';
import { startFakeTestomato } from '../../test-support/fakes/testomato.mjs';
import { budgetEggplantData, sampleEggplantData, sampleTestomatoProject } from '../../test-support/samples.mjs';
import { eggplantWithBaseline, testomatoWithBaseline } from '../../test-support/baseline-setups.mjs';
import { runAction } from '../../test-support/run-action.mjs';
import { useFakeGitHub, using } from './helpers.js';

// Performance budgets through dist/index.js. Assumed: Eggplant durations are seconds and pageSize
// bytes (as documented); Testomato's `Total` timing is ms and `processTime` seconds; a disabled
// Testomato check is not judged (its timings are from before it was disabled).

type CtrfTest = { name: string; status: string; message?: string; duration: number };
const byName = (tests: CtrfTest[]) => Object.fromEntries(tests.map((t) => [t.name, t]));

describe('Performance budgets end to end', () => {
  const github = useFakeGitHub();

  describe('Eggplant', () => {
    const data = budgetEggplantData();
    const inputs = (url: string, extra: Record<string, string> = {}) => ({
      provider: 'eggplant',
      'base-url': url,
      'client-id': data.clientId,
      'client-secret': data.clientSecret,
      realm: data.realm,
      job: '24680',
      'poll-interval': '1',
      ...extra,
    });

    test('tests over a budget fail whatever their severity, each metric over named with value and budget', async () => {
      await using(startFakeEggplant(data), async (egg) => {
        const r = await runAction({
          inputs: inputs(egg.url, { budgets: 'onLoad <= 3 s\nspeedIndex <= 2.5\npageSize <= 1.5 MB', 'max-failures': '3' }),
          githubApiUrl: github().url,
        });
        expect(r.code).toBe(1);
        expect(r.outputs).toMatchObject({
          conclusion: 'failure',
          'budget-failures': '3',
          total: '8',
          passed: '4',
          failed: '4',
          'gate-reason': '4 tests failed, more than max-failures (3).',
        });
        expect(JSON.parse(r.outputs['failed-tests']!)).toEqual([
          'Home (Internet Explorer 11)',
          'Search results (Chrome)',
          'Product (Chrome)',
          'Checkout (Firefox)',
        ]);
        const tests = byName(r.reportFile.results.tests);
        expect(tests['Home (Internet Explorer 11)']).toMatchObject({
          status: 'failed',
          rawStatus: 'ok',
          message: 'Over budget: onLoad 3.02 s > 3 s\nseverity: ok; onLoad: 3.02 s; result code: 1',
        });
        expect(tests['Search results (Chrome)']!.message).toBe(
          'Over budget: onLoad 4.21 s > 3 s; speedIndex 3.05 > 2.5\nseverity: ok; onLoad: 4.21 s; result code: 1',
        );
        expect(tests['Product (Chrome)']!.message).toBe(
          'Over budget: pageSize 2.19 MB > 1.5 MB\nseverity: ok; onLoad: 2.1 s; result code: 1',
        );
        // Failed by severity, measured nothing: not judged on the budgets.
        expect(tests['Checkout (Firefox)']!.message).toBe('severity: error; result code: 1');
        expect(tests['Search results (Firefox)']!.status).toBe('passed');
        expect(r.summary).toContain('| `onLoad` | ≤ 3 s | **2 of 7** | 0.95 s | 2.1 s | 4.21 s | 4.21 s |');
        expect(r.summary).toContain('| `pageSize` | ≤ 1.5 MB | **1 of 7** |');
        expect(r.summary).toContain('3 tests are over budget, and failed.');
      });
    });

    test('every test within its budgets: budget-failures 0, severities decide', async () => {
      await using(startFakeEggplant(data), async (egg) => {
        const r = await runAction({
          inputs: inputs(egg.url, { budgets: 'onLoad <= 5000 ms', 'max-failures': '1' }),
          githubApiUrl: github().url,
        });
        expect(r.outputs).toMatchObject({ conclusion: 'success', 'budget-failures': '0', failed: '1' });
        expect(r.summary).toContain('| `onLoad` | ≤ 5 s | 0 of 7 | 0.95 s | 2.1 s | 4.21 s | 4.21 s |');
        expect(r.summary).toContain('Every test is within its budgets.');
      });
    });

    test('without budgets: budget-failures empty, the summary still shows onLoad and speedIndex medians', async () => {
      const sample = sampleEggplantData();
      await using(startFakeEggplant(sample), async (egg) => {
        const r = await runAction({
          inputs: inputs(egg.url, { job: '12345', 'client-secret': sample.clientSecret }),
          githubApiUrl: github().url,
        });
        expect(r.outputs['budget-failures']).toBe('');
        expect(r.outputs.failed).toBe('2');
        expect(r.summary).toContain(
          [
            '| Metric | Tests measured | Median |',
            '| --- | ---: | ---: |',
            '| `onLoad` | 4 | 1.99 s |',
            '| `speedIndex` | 4 | 1.71 |',
          ].join('\n'),
        );
      });
    });

    test("with a baseline job: the table adds the baseline's median and the change in percent", async () => {
      const withBaseline = eggplantWithBaseline();
      await using(startFakeEggplant(withBaseline), async (egg) => {
        const r = await runAction({
          inputs: inputs(egg.url, { job: '12345', budgets: 'onLoad <= 3 s\nspeedIndex <= 2.5\npageSize <= 1 MB' }),
          githubApiUrl: github().url,
        });
        expect(r.outputs).toMatchObject({ 'baseline-id': '12344', 'budget-failures': '1' });
        // Job 12344 measured onLoad 1.5, 1.7, 5.8, 1.9 s (median 1.8 s) and speedIndex 1.3, 1.6, 4.6, 2 (median 1.8).
        expect(r.summary).toContain(
          [
            '| Metric | Budget | Over budget | Min | Median | p95 | Max | Baseline median | Change |',
            '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
            '| `onLoad` | ≤ 3 s | **1 of 4** | 1.42 s | 1.99 s | 6.93 s | 6.93 s | 1.8 s | +10.6% |',
            '| `speedIndex` | ≤ 2.5 | **1 of 4** | 1.21 | 1.71 | 4.4 | 4.4 | 1.8 | -4.7% |',
            // The fake's default 123456 bytes for every page now; 100 KB for three of five in 12344.
            '| `pageSize` | ≤ 1 MB | 0 of 5 | 120.56 KB | 120.56 KB | 120.56 KB | 120.56 KB | 100 KB | +20.6% |',
          ].join('\n'),
        );
      });
      // Without a baseline the table has no such columns.
      await using(startFakeEggplant(withBaseline), async (egg) => {
        const r = await runAction({
          inputs: inputs(egg.url, { job: '12345', budgets: 'onLoad <= 3 s', baseline: 'none' }),
          githubApiUrl: github().url,
        });
        expect(r.outputs['baseline-id']).toBe('');
        expect(r.summary).toContain('| `onLoad` | ≤ 3 s | **1 of 4** | 1.42 s | 1.99 s | 6.93 s | 6.93 s |\n');
        expect(r.summary).not.toContain('Baseline median');
      });
    });

    test.each([
      [
        'onLoad <= 3 s\nfirstByte <= 200 ms',
        "Input 'budgets' line 2 ('firstByte <= 200 ms') names an unknown metric 'firstByte' for eggplant",
      ],
      ['onLoad < 3 s', "Input 'budgets' line 1 ('onLoad < 3 s') does not parse: write one 'metric <= value' per line"],
      ['onLoad <= 3 s\nonLoad <= 4 s', "Input 'budgets' line 2 ('onLoad <= 4 s') repeats the budget for onLoad ('onLoad <= 3 s')"],
      ['pageSize <= 3 s', "Input 'budgets' line 1 ('pageSize <= 3 s'): pageSize is a size (KB or MB), so 's' does not apply."],
      // The commonest mistake: a duration or size without its unit is refused, showing both readings.
      [
        'onLoad <= 3000',
        "Input 'budgets' line 1 ('onLoad <= 3000'): onLoad is a duration (ms or s) and needs its unit: 3000 s or 3000 ms? Write e.g. 'onLoad <= 3000 s'.",
      ],
      [
        'speedIndex <= 2.5\npageSize <= 1500000',
        "Input 'budgets' line 2 ('pageSize <= 1500000'): pageSize is a size (KB or MB) and needs its unit",
      ],
    ])('bad budgets %j fail before any request', async (budgets, expected) => {
      await using(startFakeEggplant(data), async (egg) => {
        const r = await runAction({ inputs: inputs(egg.url, { budgets }), githubApiUrl: github().url });
        expect(r.code).toBe(1);
        expect(r.stdout).toContain(`::error::${expected}`);
        expect(egg.requests).toHaveLength(0);
        expect(r.outputs).toEqual({});
      });
    });
  });

  describe('Testomato', () => {
    const project = sampleTestomatoProject();
    const inputs = (url: string, extra: Record<string, string> = {}) => ({
      provider: 'testomato',
      'base-url': url,
      'api-key': project.apiKey,
      project: project.projectId,
      ...extra,
    });

    test('project status: responseTime from the Total timing, else processTime; disabled checks not judged', async () => {
      const checks = [...project.checks, { name: 'Search', url: 'https://shop.example/search', totalMs: null, processTimeS: 0.25 }];
      await using(startFakeTestomato({ ...project, checks }), async (testomato) => {
        const r = await runAction({ inputs: inputs(testomato.url, { budgets: 'responseTime <= 100 ms' }), githubApiUrl: github().url });
        expect(testomato.requests).toHaveLength(1);
        expect(r.outputs).toMatchObject({
          conclusion: 'failure',
          'budget-failures': '2',
          total: '7',
          failed: '3',
          skipped: '1',
          passed: '3',
        });
        expect(JSON.parse(r.outputs['failed-tests']!)).toEqual(['Product page', 'Cart', 'Search']);
        const tests = byName(r.reportFile.results.tests);
        expect(tests['Product page']).toMatchObject({
          status: 'failed',
          message: 'Over budget: responseTime 180 ms > 100 ms',
          duration: 180,
        });
        expect(tests['Search']).toMatchObject({ status: 'failed', message: 'Over budget: responseTime 250 ms > 100 ms', duration: 250 });
        expect(tests['Old landing page']!.status).toBe('skipped');
        expect(r.summary).toContain('| `responseTime` | ≤ 100 ms | **2 of 6** | 12 ms | 77.5 ms | 250 ms | 250 ms |');
      });
    });

    test('a job: once done, the project status is read for timings, matched by test id', async () => {
      const data = {
        ...project,
        checks: [
          { id: 'home', name: 'Homepage', totalMs: 43 },
          { id: 'cart', name: 'Cart', totalMs: 350 },
        ],
        jobs: {
          'job-9': {
            pollsUntilDone: 1,
            checks: [
              { id: 'home', name: 'Homepage' },
              { id: 'cart', name: 'Cart' },
              { id: 'brand-new', name: 'New check' },
            ],
          },
        },
      };
      await using(startFakeTestomato(data), async (testomato) => {
        const r = await runAction({
          inputs: inputs(testomato.url, { job: 'job-9', budgets: 'responseTime <= 0.3 s', 'poll-interval': '1' }),
          githubApiUrl: github().url,
        });
        expect(testomato.requests.map((q) => q.path)).toEqual([
          `/api/project/${project.projectId}/job/job-9/results`,
          `/api/project/${project.projectId}/job/job-9/results`,
          `/api/project/${project.projectId}/status`,
        ]);
        expect(r.outputs).toMatchObject({ conclusion: 'failure', 'budget-failures': '1', total: '3', failed: '1', passed: '2' });
        const tests = byName(r.reportFile.results.tests);
        expect(tests['Cart']).toMatchObject({ status: 'failed', message: 'Over budget: responseTime 350 ms > 300 ms' });
        expect(tests['New check']).toMatchObject({ status: 'passed', duration: 0 });
        expect(r.summary).toContain('| `responseTime` | ≤ 300 ms | **1 of 2** | 43 ms |');
      });
    });

    test("with start: the baseline's median is from the project status read before the start", async () => {
      const data = testomatoWithBaseline();
      // Once the job ran, every check answered slower: median 75 ms against 60 ms before.
      const slower: Record<string, number> = { Homepage: 55, 'Product page': 240, Cart: 120, Contact: 75, 'robots.txt': 15 };
      const statusAfter = data.checks.map((c) => ({ ...c, totalMs: slower[c.name] ?? c.totalMs }));
      await using(startFakeTestomato({ ...data, startJob: { ...data.startJob, statusAfter } }), async (testomato) => {
        const r = await runAction({
          inputs: inputs(testomato.url, { start: 'true', budgets: 'responseTime <= 200 ms', 'poll-interval': '1' }),
          githubApiUrl: github().url,
        });
        expect(testomato.requests.map((q) => q.path.split('/').pop())).toEqual(['status', 'start', 'results', 'status']);
        expect(r.outputs).toMatchObject({ 'baseline-id': 'status-1763880000', 'budget-failures': '1' });
        expect(r.summary).toContain('| `responseTime` | ≤ 200 ms | **1 of 5** | 15 ms | 75 ms | 240 ms | 240 ms | 60 ms | +25% |');
      });
    });

    test('a job without budgets reads no project status and shows no metrics table', async () => {
      const data = { ...project, jobs: { 'job-9': { checks: [{ name: 'Homepage' }] } } };
      await using(startFakeTestomato(data), async (testomato) => {
        const r = await runAction({ inputs: inputs(testomato.url, { job: 'job-9' }), githubApiUrl: github().url });
        expect(testomato.requests.map((q) => q.path)).toEqual([`/api/project/${project.projectId}/job/job-9/results`]);
        expect(r.outputs['budget-failures']).toBe('');
        expect(r.summary).not.toContain('#### Performance');
      });
    });

    test('an Eggplant metric for Testomato fails before any request', async () => {
      await using(startFakeTestomato(project), async (testomato) => {
        const r = await runAction({ inputs: inputs(testomato.url, { budgets: 'onLoad <= 3 s' }), githubApiUrl: github().url });
        expect(r.code).toBe(1);
        expect(r.stdout).toContain(
          "::error::Input 'budgets' line 1 ('onLoad <= 3 s') names an unknown metric 'onLoad' for testomato; known: responseTime.",
        );
        expect(testomato.requests).toHaveLength(0);
      });
    });

    test('a bare responseTime (0.8: ms or s?) fails before any request, showing both readings', async () => {
      await using(startFakeTestomato(project), async (testomato) => {
        const r = await runAction({ inputs: inputs(testomato.url, { budgets: 'responseTime <= 0.8' }), githubApiUrl: github().url });
        expect(r.code).toBe(1);
        expect(r.stdout).toContain(
          "::error::Input 'budgets' line 1 ('responseTime <= 0.8'): responseTime is a duration (ms or s) and needs its unit: 0.8 ms or 0.8 s?",
        );
        expect(testomato.requests).toHaveLength(0);
        expect(r.outputs).toEqual({});
      });
    });
  });
});
