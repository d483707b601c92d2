/**
 * One provider host's pause after a 429: while the host asks us to wait (`Retry-After`), no
 * request is sent to it, whichever request was refused (Testmo limits the API of accounts that
 * keep hitting 429s). Pure: the clock is passed in, so every rule is tested without waiting.
 */
export type GateDecision =
  /** Send now. */
  | { send: true }
  /** Wait this long, then ask again (another 429 may have pushed the pause further). */
  | { send: false; waitMs: number }
  /** The pause ends after the deadline: give up without sending. */
  | { send: false; giveUp: true; waitMs: number };

export class PauseGate {
  /** Epoch ms until which nothing may be sent; 0: no pause. */
  private pausedUntil = 0;

  /** A 429 at `now` asked to wait `waitMs`: every request to the host waits at least that long. */
  pause(now: number, waitMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, now + Math.max(0, waitMs));
  }

  /** Whether a request may be sent at `now`, given that no wait may end after `deadline`. */
  decide(now: number, deadline: number): GateDecision {
    const waitMs = this.pausedUntil - now;
    if (waitMs <= 0) return { send: true };
    if (now + waitMs > deadline) return { send: false, giveUp: true, waitMs };
    return { send: false, waitMs };
  }
}
