/**
 * Reading the `known-failures` list named by a path, before any provider request: from the
 * workspace, or — on pull_request_target and workflow_run events, whose workspace may hold a pull
 * request's files while the workflow is trusted — from the default branch through the contents
 * API, so a pull request can never quarantine its own failures.
 */
import { posix } from 'node:path';
import { KNOWN_FAILURES_MAX_BYTES, parseKnownFailures, type KnownFailureEntry } from './analysis/known-failures.js';
import { readFileContents } from './github/contents.js';
import { createOctokit } from './github/octokit.js';
import { inputProblem } from './input-rules.js';
import { KNOWN_FAILURES_MISSING_HINT, readWorkspaceFile } from './known-failures-file.js';
import type { KnownFailuresSource } from './settings.js';

const INPUT = 'known-failures';
/** Events whose workspace a pull request may have filled while the workflow runs with trust. */
export const DEFAULT_BRANCH_EVENTS = new Set(['pull_request_target', 'workflow_run']);
/** How long reading the list from GitHub may take in all. */
const CONTENTS_DEADLINE_MS = 60_000;

export interface LoadOptions {
  env: NodeJS.ProcessEnv;
  githubToken: string;
  warn: (message: string) => void;
}

/** The list's entries; throws an InputError for anything wrong with it or its path. */
export async function loadKnownFailures(list: KnownFailuresSource, options: LoadOptions): Promise<KnownFailureEntry[]> {
  if (list.kind === 'none') return [];
  if (list.kind === 'inline') return list.entries;
  const { env } = options;
  if (DEFAULT_BRANCH_EVENTS.has(env.GITHUB_EVENT_NAME ?? '')) return parseKnownFailures(await fromDefaultBranch(list.path, options), INPUT);
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const text = await readWorkspaceFile(workspace, list.path, {
    input: INPUT,
    maxBytes: KNOWN_FAILURES_MAX_BYTES,
    missingHint: KNOWN_FAILURES_MISSING_HINT,
  });
  return parseKnownFailures(text, INPUT);
}

/** The path as the repository names it (`./a/b.yml` → `a/b.yml`); outside it is refused. */
export function repositoryPath(requested: string): string {
  const normal = posix.normalize(requested.replace(/\\/g, '/'));
  if (posix.isAbsolute(normal) || normal === '..' || normal.startsWith('../') || normal === '.')
    inputProblem(INPUT, `must name a file inside the repository, got '${requested}'`);
  return normal;
}

async function fromDefaultBranch(requested: string, options: LoadOptions): Promise<string> {
  const path = repositoryPath(requested);
  const event = options.env.GITHUB_EVENT_NAME;
  const [owner, repo] = (options.env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) inputProblem(INPUT, `is read from the default branch on ${event} events, and GITHUB_REPOSITORY is not set`);
  const octokit = await createOctokit({
    token: options.githubToken,
    purpose: 'the known-failures list',
    warn: options.warn,
    deadline: Date.now() + CONTENTS_DEADLINE_MS,
  });
  // No ref: the contents API answers from the default branch.
  const result = await readFileContents({ octokit, owner: owner!, repo: repo!, path, maxBytes: KNOWN_FAILURES_MAX_BYTES });
  const where = `on the default branch of ${owner}/${repo} (on ${event} events the list is read from there, so a pull request cannot change it)`;
  switch (result.kind) {
    case 'file':
      return result.text;
    case 'not-found':
      return inputProblem(INPUT, `names '${path}', which is not ${where}`);
    case 'not-a-file':
      return inputProblem(INPUT, `names '${path}', which is not a file ${where}`);
    case 'too-large':
      return inputProblem(INPUT, `names '${path}', which is larger than 1 MiB ${where}`);
    case 'no-access':
      return inputProblem(INPUT, `names '${path}', which could not be read ${where}: the workflow needs \`permissions: contents: read\``);
    default:
      return inputProblem(INPUT, `names '${path}', which could not be read ${where}: ${result.message}`);
  }
}
