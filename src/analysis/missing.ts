/**
 * Missing tests: tests of the baseline absent from the current run, matched by the same
 * identity key as new failures (src/baseline/compare.ts `testKey`). A crashed shard or an
 * unsubmitted thread otherwise looks green. Pure: no I/O.
 */
import { z } from 'zod';
import type { BaselineRun } from '../baseline/types.js';
import { plural } from '../text.js';

/** A test of the baseline that the current run does not have. */
export interface MissingTest {
  key: string;
  /** The baseline's name for it; its key when the baseline kept none. */
  name: string;
}

export interface MissingTests {
  /** Sorted by name, then key. */
  tests: MissingTest[];
  /** How many tests the baseline lists: what a `max-missing` percentage is of. */
  baselineTests: number;
  /**
   * False when the baseline lists only the tests that did not pass (`unlisted: 'passed'`): a
   * passing test of the baseline that vanished cannot be seen then, so the list is a lower bound.
   */
  complete: boolean;
}

const byName = (a: MissingTest, b: MissingTest) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

/**
 * The baseline's tests whose key is not among `currentKeys` (every test of the current run,
 * whatever its status: a test skipped now is present).
 */
export function missingTests(baseline: Pick<BaselineRun, 'tests' | 'unlisted'>, currentKeys: ReadonlySet<string>): MissingTests {
  const tests: MissingTest[] = [];
  for (const [key, test] of baseline.tests) if (!currentKeys.has(key)) tests.push({ key, name: test.name ?? nameOfKey(key) });
  return { tests: tests.sort(byName), baselineTests: baseline.tests.size, complete: baseline.unlisted === 'absent' };
}

/** A name for a baseline test that kept none: Testmo's `case:503` as Testmo names an unknown case, `Case 503`. */
function nameOfKey(key: string): string {
  const testmoCase = /^case:(\d+)$/.exec(key);
  return testmoCase ? `Case ${testmoCase[1]}` : key;
}

/** How many missing tests the summary lists by name before it says how many more. */
export const MISSING_SHOWN = 50;

/** The first `limit` missing tests and how many more there are, for the summary. */
export function missingForDisplay(tests: readonly MissingTest[], limit = MISSING_SHOWN): { shown: MissingTest[]; more: number } {
  return { shown: tests.slice(0, limit), more: Math.max(0, tests.length - limit) };
}

/** `max-missing`: a count of tests, or a percentage of the baseline's tests. */
export type MaxMissing = { kind: 'count'; value: number } | { kind: 'percent'; value: number };

/** The `max-missing` input: `''` (report, don't gate), a whole number, or a percentage (`5%`, `2.5%`). */
export const maxMissingSchema = z.string().transform((value, ctx): MaxMissing | undefined => {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const count = /^\d+$/.exec(trimmed);
  if (count) {
    const n = Number(trimmed);
    if (Number.isSafeInteger(n)) return { kind: 'count', value: n };
  }
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(trimmed);
  if (percent) {
    const n = Number(percent[1]);
    if (n >= 0 && n <= 100) return { kind: 'percent', value: n };
  }
  ctx.addIssue({
    code: 'custom',
    message: `must be a number of tests (0) or a percentage of the baseline's tests (5%), or empty, got '${value}'`,
  });
  return z.NEVER;
});

/** How many missing tests `rule` allows out of a baseline of `baselineTests` (a percentage rounds down). */
export function allowedMissing(rule: MaxMissing, baselineTests: number): number {
  return rule.kind === 'count' ? rule.value : Math.floor((rule.value * baselineTests) / 100 + 1e-9);
}

/**
 * The gate's reason when more tests are missing than `rule` allows, else undefined:
 * `12 tests of baseline run 41 are missing (at most 0)`, `(at most 5%: 2 of 40)` for a percentage.
 */
export function missingGateReason(missing: number, baselineTests: number, rule: MaxMissing, baselineLabel: string): string | undefined {
  const allowed = allowedMissing(rule, baselineTests);
  if (missing <= allowed) return undefined;
  const limit = rule.kind === 'count' ? `${rule.value}` : `${rule.value}%: ${allowed} of ${baselineTests}`;
  return `${plural(missing, 'test')} of baseline ${baselineLabel} ${missing === 1 ? 'is' : 'are'} missing (at most ${limit})`;
}
