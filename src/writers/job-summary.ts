import { appendFileSync } from 'node:fs';
import { renderSummary, type SummaryInput } from '../render/summary.js';
import { redact } from '../secrets.js';

/** GitHub's limit for one step's job summary. */
export const JOB_SUMMARY_MAX_BYTES = 1024 * 1024;

/**
 * Appends the summary to `$GITHUB_STEP_SUMMARY`. Returns false when there is no such file
 * (outside Actions); throws when it cannot be written.
 */
export function writeJobSummary(input: SummaryInput, reportFile: string | undefined, path = process.env.GITHUB_STEP_SUMMARY): boolean {
  if (!path) return false;
  const markdown = renderSummary(input, {
    max: JOB_SUMMARY_MAX_BYTES,
    unit: 'bytes',
    whereTheRestIs: reportFile ? `the report file (${reportFile}) lists every test` : 'the provider lists every test',
  });
  appendJobSummary(markdown, path);
  return true;
}

/** Appends rendered Markdown to `$GITHUB_STEP_SUMMARY`, redacted once more; nothing outside Actions. */
export function appendJobSummary(markdown: string, path = process.env.GITHUB_STEP_SUMMARY): void {
  if (path) appendFileSync(path, redact(markdown));
}
