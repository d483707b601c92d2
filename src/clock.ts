import { setImmediate, setTimeout } from 'node:timers/promises';

/**
 * The time every wait of the action is measured by: polls, retry backoff, `Retry-After`, the
 * wait-timeout deadline and the GitHub writers' retries.
 *
 * Test-only hook: with `REMOTE_TEST_RESULTS_FAST_CLOCK=1` in the environment (the test suite
 * sets it for the `dist/index.js` it spawns, see test-support/run-action.mjs), a wait does not
 * take real time: it resolves at once and moves this clock on by what was waited, so deadlines,
 * poll counts and backoff decisions come out as they would in real time. Socket timeouts
 * (`request-timeout`) stay real. Nothing else changes; a workflow has no reason to set it.
 */
export interface Clock {
  /** Whether waits are skipped (the test hook is on). */
  readonly fast: boolean;
  /** Epoch milliseconds. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const FAST_CLOCK_VARIABLE = 'REMOTE_TEST_RESULTS_FAST_CLOCK';

/** A clock that skips its waits: `now` moves to the end of each wait, as if it had passed. */
export function fastClock(realNow: () => number = Date.now): Clock {
  let skippedMs = 0;
  return {
    fast: true,
    now: () => realNow() + skippedMs,
    async sleep(ms) {
      const wakeAt = realNow() + skippedMs + Math.max(0, ms);
      // Waits that overlap (several requests backing off at once) move the clock once, not in sum.
      await setImmediate();
      skippedMs = Math.max(skippedMs, wakeAt - realNow());
    },
  };
}

export const realClock: Clock = {
  fast: false,
  now: () => Date.now(),
  sleep: (ms) => setTimeout(Math.max(0, ms)),
};

export const clock: Clock = process.env[FAST_CLOCK_VARIABLE] === '1' ? fastClock() : realClock;
