import { appendFileSync } from 'node:fs';
import { escapeInline, escapeWithLinks } from '../render/markdown.js';
import { emptyReport, type ProviderIdentity } from '../report.js';
import { redact } from '../secrets.js';
import { outputValues, type OutputValues } from './outputs.js';

/** Where the README shows the `workflow_run` setup that has the secrets. */
export const FORK_RECIPE = 'the README section "Pull requests from forks" (the workflow_run recipe)';

/**
 * The job summary of a skipped step (`missing-secrets: skip`): says that nothing was read, why,
 * and how to run the gate. No counts: nothing was counted, and it must not read as an empty run.
 */
export function renderSkippedSummary(title: string, identity: ProviderIdentity, reason: string): string {
  return [
    `### ⏭️ ${escapeInline(title)}: skipped`,
    '',
    `**Not read:** ${escapeWithLinks(reason)}`,
    '',
    `No ${escapeInline(identity.providerLabel)} results were read and no check run was created. ` +
      `To gate such pull requests, see ${escapeInline(FORK_RECIPE)}.`,
    '',
  ].join('\n');
}

/**
 * The outputs of a skipped step: `conclusion: skipped`; the counts and `pass-rate` are `''`
 * (nothing was read, so nothing was counted — not zero tests), the name lists `[]`, the rest
 * `''`, as on a run with no baseline and no check run.
 */
export function skippedOutputValues(identity: ProviderIdentity): OutputValues {
  const none = outputValues(emptyReport(identity, ''), { conclusion: 'success', reason: '' }, {});
  return {
    ...none,
    conclusion: 'skipped',
    total: '',
    passed: '',
    failed: '',
    skipped: '',
    pending: '',
    other: '',
    'pass-rate': '',
  };
}

/** Writes what a skipped step leaves: a notice, the job summary (when `summary`), the outputs. */
export function writeSkipped(
  options: { title: string; summary: boolean; identity: ProviderIdentity; reason: string },
  io: { notice(message: string): void; warning(message: string): void; setOutputs(values: OutputValues): void; summaryPath?: string },
): void {
  io.notice(options.reason);
  if (options.summary && io.summaryPath) {
    try {
      appendFileSync(io.summaryPath, redact(renderSkippedSummary(options.title, options.identity, options.reason)));
    } catch (error) {
      io.warning(`Could not write the job summary: ${String(error)}`);
    }
  }
  io.setOutputs(skippedOutputValues(options.identity));
}
