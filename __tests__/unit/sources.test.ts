import { describe, expect, test } from '@jest/globals';
import { combinedVerdict, labelledName, labelledNames, sourcesJson, sumCounts, worstConclusion } from '../../src/analysis/sources.js';

const counts = (passed: number, failed: number, skipped = 0) => ({
  total: passed + failed + skipped,
  passed,
  failed,
  skipped,
  pending: 0,
  other: 0,
});

describe('one verdict over several sources', () => {
  test('the worst conclusion wins: error > failure > success', () => {
    expect(worstConclusion([])).toBe('success');
    expect(worstConclusion(['success', 'success'])).toBe('success');
    expect(worstConclusion(['success', 'failure', 'success'])).toBe('failure');
    expect(worstConclusion(['failure', 'error', 'success'])).toBe('error');
    expect(worstConclusion(['error', 'failure'])).toBe('error');
  });

  test('gate-reason names each entry that did not pass, with its own reason', () => {
    const verdict = combinedVerdict([
      { label: 'api', verdict: { conclusion: 'success', reason: '' } },
      { label: 'web', verdict: { conclusion: 'failure', reason: '3 tests failed, more than max-failures (2).' } },
      { label: 'perf', verdict: { conclusion: 'error', reason: 'Eggplant: job 12 ended failed.' } },
      { label: 'ui', verdict: { conclusion: 'failure', reason: 'The pass rate 50.00% is below min-pass-rate (90%).' } },
    ]);
    expect(verdict).toEqual({
      conclusion: 'error',
      reason:
        'web: 3 tests failed, more than max-failures (2); perf: Eggplant: job 12 ended failed; ui: the pass rate 50.00% is below min-pass-rate (90%).',
    });
    expect(combinedVerdict([{ label: 'a', verdict: { conclusion: 'success', reason: '' } }])).toEqual({
      conclusion: 'success',
      reason: '',
    });
  });

  test('counts add up, total the sum of the other five', () => {
    expect(sumCounts([counts(10, 2, 1), counts(5, 0), { total: 3, passed: 0, failed: 0, skipped: 0, pending: 2, other: 1 }])).toEqual({
      total: 21,
      passed: 15,
      failed: 2,
      skipped: 1,
      pending: 2,
      other: 1,
    });
    expect(sumCounts([]).total).toBe(0);
  });

  test('names carry their label; a single run keeps the bare name', () => {
    expect(labelledName('web', 'checkout pays')).toBe('[web] checkout pays');
    expect(labelledName('', 'checkout pays')).toBe('checkout pays');
    expect(
      [
        ...labelledNames([
          { label: 'a', tests: [{ name: 'x' }, { name: 'y' }] },
          { label: 'b', tests: [{ name: 'x' }] },
        ]),
      ].map((t) => t.name),
    ).toEqual(['[a] x', '[a] y', '[b] x']);
  });

  test('the sources output: one object per entry with the contract fields', () => {
    const json = sourcesJson([
      {
        label: 'api',
        provider: 'tesults',
        verdict: { conclusion: 'success', reason: '' },
        counts: counts(4, 0),
        runId: 'abc',
        reportUrl: 'https://x/y',
      },
      { label: 'perf', provider: 'eggplant', verdict: { conclusion: 'error', reason: 'down' }, counts: counts(0, 0) },
    ]);
    expect(JSON.parse(json)).toEqual([
      {
        label: 'api',
        provider: 'tesults',
        conclusion: 'success',
        total: 4,
        passed: 4,
        failed: 0,
        skipped: 0,
        pending: 0,
        other: 0,
        'run-id': 'abc',
        'report-url': 'https://x/y',
        'gate-reason': '',
      },
      {
        label: 'perf',
        provider: 'eggplant',
        conclusion: 'error',
        total: 0,
        passed: 0,
        failed: 0,
        skipped: 0,
        pending: 0,
        other: 0,
        'run-id': '',
        'report-url': '',
        'gate-reason': 'down',
      },
    ]);
    expect(sourcesJson([])).toBe('[]');
  });
});
