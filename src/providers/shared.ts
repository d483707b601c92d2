import type { ProviderHttp, ProviderHttpOptions } from '../http/provider-http.js';

/**
 * Facts a provider's fetchReport learns (the run it read, its project, its template) handed to
 * its baseline reader, which runs alongside on the same context. Kept per context, so two runs
 * never mix.
 */
interface Slot {
  value?: unknown;
  known: boolean;
  promise: Promise<unknown>;
  resolve(value: unknown): void;
}

const slotsByContext = new WeakMap<object, Map<string, Slot>>();

function slot(ctx: object, name: string): Slot {
  let slots = slotsByContext.get(ctx);
  if (!slots) slotsByContext.set(ctx, (slots = new Map()));
  let found = slots.get(name);
  if (!found) {
    let resolve!: (value: unknown) => void;
    const promise = new Promise<unknown>((r) => (resolve = r));
    found = { known: false, promise, resolve };
    slots.set(name, found);
  }
  return found;
}

/** fetchReport: hand `value` to the baseline reader of the same run. */
export function shareWithBaseline<T>(ctx: object, name: string, value: T): void {
  const s = slot(ctx, name);
  if (s.known) return;
  s.known = true;
  s.value = value;
  s.resolve(value);
}

/**
 * The baseline reader: waits for what fetchReport shares, as soon as it does; undefined when
 * fetchReport finished without sharing it; rejects when fetchReport failed first.
 */
export function sharedByReport<T>(ctx: object, name: string, current: Promise<unknown>): Promise<T | undefined> {
  const s = slot(ctx, name);
  return Promise.race([s.promise as Promise<T>, current.then(() => s.value as T | undefined)]);
}

/**
 * The client fetchReport made for this run (ctx.http hands back the first client made, and
 * fetchReport is always started first), so the baseline shares its limiter, auth and hints.
 */
export function runHttp(ctx: { http(options: ProviderHttpOptions): ProviderHttp }): ProviderHttp {
  return ctx.http({ hints: { auth: 'the credentials given.', notFound: 'the baseline asked for.' } });
}
