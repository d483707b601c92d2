import { setTimeout as sleep } from 'node:timers/promises';
import pLimit, { type LimitFunction } from 'p-limit';
import pRetry from 'p-retry';
import type { z } from 'zod';
import { ProviderError } from '../errors.js';
import { redact } from '../secrets.js';
import { describeMismatch } from './validation.js';

/** What to tell the user to check, per kind of refusal. */
export interface ErrorHints {
  /** 401/403: the credential and its rights. */
  auth: string;
  /** 404: the id. */
  notFound: string;
}

export interface HttpOptions {
  /** Provider's name as users know it, e.g. `Testmo`. */
  provider: string;
  baseUrl: string;
  headers?: Record<string, string>;
  /** Query parameters sent on every request (Testomato's `apikey`). */
  query?: Record<string, string>;
  /** Epoch ms: no retry or wait may end after it (`wait-timeout`). */
  deadline: number;
  requestTimeoutMs: number;
  /** Requests in flight at once; halved on every 429. */
  concurrency?: number;
  hints: ErrorHints;
  /** The provider's own message in an error body. */
  errorMessage?: (body: unknown) => string | undefined;
  /** How long to wait after a 429 without `Retry-After`. */
  rateLimitFallbackMs?: number;
  warn?: (message: string) => void;
}

export interface RequestSpec {
  method?: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  /** JSON body, or a form body as URLSearchParams. */
  body?: unknown;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const MAX_TRIES = 10;

/** One failed attempt; `retryable` says whether another try may help. */
class AttemptError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export class ProviderHttp {
  private readonly limit: LimitFunction;
  private readonly headers: Record<string, string>;
  /** Requests sent, retries included (for logs and the benchmark). */
  requests = 0;

  constructor(private readonly options: HttpOptions) {
    this.limit = pLimit(options.concurrency ?? 8);
    this.headers = { accept: 'application/json', 'user-agent': 'remote-test-results-action', ...options.headers };
  }

  setHeader(name: string, value: string): void {
    this.headers[name] = value;
  }

  get concurrency(): number {
    return this.limit.concurrency;
  }

  /** The request's URL, as it may be shown: credentials redacted. */
  describe(spec: RequestSpec): string {
    return `${spec.method ?? 'GET'} ${redact(this.url(spec).toString())}`;
  }

  async json<S extends z.ZodType>(spec: RequestSpec, schema: S): Promise<z.output<S>> {
    const body = await this.send(spec);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new ProviderError(
        `${this.options.provider}: ${this.describe(spec)} answered in an unexpected shape: ${describeMismatch(parsed.error)}. ` +
          `The provider may have changed its API; please report this with the field named here.`,
      );
    }
    return parsed.data;
  }

  private url(spec: RequestSpec): URL {
    const url = new URL(this.options.baseUrl + spec.path);
    for (const [key, value] of Object.entries({ ...spec.query, ...this.options.query })) {
      if (value !== undefined && value !== '') url.searchParams.set(key, String(value));
    }
    return url;
  }

  /** Sends with retries; resolves to the parsed JSON body of a 2xx answer. */
  private async send(spec: RequestSpec): Promise<unknown> {
    const { provider, deadline } = this.options;
    const what = this.describe(spec);
    let tries = 0;
    try {
      return await pRetry(
        async () => {
          tries++;
          return this.limit(() => this.attempt(spec, what));
        },
        {
          retries: MAX_TRIES - 1,
          minTimeout: 500,
          factor: 2,
          maxTimeout: 30_000,
          randomize: true,
          shouldRetry: async ({ error, retryDelay }) => {
            if (!(error instanceof AttemptError) || !error.retryable) return false;
            // A 429 waits what the provider asks (Retry-After, else its documented minimum).
            const asked = error.status === 429 ? (error.retryAfterMs ?? this.options.rateLimitFallbackMs ?? 0) : 0;
            const wait = Math.max(asked, retryDelay);
            if (Date.now() + wait > deadline) return false;
            if (error.status === 429 && this.limit.concurrency > 1) {
              this.limit.concurrency = Math.max(1, Math.floor(this.limit.concurrency / 2));
            }
            this.options.warn?.(`${error.message}; retrying in ${(wait / 1000).toFixed(1)} s (try ${tries + 1} of ${MAX_TRIES}).`);
            if (asked > retryDelay) await sleep(asked - retryDelay);
            return true;
          },
        },
      );
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      if (error instanceof AttemptError) {
        const why = tries >= MAX_TRIES ? 'the most this action makes' : 'no more retries fit in wait-timeout';
        const retried = error.retryable ? ` (${tries} ${tries === 1 ? 'try' : 'tries'}; ${why})` : '';
        throw new ProviderError(`${error.message}${retried}.${this.adviceFor(error)}`, error.status);
      }
      throw new ProviderError(`${provider}: ${what} failed: ${redact(String(error))}`);
    }
  }

  private adviceFor(error: AttemptError): string {
    const { hints, provider } = this.options;
    const status = error.status;
    if (status === 401 || status === 403) return ` Check ${hints.auth}`;
    if (status === 404) return ` Check ${hints.notFound}`;
    if (status === 400 || status === 422) return ` Check the inputs that name what to read (${hints.notFound.replace(/\.$/, '')}).`;
    if (status === 429) return ` ${provider} is rate-limiting these requests: try again later, or raise wait-timeout.`;
    if (status !== undefined && status >= 500) return ` ${provider} is failing or overloaded: try again later, or raise wait-timeout.`;
    if (status === undefined)
      return ` Check base-url and that ${provider} is reachable from the runner; raise request-timeout if it is slow.`;
    return '';
  }

  private async attempt(spec: RequestSpec, what: string): Promise<unknown> {
    const { provider, requestTimeoutMs } = this.options;
    const headers: Record<string, string> = { ...this.headers, ...spec.headers };
    let body: string | URLSearchParams | undefined;
    if (spec.body instanceof URLSearchParams) {
      body = spec.body;
    } else if (spec.body !== undefined) {
      body = JSON.stringify(spec.body);
      headers['content-type'] = 'application/json';
    }
    this.requests++;
    let response: Response;
    let text: string;
    try {
      response = await fetch(this.url(spec), {
        method: spec.method ?? 'GET',
        headers,
        body,
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const cause = describeNetworkError(error, requestTimeoutMs);
      throw new AttemptError(`${provider}: ${what} ${cause}`, true);
    }
    let json: unknown;
    let parseFailed = false;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      parseFailed = true;
    }
    if (!response.ok) {
      const own = parseFailed ? undefined : this.options.errorMessage?.(json);
      const detail = own ? `: "${redact(truncate(own, 300))}"` : '';
      throw new AttemptError(
        `${provider}: ${what} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${detail}`,
        RETRYABLE_STATUS.has(response.status),
        response.status,
        parseRetryAfter(response.headers.get('retry-after')),
      );
    }
    if (parseFailed || json === undefined) {
      throw new ProviderError(
        `${provider}: ${what} answered HTTP ${response.status} with a body that is not JSON (${truncate(redact(text.trim()), 80) || 'empty'}). ` +
          `Check that base-url points at the ${provider} API, not at a web page or a proxy.`,
      );
    }
    return json;
  }
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `did not answer within ${timeoutMs / 1000} s (request-timeout)`;
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `could not be reached (${redact(String(code))})`;
}

/** `Retry-After` is either seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
