import { startFakeGitHub } from '../../test-support/fakes/github.mjs';

export type FakeGitHub = Awaited<ReturnType<typeof startFakeGitHub>>;

/** Starts a fake server for one test and always closes it. */
export async function using<S extends { close(): Promise<void> }, T>(start: Promise<S>, fn: (server: S) => Promise<T>): Promise<T> {
  const server = await start;
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

export function errorCommands(stdout: string): string[] {
  return stdout.split('\n').filter((l) => l.startsWith('::error')).map((l) => l.replace(/^::error[^:]*::/, ''));
}
