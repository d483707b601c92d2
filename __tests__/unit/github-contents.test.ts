// The tracked-files and contents clients, in-process against the loopback fake GitHub, whose
// tree and contents answers are checked against GitHub's OpenAPI description (`using` fails the
// test on any mismatch). And the git ls-files reader against real temporary repositories.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { readFileContents, readFirstFile } from '../../src/github/contents.js';
import { createOctokit } from '../../src/github/octokit.js';
import { readTreeFiles } from '../../src/github/trees.js';
import { readGitTrackedFiles } from '../../src/repo/tracked-files.js';
import { startFakeGitHub } from '../../test-support/fakes/github.mjs';
import { responseBodyErrors } from '../../test-support/openapi.mjs';
import { using } from '../e2e/helpers.js';

const SHA = 'c'.repeat(40);
const repo = { owner: 'octo-org', repo: 'shop' };
const octokitFor = (baseUrl: string) =>
  createOctokit({ token: 'ghs_test', purpose: 'the test', warn: () => undefined, deadline: Date.now() + 30_000, baseUrl });

/** 5 top folders × 4 sub-folders × 5 files, and two files at the root: 102 files, 127 tree entries. */
const manyFiles = [
  'README.md',
  '.github/CODEOWNERS',
  ...Array.from({ length: 5 }, (_, a) =>
    Array.from({ length: 4 }, (_, b) => Array.from({ length: 5 }, (_, c) => `pkg${a}/mod${b}/file${c}.ts`)).flat(),
  ).flat(),
];

describe('tracked files by the Git Trees API', () => {
  test('one recursive read when the tree is not truncated; blobs only', async () => {
    await using(startFakeGitHub(), async (github) => {
      github.setCommit(SHA, ['src/cart.ts', 'src/cart.test.ts', 'README.md']);
      const result = await readTreeFiles({ octokit: await octokitFor(github.url), ...repo, sha: SHA });
      expect(result).toEqual({ kind: 'files', paths: ['README.md', 'src/cart.test.ts', 'src/cart.ts'], requests: 1 });
      expect(github.contentRequests().map((r) => r.url)).toEqual([`/repos/octo-org/shop/git/trees/${SHA}?recursive=1`]);
    });
  });

  test('a truncated tree is walked by subtree, and every file is found', async () => {
    await using(startFakeGitHub({ recursiveTreeLimit: 40 }), async (github) => {
      github.setCommit(SHA, manyFiles);
      const result = await readTreeFiles({ octokit: await octokitFor(github.url), ...repo, sha: SHA });
      expect(result.kind).toBe('files');
      expect(result.kind === 'files' && result.paths).toEqual([...manyFiles].sort());
      // The truncated read, the root alone, then each of the 6 top folders recursively (25 entries each).
      expect(result.requests).toBe(8);
      expect(github.contentRequests()).toHaveLength(8);
    });
  });

  test('a subtree that is truncated too is read by its own subtrees', async () => {
    await using(startFakeGitHub({ recursiveTreeLimit: 10 }), async (github) => {
      github.setCommit(SHA, manyFiles);
      const result = await readTreeFiles({ octokit: await octokitFor(github.url), ...repo, sha: SHA });
      expect(result.kind === 'files' && result.paths).toEqual([...manyFiles].sort());
      // 1 truncated + root + 6 folders recursively + the 5 truncated ones alone + 20 sub-folders = 33.
      expect(result.requests).toBe(33);
    });
  });

  test('the walk stops at the request bound and says the list is incomplete', async () => {
    await using(startFakeGitHub({ recursiveTreeLimit: 10 }), async (github) => {
      github.setCommit(SHA, manyFiles);
      const result = await readTreeFiles({ octokit: await octokitFor(github.url), ...repo, sha: SHA, maxRequests: 12 });
      expect(result.kind).toBe('incomplete');
      expect(result.requests).toBe(12);
      expect(github.contentRequests()).toHaveLength(12);
    });
  });

  test('403 and 404 are no access; a rate limit is not', async () => {
    await using(startFakeGitHub({ contentsForbidden: true }), async (github) => {
      const result = await readTreeFiles({ octokit: await octokitFor(github.url), ...repo, sha: SHA });
      expect(result).toMatchObject({ kind: 'no-access', status: 403, requests: 1 });
    });
    await using(startFakeGitHub(), async (github) => {
      const octokit = await octokitFor(github.url);
      expect(await readTreeFiles({ octokit, ...repo, sha: SHA })).toMatchObject({ kind: 'no-access', status: 404 });
      github.setCommit(SHA, ['a.ts']);
      github.inject(/git\/trees/, {
        status: 403,
        headers: { 'retry-after': '3600' },
        json: { message: 'You have exceeded a secondary rate limit.' },
      });
      expect(await readTreeFiles({ octokit, ...repo, sha: SHA })).toMatchObject({ kind: 'failed' });
    });
  });

  test('an answer over the body cap is not read', async () => {
    await using(startFakeGitHub(), async (github) => {
      github.setCommit(SHA, manyFiles);
      const result = await readTreeFiles({ octokit: await octokitFor(github.url), ...repo, sha: SHA, maxBodyBytes: 2048 });
      expect(result).toMatchObject({ kind: 'too-large', requests: 1 });
      expect(result.kind === 'too-large' && result.message).toContain('larger than 2 KiB');
    });
  });

  test('an answer of another shape names the field', async () => {
    await using(startFakeGitHub(), async (github) => {
      github.inject(/git\/trees/, { json: { sha: 'x', truncated: false, tree: [{ path: 'a', mode: '100644', type: 'blob' }] } });
      const result = await readTreeFiles({ octokit: await octokitFor(github.url), ...repo, sha: SHA });
      expect(result.kind === 'failed' && result.message).toContain('tree[0].sha');
    });
  });
});

