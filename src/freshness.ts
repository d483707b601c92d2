/** `max-age`: how old the run read may be. Pure, so it is tested with a fake clock. */

export interface MaxAge {
  seconds: number;
  /** As the user wrote it, for messages: `6h`, `3600 s`. */
  text: string;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
/** A year: anything longer is a typo, not a freshness rule. */
const MAX_AGE_LIMIT_S = 366 * 86400;

/** `3600`, `90m`, `6h`, `2d` (a whole number and an optional unit); undefined for empty; a message otherwise. */
export function parseMaxAge(value: string): MaxAge | undefined | { problem: string } {
  const text = value.trim();
  if (text === '') return undefined;
  const m = /^(\d+)\s*([smhd]?)$/i.exec(text);
  const seconds = m ? Number(m[1]) * UNIT_SECONDS[(m[2] || 's').toLowerCase()]! : Number.NaN;
  if (!m || !(seconds > 0) || seconds > MAX_AGE_LIMIT_S) {
    return { problem: `must be seconds or a number with m, h or d (e.g. 3600, 90m, 6h, 2d), more than 0 and at most 366d, got '${value}'` };
  }
  return { seconds, text: m[2] ? `${m[1]}${m[2].toLowerCase()}` : `${m[1]} s` };
}

/** An age as people say it: `45 s`, `12 min`, `5 h`, `3 d` (rounded down). */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s} s`;
  if (s < 120 * 60) return `${Math.floor(s / 60)} min`;
  if (s < 48 * 3600) return `${Math.floor(s / 3600)} h`;
  return `${Math.floor(s / 86400)} d`;
}

/**
 * Why the run read is too old to be trusted (one sentence), or undefined when it is fresh or no
 * max-age is set. A run whose creation time is unknown cannot be shown to be fresh: stale too.
 */
export function staleReason(run: { what: string; createdAt?: number }, maxAge: MaxAge | undefined, now: number): string | undefined {
  if (!maxAge) return undefined;
  if (run.createdAt === undefined || !Number.isFinite(run.createdAt)) {
    return `max-age ${maxAge.text} is set, but the provider did not say when ${run.what} was created, so it cannot be shown to be fresh.`;
  }
  const age = now - run.createdAt;
  if (age <= maxAge.seconds * 1000) return undefined;
  return `${run.what} was created ${formatAge(age)} ago, more than max-age ${maxAge.text} (stale).`;
}
