import { describe, expect, test } from '@jest/globals';
import {
  analyseDurations,
  changeText,
  earlierDurations,
  earlierMedian,
  maxSlowerSchema,
  parseSlowerThan,
  slowerGateRule,
  slowerThanHistoryProblem,
  type SlowerThan,
} from '../../src/analysis/durations.js';
import { testKey } from '../../src/baseline/compare.js';
import type { BaselineRun, BaselineTest } from '../../src/baseline/types.js';
import { InputError } from '../../src/errors.js';
import type { TestResult } from '../../src/report.js';

function run(id: string, tests: Record<string, BaselineTest>): BaselineRun {
  return { id, label: `run ${id}`, tests: new Map(Object.entries(tests)), unlisted: 'absent' };
}

function timed(name: string, durationMs: number | undefined, status: TestResult['status'] = 'passed'): TestResult {
  return { name, status, durationMs, key: `k:${name}` };
}

const both = parseSlowerThan('50%, 1s')!;

describe('slower-than', () => {
  test.each<[string, SlowerThan | undefined]>([
    ['', undefined],
    ['  ', undefined],
    ['50%', { percent: 50, amountMs: undefined, text: '50%' }],
    ['12.5 %', { percent: 12.5, amountMs: undefined, text: '12.5%' }],
    ['1s', { percent: undefined, amountMs: 1000, text: '1 s' }],
    ['500ms', { percent: undefined, amountMs: 500, text: '500 ms' }],
    ['1.5 S', { percent: undefined, amountMs: 1500, text: '1.5 s' }],
    ['50%, 1s', { percent: 50, amountMs: 1000, text: '50%, 1 s' }],
    ['250ms,20%', { percent: 20, amountMs: 250, text: '20%, 250 ms' }],
  ])("'%s' parses", (value, expected) => {
    expect(parseSlowerThan(value)).toEqual(expected);
  });

  test.each([
    ['1.5', "Input 'slower-than' has a bare number '1.5': write 1.5% or 1.5s (or 1.5ms)."],
    [
      '50%, 60%',
      "Input 'slower-than' gives two percentages ('50%, 60%'): give a percentage (50%), an amount (1s, 500ms) or both, separated by a comma (50%, 1s).",
    ],
    [
      '1s, 2s',
      "Input 'slower-than' gives two amounts ('1s, 2s'): give a percentage (50%), an amount (1s, 500ms) or both, separated by a comma (50%, 1s).",
    ],
    ['-50%', "Input 'slower-than' must be a percentage (50%), an amount (1s, 500ms) or both, separated by a comma (50%, 1s), got '-50%'."],
    [
      '1 min',
      "Input 'slower-than' must be a percentage (50%), an amount (1s, 500ms) or both, separated by a comma (50%, 1s), got '1 min'.",
    ],
    [
      '50%, 1s, 2ms',
      "Input 'slower-than' must be a percentage (50%), an amount (1s, 500ms) or both, separated by a comma (50%, 1s), got '50%, 1s, 2ms'.",
    ],
    ['50%,', "Input 'slower-than' must be a percentage (50%), an amount (1s, 500ms) or both, separated by a comma (50%, 1s), got '50%,'."],
  ])("'%s' is an input error naming slower-than", (value, message) => {
    expect(() => parseSlowerThan(value)).toThrow(new InputError(message));
  });

  test('it needs history: none is an error, fewer than 3 a warning, and off needs nothing', () => {
    expect(slowerThanHistoryProblem(both, 0).error).toMatch(/^Input 'slower-than' needs history/);
    expect(slowerThanHistoryProblem(both, 2)).toEqual({ warning: expect.stringContaining('history is 2') });
    expect(slowerThanHistoryProblem(both, 3)).toEqual({});
    expect(slowerThanHistoryProblem(undefined, 0)).toEqual({});
  });
});

