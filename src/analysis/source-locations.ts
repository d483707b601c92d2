/**
 * Failed tests with their place in the repository and their code owners (contract: "Source
 * locations and owners"). Pure: the tracked files, CODEOWNERS and the commit's blob address come
 * in; the tests come out with `location` and `owners` set where a unique tracked file was found.
 */
import type { TestResult } from '../report.js';
import type { CodeOwners } from './codeowners.js';
import { locateFailure, type TrackedFileIndex } from './locate.js';

export interface LocationContext {
  index: TrackedFileIndex;
  /** `<server>/<owner>/<repo>/blob/<sha>`: a located path is linked below it. */
  blobBase: string;
  codeOwners?: CodeOwners;
}

/** `blob/<sha>/<path>#L<line>`; each path segment percent-encoded, so a tracked name cannot break the link. */
export function blobUrl(blobBase: string, path: string, line: number | undefined): string {
  return `${blobBase}/${path.split('/').map(encodeURIComponent).join('/')}#L${line ?? 1}`;
}

/** The failed tests located: other tests are returned as they are. */
export function locateFailedTests(tests: readonly TestResult[], context: LocationContext): TestResult[] {
  return tests.map((test) => {
    if (test.status !== 'failed') return test;
    const found = locateFailure(context.index, {
      file: test.file,
      line: test.line,
      texts: [test.message],
      suite: test.suite,
    });
    if (!found) return test;
    const owners = context.codeOwners?.ownersOf(found.path) ?? [];
    return {
      ...test,
      location: { path: found.path, line: found.line, url: blobUrl(context.blobBase, found.path, found.line) },
      ...(owners.length > 0 ? { owners: [...owners] } : {}),
    };
  });
}

/** `owners`: each owner → the names of their failed tests, owners in order of first appearance. */
/** The located tests given the owners of their paths. */
export function withOwners(tests: readonly TestResult[], codeOwners: CodeOwners): TestResult[] {
  return tests.map((test) => {
    if (!test.location) return test;
    const owners = codeOwners.ownersOf(test.location.path);
    return owners.length > 0 ? { ...test, owners: [...owners] } : test;
  });
}

export function ownersOfFailures(tests: Iterable<TestResult>): Record<string, string[]> {
  const byOwner = new Map<string, string[]>();
  for (const test of tests) {
    if (test.status !== 'failed') continue;
    for (const owner of test.owners ?? []) {
      const names = byOwner.get(owner);
      if (names) names.push(test.name);
      else byOwner.set(owner, [test.name]);
    }
  }
  return Object.fromEntries(byOwner);
}
