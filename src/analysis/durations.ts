import { z } from 'zod';
import { testKey } from '../baseline/compare.js';
import type { BaselineRun } from '../baseline/types.js';
import { median } from '../budgets/judge.js';
import { inputProblem, optionalWholeNumber } from '../input-rules.js';
import { formatDuration } from '../render/markdown.js';
import type { TestResult, TestStatus } from '../report.js';
import { plural } from '../text.js';

/**
 * Durations: the run's slowest tests, and tests slower than their own history (`slower-than`,
 * `max-slower`). Pure: the current run's tests and the earlier runs already read are handed in.
 *
 * Only tests that ran are timed: `skipped` and `pending` tests are left out, now and in earlier
 * runs (a skipped test's 0 ms would drag a median down). A duration is milliseconds, finite and
 * not negative; anything else counts as no duration.
 */

/** How many tests "Slowest tests" lists. */
export const SLOWEST_COUNT = 10;
/** A test's earlier durations count only from this many samples on. */
export const MIN_SAMPLES = 3;

/** A test's median of its own earlier durations. */
export interface EarlierDurations {
  medianMs: number;
  /** How many earlier runs gave a duration (at least MIN_SAMPLES). */
  samples: number;
}

export interface TimedTest {
  key: string;
  name: string;
  suite?: string;
  durationMs: number;
  /** Undefined when history gave fewer than MIN_SAMPLES durations of this test. */
  earlier?: EarlierDurations;
}

export interface SlowerTest extends TimedTest {
  earlier: EarlierDurations;
  /** Duration now minus the earlier median, ms (> 0). */
  increaseMs: number;
  /** The increase in percent of the earlier median; undefined when that median is 0 ms. */
  increasePercent?: number;
  /** How the summary shows it: `+75% (+1.5 s)`, or `+1.5 s (from 0 ms)`. */
  change: string;
}

/** `slower-than`: each threshold given must be exceeded. */
export interface SlowerThan {
  /** More than this percent above the earlier median. */
  percent?: number;
  /** More than this many ms above the earlier median. */
  amountMs?: number;
  /** As the user wrote it, normalised: `50%, 1 s`. */
  text: string;
}

function ran(status: TestStatus): boolean {
  return status !== 'skipped' && status !== 'pending';
}

function validDuration(ms: number | undefined): ms is number {
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0;
}

/** Locale-free, so the order is the same on every runner. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Slowest first; ties by name, then suite. */
function slowestFirst(a: TimedTest, b: TimedTest): number {
  return b.durationMs - a.durationMs || compareText(a.name, b.name) || compareText(a.suite ?? '', b.suite ?? '');
}

/**
 * Each test's durations in the earlier runs (`history`), by identity key (`testKey`): only runs
 * where the test ran and had a duration.
 */
export function earlierDurations(history: Iterable<Pick<BaselineRun, 'tests'>>): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  for (const run of history) {
    for (const [key, test] of run.tests) {
      if (!ran(test.status) || !validDuration(test.durationMs)) continue;
      const list = byKey.get(key);
      if (list) list.push(test.durationMs);
      else byKey.set(key, [test.durationMs]);
    }
  }
  return byKey;
}

/** The median of a test's earlier durations, when there are at least MIN_SAMPLES. */
export function earlierMedian(samples: readonly number[] | undefined): EarlierDurations | undefined {
  if (!samples || samples.length < MIN_SAMPLES) return undefined;
  const sorted = [...samples].sort((a, b) => a - b);
  return { medianMs: median(sorted), samples: sorted.length };
}

/** `+75%`: whole percent from 10 up, one decimal below (`+7.5%`). */
function percentText(percent: number): string {
  const rounded = percent >= 10 ? Math.round(percent) : Math.round(percent * 10) / 10;
  return `+${rounded}%`;
}

/** `+75% (+1.5 s)`; `+1.5 s (from 0 ms)` when the earlier median is 0. */
export function changeText(increaseMs: number, increasePercent: number | undefined): string {
  const amount = `+${formatDuration(increaseMs)}`;
  return increasePercent === undefined ? `${amount} (from 0 ms)` : `${percentText(increasePercent)} (${amount})`;
}

