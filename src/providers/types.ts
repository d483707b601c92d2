import type { ProviderMetrics } from '../budgets/metrics.js';
import type { BaselineRequest, BaselineRuns } from '../baseline/types.js';
import type { InputSpec } from '../input-rules.js';
import type { ProviderReport } from '../report.js';
import type { RequestSettings } from '../settings.js';
import type { ProviderHttp, ProviderHttpOptions } from '../http/provider-http.js';

export interface Log {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
}

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
   * The provider's HTTP client: one per provider run, so one limiter paces all of its
   * requests. Retries, timeouts, validation and redaction included. A second call returns the
   * same client (the baseline reader shares the current run's limiter).
   */
  http(options: ProviderHttpOptions): ProviderHttp;
  sleep(ms: number): Promise<void>;
  /** Metrics named in `budgets`: a provider reads what measures them even where that costs a request. */
  budgetedMetrics: readonly string[];
}

/**
 * One provider: what it reads (its inputs, in one place) and how it reads a run or job into a
 * report. The orchestrator adds the provider's key and label to the report.
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
   * What stays the same from run to run (a project, a target), for the pull-request comment's
   * marker, so new runs update the same comment. Defaults to describeTarget.
   */
  describeScope?(inputs: I): string;
  /** The performance metrics its tests carry (`TestResult.metrics`), which `budgets` may name. */
  metrics?: ProviderMetrics;
  fetchReport(ctx: ProviderContext<I>): Promise<ProviderReport>;
  /**
   * The earlier runs to compare with: the baseline (`previous` or an id) and `history` runs.
   * Called with the same context as fetchReport and at the same time; `current` is what
   * fetchReport resolves to. Throwing is a warning, never a lost verdict. Absent: no baseline.
   */
  readBaseline?(ctx: ProviderContext<I>, current: Promise<ProviderReport>, request: BaselineRequest): Promise<BaselineRuns>;
}

/** For the registry: a provider whose inputs type is its own business. */
export function defineProvider<I>(provider: Provider<I>): Provider<I> {
  return provider;
}
