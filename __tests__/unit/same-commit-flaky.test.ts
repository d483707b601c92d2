import { describe, expect, test } from '@jest/globals';
import { flakyOnSameCommit, flakyTestsForOutput, MAX_EARLIER_RUNS_OF_COMMIT } from '../../src/analysis/same-commit-flaky.js';
import { testKey } from '../../src/baseline/compare.js';
import type { BaselineRun } from '../../src/baseline/types.js';
import { withSameCommit } from '../../src/baseline/same-commit.js';
import { withoutBaseline } from '../../src/baseline/compare.js';
import { reRunsOfBuild } from '../../src/providers/tesults/baseline.js';
import type { TesultsRun } from '../../src/providers/tesults/schemas.js';
import { earlierOfCommit, isCommitTag } from '../../src/providers/testmo/finding.js';
import type { TestResult, TestStatus } from '../../src/report.js';
import { outputValues } from '../../src/writers/outputs.js';
import { emptyReport, reportFromTests } from '../../src/report.js';

const test_ = (name: string, status: TestStatus, suite = 'cart'): TestResult => ({ name, status, suite });
const run = (label: string, tests: [string, TestStatus][], unlisted: BaselineRun['unlisted'] = 'absent'): BaselineRun => ({
  id: label,
  label,
  tests: new Map(tests.map(([name, status]) => [testKey({ name, suite: 'cart' }), { status }])),
  unlisted,
});

describe('flakyOnSameCommit', () => {
  test('passed now and failed in an earlier run of the commit: flaky, naming every run it failed in, newest first', () => {
    const flaky = flakyOnSameCommit(
      [test_('Pays', 'passed'), test_('Login', 'passed'), test_('Search', 'failed')],
      [
        run('run 41', [['Pays', 'failed']]),
        run('run 40', [
          ['Pays', 'failed'],
          ['Login', 'passed'],
          ['Search', 'failed'],
        ]),
      ],
    );
    expect(flaky).toEqual([{ key: testKey({ name: 'Pays', suite: 'cart' }), name: 'Pays', suite: 'cart', failedIn: ['run 41', 'run 40'] }]);
  });

  test('failed now (even after passing before), skipped or other now, or absent earlier: not flaky on the same commit', () => {
    const flaky = flakyOnSameCommit(
      [test_('A', 'failed'), test_('B', 'skipped'), test_('C', 'passed'), test_('D', 'other')],
      [
        run('run 40', [
          ['A', 'passed'],
          ['B', 'failed'],
          ['D', 'failed'],
        ]),
      ],
    );
    expect(flaky).toEqual([]);
  });

  test('an earlier run whose unlisted tests passed says nothing against a test it does not list', () => {
    expect(flakyOnSameCommit([test_('A', 'passed')], [run('run 40', [], 'passed')])).toEqual([]);
  });

  test('no earlier run: nothing, and a test listed twice now is named once', () => {
    expect(flakyOnSameCommit([test_('A', 'passed')], [])).toEqual([]);
    expect(flakyOnSameCommit([test_('A', 'passed'), test_('A', 'passed')], [run('run 40', [['A', 'failed']])])).toHaveLength(1);
  });

  test('tests match by the provider key when there is one, not by name', () => {
    const current: TestResult = { name: 'Renamed', status: 'passed', key: 'case:7' };
    const earlier: BaselineRun = { id: '1', label: 'run 1', tests: new Map([['case:7', { status: 'failed' }]]), unlisted: 'absent' };
    expect(flakyOnSameCommit([current], [earlier]).map((t) => t.name)).toEqual(['Renamed']);
  });
});

describe('flaky-tests output', () => {
  test('history and same-commit flaky tests, each once', () => {
    const a = { key: 'a', name: 'A' };
    const b = { key: 'b', name: 'B' };
    expect(flakyTestsForOutput([a], [a, b]).map((t) => t.name)).toEqual(['A', 'B']);
    expect(flakyTestsForOutput(undefined, [b]).map((t) => t.name)).toEqual(['B']);
    expect(flakyTestsForOutput(undefined, undefined)).toEqual([]);
  });

  test('without a baseline, flaky-tests still lists the same commit’s flaky tests (and only those)', () => {
    const report = {
      ...reportFromTests({ source: 'x', notes: [] }, [test_('Pays', 'passed')]),
      provider: 'tesults',
      providerLabel: 'Tesults',
    };
    const comparison = withSameCommit(withoutBaseline('No baseline: baseline is none.', 0), report, [
      run('upload 1', [['Pays', 'failed']]),
    ]);
    expect(comparison.sameCommit?.runs).toEqual([{ label: 'upload 1', url: undefined }]);
    const outputs = outputValues(
      report,
      { conclusion: 'success', reason: '' },
      {},
      { ...comparison, flaky: [{ key: 'h', name: 'History' }] },
    );
    expect(JSON.parse(outputs['flaky-tests'])).toEqual(['Pays']);
    // No earlier run read: the comparison is unchanged.
    const plain = withoutBaseline('none', 0);
    expect(withSameCommit(plain, report, [])).toBe(plain);
    expect(
      outputValues(emptyReport({ provider: 'x', providerLabel: 'X' }, ''), { conclusion: 'success', reason: '' }, {}, plain)['flaky-tests'],
    ).toBe('[]');
  });
});

