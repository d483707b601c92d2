import { ProviderError } from '../errors.js';

/** No run needs more: 10,000 pages is a million results at Testmo's largest page size. */
export const MAX_PAGES = 10_000;

/**
 * Remembers which pages or cursors were read, so a provider that hands back the same cursor
 * (or a page list that never ends) stops with a clear error instead of looping or counting twice.
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
