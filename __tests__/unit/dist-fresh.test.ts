import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

describe('the pretest check of dist/', () => {
  test('compares content, not modification times: a source touched later (a fresh clone) needs no rebuild', () => {
    // `npm test` ran this check first, so dist/ was bundled from these sources.
    const source = join(root, 'src', 'index.ts');
    const { atime, mtime } = statSync(source);
    const later = new Date(Date.now() + 3600_000);
    utimesSync(source, later, later);
    try {
      const check = spawnSync(process.execPath, [join(root, 'scripts', 'check-dist-fresh.mjs')], { cwd: root, encoding: 'utf8' });
      expect(check.status).toBe(0);
      expect(check.stdout).not.toContain('rebuilding');
    } finally {
      utimesSync(source, atime, mtime);
    }
    expect(readFileSync(join(root, 'dist', 'sources.sha256'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
  });
});
