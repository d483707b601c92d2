/** A bad input: the step fails at once with this one line, before any request. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    message: string,
    /** The input at fault, when one is. */
    readonly input?: string,
    /** What is wrong with it, as in `message` after the input's name. */
    readonly detail?: string,
  ) {
    super(message);
  }
}

/**
 * No verdict can be reached: the provider could not be read, the job failed to run, or it was
 * still unfinished. The run ends with `conclusion: error`, which always fails the step.
 */
export class NoVerdictError extends Error {
  override name = 'NoVerdictError';
}

/** A provider request that failed for good (after any retries). */
export class ProviderError extends NoVerdictError {
  override name = 'ProviderError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}
