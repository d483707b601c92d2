import type { z } from 'zod';
import { readCappedText } from './capped-body.js';
import { clock } from '../clock.js';
import { ProviderError } from '../errors.js';
import type { Log } from '../log.js';
import { redact } from '../secrets.js';
import { HostLane } from './host-lane.js';
import { decideRetry, DEFAULT_LIMITS, describeFault, formatSeconds, isTransient, parseRetryAfter, type Fault } from './retry-policy.js';
import { fetchMaybeProxied } from './proxy.js';
import { describeMismatch } from './validation.js';

/** What to tell the user to check, per kind of refusal. */
export interface ErrorHints {
  /** 401/403: the credential and its rights. */
  auth: string;
  /** 404 of an endpoint that names what to read: the id. */
  notFound: string;
}

/** What a provider sets on its client. */
export interface ProviderHttpOptions {
  headers?: Record<string, string>;
  /** Query parameters sent on every request (Testomato's `apikey`). */
  query?: Record<string, string>;
  hints: ErrorHints;
  /** The provider's own message in an error body. */
  errorMessage?: (body: unknown) => string | undefined;
  /** How long to wait after a 429 without `Retry-After`. */
  rateLimitFallbackMs?: number;
  /** Requests in flight at once to the provider's host; halved on every 429. */
  concurrency?: number;
}

/** What every client of one run shares: the time bounds, the log, and for tests the clock. */
export interface RunHttpSettings {
  /** Epoch ms: no retry or wait may end after it (`wait-timeout`). */
  deadline: number;
  requestTimeoutMs: number;
  log: Log;
  /** For tests of the policy's wiring: the clock, the waits and jitter. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** What the orchestrator sets: who the provider is, where, and the time bounds. */
export interface HttpOptions extends ProviderHttpOptions, RunHttpSettings {
  /** Provider's name as users know it, e.g. `Testmo`. */
  provider: string;
  baseUrl: string;
}

export interface RequestSpec {
  method?: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  /** JSON body, or a form body as URLSearchParams. */
  body?: unknown;
  /** The path names no id (a listing, a token): a 404 means base-url is wrong, not the id. */
  noId?: boolean;
  /** What a 404 asks to check, when not the client's own hint (a baseline's id, not the current run's). */
  notFound?: string;
}

/** A 429 with no `Retry-After` and no provider minimum pauses the host this long. */
const DEFAULT_PAUSE_MS = 1_000;

/** The contract's cap on one response body (after decompression). */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** Same-origin redirects followed at most. */
const MAX_REDIRECTS = 5;

/** One failed attempt. */
class AttemptError extends Error {
  constructor(
    message: string,
    readonly fault: Fault,
  ) {
    super(message);
  }
}

/**
 * A provider's client: its credentials, hints and error texts, sending through the lane of its
 * host (base-url), whose in-flight limit and 429 pause every client reaching that host shares.
 */
export class ProviderHttp {
  private readonly headers: Record<string, string>;
  private readonly now: () => number;
  private readonly wait: (ms: number) => Promise<void>;
  /** Requests sent, retries included (for logs and the benchmark). */
  requests = 0;
  /** Retries made, by what caused them, for the one warning at the end. */
  private readonly retried = new Map<string, number>();
  /** Requests that failed for good: after them, nothing may claim the answers were all read. */
  private failedForGood = 0;

  constructor(
    private readonly options: HttpOptions,
    /** The host's lane; a client of its own when none is given. */
    private readonly lane: HostLane = new HostLane(options.concurrency),
  ) {
    this.headers = { accept: 'application/json', 'user-agent': 'remote-test-results-action', ...options.headers };
    this.now = options.now ?? clock.now;
    this.wait = options.sleep ?? ((ms) => clock.sleep(ms));
  }

  setHeader(name: string, value: string): void {
    this.headers[name] = value;
  }

  get concurrency(): number {
    return this.lane.limit.concurrency;
  }

  get deadline(): number {
    return this.options.deadline;
  }

  /** The request's URL, as it may be shown: credentials redacted. */
  describe(spec: RequestSpec): string {
    return `${spec.method ?? 'GET'} ${redact(this.url(spec).toString())}`;
  }

