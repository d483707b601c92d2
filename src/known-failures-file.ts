/**
 * Reading a file the workflow names from the workspace (the known-failures list; CODEOWNERS
 * later) without ever reading, or telling anything about, a file outside it: `..`, an absolute
 * path elsewhere, or a link (the file or any folder on the way) that leads out is refused with
 * the same error whether or not that outside file exists.
 */
import { constants } from 'node:fs';
import { lstat, open, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { inputProblem } from './input-rules.js';

export interface WorkspaceFileOptions {
  /** The input that named the path, for errors (`known-failures`). */
  input: string;
  /** Larger files are refused. */
  maxBytes: number;
  /** How the error for a missing file ends: what to do about it. */
  missingHint?: string;
}

/** `child` is `parent` or inside it (both absolute, normalised). */
function inside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/** Is any part of `path` below `root` a link? Stops at the first part that does not exist. */
async function linkOnTheWay(root: string, path: string): Promise<boolean> {
  let at = root;
  for (const part of relative(root, path).split(sep)) {
    at = resolve(at, part);
    try {
      if ((await lstat(at)).isSymbolicLink()) return true;
    } catch {
      return false;
    }
  }
  return false;
}

/**
 * The text of `requested` (relative to `workspace`, or absolute inside it), read as UTF-8.
 * Throws an InputError naming `options.input` when the path leads outside the workspace, when the
 * file does not exist (with `missingHint`), is not a regular file, or is larger than `maxBytes`.
 */
export async function readWorkspaceFile(workspace: string, requested: string, options: WorkspaceFileOptions): Promise<string> {
  const { input, maxBytes } = options;
  const outside = (): never =>
    inputProblem(input, `must name a file inside the workspace (GITHUB_WORKSPACE), through links too: '${requested}' leads outside it`);
  const root = resolve(workspace);
  const wanted = resolve(root, requested);
  // Refused before the file system is asked anything about a path outside.
  if (!inside(root, wanted)) outside();

  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    return inputProblem(input, `names '${requested}', but the workspace ${root} does not exist${hint(options)}`);
  }
  let real: string;
  try {
    real = await realpath(wanted);
  } catch (error) {
    // A dangling link may point anywhere: whether its target exists outside is not told.
    if (errorCode(error) === 'ENOENT' && !(await linkOnTheWay(root, wanted))) {
      return inputProblem(input, `names '${requested}', which is not in the workspace${hint(options)}`);
    }
    return outside();
  }
  if (!inside(realRoot, real)) outside();

  const info = await stat(real);
  if (!info.isFile()) inputProblem(input, `names '${requested}', which is not a file`);
  if (info.size > maxBytes) inputProblem(input, `names '${requested}', which is larger than ${formatBytes(maxBytes)}`);
  // Non-blocking: a FIFO swapped in after the check cannot stall the step.
  const handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) inputProblem(input, `names '${requested}', which is larger than ${formatBytes(maxBytes)}`);
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    await handle.close();
  }
}

const hint = (options: WorkspaceFileOptions) => (options.missingHint ? `: ${options.missingHint}` : '');

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

/** What the known-failures list's missing-file error says to do. */
export const KNOWN_FAILURES_MISSING_HINT = 'check out the repository first (actions/checkout) so that the list is in the workspace';
