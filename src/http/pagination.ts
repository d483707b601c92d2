import { ProviderError } from '../errors.js';

/** No run needs more: 10,000 pages is a million results at Testmo's largest page size. */
export const MAX_PAGES = 10_000;

/**
 * Remembers which pages or cursors were read, so a provider that hands back the same cursor
 * (or a page list that never ends) stops with a clear error instead of looping or counting
 * twice. Paging is bounded by MAX_PAGES and each request's own timeout and retries, never by
 * wait-timeout: `wait-timeout: 0` means "don't wait for what is not there yet", not "read
 * nothing".
 */
export class PageGuard {
  private readonly seen = new Set<string>();

  constructor(
    private readonly provider: string,
    private readonly what: string,
  ) {}

  visit(key: string | number): void {
    const id = String(key);
    if (this.seen.has(id)) {
      throw new ProviderError(
        `${this.provider}: ${this.what} handed back page '${id}' a second time; stopped so that no test is counted twice. ` +
          `The provider's pagination looped: try again, and report it if it persists.`,
      );
    }
    this.checkCount(this.seen.size + 1);
    this.seen.add(id);
  }

  checkCount(pages: number): void {
    if (pages > MAX_PAGES) {
      throw new ProviderError(
        `${this.provider}: ${this.what} has more than ${MAX_PAGES} pages; stopped. ` +
          `The run is larger than this action reads, or the provider's pagination does not end.`,
      );
    }
  }
}

/**
 * Reads pages `from`…`to` with `workers` loops taking the next page in turn (the HTTP client's
 * limiter is what bounds requests in flight; this only bounds what is queued). Stops taking
 * pages once `enough()` says so, or as soon as one read fails, whose error is then thrown.
 */
export async function readPages(
  from: number,
  to: number,
  workers: number,
  read: (page: number) => Promise<unknown>,
  enough: () => boolean = () => false,
): Promise<void> {
  let next = from;
  let failed = false;
  const worker = async () => {
    while (!failed && next <= to && !enough()) {
      const page = next++;
      try {
        await read(page);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, to - from + 1)) }, worker));
}