describe('earlier durations', () => {
  test("each test's durations from the runs where it ran and was timed", () => {
    const earlier = earlierDurations([
      run('1', { a: { status: 'passed', durationMs: 100 }, b: { status: 'skipped', durationMs: 0 } }),
      run('2', { a: { status: 'failed', durationMs: 300 }, b: { status: 'passed' } }),
      run('3', { a: { status: 'passed', durationMs: Number.NaN }, b: { status: 'pending', durationMs: 5 } }),
      run('4', { a: { status: 'passed', durationMs: -1 }, b: { status: 'passed', durationMs: 7 } }),
    ]);
    expect(earlier).toEqual(
      new Map([
        ['a', [100, 300]],
        ['b', [7]],
      ]),
    );
  });

  test('the median needs at least 3 samples; even counts take the mean of the middle two', () => {
    expect(earlierMedian([1, 2])).toBeUndefined();
    expect(earlierMedian(undefined)).toBeUndefined();
    expect(earlierMedian([3000, 1000, 2000])).toEqual({ medianMs: 2000, samples: 3 });
    expect(earlierMedian([4, 1, 3, 2])).toEqual({ medianMs: 2.5, samples: 4 });
  });
});

describe('slowest tests', () => {
  test('the 10 slowest that ran, slowest first, ties by name; untimed, skipped and pending left out', () => {
    const tests: TestResult[] = [];
    for (let i = 1; i <= 12; i++) tests.push(timed(`t${String(i).padStart(2, '0')}`, i * 100));
    tests.push(timed('b tie', 1200), timed('a tie', 1200), timed('skipped', 99999, 'skipped'), timed('pending', 99999, 'pending'));
    tests.push(timed('untimed', undefined), timed('failed', 5000, 'failed'));
    const { slowest, timed: count } = analyseDurations(tests, new Map());
    expect(slowest.map((t) => [t.name, t.durationMs])).toEqual([
      ['failed', 5000],
      ['a tie', 1200],
      ['b tie', 1200],
      ['t12', 1200],
      ['t11', 1100],
      ['t10', 1000],
      ['t09', 900],
      ['t08', 800],
      ['t07', 700],
      ['t06', 600],
    ]);
    expect(count).toBe(15);
  });

  test('ties by name are in code-point order whatever the input order', () => {
    const names = ['b', 'B', 'a', 'é', 'A'];
    const forward = analyseDurations(
      names.map((n) => timed(n, 10)),
      new Map(),
    ).slowest.map((t) => t.name);
    const backward = analyseDurations(
      [...names].reverse().map((n) => timed(n, 10)),
      new Map(),
    ).slowest.map((t) => t.name);
    expect(forward).toEqual(['A', 'B', 'a', 'b', 'é']);
    expect(backward).toEqual(forward);
  });

  test('each with its earlier median where history gives at least 3, by identity key', () => {
    const current = [timed('slow', 4000), timed('new', 3000)];
    const earlier = new Map([
      [testKey(current[0]!), [1000, 2000, 3000]],
      [testKey(current[1]!), [10, 20]],
    ]);
    const { slowest } = analyseDurations(current, earlier);
    expect(slowest[0]).toEqual({
      key: 'k:slow',
      name: 'slow',
      suite: undefined,
      durationMs: 4000,
      earlier: { medianMs: 2000, samples: 3 },
    });
    expect(slowest[1]!.earlier).toBeUndefined();
  });

  test('a provider that gives no durations: nothing timed, no slowest', () => {
    expect(analyseDurations([timed('a', undefined), timed('b', undefined)], new Map())).toEqual({ slowest: [], slower: [], timed: 0 });
  });
});

