/**
 * Gathers what locating failed tests needs (contract: "Source locations and owners") — the
 * tracked files at the commit under test and CODEOWNERS — then hands it to the pure analysis.
 * Never changes a verdict and never throws: anything missing is a warning and no location.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { CODEOWNERS_MAX_BYTES, parseCodeOwners, type CodeOwners } from './analysis/codeowners.js';
import { indexTrackedFiles } from './analysis/locate.js';
import { locateFailedTests } from './analysis/source-locations.js';
import { readFirstFile } from './github/contents.js';
import { readRunContext, type RunContext } from './github/context.js';
import { createOctokit, type GitHubClient } from './github/octokit.js';
import { readTreeFiles } from './github/trees.js';
import type { Log } from './log.js';
import type { NormalizedReport } from './report.js';
import { readGitTrackedFiles } from './repo/tracked-files.js';

/** All of locating's GitHub requests (the tree walk, CODEOWNERS) end within this. */
export const LOCATE_DEADLINE_MS = 60_000;
export const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;
/** Events whose workspace may hold a pull request's files while the workflow is trusted. */
const TRUSTED_EVENTS = new Set(['pull_request_target', 'workflow_run']);
const PERMISSION_HINT = 'The workflow needs `permissions: contents: read` to locate failed tests';

export interface LocateOptions {
  enabled: boolean;
  token: string;
  /** `commit-sha`; empty: detected from the event. */
  commitSha: string;
  log: Log;
  env?: NodeJS.ProcessEnv;
}

/**
 * The reports with their failed tests located, in the same order. The tracked files and
 * CODEOWNERS are read once, and only when some report has a failed test.
 */
export async function locateFailures(reports: readonly NormalizedReport[], options: LocateOptions): Promise<NormalizedReport[]> {
  if (!options.enabled || !reports.some((r) => r.needsAttention.some((t) => t.status === 'failed'))) return [...reports];
  const env = options.env ?? process.env;
  const context = readRunContext(options.commitSha, env);
  if (!context) return [...reports];
  try {
    let octokit: Promise<GitHubClient> | undefined;
    const github = () =>
      (octokit ??= createOctokit({
        token: options.token,
        purpose: 'locating failed tests',
        warn: options.log.warning,
        deadline: Date.now() + LOCATE_DEADLINE_MS,
      }));
    const [paths, codeOwners] = await Promise.all([
      trackedFiles(context, env.GITHUB_WORKSPACE, github, options.log),
      readCodeOwners(context, env, github, options.log),
    ]);
    if (!paths) return [...reports];
    const index = indexTrackedFiles(paths);
    const blobBase = `${context.serverUrl}/${context.owner}/${context.repo}/blob/${context.sha}`;
    return reports.map((report) => ({
      ...report,
      needsAttention: locateFailedTests(report.needsAttention, { index, blobBase, codeOwners }),
    }));
  } catch (error) {
    options.log.warning(`Could not locate the failed tests: ${error instanceof Error ? error.message : String(error)}`);
    return [...reports];
  }
}

/** `git ls-files` when the workspace is a checkout of the commit, else the Git Trees API. */
async function trackedFiles(
  context: RunContext,
  workspace: string | undefined,
  github: () => Promise<GitHubClient>,
  log: Log,
): Promise<string[] | undefined> {
  if (workspace) {
    const git = await readGitTrackedFiles({ workspace, sha: context.sha });
    if (git.kind === 'files') return git.paths;
    log.debug(`Tracked files not read with git: ${git.reason}.`);
  }
  const tree = await readTreeFiles({ octokit: await github(), owner: context.owner, repo: context.repo, sha: context.sha });
  switch (tree.kind) {
    case 'files':
      log.info(`Read ${tree.paths.length} tracked files of ${context.sha.slice(0, 12)} (${tree.requests} GitHub requests).`);
      return tree.paths;
    case 'incomplete':
      // A unique match among some of the files proves nothing: no guess is ever made.
      log.warning(
        `The repository's tree at ${context.sha.slice(0, 12)} is too large to list in ${tree.requests} requests; failed tests are not located (check out the commit so that git lists its files).`,
      );
      return undefined;
    case 'no-access':
      log.warning(`${PERMISSION_HINT} (${tree.message}); annotations stay on the workflow file. The verdict is unchanged.`);
      return undefined;
    case 'too-large':
    case 'failed':
      log.warning(`Could not list the repository's files (${tree.message}); failed tests are not located. The verdict is unchanged.`);
      return undefined;
  }
}

/**
 * The first CODEOWNERS that exists: from the workspace, else the contents API at the commit;
 * on pull_request_target and workflow_run events always the default branch's, so a pull
 * request cannot name its own owners.
 */
async function readCodeOwners(
  context: RunContext,
  env: NodeJS.ProcessEnv,
  github: () => Promise<GitHubClient>,
  log: Log,
): Promise<CodeOwners | undefined> {
  const trusted = TRUSTED_EVENTS.has(env.GITHUB_EVENT_NAME ?? '');
  if (!trusted && env.GITHUB_WORKSPACE) {
    for (const path of CODEOWNERS_PATHS) {
      const text = await readWorkspaceFile(env.GITHUB_WORKSPACE, path);
      if (text !== undefined) return parsed(text, path, log);
    }
  }
  const found = await readFirstFile(
    {
      octokit: await github(),
      owner: context.owner,
      repo: context.repo,
      maxBytes: CODEOWNERS_MAX_BYTES,
      ...(trusted ? {} : { ref: context.sha }),
    },
    CODEOWNERS_PATHS,
  );
  if (found.result.kind === 'file') return parsed(found.result.text, found.path ?? 'CODEOWNERS', log);
  if (found.result.kind === 'not-found' || found.result.kind === 'not-a-file') return undefined;
  // The tree read warns about a missing permission; CODEOWNERS only says what it could not read.
  log.warning(`Could not read CODEOWNERS (${found.result.message}); owners are not shown.`);
  return undefined;
}

function parsed(text: string, path: string, log: Log): CodeOwners | undefined {
  const owners = parseCodeOwners(text);
  if (owners.tooLarge) {
    log.warning(`${path} is 3 MB or larger, which GitHub does not load either; owners are not shown.`);
    return undefined;
  }
  if (owners.skipped.length > 0) {
    const first = owners.skipped[0]!;
    log.info(`${path}: ${owners.skipped.length} lines skipped as GitHub skips them (line ${first.line}: ${first.reason}).`);
  }
  return owners;
}

/** A regular file inside the workspace (through links too), or undefined. */
async function readWorkspaceFile(workspace: string, path: string): Promise<string | undefined> {
  try {
    const root = await realpath(workspace);
    const real = await realpath(join(root, path));
    if (!real.startsWith(root + sep)) return undefined;
    const info = await stat(real);
    if (!info.isFile() || info.size >= CODEOWNERS_MAX_BYTES) return undefined;
    const text = await readFile(real, 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}