describe('a file by the contents API', () => {
  test('base64 in JSON, at the ref asked for', async () => {
    await using(startFakeGitHub(), async (github) => {
      github.setCommit('a'.repeat(40), { '.github/CODEOWNERS': '* @old\n' });
      github.setCommit(SHA, { '.github/CODEOWNERS': '\uFEFF* @acme/everyone\n/src/ @acme/cart\n' }, { defaultBranch: false });
      const octokit = await octokitFor(github.url);
      expect(await readFileContents({ octokit, ...repo, path: '.github/CODEOWNERS', ref: SHA })).toEqual({
        kind: 'file',
        text: '* @acme/everyone\n/src/ @acme/cart\n',
      });
      // Without a ref: the default branch's.
      expect(await readFileContents({ octokit, ...repo, path: '.github/CODEOWNERS' })).toEqual({ kind: 'file', text: '* @old\n' });
    });
  });

  test('over 1 MB: read again raw, still within the cap', async () => {
    await using(startFakeGitHub(), async (github) => {
      const big = `${'# padding\n'.repeat(150_000)}* @acme/all\n`;
      github.setCommit(SHA, { CODEOWNERS: big });
      const octokit = await octokitFor(github.url);
      expect(await readFileContents({ octokit, ...repo, path: 'CODEOWNERS', ref: SHA, maxBytes: 3 * 1024 * 1024 })).toEqual({
        kind: 'file',
        text: big,
      });
      expect(github.contentRequests().map((r) => r.headers.accept)).toEqual([
        expect.not.stringContaining('raw'),
        expect.stringContaining('raw'),
      ]);
      expect(await readFileContents({ octokit, ...repo, path: 'CODEOWNERS', ref: SHA, maxBytes: 1024 * 1024 })).toMatchObject({
        kind: 'too-large',
      });
    });
  });

  test('missing, a directory, forbidden', async () => {
    await using(startFakeGitHub(), async (github) => {
      github.setCommit(SHA, { 'docs/guide.md': 'x' });
      const octokit = await octokitFor(github.url);
      expect(await readFileContents({ octokit, ...repo, path: 'CODEOWNERS', ref: SHA })).toEqual({ kind: 'not-found' });
      expect(await readFileContents({ octokit, ...repo, path: 'docs', ref: SHA })).toEqual({ kind: 'not-a-file', type: 'dir' });
    });
    await using(startFakeGitHub({ contentsForbidden: true }), async (github) => {
      const octokit = await octokitFor(github.url);
      expect(await readFileContents({ octokit, ...repo, path: 'CODEOWNERS', ref: SHA })).toMatchObject({ kind: 'no-access', status: 403 });
    });
  });

  test('the first CODEOWNERS that exists', async () => {
    await using(startFakeGitHub(), async (github) => {
      github.setCommit(SHA, { CODEOWNERS: '* @root\n', 'docs/CODEOWNERS': '* @docs\n' });
      const octokit = await octokitFor(github.url);
      const found = await readFirstFile({ octokit, ...repo, ref: SHA }, ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS']);
      expect(found).toEqual({ path: 'CODEOWNERS', result: { kind: 'file', text: '* @root\n' } });
      expect(github.contentRequests()).toHaveLength(2);
      const none = await readFirstFile({ octokit, ...repo, ref: SHA }, ['.github/CODEOWNERS', 'x/CODEOWNERS']);
      expect(none).toEqual({ path: undefined, result: { kind: 'not-found' } });
    });
  });
});

test("the fake's answers are checked against GitHub's description (the check can fail)", () => {
  expect(responseBodyErrors('GET', '/repos/o/r/git/trees/abc', 200, { sha: 'x', truncated: false, tree: [{ path: 'a' }] })).toContain(
    "GET /repos/{owner}/{repo}/git/trees/{tree_sha} 200: answer/tree/0 must have required property 'sha'",
  );
  expect(responseBodyErrors('GET', '/repos/o/r/contents/x', 200, { type: 'file', size: 1 }).length).toBeGreaterThan(0);
});

describe('tracked files by git ls-files', () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], {
      cwd,
      encoding: 'utf8',
    }).trim();

  test('a checkout of the commit under test lists its files; another commit or no checkout does not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracked-'));
    try {
      git(dir, 'init', '-q');
      mkdirSync(join(dir, 'src'));
      writeFileSync(join(dir, 'src', 'cart test.ts'), 'x');
      writeFileSync(join(dir, 'README.md'), 'x');
      writeFileSync(join(dir, 'untracked.txt'), 'x');
      git(dir, 'add', 'src', 'README.md');
      git(dir, 'commit', '-q', '-m', 'one');
      const head = git(dir, 'rev-parse', 'HEAD');
      expect(await readGitTrackedFiles({ workspace: dir, sha: head })).toEqual({ kind: 'files', paths: ['README.md', 'src/cart test.ts'] });
      // From a sub-folder, the paths are still the repository's.
      expect(await readGitTrackedFiles({ workspace: join(dir, 'src'), sha: head.toUpperCase() })).toMatchObject({ kind: 'files' });
      expect(await readGitTrackedFiles({ workspace: dir, sha: 'd'.repeat(40) })).toMatchObject({
        kind: 'unavailable',
        reason: expect.stringContaining('not at dddddddddddd'),
      });
      expect(await readGitTrackedFiles({ workspace: dir, sha: head, maxBytes: 8 })).toMatchObject({
        kind: 'unavailable',
        reason: 'git ls-files failed (its output was over the cap)',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const empty = mkdtempSync(join(tmpdir(), 'not-a-repo-'));
    try {
      expect(await readGitTrackedFiles({ workspace: empty, sha: SHA })).toMatchObject({ kind: 'unavailable' });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
