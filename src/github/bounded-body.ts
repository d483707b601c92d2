import { MAX_BODY_BYTES } from '../http/provider-http.js';
import { readCappedText } from '../http/capped-body.js';
import type { GitHubClient } from './octokit.js';
import { describeGitHubError } from './octokit.js';

/** The contract's cap on one answer's body, the same for GitHub as for providers. */
export const GITHUB_MAX_BODY_BYTES = MAX_BODY_BYTES;

/** A body read in full, or refused at the cap. */
export type BoundedBody = { kind: 'body'; text: string } | { kind: 'too-large'; limitBytes: number };

/** A GET whose 2xx body is read by us, not by Octokit, so it can be held to a cap. */
export type BoundedGet = { kind: 'answer'; body: BoundedBody } | { kind: 'error'; status?: number; message: string };

/**
 * Sends one GET through the action's Octokit (its retries, rate-limit handling, timeouts and
 * deadline) and reads the body as it arrives, cancelling the read past `maxBytes`. Octokit's
 * own body reader has no cap, so it is told to hand the stream over (parseSuccessResponseBody).
 */
export async function boundedGet(
  octokit: GitHubClient,
  route: string,
  parameters: Record<string, unknown>,
  maxBytes: number = GITHUB_MAX_BODY_BYTES,
): Promise<BoundedGet> {
  let response: { data: unknown; headers: Record<string, unknown> };
  try {
    response = (await octokit.request(route, { ...parameters, request: { parseSuccessResponseBody: false } })) as typeof response;
  } catch (error) {
    return { kind: 'error', ...describeGitHubError(error) };
  }
  try {
    return { kind: 'answer', body: await readBounded(response.data, response.headers, maxBytes) };
  } catch (error) {
    // A body cut short, or the deadline passing while it arrived.
    return { kind: 'error', message: describeGitHubError(error).message };
  }
}

async function readBounded(stream: unknown, headers: Record<string, unknown>, maxBytes: number): Promise<BoundedBody> {
  const body = stream as ReadableStream<Uint8Array> | null | undefined;
  const declared = Number(headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes && !headers['content-encoding']) {
    await body?.cancel().catch(() => undefined);
    return { kind: 'too-large', limitBytes: maxBytes };
  }
  if (!body || typeof body.getReader !== 'function') return { kind: 'body', text: typeof stream === 'string' ? stream : '' };
  const text = await readCappedText(body, maxBytes);
  return text === undefined ? { kind: 'too-large', limitBytes: maxBytes } : { kind: 'body', text };
}

/** `64 MiB`, `3 MiB`, `512 KiB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / 1024 / 1024} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
