import type { CheckAnnotation } from './annotations.js';
import { githubWebUrl } from './web-url.js';
import type { RunContext } from './context.js';
import { createOctokit, describeGitHubError } from './octokit.js';

export const ANNOTATIONS_PER_REQUEST = 50;
/** GitHub's limit for a check run's summary and text. */
export const CHECK_TEXT_MAX = 65535;

export interface CheckRunRequest {
  token: string;
  name: string;
  context: RunContext;
  conclusion: 'success' | 'failure';
  title: string;
  summary: string;
  annotations: CheckAnnotation[];
  detailsUrl?: string;
  warn: (message: string) => void;
  /** Epoch ms by which every request has ended, retries and rate-limit waits included. */
  deadline: number;
  requestTimeoutMs?: number;
}

export type CheckRunOutcome =
  /** `url`: undefined when GitHub gave no usable address (see githubWebUrl). */
  | { kind: 'created'; id: number; url?: string; requests: number }
  | { kind: 'forbidden'; message: string }
  | { kind: 'failed'; message: string };

/**
 * Creates the check run, completed, with the first 50 annotations, then appends the rest 50 at a
 * time: GitHub takes at most 50 per request. Octokit's retry and throttling plugins handle 5xx
 * and rate limits, within bounds (github/octokit.ts).
 */
export async function publishCheckRun(request: CheckRunRequest): Promise<CheckRunOutcome> {
  const octokit = await createOctokit({
    token: request.token,
    purpose: 'the check run',
    warn: request.warn,
    deadline: request.deadline,
    requestTimeoutMs: request.requestTimeoutMs,
  });
  const { owner, repo, sha } = request.context;
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < request.annotations.length; i += ANNOTATIONS_PER_REQUEST) {
    batches.push(request.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  }
  const output = (annotations: CheckAnnotation[] | undefined) => ({
    title: request.title,
    summary: request.summary,
    ...(annotations ? { annotations } : {}),
  });
  let requests = 0;
  try {
    requests++;
    const created = await octokit.rest.checks.create({
      owner,
      repo,
      name: request.name,
      head_sha: sha,
      status: 'completed',
      conclusion: request.conclusion,
      completed_at: new Date().toISOString(),
      ...(request.detailsUrl ? { details_url: request.detailsUrl } : {}),
      output: output(batches[0]),
    });
    for (const batch of batches.slice(1)) {
      requests++;
      await octokit.rest.checks.update({ owner, repo, check_run_id: created.data.id, output: output(batch) });
    }
    return { kind: 'created', id: created.data.id, url: githubWebUrl.parse(created.data.html_url), requests };
  } catch (error) {
    const { status, message } = describeGitHubError(error);
    return { kind: status === 403 ? 'forbidden' : 'failed', message };
  }
}
