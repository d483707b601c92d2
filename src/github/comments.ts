import { z } from 'zod';
import type { GitHubClient } from './octokit.js';
import { githubWebUrl } from './web-url.js';

/** Pages of 100 comments read to find one: 10,000 comments. */
export const COMMENT_PAGES_MAX = 100;

export interface IssueTarget {
  owner: string;
  repo: string;
  issue_number: number;
}

const commentsSchema = z.array(z.object({ id: z.number().int(), body: z.string().nullish(), html_url: githubWebUrl }));
const writtenSchema = z.object({ id: z.number().int(), html_url: githubWebUrl });

function parseOrThrow<T extends z.ZodType>(schema: T, data: unknown, endpoint: string): z.output<T> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`GitHub's answer to ${endpoint} has an unexpected shape at ${issue?.path.join('.') || 'the top'} (${issue?.message})`);
}

function nextLink(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  for (const m of header.matchAll(/<([^>]*)>\s*;\s*rel="([^"]*)"/g)) {
    if (m[2]!.split(/\s+/).includes('next')) return m[1];
  }
  return undefined;
}

/**
 * The first comment whose body `match` recognises, read from every page of the issue's comments
 * (GitHub's `Link` header, 100 a page), not only the first: on a busy pull request an earlier
 * comment is often past page 1. `complete: false` when COMMENT_PAGES_MAX pages held none.
 */
export async function findComment<T>(
  octokit: GitHubClient,
  target: IssueTarget,
  match: (body: string) => T | undefined,
): Promise<{ found?: { id: number; url?: string; match: T }; complete: boolean; pages: number }> {
  const endpoint = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments';
  const apiOrigin = new URL(octokit.request.endpoint.DEFAULTS.baseUrl).origin;
  const seen = new Set<string>();
  let response: { data: unknown; headers: Record<string, unknown> } = await octokit.request(endpoint, { ...target, per_page: 100 });
  for (let page = 1; ; page++) {
    for (const comment of parseOrThrow(commentsSchema, response.data, endpoint)) {
      const matched = match(comment.body ?? '');
      if (matched !== undefined) return { found: { id: comment.id, url: comment.html_url, match: matched }, complete: true, pages: page };
    }
    const next = nextLink(response.headers.link);
    if (!next) return { complete: true, pages: page };
    if (page >= COMMENT_PAGES_MAX) return { complete: false, pages: page };
    // The token goes with every request: follow only links to GitHub's own API, each once.
    if (new URL(next).origin !== apiOrigin || seen.has(next))
      throw new Error(`GitHub's next page of comments is an unexpected link (${next})`);
    seen.add(next);
    response = await octokit.request({ method: 'GET', url: next });
  }
}

/** Creates a comment; its web address, when GitHub gave a usable one. */
export async function createComment(octokit: GitHubClient, target: IssueTarget, body: string): Promise<string | undefined> {
  const created = await octokit.rest.issues.createComment({ ...target, body });
  return parseOrThrow(writtenSchema, created.data, 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments').html_url;
}

/** Replaces a comment's body; its web address, when GitHub gave a usable one. */
export async function updateComment(
  octokit: GitHubClient,
  target: Pick<IssueTarget, 'owner' | 'repo'>,
  id: number,
  body: string,
): Promise<string | undefined> {
  const updated = await octokit.rest.issues.updateComment({ ...target, comment_id: id, body });
  return parseOrThrow(writtenSchema, updated.data, 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}').html_url;
}
