import { z } from 'zod';
import { readEventPayload } from './event.js';
import type { GitHubClient } from './octokit.js';

/** Where the pull request to comment on comes from. */
export type PullRequestLookup =
  | { kind: 'number'; number: number; from: string }
  /** A workflow_run whose `pull_requests` is empty (always so for forks): ask GitHub by head SHA. */
  | { kind: 'by-sha'; sha: string; headRepository?: string; headOwner?: string; headBranch?: string }
  | { kind: 'none'; why: string };

const sha = z.string().regex(/^[0-9a-f]{40}$/i);
const eventSchema = z.object({
  pull_request: z.object({ number: z.number().int().positive() }).nullish(),
  // issue_comment and issues events: `issue.pull_request` is set when the issue is a pull request.
  issue: z.object({ number: z.number().int().positive(), pull_request: z.unknown().optional() }).nullish(),
  workflow_run: z
    .object({
      head_sha: z.string(),
      head_branch: z.string().nullish(),
      head_repository: z.object({ full_name: z.string(), owner: z.object({ login: z.string() }).nullish() }).nullish(),
      pull_requests: z
        .array(z.object({ number: z.number().int().positive(), head: z.object({ sha: z.string() }).partial().nullish() }))
        .nullish(),
    })
    .nullish(),
});

/** Reads the event payload the runner wrote; undefined when there is none, it is too large, or it is not JSON. */
export function readEvent(env: NodeJS.ProcessEnv = process.env): unknown {
  return readEventPayload(env);
}

/** The pull request from `pr-number`, else from the event, without any request. */
export function pullRequestFromEvent(prNumber: number | undefined, eventName: string, payload: unknown): PullRequestLookup {
  if (prNumber !== undefined) return { kind: 'number', number: prNumber, from: 'the pr-number input' };
  const parsed = eventSchema.safeParse(payload ?? {});
  const event = parsed.success ? parsed.data : {};
  if (event.pull_request) return { kind: 'number', number: event.pull_request.number, from: `the ${eventName || 'pull_request'} event` };
  if (event.issue && event.issue.pull_request !== undefined && event.issue.pull_request !== null) {
    return { kind: 'number', number: event.issue.number, from: `the ${eventName || 'issue_comment'} event` };
  }
  const run = event.workflow_run;
  if (run) {
    const prs = run.pull_requests ?? [];
    const match = prs.find((pr) => pr.head?.sha === run.head_sha) ?? prs[0];
    if (match) return { kind: 'number', number: match.number, from: 'the workflow_run event' };
    if (!sha.safeParse(run.head_sha).success) return { kind: 'none', why: 'the workflow_run event has no valid head_sha' };
    return {
      kind: 'by-sha',
      sha: run.head_sha.toLowerCase(),
      headRepository: run.head_repository?.full_name,
      headOwner: run.head_repository?.owner?.login,
      headBranch: run.head_branch ?? undefined,
    };
  }
  const what = eventName ? `a ${eventName} event` : 'this event';
  return { kind: 'none', why: `${what} is not about a pull request, and pr-number is empty` };
}

const pullsSchema = z.array(
  z.object({
    number: z.number().int().positive(),
    state: z.string(),
    head: z.object({ sha: z.string() }),
    base: z.object({ repo: z.object({ full_name: z.string() }).nullish() }).nullish(),
  }),
);

/**
 * The open pull request of this repository whose head is `sha`: first GitHub's list of pull
 * requests for the commit; when that finds none and the head is in another repository (a fork),
 * the open pull requests from that fork's branch. Undefined when neither finds one.
 */
export async function findPullRequestBySha(
  octokit: GitHubClient,
  repository: { owner: string; repo: string },
  lookup: Extract<PullRequestLookup, { kind: 'by-sha' }>,
): Promise<number | undefined> {
  const fullName = `${repository.owner}/${repository.repo}`;
  const pick = (data: unknown, endpoint: string): number | undefined => {
    const parsed = pullsSchema.safeParse(data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`GitHub's answer to ${endpoint} has an unexpected shape at ${issue?.path.join('.') || 'the top'}`);
    }
    return parsed.data.find(
      (pr) =>
        pr.state === 'open' &&
        pr.head.sha.toLowerCase() === lookup.sha &&
        (!pr.base?.repo || pr.base.repo.full_name.toLowerCase() === fullName.toLowerCase()),
    )?.number;
  };
  const forCommit = await octokit.request('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', {
    ...repository,
    commit_sha: lookup.sha,
    per_page: 100,
  });
  const found = pick(forCommit.data, 'GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls');
  if (found !== undefined) return found;
  const fromFork = lookup.headRepository && lookup.headRepository.toLowerCase() !== fullName.toLowerCase();
  if (!fromFork || !lookup.headOwner || !lookup.headBranch) return undefined;
  const fromBranch = await octokit.request('GET /repos/{owner}/{repo}/pulls', {
    ...repository,
    state: 'open',
    head: `${lookup.headOwner}:${lookup.headBranch}`,
    per_page: 100,
  });
  return pick(fromBranch.data, 'GET /repos/{owner}/{repo}/pulls');
}
