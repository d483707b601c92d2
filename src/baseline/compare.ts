import { causeOf, changedCauses, wasLikelyOutage, type StillFailingCause } from '../analysis/causes.js';
import { missingTests } from '../analysis/missing.js';
import type { TestResult, TestStatus } from '../report.js';
import type { BaselineRun, BaselineRuns, ComparedTest, Comparison } from './types.js';

/** A test's identity across runs: the provider's stable key, else suite and name. */
export function testKey(test: Pick<TestResult, 'key' | 'suite' | 'name'>): string {
  return test.key ?? `${test.suite ?? ''}\u001f${test.name}`;
}

/** A test's status in an earlier run; undefined when it was not in that run. */
export function statusIn(run: BaselineRun, key: string): TestStatus | undefined {
  return run.tests.get(key)?.status ?? (run.unlisted === 'passed' ? 'passed' : undefined);
}

/** How often the outcome changed between passed and failed; other statuses and absences are skipped. */
export function directionChanges(outcomes: readonly (TestStatus | undefined)[]): number {
  let changes = 0;
  let last: TestStatus | undefined;
  for (const outcome of outcomes) {
    if (outcome !== 'passed' && outcome !== 'failed') continue;
    if (last !== undefined && outcome !== last) changes++;
    last = outcome;
  }
  return changes;
}

export interface CurrentRun {
  /** Every test of the current run, read once. */
  tests: Iterable<TestResult>;
  /** Pass rate of the current run, for the trend. */
  passRate?: number;
  /** How the trend names the current run, e.g. `run 42`. */
  label: string;
}

/** How the comparison reads earlier runs' failure causes. */
export interface ComparisonRules {
  /** `outage-threshold`: a history run that was a likely outage is left out of flaky detection. 0: none is. */
  outageThreshold: number;
}

/** Whether an earlier run was a likely outage: most of its tests failed with one cause. */
export function historyRunWasOutage(run: BaselineRun, outageThreshold: number): boolean {
  const causes = function* () {
    for (const test of run.tests.values()) if (test.status === 'failed') yield test.cause;
  };
  return wasLikelyOutage(causes(), run.testCount ?? run.tests.size, outageThreshold);
}

/**
 * The current run against its baseline and history, in one pass over its tests. Pure: the
 * counts of the current run are never changed, only classified.
 */
/** Why there is no baseline when the provider found no earlier run and said nothing of its own. */
export const NO_EARLIER_RUN = 'No baseline to compare with';

export function compareRuns(current: CurrentRun, found: BaselineRuns, rules: ComparisonRules = { outageThreshold: 0 }): Comparison {
  const { baseline, history } = found;
  // A run where most tests failed with one cause (staging was down) says nothing about flakiness.
  const outageRuns = history.filter((run) => historyRunWasOutage(run, rules.outageThreshold));
  // Oldest first, for the direction of each test's outcomes.
  const earlier = [...history].reverse();
  const judgedForFlakiness = earlier.filter((run) => !outageRuns.includes(run));
  const stillFailingCauses: StillFailingCause[] = [];
  const stillFailingKeys = new Set<string>();
  let newFailures = 0;
  let stillFailing = 0;
  const fixed: ComparedTest[] = [];
  const flaky: ComparedTest[] = [];
  const flakyKeys = new Set<string>();
  const currentKeys = new Set<string>();

  for (const test of current.tests) {
    const key = testKey(test);
    currentKeys.add(key);
    const before = baseline ? statusIn(baseline, key) : undefined;
    if (test.status === 'failed') {
      if (before === 'failed') {
        stillFailing++;
        stillFailingKeys.add(key);
        stillFailingCauses.push({ key, cause: causeOf(test.message) });
      } else {
        newFailures++;
      }
    } else if (test.status === 'passed' && before === 'failed') {
      fixed.push(compared(key, test));
    }
    if (judgedForFlakiness.length > 0 && (test.status === 'passed' || test.status === 'failed') && !flakyKeys.has(key)) {
      const outcomes = judgedForFlakiness.map((run) => statusIn(run, key));
      outcomes.push(test.status);
      if (directionChanges(outcomes) >= 2) {
        flakyKeys.add(key);
        flaky.push(compared(key, test));
      }
    }
  }

  const trend =
    history.length > 0
      ? [
          ...earlier.map((run) => ({ label: run.label, url: run.url, passRate: run.passRate })),
          { label: current.label, passRate: current.passRate },
        ]
      : [];
  return {
    baseline: baseline ? { id: baseline.id, label: baseline.label, url: baseline.url, medians: baseline.medians } : undefined,
    noBaseline: baseline ? undefined : (found.none ?? NO_EARLIER_RUN),
    newFailures,
    stillFailing,
    stillFailingKeys,
    fixed,
    flaky,
    newErrorKeys: baseline ? changedCauses(stillFailingCauses, (key) => baseline.tests.get(key)?.cause) : new Set(),
    outageRuns: outageRuns.map((run) => run.label),
    trend,
    ...(baseline && { missing: missingTests(baseline, currentKeys) }),
  };
}

/** No baseline at all (`baseline: none`, or it could not be read): every failure is new. */
export function withoutBaseline(why: string, failedCount: number): Comparison {
  return {
    noBaseline: why,
    newFailures: failedCount,
    stillFailing: 0,
    stillFailingKeys: new Set(),
    fixed: [],
    flaky: [],
    newErrorKeys: new Set(),
    outageRuns: [],
    trend: [],
  };
}

/** Whether a failed test of the current run is a new failure. */
export function isNewFailure(comparison: Comparison, test: TestResult): boolean {
  return !comparison.stillFailingKeys.has(testKey(test));
}

function compared(key: string, test: TestResult): ComparedTest {
  return { key, name: test.name, suite: test.suite };
}

/** The pass rate of a run from its statuses: passed ÷ (all − skipped), two decimals. */
export function passRateOf(statuses: Iterable<TestStatus>): number | undefined {
  let passed = 0;
  let ran = 0;
  for (const status of statuses) {
    if (status === 'skipped') continue;
    ran++;
    if (status === 'passed') passed++;
  }
  return ran === 0 ? undefined : Math.round((10000 * passed) / ran) / 100;
}