  /**
   * One line on the retries made, or undefined when none were needed. It says the answers were
   * read in full only when no request failed for good and the run was read (`complete`).
   */
  retrySummary(complete: boolean): string | undefined {
    const total = [...this.retried.values()].reduce((a, b) => a + b, 0);
    if (total === 0) return undefined;
    const causes = [...this.retried]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([cause, n]) => `${cause} ×${n}`)
      .join(', ');
    const head = `${this.options.provider}: ${total} ${total === 1 ? 'retry was' : 'retries were'} needed (${causes})`;
    if (this.failedForGood > 0) {
      const n = this.failedForGood;
      return `${head}; ${n} ${n === 1 ? 'request' : 'requests'} still failed after them, so not everything was read.`;
    }
    return complete ? `${head}; the answers were read in full.` : `${head}.`;
  }

  async json<S extends z.ZodType>(spec: RequestSpec, schema: S): Promise<z.output<S>> {
    const body = await this.send(spec);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      this.failedForGood++;
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

  /** Sends with retries as the policy decides; resolves to the parsed JSON body of a 2xx answer. */
  private async send(spec: RequestSpec): Promise<unknown> {
    const { deadline, log } = this.options;
    const what = this.describe(spec);
    const firstTryAt = this.now();
    for (let tries = 1; ; tries++) {
      try {
        return await this.lane.limit(async () => {
          await this.passGate(what);
          return this.attempt(spec, what);
        });
      } catch (error) {
        if (!(error instanceof AttemptError)) {
          this.failedForGood++;
          throw error;
        }
        const now = this.now();
        const decision = decideRetry(
          error.fault,
          { tries, firstTryAt, now, deadline, random: (this.options.random ?? Math.random)() },
          { ...DEFAULT_LIMITS, rateLimitFallbackMs: this.options.rateLimitFallbackMs },
        );
        if (error.fault.kind === 'status' && error.fault.status === 429) {
          // Nothing more goes to this host until the wait it asked for has passed, retried or not.
          const asked = error.fault.retryAfterMs ?? this.options.rateLimitFallbackMs;
          this.lane.rateLimited(now, decision.retry ? decision.waitMs : (asked ?? DEFAULT_PAUSE_MS));
        }
        if (!decision.retry) {
          const retried = isTransient(error.fault)
            ? tries > 1
              ? ` (${tries} tries; ${decision.why})`
              : ` (not retried: ${decision.why})`
            : '';
          const status = error.fault.kind === 'status' ? error.fault.status : undefined;
          this.failedForGood++;
          throw new ProviderError(`${error.message}${retried}.${this.adviceFor(error.fault, spec)}`, status);
        }
        const cause = describeFault(error.fault);
        this.retried.set(cause, (this.retried.get(cause) ?? 0) + 1);
        log.info(`${error.message}; retrying in ${formatSeconds(decision.waitMs)} (try ${tries + 1} of ${decision.of}).`);
        await this.wait(decision.waitMs);
      }
    }
  }

  /** Waits while the host's 429 pause lasts; gives up when it outlasts wait-timeout. */
  private async passGate(what: string): Promise<void> {
    for (;;) {
      const decision = this.lane.gate.decide(this.now(), this.options.deadline);
      if (decision.send) return;
      if ('giveUp' in decision) {
        const { provider } = this.options;
        this.failedForGood++;
        throw new ProviderError(
          `${provider}: ${what} was not sent: ${provider} asked (HTTP 429) to wait ${formatSeconds(decision.waitMs)} more, which would pass wait-timeout. ` +
            `${provider} is rate-limiting these requests: try again later, or raise wait-timeout.`,
          429,
        );
      }
      await this.wait(decision.waitMs);
    }
  }

  private adviceFor(fault: Fault, spec: RequestSpec): string {
    const { hints, provider } = this.options;
    if (fault.kind === 'unresolved') return ` Check base-url: its host does not resolve from the runner.`;
    if (fault.kind === 'timeout') return ` ${provider} did not answer in time: raise request-timeout if it is slow, or check base-url.`;
    if (fault.kind === 'connection')
      return ` Check base-url and that ${provider} is reachable from the runner (a proxy needs HTTPS_PROXY).`;
    if (fault.kind === 'fatal') return '';
    const status = fault.status;
    if (status === 401 || status === 403) return ` Check ${hints.auth}`;
    const notFound = spec.notFound ?? hints.notFound;
    if (status === 404) return spec.noId ? ` Check base-url: it should be the origin of the ${provider} API.` : ` Check ${notFound}`;
    if (status === 400 || status === 422) return ` Check the inputs that name what to read (${notFound.replace(/\.$/, '')}).`;
    if (status === 429) return ` ${provider} is rate-limiting these requests: try again later, or raise wait-timeout.`;
    if (status >= 500) return ` ${provider} is failing or overloaded: try again later, or raise wait-timeout.`;
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
    // One timeout for the whole exchange: redirects, headers and body.
    const signal = AbortSignal.timeout(requestTimeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await this.fetchFollowingSameOrigin(this.url(spec), { method: spec.method ?? 'GET', headers, body, signal }, what);
      text = await readBody(response, `${provider}: ${what}`);
    } catch (error) {
      if (error instanceof AttemptError) throw error;
      throw new AttemptError(`${provider}: ${what} ${describeNetworkError(error, requestTimeoutMs)}`, classifyNetworkError(error));
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
      const detail = own ? `: "${cutChars(redact(own), 300)}"` : '';
      throw new AttemptError(
        `${provider}: ${what} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${detail}`,
        {
          kind: 'status',
          status: response.status,
          retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), this.now()),
        },
      );
    }
    if (parseFailed || json === undefined) {
      throw new ProviderError(
        `${provider}: ${what} answered HTTP ${response.status} with a body that is not JSON (${cutChars(redact(text.trim()), 80) || 'empty'}). ` +
          `Check that base-url points at the ${provider} API, not at a web page or a proxy.`,
      );
    }
    return json;
  }

  /**
   * Follows redirects within the same origin only: every request carries a credential (a
   * header, or Testomato's key in the query), which must never travel to another host.
   */
  private async fetchFollowingSameOrigin(url: URL, init: RequestInit, what: string): Promise<Response> {
    const { provider } = this.options;
    for (let hops = 0; ; hops++) {
      const response = await fetchMaybeProxied(url, { ...init, redirect: 'manual' });
      if (response.status < 300 || response.status >= 400 || response.status === 304) return response;
      const location = response.headers.get('location');
      await response.body?.cancel();
      if (!location) return response;
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new AttemptError(`${provider}: ${what} redirected to an address that is not a URL`, { kind: 'fatal' });
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new AttemptError(`${provider}: ${what} redirected to a ${next.protocol} address, which is not followed`, { kind: 'fatal' });
      }
      if (next.origin !== url.origin) {
        throw new AttemptError(
          `${provider}: ${what} redirected to ${next.origin}, another origin; not followed, so the credential is not sent there. ` +
            `Set base-url to the address the API answers at`,
          { kind: 'fatal' },
        );
      }
      if (hops >= MAX_REDIRECTS) {
        throw new AttemptError(`${provider}: ${what} redirected more than ${MAX_REDIRECTS} times (a redirect loop)`, { kind: 'fatal' });
      }
      url = next;
      if (response.status === 303) init = { ...init, method: 'GET', body: undefined };
    }
  }
}

