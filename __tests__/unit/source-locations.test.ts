import { describe, expect, test } from '@jest/globals';
import { parseCodeOwners } from '../../src/analysis/codeowners.js';
import { indexTrackedFiles } from '../../src/analysis/locate.js';
import { blobUrl, locateFailedTests, ownersOfFailures } from '../../src/analysis/source-locations.js';
import type { TestResult } from '../../src/report.js';

const BASE = 'https://github.com/o/r/blob/abc';

describe('locateFailedTests', () => {
  const index = indexTrackedFiles(['src/cart.test.ts', 'src/a b#c.ts', 'docs/x.md']);
  const codeOwners = parseCodeOwners('* @o/all\nsrc/ @o/cart @carol\n');

  test('a failed test gets its tracked path, line, blob link and owners; other statuses stay as they are', () => {
    const tests: TestResult[] = [
      { name: 'f', status: 'failed', message: 'at (src/cart.test.ts:9:1)' },
      { name: 'o', status: 'other', message: 'at (src/cart.test.ts:9:1)' },
      { name: 'g', status: 'failed', file: 'docs/x.md' },
      { name: 'h', status: 'failed', message: 'nothing here' },
    ];
    const [f, o, g, h] = locateFailedTests(tests, { index, blobBase: BASE, codeOwners });
    expect(f).toMatchObject({
      location: { path: 'src/cart.test.ts', line: 9, url: `${BASE}/src/cart.test.ts#L9` },
      owners: ['@o/cart', '@carol'],
    });
    expect(o).toBe(tests[1]);
    // Only the file is known: linked at line 1, annotation line left to the writer.
    expect(g).toMatchObject({ location: { path: 'docs/x.md', url: `${BASE}/docs/x.md#L1` }, owners: ['@o/all'] });
    expect(g!.location!.line).toBeUndefined();
    expect(h).toBe(tests[3]);
  });

  test('without CODEOWNERS there are no owners', () => {
    const [f] = locateFailedTests([{ name: 'f', status: 'failed', file: 'src/cart.test.ts', line: 3 }], { index, blobBase: BASE });
    expect(f!.location).toBeDefined();
    expect(f!.owners).toBeUndefined();
  });

  test('a tracked name with spaces or # cannot break the link', () => {
    expect(blobUrl(BASE, 'src/a b#c.ts', 4)).toBe(`${BASE}/src/a%20b%23c.ts#L4`);
  });
});

describe('ownersOfFailures', () => {
  test('each owner maps to their failed tests, in order; passed tests and unowned failures add nothing', () => {
    const tests: TestResult[] = [
      { name: 'a', status: 'failed', owners: ['@x', '@y'] },
      { name: 'b', status: 'failed' },
      { name: 'c', status: 'failed', owners: ['@y'] },
      { name: 'd', status: 'other', owners: ['@z'] },
    ];
    expect(ownersOfFailures(tests)).toEqual({ '@x': ['a'], '@y': ['a', 'c'] });
    expect(ownersOfFailures([])).toEqual({});
  });
});
