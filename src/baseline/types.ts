import type { KnownFailureClassification } from '../analysis/known-failures.js';
import type { MissingTests } from '../analysis/missing.js';
import type { TestStatus } from '../report.js';
import type { BaselineSettings, TrendView } from '../settings.js';

/** What to compare with, as the `baseline` and `history` inputs ask. */
export type BaselineRequest = BaselineSettings;

/** One test of an earlier run, as little as the comparison needs. */
export interface BaselineTest {
  status: TestStatus;
  /** For display when the test is not in the current run. */
  name?: string;
  /**
   * The failure's cause (`causeOf` in src/analysis/causes.ts) when it failed, for "still failing,
   * new error"; undefined when the provider's reader did not keep the message.
   */
  cause?: string;
  /**
   * Milliseconds, as `TestResult.durationMs` (src/analysis/durations.ts: the median of a test's
   * earlier durations); undefined when the provider gave none or the reader did not keep it.
   */
  durationMs?: number;
}

/**
 * An earlier run, compact: each test's status by its identity key, never the whole report.
 * A provider may read only the tests that did not pass (Testmo can filter by status); then
 * `unlisted` is `passed`: a test it does not list passed in that run.
 */
export interface BaselineRun {
  /** The provider's id: Testmo run id, Tesults build name, Eggplant job id. */
  id: string;
  /** How the summary names it, e.g. `run 41`, `build 1.4.2`, `job 98`. */
  label: string;
  url?: string;
  /** Epoch ms. */
  createdAt?: number;
  /** `100 × passed ÷ (total − skipped)`, for the trend; undefined when nothing ran. */
  passRate?: number;
  tests: Map<string, BaselineTest>;
  unlisted: 'absent' | 'passed';
  /**
   * How many tests the run had, where `tests` lists only some of them (Testmo test runs read
   * only the tests that did not pass); undefined: `tests.size`. Whether a run was a likely
   * outage is judged against it.
   */
  testCount?: number;
  /**
   * The median of each performance metric over the run's tests (`mediansByMetric`), from the
   * same values the current run's tests carry; only metrics some test measured. Undefined for
   * providers that measure nothing.
   */
  medians?: Record<string, number>;
}

/** What a provider's baseline reader found. */
export interface BaselineRuns {
  /** The run compared with; undefined when there is none. */
  baseline?: BaselineRun;
  /** Why there is none (first run, the provider cannot say), when `baseline` is undefined. */
  none?: string;
  /** The `history` runs before the current one, newest first (with `previous`, the first is the baseline). */
  history: BaselineRun[];
  /** Earlier runs that could not be read: warnings, the comparison goes on without them. */
  warnings?: string[];
}

/** A test as the comparison lists it. */
export interface ComparedTest {
  key: string;
  name: string;
  suite?: string;
}

/** The current run against its baseline (and history): what the writers and the gate read. */
export interface Comparison {
  /** What was compared with; undefined when there is no baseline (then every failure is new). */
  baseline?: { id: string; label: string; url?: string; medians?: Record<string, number> };
  /** One line for the summary when there is no baseline, e.g. `No baseline: baseline is none.` */
  noBaseline?: string;
  /**
   * A warning shown with the comparison: on a pull request, a `previous` baseline that nothing
   * narrows to the base branch (see analysis/pull-request-baseline.ts).
   */
  caution?: string;
  /** Failed tests of the current run that were not failed in the baseline (all of them without one). */
  newFailures: number;
  /** Failed now and failed in the baseline. */
  stillFailing: number;
  /** Identity keys of the still-failing tests; every other failed test is new. */
  stillFailingKeys: Set<string>;
  /** Failed in the baseline, passed now. */
  fixed: ComparedTest[];
  /** Outcome changed direction at least twice over the history and the current run. */
  flaky: ComparedTest[];
  /**
   * Identity keys of still-failing tests whose failure cause changed since the baseline ("still
   * failing, new error"): reported, never counted as new.
   */
  newErrorKeys?: Set<string>;
  /** Labels of the history runs that were likely outages, left out of flaky detection. */
  outageRuns?: string[];
  /** Pass rate per run, oldest to newest, the current run last; empty without history. */
  trend: { label: string; url?: string; passRate?: number }[];
  /** `trend`: how the summary and the comment show it (default `table`); set by the pipeline. */
  trendView?: TrendView;
  /** Tests of the baseline absent from the current run; undefined without a baseline. */
  missing?: MissingTests;
  /** The failed tests matched against `known-failures` (and `quarantine-flaky`); undefined without a list. */
  known?: KnownFailureClassification;
  /**
   * Earlier runs of the same commit that were read (newest first), and the tests that failed in
   * one of them and passed now: flaky (same commit), with or without a baseline. Undefined when
   * the run read is the only one of its commit.
   */
  sameCommit?: { runs: { label: string; url?: string }[]; flaky: (ComparedTest & { failedIn: string[] })[] };
}

/** What a provider read of the earlier runs of the current run's commit (re-runs, retried uploads). */
export interface EarlierRunsOfCommit {
  /** Newest first, at most MAX_EARLIER_RUNS_OF_COMMIT. */
  runs: BaselineRun[];
  /** Runs that could not be read: warnings, the detection goes on without them. */
  warnings?: string[];
}
