import { appendFileSync } from 'node:fs';
import { renderSummary, type SummaryInput } from '../render/summary.js';
import { redact } from '../secrets.js';

/** RUNNER_TEMP is emptied when the job ends: where the report file is named, say how to keep it. */
export const KEEP_REPORT_FILE = 'keep it past the job with actions/upload-artifact (path: the report-file output)';

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
    whereTheRestIs: reportFile ? `the report file (${reportFile}) lists every test; ${KEEP_REPORT_FILE}` : 'the provider lists every test',
  });
  appendJobSummary(markdown, path);
  return true;
}

/** Appends rendered Markdown to `$GITHUB_STEP_SUMMARY`, redacted once more; nothing outside Actions. */
export function appendJobSummary(markdown: string, path = process.env.GITHUB_STEP_SUMMARY): void {
  if (path) appendFileSync(path, redact(markdown));
}
