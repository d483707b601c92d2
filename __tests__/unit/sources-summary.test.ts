import { describe, expect, test } from '@jest/globals';
import { combinedVerdict } from '../../src/analysis/sources.js';
import { testKey } from '../../src/baseline/compare.js';
import { evaluateGate } from '../../src/gate.js';
import { reportFromTests, type TestResult } from '../../src/report.js';
import { JOB_SUMMARY_MAX_BYTES } from '../../src/writers/job-summary.js';
import { CHECK_TEXT_MAX } from '../../src/github/check-run.js';
import {
  renderSourcesSummary,
  sourcesCommentState,
  sourcesFailuresToAnnotate,
  sourcesOutputValues,
  type JudgedSource,
} from '../../src/writers/sources.js';

function source(label: string, failed: number, passed = 10): JudgedSource {
  const tests: TestResult[] = [
    ...Array.from({ length: failed }, (_, i) => ({
      name: `${label} test ${i} with a fairly long descriptive name`,
      suite: 'Suite',
      status: 'failed' as const,
      message: `AssertionError: expected ${i} to equal ${i + 1}`,
      durationMs: 1200,
    })),
    ...Array.from({ length: passed }, (_, i) => ({ name: `${label} ok ${i}`, status: 'passed' as const })),
  ];
  const report = { ...reportFromTests({ source: `run ${label}`, notes: [] }, tests), provider: 'tesults', providerLabel: 'Tesults' };
  return { label, report, verdict: evaluateGate(report.counts, { maxFailures: 0, failOnEmpty: true }) };
}

const at = new Date('2026-11-23T09:00:00Z');
const sections = (text: string) => text.split(/^### /m).slice(1);

describe('the summary over several sources stays within its budgets', () => {
  const sources = Array.from({ length: 20 }, (_, i) => source(`suite-${i}`, 5000));
  const input = { sources, verdict: combinedVerdict(sources), title: 'Test results', generatedAt: at };

  test.each([
    ['job summary', JOB_SUMMARY_MAX_BYTES, 'bytes' as const],
    ['check run', CHECK_TEXT_MAX, 'chars' as const],
  ])('20 entries × 5,000 failures: the %s fits, each entry keeps its table and a fair share', (_, max, unit) => {
    const text = renderSourcesSummary(input, { max, unit, whereTheRestIs: 'the report file lists every test' });
    expect(unit === 'bytes' ? Buffer.byteLength(text, 'utf8') : text.length).toBeLessThanOrEqual(max);
    // The overview: a row per entry and the total.
    expect(text).toContain('| **Total** | ❌ failed | 100200 | 200 | 100000 |');
    const parts = sections(text);
    expect(parts).toHaveLength(20);
    const shown = parts.map((p) => (p.match(/^\| .* test \d+ with a fairly long/gm) ?? []).length);
    for (const [i, part] of parts.entries()) {
      expect(part).toMatch(new RegExp(`^❌ suite-${i}: failed`));
      expect(part).toContain('| 5010 | 10 | 5000 | 0 | 0 | 0 | 0.20% |');
      expect(part).toMatch(/_\d+ more tests not shown: the report file lists every test\._/);
      expect(shown[i]).toBeGreaterThan(0);
    }
    // Fair: every entry shows about as many rows as any other (names differ in length by a digit or two).
    expect(Math.max(...shown) - Math.min(...shown)).toBeLessThanOrEqual(Math.max(3, Math.ceil(Math.max(...shown) * 0.05)));
  });

  test('what small entries leave goes to the entries that were cut', () => {
    const mixed = [source('small', 1), source('big-a', 5000), source('big-b', 5000)];
    const text = renderSourcesSummary(
      { sources: mixed, verdict: combinedVerdict(mixed), title: 'T', generatedAt: at },
      { max: 60_000, unit: 'chars', whereTheRestIs: 'x' },
    );
    expect(text.length).toBeLessThanOrEqual(60_000);
    const [small, a, b] = sections(text).map((p) => (p.match(/^\| .* test \d+ with a fairly long/gm) ?? []).length);
    expect(small).toBe(1);
    // Each big entry got more than a third of the room: the small one's leftover.
    const third = sections(
      renderSourcesSummary(
        { sources: [mixed[1]!], verdict: mixed[1]!.verdict, title: 'T', generatedAt: at },
        { max: 20_000, unit: 'chars', whereTheRestIs: 'x' },
      ),
    );
    const thirdRows = (third[0]!.match(/^\| .* test \d+ with a fairly long/gm) ?? []).length;
    expect(a).toBeGreaterThan(thirdRows);
    expect(b).toBeGreaterThan(thirdRows);
  });
});

describe('writers over several sources', () => {
  test('annotations: new failures first across entries, titled [label] suite › name', () => {
    const a = source('a', 2);
    const b = source('b', 2);
    // In b, the first failure was already failing in the baseline.
    b.comparison = {
      baseline: { id: '41', label: 'run 41' },
      newFailures: 1,
      stillFailing: 1,
      stillFailingKeys: new Set([testKey({ suite: 'Suite', name: 'b test 0 with a fairly long descriptive name' })]),
      fixed: [],
      flaky: [],
      trend: [],
    };
    const titles = sourcesFailuresToAnnotate([a, b]).map((t) => t.name);
    expect(titles[titles.length - 1]).toBe('[b] Suite › b test 0 with a fairly long descriptive name');
    expect(titles.slice(0, 2)).toEqual([
      '[a] Suite › a test 0 with a fairly long descriptive name',
      '[a] Suite › a test 1 with a fairly long descriptive name',
    ]);
  });

  test('outputs: counts summed, names labelled, single-run outputs empty, sources per entry', () => {
    const all = [source('a', 1, 2), source('b', 0, 3)];
    const out = sourcesOutputValues(all, combinedVerdict(all), { reportFile: '/tmp/x.json' });
    expect(out).toMatchObject({
      conclusion: 'failure',
      total: '6',
      passed: '5',
      failed: '1',
      'pass-rate': '83.33',
      'run-id': '',
      'report-url': '',
      'new-failures': '',
      'report-file': '/tmp/x.json',
      'gate-reason': 'a: 1 test failed, more than max-failures (0).',
    });
    expect(JSON.parse(out['failed-tests'])).toEqual(['[a] a test 0 with a fairly long descriptive name']);
    expect(JSON.parse(out.sources).map((s: { label: string; total: number }) => [s.label, s.total])).toEqual([
      ['a', 3],
      ['b', 3],
    ]);
  });

  test('the comment state changes when a failure moves from one entry to another', () => {
    const one = sourcesCommentState([source('a', 1), source('b', 0)], { conclusion: 'failure', reason: '' });
    const other = sourcesCommentState([source('b', 1), source('a', 0)], { conclusion: 'failure', reason: '' });
    expect(one.failed).toBe(1);
    expect(one.failedSet).not.toBe(other.failedSet);
  });
});
