import { commitUnderTest, readEventPayload } from './event.js';

/** What the check run needs from the runner's environment, read without loading Octokit. */
export interface RunContext {
  owner: string;
  repo: string;
  /**
   * The commit under test: `commit-sha` when given; else the pull request's head on
   * pull_request events, the triggering run's head on workflow_run events, the merge group's
   * head on merge_group events, else GITHUB_SHA.
   */
  sha: string;
  /** The workflow file, where annotations point when a test has no file of its own. */
  workflowPath: string;
  serverUrl: string;
  runUrl?: string;
}

export function readRunContext(commitSha = '', env: NodeJS.ProcessEnv = process.env): RunContext | undefined {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  // Only a full commit SHA is taken from the event (src/github/event.ts); else GITHUB_SHA.
  let sha = commitUnderTest(readEventPayload(env), env.GITHUB_SHA ?? '').sha;
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
