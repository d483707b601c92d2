import { describe, expect, test } from '@jest/globals';
import { decideRetry, DEFAULT_LIMITS, parseRetryAfter, type Fault, type RetryState } from '../../src/http/retry-policy.js';
import { shouldPollAgain } from '../../src/providers/polling.js';

/** A fake clock: the state after `tries` tries, `elapsedMs` after the first, with the deadline ahead. */
const at = (tries: number, elapsedMs = 0, deadlineInMs = 600_000, random = 0.5): RetryState => ({
  tries,
  firstTryAt: 1_000_000,
  now: 1_000_000 + elapsedMs,
  deadline: 1_000_000 + deadlineInMs,
  random,
});

const status = (s: number, retryAfterMs?: number): Fault => ({ kind: 'status', status: s, retryAfterMs });

/** Plays a fault that never goes away against the policy, advancing the fake clock by each wait. */
function playOut(fault: Fault, deadlineInMs = 600_000, limits = DEFAULT_LIMITS) {
  const waits: number[] = [];
  let elapsed = 0;
  for (let tries = 1; ; tries++) {
    const d = decideRetry(fault, at(tries, elapsed, deadlineInMs), limits);
    if (!d.retry) return { tries, waits, elapsed, why: d.why };
    waits.push(d.waitMs);
    elapsed += d.waitMs;
  }
}

describe('retry policy', () => {
  test('429 with Retry-After in seconds waits exactly that', () => {
    expect(decideRetry(status(429, parseRetryAfter('7')), at(1))).toEqual({ retry: true, waitMs: 7000, of: 10 });
  });
  test('429 with Retry-After as an HTTP date waits until then', () => {
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
    const wait = parseRetryAfter('Wed, 21 Oct 2026 07:28:30 GMT', now);
    expect(decideRetry(status(429, wait), at(1))).toMatchObject({ retry: true, waitMs: 30_000 });
  });
  test("429 without Retry-After waits the provider's minimum (Testmo: 60 s)", () => {
    expect(decideRetry(status(429), at(1), { ...DEFAULT_LIMITS, rateLimitFallbackMs: 60_000 })).toMatchObject({
      retry: true,
      waitMs: 60_000,
    });
  });
  test('429 never waits past the deadline', () => {
    expect(decideRetry(status(429, 120_000), at(1, 0, 90_000))).toEqual({
      retry: false,
      why: 'waiting 120.0 s more would pass wait-timeout',
    });
  });
  test.each([500, 502, 503, 504])('HTTP %i: at most 5 tries, within about 60 s', (code) => {
    const out = playOut(status(code));
    expect(out.tries).toBe(5);
    expect(out.waits).toHaveLength(4);
    expect(out.elapsed).toBeLessThanOrEqual(60_000);
  });
  test('resets and timeouts are transient like 5xx', () => {
    expect(playOut({ kind: 'connection', code: 'ECONNRESET' }).tries).toBe(5);
    expect(playOut({ kind: 'timeout' }).tries).toBe(5);
  });
  test('backoff doubles, with jitter between half and all of it', () => {
    expect([1, 2, 3, 4].map((t) => (decideRetry(status(503), at(t, 0, 600_000, 0)) as { waitMs: number }).waitMs)).toEqual([
      500, 1000, 2000, 4000,
    ]);
    expect([1, 2, 3, 4].map((t) => (decideRetry(status(503), at(t, 0, 600_000, 0.999)) as { waitMs: number }).waitMs)).toEqual([
      1000, 1999, 3998, 7996,
    ]);
  });
  test('transient faults are not retried past the retry window', () => {
    // Slow requests: the fourth failure comes 59 s after the first try.
    expect(decideRetry(status(503), at(4, 59_000))).toEqual({ retry: false, why: 'retries stop 60 s after the first try' });
  });
  test('a host that does not resolve is tried at most twice', () => {
    const out = playOut({ kind: 'unresolved', code: 'ENOTFOUND' });
    expect(out.tries).toBe(2);
    expect(out.why).toBe('2 tries, the most this action makes for this fault');
  });
  test('a shorter wait-timeout stops retries sooner', () => {
    const out = playOut(status(503), 2_000);
    expect(out.elapsed).toBeLessThanOrEqual(2_000);
    expect(out.why).toMatch(/would pass wait-timeout/);
  });
  test('wait-timeout 0: no retries at all', () => {
    expect(decideRetry(status(503), at(1, 0, 0)).retry).toBe(false);
  });
  test.each([400, 401, 403, 404, 422])('HTTP %i is not retried', (code) => {
    expect(decideRetry(status(code), at(1))).toEqual({ retry: false, why: 'not a fault that retrying can mend' });
  });
  test('a fatal fault (bad header, redirect loop, oversized body) is not retried', () => {
    expect(decideRetry({ kind: 'fatal' }, at(1)).retry).toBe(false);
  });
  test('rate limiting is bounded in tries too', () => {
    expect(playOut(status(429, 0)).tries).toBe(DEFAULT_LIMITS.maxRateLimitedTries);
  });
});

describe('polling', () => {
  test('polls again only while a whole interval fits before the deadline', () => {
    expect(shouldPollAgain(0, 10_000, 10_000)).toBe(true);
    expect(shouldPollAgain(1, 10_000, 10_000)).toBe(false);
    expect(shouldPollAgain(0, 0, 1_000)).toBe(false);
  });
});