describe('Testmo: the earlier runs of the commit among the runs carrying its tags', () => {
  const row = (id: number, at: string | null, extra: Record<string, unknown> = {}) => ({
    id,
    name: `r${id}`,
    tags: ['sha'],
    created_at: at,
    ...extra,
  });

  test('created before the newest (or at the same time with a lower id), newest first, at most the limit', () => {
    const newest = row(50, '2026-11-20T10:00:00Z');
    const others = [
      row(49, '2026-11-20T10:00:00Z'),
      row(51, '2026-11-20T10:00:00Z'),
      row(40, '2026-11-20T08:00:00Z'),
      row(45, '2026-11-20T09:00:00Z'),
      row(60, '2026-11-20T11:00:00Z'),
    ];
    expect(earlierOfCommit(newest, others, 'run', 5).map((r) => r.id)).toEqual([49, 45, 40]);
    expect(earlierOfCommit(newest, others, 'run', 2).map((r) => r.id)).toEqual([49, 45]);
  });

  test('automation runs still running are left out; a run without created_at counts as older', () => {
    const newest = row(50, '2026-11-20T10:00:00Z', { is_completed: true });
    const others = [row(49, '2026-11-20T09:00:00Z', { is_completed: false }), row(48, null, { is_completed: true })];
    expect(earlierOfCommit(newest, others, 'automation-run', MAX_EARLIER_RUNS_OF_COMMIT).map((r) => r.id)).toEqual([48]);
  });

  test('at most five are read', () => {
    expect(MAX_EARLIER_RUNS_OF_COMMIT).toBe(5);
  });

  test('only a tag that names a commit (a SHA, at least 7 hex characters) makes the other runs re-runs of it', () => {
    expect(['a'.repeat(40), 'ABCDEF1', '1234567'].map(isCommitTag)).toEqual([true, true, true]);
    expect(['main', 'nightly', 'abc123', 'g'.repeat(40), 'a'.repeat(41)].map(isCommitTag)).toEqual([false, false, false, false, false]);
  });
});

describe('Tesults: the re-runs among a build’s uploads', () => {
  const upload = (minute: number, cases: [string, string][]): TesultsRun =>
    ({
      created_time: minute * 60_000,
      run_url: `https://t/run/${minute}`,
      cases: [{ name: 'b1', suite: '[build]', result: 'pass' }, ...cases.map(([name, result]) => ({ name, suite: 'cart', result }))],
    }) as TesultsRun;

  test('an upload that a later upload repeats is a re-run; another shard is not', () => {
    const runs = [upload(3, [['Pays', 'pass']]), upload(2, [['Search', 'pass']]), upload(1, [['Pays', 'fail']])];
    const reRuns = reRunsOfBuild('b1', runs);
    expect(reRuns.map((r) => r.label)).toEqual(['upload 1 of 3 of build b1']);
    expect(reRuns[0]!.tests.get(testKey({ name: 'Pays', suite: 'cart' }))).toEqual({ status: 'failed' });
    expect(reRuns[0]!.tests.size).toBe(1); // the [build] record is not a test
    expect(reRuns[0]!.url).toBe('https://t/run/1');
  });

  test('a build uploaded once, or shards only: no re-run', () => {
    expect(reRunsOfBuild('b1', [upload(1, [['Pays', 'fail']])])).toEqual([]);
    expect(reRunsOfBuild('b1', [upload(2, [['A', 'pass']]), upload(1, [['B', 'fail']])])).toEqual([]);
  });

  test('with the merged build: failed in the first upload, passed in the second → flaky (same commit)', () => {
    const runs = [upload(2, [['Pays', 'pass']]), upload(1, [['Pays', 'fail']])];
    const flaky = flakyOnSameCommit([{ name: 'Pays', suite: 'cart', status: 'passed' }], reRunsOfBuild('b1', runs));
    expect(flaky.map((t) => [t.name, t.failedIn])).toEqual([['Pays', ['upload 1 of 2 of build b1']]]);
  });
});
