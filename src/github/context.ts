import { readFileSync } from 'node:fs';

/** What the check run needs from the runner's environment, read without loading Octokit. */
export interface RunContext {
  owner: string;
  repo: string;
  /**
   * The commit under test: `commit-sha` when given; else the pull request's head on
   * pull_request events, the triggering run's head on workflow_run events, else GITHUB_SHA.
   */
  sha: string;
  /** The workflow file, where annotations point when a test has no file of its own. */
  workflowPath: string;
  serverUrl: string;
  runUrl?: string;
}

export function readRunContext(commitSha = '', env: NodeJS.ProcessEnv = process.env): RunContext | undefined {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  let sha = env.GITHUB_SHA ?? '';
  if (env.GITHUB_EVENT_PATH) {
    try {
      const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8')) as {
        pull_request?: { head?: { sha?: unknown } };
        workflow_run?: { head_sha?: unknown };
      } | null;
      const fromEvent = event?.pull_request?.head?.sha ?? event?.workflow_run?.head_sha;
      // Only a full commit SHA is taken from the event; anything else is ignored.
      if (typeof fromEvent === 'string' && /^[0-9a-f]{40}$/i.test(fromEvent)) sha = fromEvent.toLowerCase();
    } catch {
      // No readable event: GITHUB_SHA is the commit under test.
    }
  }
  if (commitSha) sha = commitSha;
  if (!owner || !repo || !sha) return undefined;
  const serverUrl = env.GITHUB_SERVER_URL ?? 'https://github.com';
  return {
    owner,
    repo,
    sha,
    workflowPath: workflowPath(env.GITHUB_WORKFLOW_REF, `${owner}/${repo}`),
    serverUrl,
    runUrl: env.GITHUB_RUN_ID ? `${serverUrl}/${owner}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined,
  };
}

/** `octo/app/.github/workflows/ci.yml@refs/heads/main` → `.github/workflows/ci.yml`. */
export function workflowPath(workflowRef: string | undefined, repository: string): string {
  if (!workflowRef) return '.github';
  const withoutRef = workflowRef.replace(/@.*$/, '');
  return withoutRef.startsWith(`${repository}/`) ? withoutRef.slice(repository.length + 1) : withoutRef.replace(/^[^/]+\/[^/]+\//, '');
}
