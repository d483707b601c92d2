import { flakyOnSameCommit } from '../analysis/same-commit-flaky.js';
import type { Log } from '../log.js';
import type { ProviderRun } from '../providers/types.js';
import type { ProviderReport } from '../report.js';
import { redact } from '../secrets.js';
import type { BaselineRun, Comparison } from './types.js';

/**
 * Reads the earlier runs of this commit alongside the current run. Never rejects: what cannot be
 * read is one warning, and no test is called flaky on its account.
 */
export async function readEarlierRunsOfCommit(run: ProviderRun, current: Promise<ProviderReport>, log: Log): Promise<BaselineRun[]> {
  if (!run.earlierRunsOfCommit) return [];
  try {
    const found = await run.earlierRunsOfCommit();
    for (const warning of found.warnings ?? []) log.warning(warning);
    return found.runs;
  } catch (error) {
    // report() failed too: its error is the verdict.
    const reportFailed = await current.then(
      () => false,
      () => true,
    );
    if (!reportFailed) {
      log.warning(
        `Could not read the earlier runs of this commit, so no test is marked flaky (same commit): ${redact(error instanceof Error ? error.message : String(error))}`,
      );
    }
    return [];
  }
}

/** The comparison with the same commit's flaky tests added; unchanged when no earlier run was read. */
export function withSameCommit(comparison: Comparison, report: Pick<ProviderReport, 'everyTest'>, earlier: BaselineRun[]): Comparison {
  if (earlier.length === 0) return comparison;
  return {
    ...comparison,
    sameCommit: {
      runs: earlier.map((r) => ({ label: r.label, url: r.url })),
      flaky: flakyOnSameCommit(report.everyTest(), earlier),
    },
  };
}
