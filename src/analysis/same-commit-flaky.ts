import { statusIn, testKey } from '../baseline/compare.js';
import type { BaselineRun, ComparedTest } from '../baseline/types.js';
import type { TestResult } from '../report.js';

/**
 * Re-runs of one commit: a test that failed in an earlier run of the same commit and passed in
 * the newest is flaky — the code did not change between the two, only the outcome (the
 * pass-on-retry rule). Pure; the counts of the newest run are never changed.
 */

/** How many earlier runs of the same commit are read at most (newest first). */
export const MAX_EARLIER_RUNS_OF_COMMIT = 5;

/** A flaky test and the earlier runs of the commit in which it failed. */
export interface SameCommitFlakyTest extends ComparedTest {
  /** Labels of those runs, newest first, e.g. `automation run 40`. */
  failedIn: string[];
}

/**
 * The tests that passed in the current run and failed in at least one earlier run of the same
 * commit, each once, in the current run's order. `earlier`: newest first. A test absent from an
 * earlier run, or with another status there, says nothing.
 */
export function flakyOnSameCommit(current: Iterable<TestResult>, earlier: readonly BaselineRun[]): SameCommitFlakyTest[] {
  if (earlier.length === 0) return [];
  const flaky: SameCommitFlakyTest[] = [];
  const seen = new Set<string>();
  for (const test of current) {
    if (test.status !== 'passed') continue;
    const key = testKey(test);
    if (seen.has(key)) continue;
    const failedIn = earlier.filter((run) => statusIn(run, key) === 'failed').map((run) => run.label);
    if (failedIn.length === 0) continue;
    seen.add(key);
    flaky.push({ key, name: test.name, suite: test.suite, failedIn });
  }
  return flaky;
}

/**
 * `flaky-tests`: the history's flaky tests (only with a baseline, as before) and the same
 * commit's (with or without one), each test once.
 */
export function flakyTestsForOutput(
  history: readonly ComparedTest[] | undefined,
  sameCommit: readonly ComparedTest[] | undefined,
): ComparedTest[] {
  const all: ComparedTest[] = [];
  const keys = new Set<string>();
  for (const test of [...(history ?? []), ...(sameCommit ?? [])]) {
    if (keys.has(test.key)) continue;
    keys.add(test.key);
    all.push(test);
  }
  return all;
}
