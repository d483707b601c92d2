import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { MAX_BODY_BYTES } from '../http/provider-http.js';

const run = promisify(execFile);

/** Each git command ends within this. */
export const GIT_TIMEOUT_MS = 30_000;

export type GitTrackedFiles =
  | { kind: 'files'; paths: string[] }
  /** Not a checkout of that commit, no git, or git failed: read the Git Trees API instead. */
  | { kind: 'unavailable'; reason: string };

export interface GitTrackedFilesRequest {
  /** GITHUB_WORKSPACE. */
  workspace: string;
  /** The commit under test: the checkout's HEAD must be it. */
  sha: string;
  timeoutMs?: number;
  /** Cap on git's output; default the 64 MiB body cap. */
  maxBytes?: number;
}

/**
 * The files tracked at the commit under test, from the workspace's own checkout when its HEAD is
 * that commit: `git ls-files -z` at the top of the work tree. Bounded in time and output; git is
 * told not to run an fsmonitor hook and not to prompt.
 */
export async function readGitTrackedFiles(request: GitTrackedFilesRequest): Promise<GitTrackedFiles> {
  const timeout = request.timeoutMs ?? GIT_TIMEOUT_MS;
  const git = (args: string[], cwd: string, maxBuffer: number) =>
    run('git', ['-c', 'core.fsmonitor=false', '-c', 'core.quotePath=false', ...args], {
      cwd,
      timeout,
      maxBuffer,
      encoding: 'utf8',
      windowsHide: true,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
    });
  let top: string;
  try {
    const { stdout } = await git(['rev-parse', '--show-toplevel', 'HEAD'], request.workspace, 64 * 1024);
    const [toplevel, head] = stdout.trim().split('\n');
    if (!toplevel || !head) return { kind: 'unavailable', reason: 'git rev-parse gave no work tree or HEAD' };
    if (head.trim().toLowerCase() !== request.sha.toLowerCase()) {
      return {
        kind: 'unavailable',
        reason: `the workspace is checked out at ${head.trim().slice(0, 12)}, not at ${request.sha.slice(0, 12)}`,
      };
    }
    top = toplevel.trim();
  } catch (error) {
    return { kind: 'unavailable', reason: `the workspace is not a git checkout (${describe(error)})` };
  }
  try {
    const { stdout } = await git(['ls-files', '-z'], top, request.maxBytes ?? MAX_BODY_BYTES);
    return { kind: 'files', paths: stdout.split('\0').filter((p) => p !== '') };
  } catch (error) {
    return { kind: 'unavailable', reason: `git ls-files failed (${describe(error)})` };
  }
}

function describe(error: unknown): string {
  const e = error as { code?: unknown; killed?: boolean; signal?: unknown; message?: string };
  if (e.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return 'its output was over the cap';
  if (e.killed || e.signal) return 'it did not finish in time';
  if (e.code === 'ENOENT') return 'git is not installed';
  return String(e.message ?? error).split('\n')[0] ?? 'unknown error';
}
