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
  now: () => number = Date.now,
): Promise<T> {
  const { pollIntervalS, waitTimeoutS } = ctx.request;
  const intervalMs = pollIntervalS * 1000;
  for (let polls = 1; ; polls++) {
    const value = await read();
    if (isDone(value)) return value;
    if (!shouldPollAgain(now(), ctx.deadline, intervalMs)) {
      throw new NoVerdictError(
        `${what} was still ${describeState(value)} after ${waitTimeoutS} s (wait-timeout; ${polls} ${polls === 1 ? 'check' : 'checks'}). ` +
          'Raise wait-timeout if the job needs longer.',
      );
    }
    ctx.log.info(`${what} is ${describeState(value)}; checking again in ${pollIntervalS} s.`);
    await ctx.sleep(intervalMs);
  }
}
