import pLimit, { type LimitFunction } from 'p-limit';
import { PauseGate } from './pause-gate.js';

/** Requests in flight at once to a host whose provider sets no limit of its own. */
export const DEFAULT_CONCURRENCY = 8;

/**
 * What every request to one provider host shares, whichever client sends it: the limit on
 * requests in flight and the pause a 429 asks for.
 */
export class HostLane {
  readonly limit: LimitFunction;
  readonly gate = new PauseGate();

  constructor(concurrency = DEFAULT_CONCURRENCY) {
    this.limit = pLimit(concurrency);
  }

  /** A client that wants fewer requests in flight lowers the host's limit; none raises it. */
  atMost(concurrency: number): void {
    if (concurrency < this.limit.concurrency) this.limit.concurrency = concurrency;
  }

  /** A 429: pause every request to the host for `waitMs`, and halve what is sent at once. */
  rateLimited(now: number, waitMs: number): void {
    this.gate.pause(now, waitMs);
    if (this.limit.concurrency > 1) this.limit.concurrency = Math.max(1, Math.floor(this.limit.concurrency / 2));
  }
}
