import type { CheckAnnotation } from './annotations.js';
import type { RunContext } from './context.js';

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
}

export type CheckRunOutcome =
  | { kind: 'created'; id: number; url: string; requests: number }
  | { kind: 'forbidden'; message: string }
  | { kind: 'failed'; message: string };

/**
 * Creates the check run, completed, with the first 50 annotations, then appends the rest 50 at a
 * time: GitHub takes at most 50 per request. Octokit's retry and throttling plugins handle 5xx
 * and rate limits. Octokit is loaded only here, so runs without a check run start faster.
 */
export async function publishCheckRun(request: CheckRunRequest): Promise<CheckRunOutcome> {
  const [{ getOctokit }, { retry }, { throttling }] = await Promise.all([
    import('@actions/github'),
    import('@octokit/plugin-retry'),
    import('@octokit/plugin-throttling'),
  ]);
  const octokit = getOctokit(
    request.token,
    {
      throttle: {
        onRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => {
          request.warn(`GitHub rate limit hit; retrying the check run request in ${retryAfter} s.`);
          return retryCount < 2;
        },
        onSecondaryRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => {
          request.warn(`GitHub secondary rate limit hit; retrying the check run request in ${retryAfter} s.`);
          return retryCount < 2;
        },
      },
    },
    retry,
    throttling,
  );
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
    return { kind: 'created', id: created.data.id, url: created.data.html_url ?? '', requests };
  } catch (error) {
    const status = (error as { status?: number }).status;
    const message = error instanceof Error ? error.message : String(error);
    if (status === 403) return { kind: 'forbidden', message: `HTTP ${status}: ${message}` };
    return { kind: 'failed', message: status ? `HTTP ${status}: ${message}` : message };
  }
}
