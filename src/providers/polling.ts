import { NoVerdictError } from '../errors.js';
import type { ProviderContext } from './types.js';

/**
 * Reads until `isDone`, every `poll-interval` seconds, never sleeping past the deadline
 * (`wait-timeout` from the start of the step). Unfinished at the deadline: no verdict.
 */
export async function pollUntilDone<T>(
  ctx: ProviderContext,
  what: string,
  read: () => Promise<T>,
  isDone: (value: T) => boolean,
  describeState: (value: T) => string,
): Promise<T> {
  const intervalMs = ctx.settings.pollIntervalS * 1000;
  for (let polls = 1; ; polls++) {
    const value = await read();
    if (isDone(value)) return value;
    const remaining = ctx.deadline - Date.now();
    if (remaining < intervalMs) {
      throw new NoVerdictError(
        `${what} was still ${describeState(value)} after ${ctx.settings.waitTimeoutS} s (wait-timeout; ${polls} ${polls === 1 ? 'check' : 'checks'}). ` +
          'Raise wait-timeout if the job needs longer.',
      );
    }
    ctx.log.info(`${what} is ${describeState(value)}; checking again in ${ctx.settings.pollIntervalS} s.`);
    await ctx.sleep(intervalMs);
  }
}
