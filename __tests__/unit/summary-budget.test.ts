import { describe, expect, test } from '@jest/globals';
import { renderSummary, checkRunTitle } from '../../src/render/summary.js';
import { reportFromTests, type NormalizedReport, type TestResult } from '../../src/report.js';
import type { Comparison } from '../../src/baseline/types.js';
import { failedTestsJson } from '../../src/writers/outputs.js';
import { failureAnnotations, truncateBytes } from '../../src/github/annotations.js';

function bigReport(failed: number, messageLength: number): NormalizedReport {
  const tests: TestResult[] = [];
  for (let i = 0; i < failed; i++) {
    tests.push({
      name: `test ${i} ${'ü'.repeat(40)}`,
      suite: 'suite',
      status: 'failed',
      durationMs: 1000,
      message: `boom ${i} ${'x'.repeat(messageLength)}`,
    });
  }
  return { ...reportFromTests({ source: 'run 1', notes: [] }, tests), provider: 'testmo', providerLabel: 'Testmo' };
}

const render = (report: NormalizedReport, max: number, unit: 'bytes' | 'chars') =>
  renderSummary(
    { report, verdict: { conclusion: 'failure', reason: 'Too many failures.' }, title: 'Test results', generatedAt: new Date(0) },
    { max, unit, whereTheRestIs: 'the report file lists every test' },
  );

describe('size budgets', () => {
  test('job summary stays within 1 MiB and says how many tests were left out', () => {
    const report = bigReport(20_000, 300);
    const md = render(report, 1024 * 1024, 'bytes');
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThanOrEqual(1024 * 1024);
    const shown = (md.match(/^\| test \d+/gm) ?? []).length;
    expect(shown).toBeGreaterThan(100);
    expect(md).toContain(`_${20_000 - shown} more tests not shown: the report file lists every test._`);
    expect(md.trimEnd().endsWith('</sub>')).toBe(true);
  });
  test('check-run summary stays within 65535 characters', () => {
    const md = render(bigReport(5_000, 5_000), 65535, 'chars');
    expect(md.length).toBeLessThanOrEqual(65535);
    expect(md).toMatch(/_\d+ more tests not shown/);
  });
  test('a small run is shown whole, with no cut line', () => {
    const md = render(bigReport(3, 10), 65535, 'chars');
    expect(md).not.toContain('not shown');
    expect((md.match(/^\| test \d+/gm) ?? []).length).toBe(3);
  });
  test('failed-tests output: at most 1000 names, well under 1 MB', () => {
    const report = bigReport(5_000, 0);
    report.needsAttention[0]!.name = 'n'.repeat(100_000);
    const json = failedTestsJson(report);
    expect(JSON.parse(json)).toHaveLength(1000);
    expect(Buffer.byteLength(json)).toBeLessThan(300 * 1024);
  });
  test('annotation title ≤ 255 characters, message ≤ 64 KB', () => {
    const [a] = failureAnnotations(
      [{ name: 'n'.repeat(1000), status: 'failed', message: '€'.repeat(100_000) }],
      50,
      '.github/workflows/x.yml',
    );
    expect(a!.title.length).toBeLessThanOrEqual(255);
    expect(Buffer.byteLength(a!.message)).toBeLessThanOrEqual(64 * 1024);
    expect(truncateBytes('abc', 10)).toBe('abc');
  });
  test('check-run title', () => {
    expect(
      checkRunTitle({ total: 50, passed: 48, failed: 2, skipped: 0, pending: 0, other: 0 }, { conclusion: 'failure', reason: 'x' }),
    ).toBe('2 failed, 48 passed');
    expect(
      checkRunTitle(
        { total: 0, passed: 0, failed: 0, skipped: 0, pending: 0, other: 0 },
        { conclusion: 'error', reason: 'Testmo: GET … answered HTTP 401.' },
      ),
    ).toBe('No verdict: Testmo: GET … answered HTTP 401.');
  });
  test('check-run title against a baseline: the counts lead, with how many failures are new and how many were fixed', () => {
    const counts = { total: 8, passed: 3, failed: 3, skipped: 2, pending: 0, other: 0 };
    const comparison = (newFailures: number, fixed: number): Comparison => ({
      baseline: { id: '41', label: 'run 41' },
      newFailures,
      stillFailing: 3 - newFailures,
      stillFailingKeys: new Set(),
      fixed: Array.from({ length: fixed }, (_, i) => ({ key: `k${i}`, name: `t${i}` })),
      flaky: [],
      trend: [],
    });
    const failure = { conclusion: 'failure', reason: 'x' } as const;
    expect(checkRunTitle(counts, failure, comparison(2, 2))).toBe('3 failed (2 new), 3 passed, 2 skipped, 2 fixed');
    expect(checkRunTitle(counts, failure, comparison(0, 0))).toBe('3 failed (0 new), 3 passed, 2 skipped');
    const green = { ...counts, passed: 6, failed: 0 };
    expect(checkRunTitle(green, { conclusion: 'success', reason: '' }, { ...comparison(0, 1), stillFailing: 0 })).toBe(
      '0 failed, 6 passed, 2 skipped, 1 fixed',
    );
    // No baseline: the plain counts, whatever the comparison says about new failures.
    expect(checkRunTitle(counts, failure, { ...comparison(3, 0), baseline: undefined })).toBe('3 failed, 3 passed, 2 skipped');
  });
  test('the budget holds for the redacted text, even where redaction lengthens it', () => {
    const tests: TestResult[] = Array.from({ length: 3000 }, (_, i) => ({
      name: `t${i}`,
      status: 'failed',
      message: `${'?token=&'.repeat(40)}`,
    }));
    const report = { ...reportFromTests({ source: 'run 1', notes: [] }, tests), provider: 'testmo', providerLabel: 'Testmo' };
    const md = render(report, 65535, 'chars');
    expect(md.length).toBeLessThanOrEqual(65535);
    expect(md).toContain('?token=***&amp;');
  });
  test('no verdict and nothing read: why and what was asked for; no table of zeros, no "Read 0 tests"', () => {
    const report = { ...reportFromTests({ source: 'target Web build 9', notes: [] }, []), provider: 'tesults', providerLabel: 'Tesults' };
    const md = renderSummary(
      {
        report,
        verdict: { conclusion: 'error', reason: 'Tesults build 9 was still missing.' },
        title: 'Test results',
        generatedAt: new Date(0),
      },
      { max: 65535, unit: 'chars', whereTheRestIs: 'x' },
    );
    expect(md).toContain('**No verdict could be reached:** Tesults build 9 was still missing.');
    expect(md).toContain('**Asked for:** Tesults target Web build 9.');
    expect(md).not.toContain('| Total');
    expect(md).not.toContain('Read 0');
    expect(checkRunTitle(report.counts, { conclusion: 'error', reason: 'x'.repeat(300) }).length).toBeLessThanOrEqual(255);
  });
});
