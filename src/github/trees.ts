import { z } from 'zod';
import { describeMismatch } from '../http/validation.js';
import { boundedGet, formatBytes, GITHUB_MAX_BODY_BYTES } from './bounded-body.js';
import type { GitHubClient } from './octokit.js';

/** The contract's bound on the requests that list one commit's files. */
export const TREE_REQUESTS_MAX = 50;
/** Tree reads in flight at once while a truncated tree is walked. */
const TREE_CONCURRENCY = 4;

const treeSchema = z.object({
  sha: z.string(),
  truncated: z.boolean(),
  tree: z.array(z.object({ path: z.string(), mode: z.string(), type: z.string(), sha: z.string() })),
});

export interface TreeFilesRequest {
  octokit: GitHubClient;
  owner: string;
  repo: string;
  /** The commit under test (a tree SHA works too). */
  sha: string;
  /** Default TREE_REQUESTS_MAX. */
  maxRequests?: number;
  /** Per answer; default the 64 MiB cap. */
  maxBodyBytes?: number;
}

export type TreeFilesResult =
  /** Every file of the commit. */
  | { kind: 'files'; paths: string[]; requests: number }
  /** The request bound ended the walk of a truncated tree: `paths` lacks some files, so a unique match in it proves nothing. */
  | { kind: 'incomplete'; paths: string[]; requests: number }
  /** 403 or 404: the token cannot read the repository's contents (`permissions: contents: read`). */
  | { kind: 'no-access'; status: number; message: string; requests: number }
  /** An answer over the body cap. */
  | { kind: 'too-large'; message: string; requests: number }
  | { kind: 'failed'; message: string; requests: number };

type Job = { sha: string; prefix: string; recursive: boolean };

/**
 * The files (blobs, symlinks included; not submodules) of a commit by the Git Trees API: one
 * recursive read; when GitHub truncates it, the root is read alone and each subtree recursively,
 * a truncated subtree again by its own subtrees, within `maxRequests` reads in all.
 */
export async function readTreeFiles(request: TreeFilesRequest): Promise<TreeFilesResult> {
  const maxRequests = request.maxRequests ?? TREE_REQUESTS_MAX;
  const maxBodyBytes = request.maxBodyBytes ?? GITHUB_MAX_BODY_BYTES;
  const paths: string[] = [];
  let requests = 0;
  let stop: Exclude<TreeFilesResult, { kind: 'files' | 'incomplete' }> | undefined;

  const read = async (job: Job): Promise<z.output<typeof treeSchema> | undefined> => {
    requests++;
    const what = `GET /repos/${request.owner}/${request.repo}/git/trees/${job.sha}${job.recursive ? '?recursive=1' : ''}`;
    const answer = await boundedGet(
      request.octokit,
      'GET /repos/{owner}/{repo}/git/trees/{tree_sha}',
      { owner: request.owner, repo: request.repo, tree_sha: job.sha, ...(job.recursive ? { recursive: '1' } : {}) },
      maxBodyBytes,
    );
    if (answer.kind === 'error') {
      const forbidden = (answer.status === 403 || answer.status === 404) && !/rate limit/i.test(answer.message);
      stop ??= forbidden
        ? { kind: 'no-access', status: answer.status as number, message: `${what}: ${answer.message}`, requests: 0 }
        : { kind: 'failed', message: `${what}: ${answer.message}`, requests: 0 };
      return undefined;
    }
    if (answer.body.kind === 'too-large') {
      stop ??= {
        kind: 'too-large',
        message: `${what} answered with a body larger than ${formatBytes(answer.body.limitBytes)}, which is not read`,
        requests: 0,
      };
      return undefined;
    }
    let json: unknown;
    try {
      json = JSON.parse(answer.body.text);
    } catch {
      stop ??= { kind: 'failed', message: `${what} answered with a body that is not JSON`, requests: 0 };
      return undefined;
    }
    const parsed = treeSchema.safeParse(json);
    if (!parsed.success) {
      stop ??= { kind: 'failed', message: `${what} answered in an unexpected shape: ${describeMismatch(parsed.error)}`, requests: 0 };
      return undefined;
    }
    return parsed.data;
  };
  const take = (tree: z.output<typeof treeSchema>, prefix: string, queue: Job[] | undefined) => {
    for (const entry of tree.tree) {
      const path = prefix + entry.path;
      if (entry.type === 'blob') paths.push(path);
      else if (entry.type === 'tree' && queue) queue.push({ sha: entry.sha, prefix: `${path}/`, recursive: true });
    }
  };

  const first = await read({ sha: request.sha, prefix: '', recursive: true });
  if (!first) return { ...(stop as NonNullable<typeof stop>), requests };
  if (!first.truncated) {
    take(first, '', undefined);
    return { kind: 'files', paths, requests };
  }

  // Truncated: walk it, a subtree at a time. A truncated subtree is read again, non-recursively.
  const queue: Job[] = [{ sha: first.sha, prefix: '', recursive: false }];
  const running = new Set<Promise<void>>();
  let incomplete = false;
  const run = async (job: Job) => {
    const tree = await read(job);
    if (!tree || stop) return;
    if (job.recursive && tree.truncated) queue.push({ ...job, recursive: false });
    else take(tree, job.prefix, job.recursive ? undefined : queue);
  };
  while ((queue.length > 0 || running.size > 0) && !stop) {
    while (queue.length > 0 && running.size < TREE_CONCURRENCY && !stop) {
      if (requests >= maxRequests) {
        incomplete = true;
        queue.length = 0;
        break;
      }
      const job = queue.shift() as Job;
      const task: Promise<void> = run(job).finally(() => running.delete(task));
      running.add(task);
    }
    if (running.size > 0) await Promise.race(running);
  }
  await Promise.all(running);
  if (stop) return { ...(stop as NonNullable<typeof stop>), requests };
  paths.sort();
  return { kind: incomplete ? 'incomplete' : 'files', paths, requests };
}
