import type { ProviderMetrics } from '../budgets/metrics.js';
import type { BaselineRequest, BaselineRuns, EarlierRunsOfCommit } from '../baseline/types.js';
import type { ProviderHttp, ProviderHttpOptions } from '../http/provider-http.js';
import type { InputSpec } from '../input-rules.js';
import type { Log } from '../log.js';
import type { ProviderReport } from '../report.js';
import type { RequestSettings } from '../settings.js';

export type { Log } from '../log.js';

/** What a provider is handed: its own inputs and the request settings, nothing else. */
export interface ProviderContext<I> {
  inputs: I;
  request: RequestSettings;
  /** What to compare with (`baseline`, `history`): Testomato reads the project status before a start for it. */
  baseline: BaselineRequest;
  log: Log;
  /** Epoch ms: polling and retries never wait past it (`wait-timeout`). */
  deadline: number;
  /**
   * A client for the provider's host (`base-url`), with the provider's credentials and hints:
   * retries, timeouts, validation and redaction included. Its in-flight limit and 429 pause are
   * the host's, shared with every other client reaching that host in this run. A provider object
   * makes one and reads its run and its baseline through it.
   */
  http(options: ProviderHttpOptions): ProviderHttp;
  sleep(ms: number): Promise<void>;
  /** Metrics named in `budgets`: a provider reads what measures them even where that costs a request. */
  budgetedMetrics: readonly string[];
  /**
   * `slower-than` is set: each `history` run must give every test's duration, even where a
   * cheaper read would do for statuses (Testmo test runs read only their tests that did not pass).
   */
  historyDurations: boolean;
}

/** A provider's credential as the inputs give it: never the value, only whether it is there. */
export interface CredentialState {
  empty: boolean;
  /** The input an error names, e.g. `api-key`. */
  input: string;
  /** What it is, e.g. `an API token from your Testmo profile`. */
  hint: string;
}

/**
 * One run of a provider, as `open` returns it: the report of what the inputs name, and the
 * earlier runs to compare it with. Both are called once, at the same time; what the baseline
 * needs from the report (the run read, its project) passes between them as typed facts.
 */
export interface ProviderRun {
  report(): Promise<ProviderReport>;
  /**
   * The baseline (`previous` or an id) and the `history` runs. Throwing is a warning, never a
   * lost verdict; when report() fails, so may this (the report's error is the verdict).
   */
  baseline(): Promise<BaselineRuns>;
  /**
   * The earlier runs of the commit the current run belongs to (Testmo runs matching the same
   * `tags` with `latest`; the other uploads of a Tesults build), read through the same client,
   * at most MAX_EARLIER_RUNS_OF_COMMIT. Absent where a provider cannot tell. Called with
   * report(); may reject when report() does.
   */
  earlierRunsOfCommit?(): Promise<EarlierRunsOfCommit>;
}

/**
 * One provider: what it reads (its inputs, in one place) and how it opens a run. The orchestrator
 * adds the provider's key and label to the report. A new provider is one folder and one line in
 * the registry.
 */
export interface Provider<I> {
  /** As users know it, e.g. `Testmo`. */
  label: string;
  /** The API origin when `base-url` is empty; without one, `base-url` is required. */
  defaultBaseUrl?: string;
  /** Told when a required `base-url` is missing, e.g. `your instance's address, e.g. https://example.testmo.net`. */
  baseUrlHint?: string;
  /** The inputs this provider reads (run kinds, selectors, credentials), checked before any request. */
  inputs: InputSpec<I>;
  /** What the inputs ask for, e.g. `run 42`: shown when nothing could be read. */
  describeTarget(inputs: I): string;
  /**
   * Whether the credential is empty, and how an error names it. Checked after every other input
   * (src/missing-secrets.ts), so that a typo elsewhere is still an error on a run whose secrets are withheld.
   */
  credential(inputs: I): CredentialState;
  /**
   * What stays the same from run to run (a project, a target), for the pull-request comment's
   * marker, so new runs update the same comment. Defaults to describeTarget.
   */
  describeScope?(inputs: I): string;
  /** The performance metrics its tests carry (`TestResult.metrics`), which `budgets` may name. */
  metrics?: ProviderMetrics;
  /** One object for this run; sends nothing until report() or baseline() is called. */
  open(ctx: ProviderContext<I>): ProviderRun;
}

/** For the registry: a provider whose inputs type is its own business. */
export function defineProvider<I>(provider: Provider<I>): Provider<I> {
  return provider;
}
