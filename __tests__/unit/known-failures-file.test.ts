import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/errors.js';
import { KNOWN_FAILURES_MISSING_HINT, readWorkspaceFile } from '../../src/known-failures-file.js';

// A workspace with a list, and a secret file beside it (outside) that must never show.
let root: string;
let workspace: string;
const SECRET = 'top-secret-contents-of-an-outside-file';
const options = { input: 'known-failures', maxBytes: 1024, missingHint: KNOWN_FAILURES_MISSING_HINT };

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kf-file-'));
  workspace = join(root, 'workspace');
  mkdirSync(join(workspace, '.github', 'nested'), { recursive: true });
  writeFileSync(join(workspace, '.github', 'known-failures.yml'), '- {test: a, reason: r}\n');
  writeFileSync(join(root, 'outside.yml'), SECRET);
  mkdirSync(join(root, 'outside-dir'));
  writeFileSync(join(root, 'outside-dir', 'list.yml'), SECRET);
  writeFileSync(join(workspace, 'big.yml'), 'x'.repeat(1025));
  symlinkSync(join(workspace, '.github', 'known-failures.yml'), join(workspace, 'inside-link.yml'));
  symlinkSync(join(root, 'outside.yml'), join(workspace, 'outside-link.yml'));
  symlinkSync('../../outside.yml', join(workspace, '.github', 'relative-outside-link.yml'));
  symlinkSync(join(root, 'outside-dir'), join(workspace, 'dir-link'));
  symlinkSync(join(root, 'nothing-here.yml'), join(workspace, 'dangling-outside.yml'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function problem(requested: string): Promise<string> {
  try {
    await readWorkspaceFile(workspace, requested, options);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const message = (error as Error).message;
    expect(message).not.toContain(SECRET);
    // Where a link leads is never told (a path the workflow wrote may be echoed).
    if (!requested.startsWith(root)) expect(message).not.toContain(join(root, 'outside'));
    return message;
  }
  throw new Error(`read ${requested}`);
}

describe('readWorkspaceFile', () => {
  test('reads a file in the workspace, by a relative path, an absolute one inside, or a link inside', async () => {
    const text = '- {test: a, reason: r}\n';
    expect(await readWorkspaceFile(workspace, '.github/known-failures.yml', options)).toBe(text);
    expect(await readWorkspaceFile(workspace, join(workspace, '.github/known-failures.yml'), options)).toBe(text);
    expect(await readWorkspaceFile(workspace, './.github/nested/../known-failures.yml', options)).toBe(text);
    expect(await readWorkspaceFile(workspace, 'inside-link.yml', options)).toBe(text);
  });

  const outside = (path: string) =>
    `Input 'known-failures' must name a file inside the workspace (GITHUB_WORKSPACE), through links too: '${path}' leads outside it.`;

  test.each([
    '../outside.yml',
    '.github/../../outside.yml',
    'outside-link.yml',
    '.github/relative-outside-link.yml',
    'dir-link/list.yml',
    'dir-link/no-such-file.yml',
    'dangling-outside.yml',
  ])('refuses %p, showing nothing of the outside file', async (path) => {
    expect(await problem(path)).toBe(outside(path));
  });

  test('an absolute path outside: the same error, whether or not the file exists', async () => {
    const there = join(root, 'outside.yml');
    const notThere = join(root, 'nothing-here.yml');
    expect(await problem(there)).toBe(outside(there));
    expect(await problem(notThere)).toBe(outside(notThere));
    expect(await problem('/etc/passwd')).toBe(outside('/etc/passwd'));
  });

  test('a missing file says to check out the repository first', async () => {
    expect(await problem('.github/none.yml')).toBe(
      `Input 'known-failures' names '.github/none.yml', which is not in the workspace: check out the repository first (actions/checkout) so that the list is in the workspace.`,
    );
    expect(await problem('no-dir/none.yml')).toMatch(/which is not in the workspace: check out the repository first/);
  });

  test('a folder, a file over the bound, a workspace that does not exist', async () => {
    expect(await problem('.github')).toBe(`Input 'known-failures' names '.github', which is not a file.`);
    expect(await problem('big.yml')).toBe(`Input 'known-failures' names 'big.yml', which is larger than 1024 bytes.`);
    await expect(readWorkspaceFile(join(root, 'no-workspace'), 'a.yml', options)).rejects.toThrow(/the workspace .* does not exist/);
  });
});
