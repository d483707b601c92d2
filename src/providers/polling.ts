import { clock } from '../clock.js';
import { NoVerdictError } from '../errors.js';
import type { ProviderContext } from './types.js';

/**
 * Whether to poll again: only when a whole interval still fits before the deadline (wait-timeout
 * from the start of the step). Pure, so it is tested with a fake clock.
 */
export function shouldPollAgain(now: number, deadline: number, intervalMs: number): boolean {
  return deadline - now >= intervalMs;
}

/**
 * Reads until `isDone`, every `poll-interval` seconds, never sleeping past the deadline.
 * Unfinished at the deadline: no verdict.
 */
export async function pollUntilDone<T>(
  ctx: Pick<ProviderContext<unknown>, 'request' | 'log' | 'deadline' | 'sleep'>,
  what: string,
  read: () => Promise<T>,
  isDone: (value: T) => boolean,
  describeState: (value: T) => string,
  now: () => number = clock.now,
): Promise<T> {
  const { pollIntervalS, waitTimeoutS } = ctx.request;
  const intervalMs = pollIntervalS * 1000;
  let waitedMs = 0;
  for (let polls = 1; ; polls++) {
    const value = await read();
    if (isDone(value)) return value;
    if (!shouldPollAgain(now(), ctx.deadline, intervalMs)) {
      // The time really waited: with a poll-interval longer than wait-timeout, none at all.
      const checks = `${polls} ${polls === 1 ? 'check' : 'checks'}`;
      const longer = pollIntervalS > waitTimeoutS && waitTimeoutS > 0;
      throw new NoVerdictError(
        `${what} was still ${describeState(value)} after ${Math.round(waitedMs / 1000)} s of waiting ` +
          `(wait-timeout ${waitTimeoutS} s, poll-interval ${pollIntervalS} s; ${checks}). ` +
          (longer
            ? 'poll-interval is longer than wait-timeout, so it never checked again: lower poll-interval or raise wait-timeout.'
            : 'Raise wait-timeout if the job needs longer.'),
      );
    }
    ctx.log.info(`${what} is ${describeState(value)}; checking again in ${pollIntervalS} s.`);
    await ctx.sleep(intervalMs);
    waitedMs += intervalMs;
  }
}
