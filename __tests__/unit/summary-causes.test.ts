import { describe, expect, test } from '@jest/globals';
import { likelyOutage, type CauseGroup } from '../../src/analysis/causes.js';
import type { Comparison } from '../../src/baseline/types.js';
import { CAUSES_SHOWN_MAX, causeSectionLines, outageRunsLine, stillFailingMark, titleLedByOutage } from '../../src/render/causes.js';

const group = (cause: string, count: number): CauseGroup => ({
  cause,
  count,
  tests: Array.from({ length: count }, (_, i) => `${cause} test ${i + 1}`),
});
const chars = (text: string) => text.length;

describe('"Failures by cause" in the summary', () => {
  test('no shared cause: no section', () => {
    expect(causeSectionLines(undefined, 10_000, chars)).toEqual([]);
    expect(causeSectionLines({ groups: [] }, 10_000, chars)).toEqual([]);
  });

  test('a row per cause: count, the cause escaped as text, the first three names and how many more', () => {
    const lines = causeSectionLines({ groups: [group('a|b <img src=x> `x` @team #12', 5), group('Y', 2)] }, 10_000, chars);
    expect(lines.slice(0, 4)).toEqual(['#### Failures by cause (2)', '', '| Tests | Cause | Failed tests |', '| ---: | --- | --- |']);
    expect(lines[4]).toBe(
      '| 5 | a&#124;b &lt;img src=x&gt; &#96;x&#96; @\u200dteam #\u200d12 | a&#124;b &lt;img src=x&gt; &#96;x&#96; @\u200dteam #\u200d12 test 1 · ' +
        'a&#124;b &lt;img src=x&gt; &#96;x&#96; @\u200dteam #\u200d12 test 2 · a&#124;b &lt;img src=x&gt; &#96;x&#96; @\u200dteam #\u200d12 test 3 (+2 more) |',
    );
    expect(lines[5]).toBe('| 2 | Y | Y test 1 · Y test 2 |');
    expect(lines).toHaveLength(6);
  });

  test(`at most ${CAUSES_SHOWN_MAX} rows, then one line for the rest`, () => {
    const groups = Array.from({ length: 14 }, (_, i) => group(`cause ${String(i).padStart(2, '0')}`, 20 - i));
    const lines = causeSectionLines({ groups }, 100_000, chars);
    expect(lines.filter((l) => /^\| \d/.test(l))).toHaveLength(CAUSES_SHOWN_MAX);
    // 4 causes left: 10 + 9 + 8 + 7 tests.
    expect(lines.at(-1)).toBe('_4 more causes shared by 34 tests not shown: the failure-groups output lists the first 50._');
  });

  test('rows stop at the size given; a long cause and long names are cut', () => {
    const long = group('x'.repeat(500), 3);
    long.tests = long.tests.map((n) => `${n}${'y'.repeat(300)}`);
    const [row] = causeSectionLines({ groups: [long] }, 10_000, chars).filter((l) => l.startsWith('| 3 |'));
    expect(row!.length).toBeLessThan(200 + 3 * 100 + 40);
    const lines = causeSectionLines({ groups: [group('A', 2), group('B', 2)] }, 130, chars);
    expect(lines.filter((l) => /^\| \d/.test(l))).toHaveLength(1);
    expect(lines.at(-1)).toContain('1 more cause shared by 2 tests not shown');
    expect(causeSectionLines({ groups: [group('A', 2)] }, 10, chars)).toEqual([]);
  });
});

describe('the outage in the check-run title, the marks of the comparison', () => {
  test('the title leads with the outage, the counts follow', () => {
    const outage = likelyOutage([group('connect ECONNREFUSED <n>.<n>.<n>.<n>:<n>', 46)], 50, 80);
    expect(titleLedByOutage('46 failed, 4 passed', outage)).toBe(
      'Likely outage: 46 of 50 tests failed with connect ECONNREFUSED <n>.<n>.<n>.<n>:<n> · 46 failed, 4 passed',
    );
    expect(titleLedByOutage('46 failed, 4 passed', undefined)).toBe('46 failed, 4 passed');
    const long = likelyOutage([group('z'.repeat(500), 46)], 50, 80);
    expect(titleLedByOutage('46 failed, 4 passed', long).length).toBeLessThan(200);
  });

  test('still failing, new error; outage runs of history', () => {
    const comparison = { newErrorKeys: new Set(['k1']), outageRuns: ['build 1.0.1'] } as unknown as Comparison;
    expect(stillFailingMark(comparison, 'k1', '🔁 still failing')).toBe('🔁 still failing, new error');
    expect(stillFailingMark(comparison, 'k2', '🔁 still failing')).toBe('🔁 still failing');
    expect(outageRunsLine(comparison)).toBe('_build 1.0.1 was a likely outage: left out of flaky detection._');
    expect(outageRunsLine({ ...comparison, outageRuns: ['run 3', 'run 1'] })).toBe(
      '_run 3, run 1 were likely outages: left out of flaky detection._',
    );
    expect(outageRunsLine({ ...comparison, outageRuns: [] })).toBeUndefined();
  });
});
