import { afterAll, afterEach, beforeAll, beforeEach, expect } from '@jest/globals';
import { startFakeGitHub } from '../../test-support/fakes/github.mjs';

export type FakeGitHub = Awaited<ReturnType<typeof startFakeGitHub>>;

/**
 * Starts a fake server for one test and always closes it. A fake GitHub must have received only
 * bodies that GitHub's OpenAPI description accepts.
 */
export async function using<S extends { close(): Promise<void> }, T>(start: Promise<S>, fn: (server: S) => Promise<T>): Promise<T> {
  const server = await start;
  try {
    const result = await fn(server);
    if ('validationErrors' in server) expect(server.validationErrors).toEqual([]);
    return result;
  } finally {
    await server.close();
  }
}

export function errorCommands(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('::error'))
    .map((l) => l.replace(/^::error[^:]*::/, ''));
}

/**
 * One fake GitHub for a describe block, reset before each test (to a repository without files); call the result to reach it.
 * After each test, every body it received must be valid by GitHub's OpenAPI description.
 */
export function useFakeGitHub(): () => FakeGitHub {
  let github: FakeGitHub | undefined;
  beforeAll(async () => {
    github = await startFakeGitHub();
  });
  afterAll(() => github?.close());
  beforeEach(() => {
    github?.reset();
    // The repository at run-action's GITHUB_SHA, with no files: locating failed tests finds
    // nothing and has nothing to warn about, unless a test stores files of its own.
    github?.setCommit('a'.repeat(40), []);
  });
  afterEach(() => {
    expect(github?.validationErrors).toEqual([]);
  });
  return () => github!;
}
