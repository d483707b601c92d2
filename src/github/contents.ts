import { z } from 'zod';
import { describeMismatch } from '../http/validation.js';
import { boundedGet, formatBytes, GITHUB_MAX_BODY_BYTES } from './bounded-body.js';
import type { GitHubClient } from './octokit.js';

const fileSchema = z.object({
  type: z.string(),
  size: z.number().int().nonnegative(),
  encoding: z.string().optional(),
  content: z.string().optional(),
});
/** A directory answers with an array of its entries. */
const answerSchema = z.union([z.array(z.unknown()), fileSchema]);

export interface FileContentsRequest {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  /** Repository-relative, `/`-separated. */
  path: string;
  /** A commit SHA, branch or tag; default: the default branch. */
  ref?: string;
  /** Larger files are not read; default (and at most) the 64 MiB cap. */
  maxBytes?: number;
}

export type FileContentsResult =
  | { kind: 'file'; text: string }
  /** 404: no such file at that ref (GitHub also answers 404 for a repository it hides from the token). */
  | { kind: 'not-found' }
  /** 403: the token may not read contents (`permissions: contents: read`). */
  | { kind: 'no-access'; status: number; message: string }
  /** A directory, symlink or submodule. */
  | { kind: 'not-a-file'; type: string }
  | { kind: 'too-large'; limitBytes: number; message: string }
  | { kind: 'failed'; message: string };

const ROUTE = 'GET /repos/{owner}/{repo}/contents/{path}';

/**
 * One file's text by the contents API: the JSON answer carries it base64-encoded up to 1 MB;
 * beyond that GitHub sends it only as raw bytes, so it is read again with the raw media type.
 * Every body is held to `maxBytes`.
 */
export async function readFileContents(request: FileContentsRequest): Promise<FileContentsResult> {
  const maxBytes = Math.min(request.maxBytes ?? GITHUB_MAX_BODY_BYTES, GITHUB_MAX_BODY_BYTES);
  const what = `GET /repos/${request.owner}/${request.repo}/contents/${request.path}`;
  const parameters = { owner: request.owner, repo: request.repo, path: request.path, ...(request.ref ? { ref: request.ref } : {}) };
  const tooLarge = (): FileContentsResult => ({
    kind: 'too-large',
    limitBytes: maxBytes,
    message: `${request.path} is larger than ${formatBytes(maxBytes)} and is not read`,
  });
  // The JSON answer is base64 (4/3 of the file) and some framing, so its own cap is a little larger.
  const answer = await boundedGet(
    request.octokit,
    ROUTE,
    parameters,
    Math.min(GITHUB_MAX_BODY_BYTES, Math.ceil(maxBytes * 1.4) + 64 * 1024),
  );
  if (answer.kind === 'error') return refusal(answer, what);
  if (answer.body.kind === 'too-large') return tooLarge();
  let json: unknown;
  try {
    json = JSON.parse(answer.body.text);
  } catch {
    return { kind: 'failed', message: `${what} answered with a body that is not JSON` };
  }
  const parsed = answerSchema.safeParse(json);
  if (!parsed.success) return { kind: 'failed', message: `${what} answered in an unexpected shape: ${describeMismatch(parsed.error)}` };
  const file = parsed.data;
  if (Array.isArray(file)) return { kind: 'not-a-file', type: 'dir' };
  if (file.type !== 'file') return { kind: 'not-a-file', type: file.type };
  if (file.size > maxBytes) return tooLarge();
  if (file.encoding === 'base64' && file.content !== undefined) {
    const bytes = Buffer.from(file.content, 'base64');
    if (bytes.byteLength > maxBytes) return tooLarge();
    return { kind: 'file', text: stripBom(bytes.toString('utf8')) };
  }
  // `encoding: none`: over 1 MB, sent only raw.
  const raw = await boundedGet(request.octokit, ROUTE, { ...parameters, headers: { accept: 'application/vnd.github.raw+json' } }, maxBytes);
  if (raw.kind === 'error') return refusal(raw, what);
  if (raw.body.kind === 'too-large') return tooLarge();
  return { kind: 'file', text: stripBom(raw.body.text) };
}

/** The first of `paths` that is a file (`.github/CODEOWNERS`, `CODEOWNERS`, `docs/CODEOWNERS`), or why none was read. */
export async function readFirstFile(
  request: Omit<FileContentsRequest, 'path'>,
  paths: readonly string[],
): Promise<{ path: string; result: FileContentsResult } | { path: undefined; result: FileContentsResult }> {
  let last: FileContentsResult = { kind: 'not-found' };
  for (const path of paths) {
    const result = await readFileContents({ ...request, path });
    if (result.kind === 'file') return { path, result };
    // Without access, or failing, the next path would fare no better.
    if (result.kind !== 'not-found' && result.kind !== 'not-a-file') return { path, result };
    last = result;
  }
  return { path: undefined, result: last };
}

function refusal(answer: { status?: number; message: string }, what: string): FileContentsResult {
  if (answer.status === 404) return { kind: 'not-found' };
  if (answer.status === 403 && !/rate limit/i.test(answer.message))
    return { kind: 'no-access', status: 403, message: `${what}: ${answer.message}` };
  return { kind: 'failed', message: `${what}: ${answer.message}` };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
