/**
 * Gathers what locating failed tests needs (contract: "Source locations and owners") — the
 * tracked files at the commit under test and CODEOWNERS — then hands it to the pure analysis.
 * Never changes a verdict and never throws: anything missing is a warning and no location.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { CODEOWNERS_MAX_BYTES, parseCodeOwners, type CodeOwners } from './analysis/codeowners.js';
import { indexTrackedFiles } from './analysis/locate.js';
import { locateFailedTests, withOwners } from './analysis/source-locations.js';
import { readFirstFile } from './github/contents.js';
import { readRunContext, type RunContext } from './github/context.js';
import { createOctokit, type GitHubClient } from './github/octokit.js';
import { readTreeFiles } from './github/trees.js';
import type { Log } from './log.js';
import type { NormalizedReport } from './report.js';
import { readGitTrackedFiles } from './repo/tracked-files.js';

/** All of locating's GitHub requests (the tree walk, CODEOWNERS) end within this. */
export const LOCATE_DEADLINE_MS = 15_000;
export const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;
/** Events whose workspace may hold a pull request's files while the workflow is trusted. */
const TRUSTED_EVENTS = new Set(['pull_request_target', 'workflow_run']);
const PERMISSION_HINT = 'The workflow needs `permissions: contents: read` to locate failed tests';

export interface LocateOptions {
  enabled: boolean;
  token: string;
  /** `commit-sha`; empty: detected from the event. */
  commitSha: string;
  /** Each attempt's bound (`request-timeout`). */
  requestTimeoutMs?: number;
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
    // Without a token only a git checkout can be read: no request is sent.
    const github = options.token
      ? () =>
          (octokit ??= createOctokit({
            token: options.token,
            purpose: 'locating failed tests',
            warn: options.log.warning,
            deadline: Date.now() + LOCATE_DEADLINE_MS,
            requestTimeoutMs: options.requestTimeoutMs,
          }))
      : undefined;
    const paths = await trackedFiles(context, env.GITHUB_WORKSPACE, github, options.log);
    if (!paths) return [...reports];
    const index = indexTrackedFiles(paths);
    const blobBase = `${context.serverUrl}/${context.owner}/${context.repo}/blob/${context.sha}`;
    const located = reports.map((report) => locateFailedTests(report.needsAttention, { index, blobBase }));
    // Owners only matter for a located failure; the tracked files say which CODEOWNERS exists.
    const codeOwners = located.some((tests) => tests.some((t) => t.location))
      ? await readCodeOwners(context, env, index.paths, github, options.log)
      : undefined;
    return reports.map((report, i) => ({
      ...report,
      needsAttention: codeOwners ? withOwners(located[i]!, codeOwners) : located[i]!,
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
  github: (() => Promise<GitHubClient>) | undefined,
  log: Log,
): Promise<string[] | undefined> {
  if (workspace) {
    const git = await readGitTrackedFiles({ workspace, sha: context.sha });
    if (git.kind === 'files') return git.paths;
    log.debug(`Tracked files not read with git: ${git.reason}.`);
  }
  if (!github) {
    log.info('Failed tests are not located: github-token is empty and the workspace is not a checkout of the commit.');
    return undefined;
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
 * The first CODEOWNERS that exists at the commit (the tracked files say which; from the workspace
 * when it is there, else the contents API); on pull_request_target and workflow_run events always
 * the default branch's through the contents API, so a pull request cannot name its own owners.
 */
async function readCodeOwners(
  context: RunContext,
  env: NodeJS.ProcessEnv,
  tracked: ReadonlySet<string>,
  github: (() => Promise<GitHubClient>) | undefined,
  log: Log,
): Promise<CodeOwners | undefined> {
  const trusted = TRUSTED_EVENTS.has(env.GITHUB_EVENT_NAME ?? '');
  let candidates: readonly string[] = CODEOWNERS_PATHS;
  if (!trusted) {
    const path = CODEOWNERS_PATHS.find((p) => tracked.has(p));
    if (!path) return undefined;
    const text = env.GITHUB_WORKSPACE ? await readWorkspaceFile(env.GITHUB_WORKSPACE, path) : undefined;
    if (text !== undefined) return parsed(text, path, log);
    candidates = [path];
  }
  if (!github) return undefined;
  const found = await readFirstFile(
    {
      octokit: await github(),
      owner: context.owner,
      repo: context.repo,
      maxBytes: CODEOWNERS_MAX_BYTES,
      ...(trusted ? {} : { ref: context.sha }),
    },
    candidates,
  );
  if (found.result.kind === 'file') return parsed(found.result.text, found.path ?? 'CODEOWNERS', log);
  if (found.result.kind === 'not-found' || found.result.kind === 'not-a-file') return undefined;
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