/** The body as text, never more than MAX_BODY_BYTES (counted after decompression, as it arrives). */
async function readBody(response: Response, what: string): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  const tooLarge = () =>
    new AttemptError(`${what} answered with a body larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB, which is not read`, { kind: 'fatal' });
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES && !response.headers.get('content-encoding')) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (!response.body) return '';
  const text = await readCappedText(response.body, MAX_BODY_BYTES);
  if (text === undefined) throw tooLarge();
  return text;
}

const UNRESOLVED_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_NODATA', 'EAI_FAIL']);
const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function errorCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const code = cause?.code ?? (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function isTimeout(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/** Transient network faults are retried; anything else (a header value that cannot be sent…) is not. */
export function classifyNetworkError(error: unknown): Fault {
  if (isTimeout(error)) return { kind: 'timeout' };
  const code = errorCode(error);
  if (code && UNRESOLVED_CODES.has(code)) return { kind: 'unresolved', code };
  if (code && CONNECTION_CODES.has(code)) return { kind: 'connection', code };
  // A body cut short ("terminated") is a connection that closed mid-answer.
  if (error instanceof TypeError && error.message === 'terminated') return { kind: 'connection', code: 'terminated' };
  return { kind: 'fatal' };
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (isTimeout(error)) return `did not answer within ${timeoutMs / 1000} s (request-timeout)`;
  const cause = (error as { cause?: { message?: string } }).cause;
  const detail = errorCode(error) ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `could not be sent or read (${redact(String(detail))})`;
}

function cutChars(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}