describe('slower than before', () => {
  function judge(nowMs: number, before: number[], threshold: SlowerThan = both) {
    const test = timed('t', nowMs);
    return analyseDurations([test], new Map([[testKey(test), before]]), threshold).slower;
  }

  test('2.0 s medians, now 3.5 s, with 50%, 1s: slower, +75% (+1.5 s)', () => {
    const [slower] = judge(3500, [2000, 1900, 2100, 2000, 2200]);
    expect(slower).toMatchObject({
      name: 't',
      durationMs: 3500,
      earlier: { medianMs: 2000, samples: 5 },
      increaseMs: 1500,
      increasePercent: 75,
    });
    expect(slower!.change).toBe('+75% (+1.5 s)');
  });

  test('0.1 s → 0.3 s is +200% but only +200 ms: not slower with 50%, 1s (both must be exceeded)', () => {
    expect(judge(300, [100, 100, 100])).toEqual([]);
    // With the percentage alone it is.
    expect(judge(300, [100, 100, 100], parseSlowerThan('50%'))[0]!.change).toBe('+200% (+200 ms)');
  });

  test('fewer than 3 earlier samples: never slower', () => {
    expect(judge(100000, [1, 1])).toEqual([]);
    expect(judge(100000, [])).toEqual([]);
  });

  test('exactly at a threshold is not more than it', () => {
    expect(judge(3000, [2000, 2000, 2000], parseSlowerThan('50%'))).toEqual([]);
    expect(judge(3001, [2000, 2000, 2000], parseSlowerThan('50%'))).toHaveLength(1);
    expect(judge(2500, [1500, 1500, 1500], parseSlowerThan('1s'))).toEqual([]);
    expect(judge(2501, [1500, 1500, 1500], parseSlowerThan('1s'))).toHaveLength(1);
  });

  test('faster or equal is never slower, and a skipped test now is not judged', () => {
    expect(judge(1000, [2000, 2000, 2000], parseSlowerThan('0%'))).toEqual([]);
    expect(judge(2000, [2000, 2000, 2000], parseSlowerThan('0%'))).toEqual([]);
    const skipped = timed('t', 9000, 'skipped');
    expect(analyseDurations([skipped], new Map([[testKey(skipped), [1, 1, 1]]]), both).slower).toEqual([]);
  });

  test('from a median of 0 ms any increase passes the percentage; the amount still applies', () => {
    const [slower] = judge(1500, [0, 0, 0]);
    expect(slower).toMatchObject({ increaseMs: 1500, increasePercent: undefined, change: '+1.5 s (from 0 ms)' });
    expect(judge(900, [0, 0, 0])).toEqual([]);
  });

  test('without slower-than nothing is slower; the list is largest increase first, ties by name', () => {
    const a = timed('a', 5000);
    const b = timed('b', 5000);
    const c = timed('c', 9000);
    const earlier = new Map([a, b, c].map((t) => [testKey(t), [1000, 1000, 1000]]));
    expect(analyseDurations([a, b, c], earlier).slower).toEqual([]);
    expect(analyseDurations([b, c, a], earlier, both).slower.map((t) => t.name)).toEqual(['c', 'a', 'b']);
  });

  test('change text: whole percent from 10 up, one decimal below', () => {
    expect(changeText(1500, 75)).toBe('+75% (+1.5 s)');
    expect(changeText(150, 7.46)).toBe('+7.5% (+150 ms)');
    expect(changeText(90000, 1234.4)).toBe('+1234% (+1 min 30 s)');
  });
});

describe('max-slower', () => {
  test('a gate rule with its own reason once more tests are slower than allowed', () => {
    expect(slowerGateRule(1, 0, both)).toEqual({
      clause: '1 test got slower than the median of its earlier durations by more than 50% and 1 s, more than max-slower (0)',
      sentence: '1 test got slower than the median of its earlier durations by more than 50% and 1 s, more than max-slower (0).',
    });
    expect(slowerGateRule(3, 2, parseSlowerThan('20%'))?.sentence).toBe(
      '3 tests got slower than the median of their earlier durations by more than 20%, more than max-slower (2).',
    );
    expect(slowerGateRule(2, 2, both)).toBeUndefined();
    expect(slowerGateRule(5, undefined, both)).toBeUndefined();
    expect(slowerGateRule(5, 0, undefined)).toBeUndefined();
  });

  test('the max-slower input: a whole number or empty', () => {
    expect(maxSlowerSchema.parse('')).toBeUndefined();
    expect(maxSlowerSchema.parse('0')).toBe(0);
    expect(maxSlowerSchema.safeParse('-1').success).toBe(false);
    expect(maxSlowerSchema.safeParse('1.5').success).toBe(false);
  });
});
