import { describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useFakeGitHub } from './helpers.js';
import { demoSetups } from '../../test-support/demo-setups.mjs';
import { runAction, ROOT } from '../../test-support/run-action.mjs';
import { validate } from 'ctrf';

/**
 * The summary a user sees for each provider's sample run, kept as a golden file so that a
 * reviewer reads the rendered Markdown in the diff. UPDATE_GOLDEN=1 rewrites them.
 */
function normalize(markdown: string): string {
  return markdown
    .replace(/http:\/\/127\.0\.0\.1:\d+/g, 'https://provider.example')
    .replace(/ at \d{4}-\d\d-\d\d \d\d:\d\d UTC/g, ' at 2026-11-23 09:00 UTC');
}

describe('job summary golden files, and a valid CTRF report, per provider', () => {
  const github = useFakeGitHub();

  test.each(Object.keys(demoSetups))('%s', async (provider) => {
    const setup = await demoSetups[provider]!();
    try {
      const r = await runAction({ inputs: setup.inputs, githubApiUrl: github().url });
      const file = join(ROOT, '__tests__', 'golden', `summary-${provider}.md`);
      const actual = normalize(r.summary);
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
      if (!existsSync(file)) throw new Error(`${file} is missing: run UPDATE_GOLDEN=1 npm test and review it.`);
      expect(actual).toBe(readFileSync(file, 'utf8'));
      const ctrf = validate(r.reportFile);
      expect(ctrf.errors ?? []).toEqual([]);
      expect(ctrf.valid).toBe(true);
      expect(r.reportFile.results.summary.tests).toBe(Number(r.outputs.total));
    } finally {
      await setup.server.close();
    }
  });
});