/**
 * Whether a test at `durationMs` is slower than its earlier median by more than each threshold
 * given; undefined when it is not (or there is no threshold).
 */
export function judgeSlower(test: TimedTest, threshold: SlowerThan): SlowerTest | undefined {
  const { earlier } = test;
  if (!earlier || (threshold.percent === undefined && threshold.amountMs === undefined)) return undefined;
  const increaseMs = test.durationMs - earlier.medianMs;
  if (!(increaseMs > 0)) return undefined;
  const increasePercent = earlier.medianMs > 0 ? (100 * increaseMs) / earlier.medianMs : undefined;
  // From a median of 0 ms, any increase is more than any percentage.
  if (threshold.percent !== undefined && increasePercent !== undefined && !(increasePercent > threshold.percent)) return undefined;
  if (threshold.amountMs !== undefined && !(increaseMs > threshold.amountMs)) return undefined;
  return { ...test, earlier, increaseMs, increasePercent, change: changeText(increaseMs, increasePercent) };
}

export interface DurationAnalysis {
  /** The SLOWEST_COUNT slowest tests that ran, slowest first, ties by name; empty when none has a duration. */
  slowest: TimedTest[];
  /** Tests slower than before by `slower-than`, largest increase first; empty without a threshold. */
  slower: SlowerTest[];
  /** How many tests that ran had a duration (0: the provider gives none, so no section). */
  timed: number;
}

/** What the writers read: the analysis, and the thresholds it judged by (for the summary's wording). */
export interface DurationReport extends DurationAnalysis {
  slowerThan?: SlowerThan;
}

/**
 * One pass over the current run's tests: the slowest (memory bounded by SLOWEST_COUNT) and, with
 * `slowerThan`, each test slower than the median of its own earlier durations.
 */
export function analyseDurations(
  tests: Iterable<TestResult>,
  earlier: ReadonlyMap<string, readonly number[]>,
  slowerThan?: SlowerThan,
  count = SLOWEST_COUNT,
): DurationAnalysis {
  const slowest: TimedTest[] = [];
  const slower: SlowerTest[] = [];
  let timed = 0;
  for (const test of tests) {
    if (!ran(test.status) || !validDuration(test.durationMs)) continue;
    timed++;
    const key = testKey(test);
    const timedTest: TimedTest = {
      key,
      name: test.name,
      suite: test.suite,
      durationMs: test.durationMs,
      earlier: earlierMedian(earlier.get(key)),
    };
    if (slowerThan) {
      const judged = judgeSlower(timedTest, slowerThan);
      if (judged) slower.push(judged);
    }
    if (count > 0 && (slowest.length < count || slowestFirst(timedTest, slowest[slowest.length - 1]!) < 0)) {
      let at = slowest.length;
      while (at > 0 && slowestFirst(timedTest, slowest[at - 1]!) < 0) at--;
      slowest.splice(at, 0, timedTest);
      if (slowest.length > count) slowest.pop();
    }
  }
  slower.sort((a, b) => b.increaseMs - a.increaseMs || compareText(a.name, b.name) || compareText(a.suite ?? '', b.suite ?? ''));
  return { slowest, slower, timed };
}

/**
 * The pipeline's one call: the run's durations against the `history` runs, with `slower-than`,
 * and the `max-slower` rule they break (undefined when none).
 */
export function judgeDurations(
  tests: Iterable<TestResult>,
  history: Iterable<Pick<BaselineRun, 'tests'>>,
  settings: { slowerThan?: SlowerThan; maxSlower?: number },
): { durations: DurationReport; rule?: SlowerGateRule } {
  const analysis = analyseDurations(tests, earlierDurations(history), settings.slowerThan);
  return {
    durations: { ...analysis, slowerThan: settings.slowerThan },
    rule: slowerGateRule(analysis.slower.length, settings.maxSlower, settings.slowerThan),
  };
}

const PART_PERCENT = /^(\d+(?:\.\d+)?|\.\d+)\s*%$/;
const PART_AMOUNT = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s)$/i;
const PART_BARE = /^(\d+(?:\.\d+)?|\.\d+)$/;
const SHAPE = 'a percentage (50%), an amount (1s, 500ms) or both, separated by a comma (50%, 1s)';

