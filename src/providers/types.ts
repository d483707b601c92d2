import type { Settings } from '../inputs.js';
import type { NormalizedReport } from '../report.js';
import type { HttpOptions, ProviderHttp } from '../http/provider-http.js';

export interface InputProblem {
  input: string;
  message: string;
}

export interface Log {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
}

export interface ProviderContext {
  settings: Settings;
  log: Log;
  /** Epoch ms: polling and retries never wait past it (`wait-timeout`). */
  deadline: number;
  /** An HTTP client for this provider's API: retries, timeouts, validation and redaction included. */
  http(options: Pick<HttpOptions, 'headers' | 'query' | 'hints' | 'errorMessage' | 'rateLimitFallbackMs'>): ProviderHttp;
  sleep(ms: number): Promise<void>;
}

/** One provider: reads a run or job and hands back the normalized report. */
export interface Provider {
  /** As users know it, e.g. `Testmo`. */
  label: string;
  /** The API origin when `base-url` is empty. */
  defaultBaseUrl?: string;
  /** Provider-specific input rules, checked before any request. */
  checkSettings(settings: Settings): InputProblem | undefined;
  fetchReport(ctx: ProviderContext): Promise<NormalizedReport>;
}
