import { describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useFakeGitHub } from './helpers.js';
import { baselineSetups } from '../../test-support/baseline-setups.mjs';
import { runAction, ROOT } from '../../test-support/run-action.mjs';

/**
 * The summary against a baseline (and, where the provider keeps it, two runs of history), per
 * provider, kept as golden files beside the plain ones. UPDATE_GOLDEN=1 rewrites them.
 */
function normalize(markdown: string): string {
  return markdown
    .replace(/http:\/\/127\.0\.0\.1:\d+/g, 'https://provider.example')
    .replace(/ at \d{4}-\d\d-\d\d \d\d:\d\d UTC/g, ' at 2026-11-23 09:00 UTC');
}

describe('job summary golden files with a baseline, per provider', () => {
  const github = useFakeGitHub();

  test.each(Object.keys(baselineSetups))('%s', async (provider) => {
    const setup = await baselineSetups[provider]!();
    try {
      const r = await runAction({ inputs: setup.inputs, githubApiUrl: github().url });
      const file = join(ROOT, '__tests__', 'golden', `summary-${provider}-baseline.md`);
      const actual = normalize(r.summary);
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
      if (!existsSync(file)) throw new Error(`${file} is missing: run UPDATE_GOLDEN=1 npm test and review it.`);
      expect(actual).toBe(readFileSync(file, 'utf8'));
      expect(r.outputs['baseline-id']).not.toBe('');
    } finally {
      await setup.server.close();
    }
  });
});
