import type { KnownFailureEntry } from './analysis/known-failures.js';
import type { MaxMissing } from './analysis/missing.js';
import type { Budget } from './budgets/metrics.js';

/**
 * Every setting the action runs with, grouped by who reads it. A leaf module: it imports
 * nothing but types from leaf modules, so the inputs, the providers, the gate and the writers can all depend on it.
 */

/** What every provider request needs: where to send it, and how long anything may wait. */
export interface RequestSettings {
  /** Origin of the provider's API, without a trailing slash. */
  baseUrl: string;
  waitTimeoutS: number;
  pollIntervalS: number;
  requestTimeoutS: number;
}

export interface GateRules {
  maxFailures: number;
  /** `new-failures`: only failures that were not failing in the baseline count against maxFailures. */
  failOn?: 'failures' | 'new-failures';
  minPassRate?: number;
  /** `min-tests`: fewer tests than this (a shard or a suite that never ran) fails the gate. Undefined: no such rule. */
  minTests?: number;
  failOnEmpty: boolean;
  /** `max-age`: a run created longer ago gives no verdict. Undefined: any age. */
  maxAge?: { seconds: number; text: string };
  /** `max-missing`: more tests of the baseline absent now fails the gate. Undefined: reported, not gated. */
  maxMissing?: MaxMissing;
}

/**
 * `known-failures`: none, the list written in the input (parsed with the inputs), or a path read
 * before any provider request (from the workspace, or the default branch on pull_request_target
 * and workflow_run events).
 */
export type KnownFailuresSource = { kind: 'none' } | { kind: 'inline'; entries: KnownFailureEntry[] } | { kind: 'file'; path: string };

export interface KnownFailureSettings {
  list: KnownFailuresSource;
  /** `quarantine-flaky`: failed tests found flaky over `history` are known failures. */
  quarantineFlaky: boolean;
}

/** `slower-than` and `max-slower` (src/analysis/durations.ts reads them). */
export interface DurationSettings {
  /** Each threshold given must be exceeded; undefined: off. Same shape as durations' SlowerThan. */
  slowerThan?: { percent?: number; amountMs?: number; text: string };
  /** Undefined: slower tests are reported, not gated. */
  maxSlower?: number;
}

export const TREND_VIEWS = ['table', 'chart', 'off'] as const;
/** `trend`: how the pass rates of `history` are shown. */
export type TrendView = (typeof TREND_VIEWS)[number];

/** What the writers (summary, check run, outputs, report file) read. */
export interface WriterSettings {
  failStep: boolean;
  summary: boolean;
  /** Empty: no check run; failures as workflow-command annotations. */
  checkName: string;
  annotations: boolean;
  maxAnnotations: number;
  /** Locate failed tests in the repository (annotations, links, owners). */
  locateTests: boolean;
  githubToken: string;
  /** Commit for the check run; empty: detected from the event. */
  commitSha: string;
  reportFile: string;
  /** Pull-request comment mode. */
  comment: CommentMode;
  /** Pull request to comment on; undefined: detected from the event. */
  prNumber?: number;
  /** What the comment's marker names as read: the provider's stable selector (a project, a target). */
  commentScope: string;
  /** `trend`: the pass-rate trend as a table, a chart above the table, or not at all. */
  trend: TrendView;
}

export const COMMENT_MODES = ['off', 'always', 'failures', 'changes'] as const;
export type CommentMode = (typeof COMMENT_MODES)[number];
/** What to compare the run with (`baseline`, `history`). */
export interface BaselineSettings {
  /** `previous`: the provider's previous run of the same kind; `none`; or an id of the provider's own kind. */
  baseline: { kind: 'previous' } | { kind: 'none' } | { kind: 'id'; id: string };
  /** How many earlier runs to read for the trend and flaky tests (0 to 20). */
  history: number;
  /**
   * `baseline-tags` (Testmo): with `previous`, only earlier runs carrying all of them are the
   * baseline (and the history), e.g. `main`, so a pull request's own earlier push never is.
   */
  tags: string[];
}

/** How failures are grouped by cause (see src/analysis/causes.ts). */
export interface CauseSettings {
  /** `outage-threshold`: percentage of a run's tests failing with one cause that makes a likely outage; 0: never. */
  outageThreshold: number;
}

/** Every input, typed; `I` is the chosen provider's own inputs. Parsed once, before any request. */
export interface Settings<I = unknown> {
  /** Provider key, e.g. `testmo`. */
  provider: string;
  providerInputs: I;
  request: RequestSettings;
  gate: GateRules;
  /** `budgets`, parsed against the provider's metrics; empty when none were given. */
  budgets: Budget[];
  baseline: BaselineSettings;
  durations: DurationSettings;
  causes: CauseSettings;
  knownFailures: KnownFailureSettings;
  writers: WriterSettings;
  /** Whether the provider's credential is empty, and how an error names it (never its value). */
  credential: { empty: boolean; input: string; hint: string };
  /** `missing-secrets`: what an empty credential means on a run whose secrets GitHub withholds. */
  missingSecrets: 'fail' | 'skip';
}
