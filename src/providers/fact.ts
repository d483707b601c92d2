/**
 * Something a provider's report() learns that its baseline() needs (the run it read, the target
 * it resolved): typed, and held by the one provider object of a run. baseline() waits for it as
 * soon as it is known; it is undefined when report() finished without learning it, and carries
 * report()'s error when that failed first.
 */
export class Fact<T> {
  readonly known: Promise<T | undefined>;
  private settle!: (value: T | undefined) => void;
  private fail!: (error: unknown) => void;

  constructor() {
    this.known = new Promise<T | undefined>((resolve, reject) => {
      this.settle = resolve;
      this.fail = reject;
    });
    // Nobody may be waiting (baseline: none): a failed report is reported as the verdict, not here.
    this.known.catch(() => undefined);
  }

  set(value: T): void {
    this.settle(value);
  }

  /** Ties the fact to report(): once it ends, an unlearnt fact is undefined, or report()'s error. */
  endWith(report: Promise<unknown>): void {
    report.then(
      () => this.settle(undefined),
      (error: unknown) => this.fail(error),
    );
  }
}
