/**
 * The one way this action talks to GitHub: Octokit with the retry and throttling plugins, and
 * every wait bounded. A rate limit that asks for a long wait is not waited for, each attempt has
 * a timeout, and all of a writer's requests share a deadline, so a GitHub API that never
 * answers cannot hold the step (and the outputs written after it) for long.
 */

import { clock } from '../clock.js';

/** One attempt at one request. */
export const GITHUB_REQUEST_TIMEOUT_MS = 20_000;
/** A rate limit asking for a longer wait than this is not waited for. */
export const RATE_LIMIT_WAIT_MAX_S = 60;
/** At most this many retries after rate limits, per request. */
export const RATE_LIMIT_RETRIES_MAX = 2;

export interface GitHubClientOptions {
  token: string;
  /** What the requests are for, in warnings: `the check run`, `the pull-request comment`. */
  purpose: string;
  warn: (message: string) => void;
  /** Epoch milliseconds by which every request of this client has ended, retries included. */
  deadline: number;
  requestTimeoutMs?: number;
  /** Default: GITHUB_API_URL, as @actions/github reads it. */
  baseUrl?: string;
}

/**
 * The deadline passed. Not an HTTP error, so Octokit's retry plugin does not retry it: the
 * retries it would wait for (1, 4 and 9 s) would each end the same way.
 */
export class GitHubDeadlineError extends Error {
  override name = 'GitHubDeadlineError';
}

/** Whether to wait for a rate limit and try again. */
export function waitForRateLimit(retryAfterS: number, retryCount: number): boolean {
  return retryAfterS <= RATE_LIMIT_WAIT_MAX_S && retryCount < RATE_LIMIT_RETRIES_MAX;
}

type RequestOptions = { method?: string; url?: string; request?: Record<string, unknown> };
type HookedOctokit = {
  hook: { wrap: (name: 'request', fn: (request: (o: RequestOptions) => Promise<unknown>, o: RequestOptions) => Promise<unknown>) => void };
};

let modules:
  | Promise<[typeof import('@actions/github'), typeof import('@octokit/plugin-retry'), typeof import('@octokit/plugin-throttling')]>
  | undefined;

/** Octokit loaded on demand, once: runs that never call GitHub start faster. */
function octokitModules() {
  modules ??= Promise.all([import('@actions/github'), import('@octokit/plugin-retry'), import('@octokit/plugin-throttling')]);
  return modules;
}

/**
 * Starts loading Octokit without waiting for it: called once the providers' first requests are
 * out, the modules are compiled while the step waits for their answers, not after them.
 */
export function preloadOctokit(): void {
  octokitModules().catch(() => (modules = undefined));
}

export async function createOctokit(options: GitHubClientOptions) {
  const [{ getOctokit }, { retry }, { throttling }] = await octokitModules();
  const deadlineSignal = AbortSignal.timeout(Math.max(0, options.deadline - Date.now()));
  const timeoutMs = options.requestTimeoutMs ?? GITHUB_REQUEST_TIMEOUT_MS;
  // Registered before the retry and throttling plugins, so it runs for each attempt, not each call.
  const budgetS = Math.round((options.deadline - Date.now()) / 1000);
  const boundedAttempts = (octokit: unknown) => {
    (octokit as HookedOctokit).hook.wrap('request', async (request, requestOptions) => {
      const late = () =>
        new GitHubDeadlineError(
          `no answer from GitHub within ${budgetS} s for ${options.purpose} (${requestOptions.method ?? ''} ${requestOptions.url ?? ''})`,
        );
      if (deadlineSignal.aborted) throw late();
      // Octokit's hooks all see this one options object, whatever a hook passes on, so the signal
      // goes into it: a copy of `request`, which may be shared with the client's defaults.
      requestOptions.request = { ...requestOptions.request, signal: AbortSignal.any([deadlineSignal, AbortSignal.timeout(timeoutMs)]) };
      try {
        return await request(requestOptions);
      } catch (error) {
        if (deadlineSignal.aborted) throw Object.assign(late(), { cause: error });
        throw error;
      }
    });
  };
  const onLimit =
    (kind: string) =>
    (retryAfter: number, requestOptions: RequestOptions, _octokit: unknown, retryCount: number): boolean => {
      const what = `${requestOptions.method ?? ''} ${requestOptions.url ?? ''}`.trim();
      if (waitForRateLimit(retryAfter, retryCount)) {
        options.warn(`GitHub ${kind} hit (${what}); retrying the request for ${options.purpose} in ${retryAfter} s.`);
        return true;
      }
      options.warn(
        `GitHub ${kind} hit (${what}); not waiting ${retryAfter} s${retryCount > 0 ? ` after ${retryCount} retries` : ''} for ${options.purpose}.`,
      );
      return false;
    };
  // Octokit's own waits (retry backoff, Retry-After) are in seconds of real time; under the test
  // suite's fast clock (src/clock.ts) they are milliseconds instead.
  const retryAfterBaseValue = clock.fast ? 1 : 1000;
  return getOctokit(
    options.token,
    {
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      retry: { retryAfterBaseValue },
      throttle: { onRateLimit: onLimit('rate limit'), onSecondaryRateLimit: onLimit('secondary rate limit'), retryAfterBaseValue },
    },
    boundedAttempts,
    retry,
    throttling,
  );
}

export type GitHubClient = Awaited<ReturnType<typeof createOctokit>>;

/** `HTTP 403: Resource not accessible by integration`, or the error's message. */
export function describeGitHubError(error: unknown): { status?: number; message: string } {
  if (error instanceof GitHubDeadlineError) return { message: error.message };
  const status = (error as { status?: unknown }).status;
  const raw = error instanceof Error ? error.message : String(error);
  // Octokit turns an aborted fetch into an HTTP 500 error whose cause is the abort.
  const timedOut = [error, (error as { cause?: unknown }).cause].some(
    (e) => e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError'),
  );
  const message = timedOut ? `no answer in time (${raw})` : raw;
  return typeof status === 'number' && !timedOut ? { status, message: `HTTP ${status}: ${message}` } : { message };
}