/**
 * The zod rule for `slower-than`: empty is off (undefined); else a percentage, an amount in `ms`
 * or `s`, or one of each, separated by a comma. A bare number is refused with both readings.
 */
export const slowerThanSchema = z.string().transform((value, ctx): SlowerThan | undefined => {
  const fail = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  if (value.trim() === '') return undefined;
  const parts = value.split(',').map((part) => part.trim());
  if (parts.length > 2) return fail(`must be ${SHAPE}, got '${value}'`);
  let percent: number | undefined;
  let amountMs: number | undefined;
  let amountText = '';
  for (const part of parts) {
    const asPercent = PART_PERCENT.exec(part);
    const asAmount = PART_AMOUNT.exec(part);
    if (asPercent) {
      if (percent !== undefined) return fail(`gives two percentages ('${value}'): give ${SHAPE}`);
      percent = Number(asPercent[1]);
    } else if (asAmount) {
      if (amountMs !== undefined) return fail(`gives two amounts ('${value}'): give ${SHAPE}`);
      const unit = asAmount[2]!.toLowerCase();
      amountMs = Number(asAmount[1]) * (unit === 's' ? 1000 : 1);
      amountText = `${Number(asAmount[1])} ${unit}`;
    } else if (PART_BARE.test(part)) {
      return fail(`has a bare number '${part}': write ${part}% or ${part}s (or ${part}ms)`);
    } else {
      return fail(`must be ${SHAPE}, got '${value}'`);
    }
  }
  const text = [percent === undefined ? '' : `${percent}%`, amountText].filter(Boolean).join(', ');
  return { percent, amountMs, text };
});

/** `slower-than` as text → its thresholds; an InputError naming the input when it does not parse. */
export function parseSlowerThan(value: string): SlowerThan | undefined {
  const parsed = slowerThanSchema.safeParse(value);
  if (!parsed.success) inputProblem('slower-than', parsed.error.issues[0]!.message);
  return parsed.data;
}

/** The zod rule for `max-slower`: a whole number, or empty (slower tests reported, not gated). */
export const maxSlowerSchema = optionalWholeNumber(0, 1_000_000);

/**
 * What `slower-than` needs from `history`: an error when there is none (the input would do
 * nothing), a warning when it is under MIN_SAMPLES (no test can ever be judged).
 */
export function slowerThanHistoryProblem(slowerThan: SlowerThan | undefined, history: number): { error?: string; warning?: string } {
  if (!slowerThan) return {};
  if (history === 0) {
    return {
      error: `Input 'slower-than' needs history: set history to at least ${MIN_SAMPLES} earlier runs to compare each test's duration with.`,
    };
  }
  if (history < MIN_SAMPLES) {
    return {
      warning: `slower-than judges a test from ${MIN_SAMPLES} earlier durations on, and history is ${history}: no test can be found slower. Set history to at least ${MIN_SAMPLES}.`,
    };
  }
  return {};
}

/** The gate's rule for `max-slower`: a clause (as the gate's other rules give) and the sentence on its own. */
export interface SlowerGateRule {
  /** Lower case, no full stop: for the gate to join with its other broken rules. */
  clause: string;
  /** The clause as one sentence, for `gate-reason` when it is the only rule broken. */
  sentence: string;
}

/** Undefined when `max-slower` is empty or not exceeded. */
export function slowerGateRule(
  slowerCount: number,
  maxSlower: number | undefined,
  slowerThan: SlowerThan | undefined,
): SlowerGateRule | undefined {
  if (maxSlower === undefined || !slowerThan || slowerCount <= maxSlower) return undefined;
  const clause = `${plural(slowerCount, 'test')} got slower than the median of ${slowerCount === 1 ? 'its' : 'their'} earlier durations by more than ${slowerThan.text.replace(', ', ' and ')}, more than max-slower (${maxSlower})`;
  return { clause, sentence: `${clause.charAt(0).toUpperCase()}${clause.slice(1)}.` };
}
