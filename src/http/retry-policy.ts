/**
 * When to retry a provider request, and how long to wait: a pure function of the fault, the
 * tries so far and the clock, so every rule is tested without waiting. The contract's rules
 * ("Retries, errors and bounded time"):
 * - 429 waits what `Retry-After` says (or the provider's documented minimum), within wait-timeout;
 * - any other transient fault (500, 502, 503, 504, a reset, a timeout) is tried at most 5 times
 *   and given up within about 60 s of the first try;
 * - a host that does not resolve is tried at most twice;
 * - anything else cannot go away by trying again.
 */

export type Fault =
  | { kind: 'status'; status: number; retryAfterMs?: number }
  /** No answer within request-timeout. */
  | { kind: 'timeout' }
  /** The connection was reset, refused or closed before the answer was whole. */
  | { kind: 'connection'; code: string }
  /** The host name does not resolve. */
  | { kind: 'unresolved'; code: string }
  /** Cannot go away by retrying: a header that cannot be sent, a bad redirect, a body over the cap. */
  | { kind: 'fatal' };

export interface RetryLimits {
  /** Tries for transient faults other than 429. */
  maxTries: number;
  /** Tries for a host that does not resolve. */
  maxUnresolvedTries: number;
  /** Tries while rate-limited (each waits what the provider asks, within the deadline). */
  maxRateLimitedTries: number;
  /** Transient faults other than 429 are not retried past this long after the first try. */
  retryWindowMs: number;
  /** First backoff; doubled each try, up to `maxDelayMs`, with jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A 429 without `Retry-After` waits this long (Testmo: 60 s). */
  rateLimitFallbackMs?: number;
}

export const DEFAULT_LIMITS: RetryLimits = {
  maxTries: 5,
  maxUnresolvedTries: 2,
  maxRateLimitedTries: 10,
  retryWindowMs: 60_000,
  baseDelayMs: 1_000,
  maxDelayMs: 16_000,
};

export const RETRYABLE_STATUS: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

export interface RetryState {
  /** Tries made so far, the one that just failed included. */
  tries: number;
  /** Epoch ms of the first try. */
  firstTryAt: number;
  now: number;
  /** Epoch ms no wait may end after (wait-timeout). */
  deadline: number;
  /** 0 ≤ random < 1, for jitter. */
  random: number;
}

export type RetryDecision = { retry: true; waitMs: number; of: number } | { retry: false; why: string };

export function isTransient(fault: Fault): boolean {
  if (fault.kind === 'status') return RETRYABLE_STATUS.has(fault.status);
  return fault.kind !== 'fatal';
}

export function decideRetry(fault: Fault, state: RetryState, limits: RetryLimits = DEFAULT_LIMITS): RetryDecision {
  if (!isTransient(fault)) return { retry: false, why: 'not a fault that retrying can mend' };
  const backoff = Math.round(Math.min(limits.maxDelayMs, limits.baseDelayMs * 2 ** (state.tries - 1)) * (0.5 + state.random / 2));
  let of: number;
  let waitMs: number;
  if (fault.kind === 'status' && fault.status === 429) {
    of = limits.maxRateLimitedTries;
    waitMs = fault.retryAfterMs ?? limits.rateLimitFallbackMs ?? backoff;
  } else {
    of = fault.kind === 'unresolved' ? limits.maxUnresolvedTries : limits.maxTries;
    waitMs = backoff;
    if (state.tries < of && state.now + waitMs - state.firstTryAt > limits.retryWindowMs) {
      return { retry: false, why: `retries stop ${Math.round(limits.retryWindowMs / 1000)} s after the first try` };
    }
  }
  if (state.tries >= of) return { retry: false, why: `${of} tries, the most this action makes for this fault` };
  if (state.now + waitMs > state.deadline) {
    return { retry: false, why: `waiting ${formatSeconds(waitMs)} more would pass wait-timeout` };
  }
  return { retry: true, waitMs, of };
}

export function describeFault(fault: Fault): string {
  switch (fault.kind) {
    case 'status':
      return `HTTP ${fault.status}`;
    case 'timeout':
      return 'no answer within request-timeout';
    case 'connection':
      return `connection failed (${fault.code})`;
    case 'unresolved':
      return `host not found (${fault.code})`;
    case 'fatal':
      return 'failed';
  }
}

/** `Retry-After` is either seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
