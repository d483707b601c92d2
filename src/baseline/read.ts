import type { Log } from '../log.js';
import type { ProviderRun } from '../providers/types.js';
import { failedTests, passRate, type ProviderReport } from '../report.js';
import { redact } from '../secrets.js';
import { compareRuns, NO_EARLIER_RUN, withoutBaseline, type ComparisonRules } from './compare.js';
import type { BaselineRequest, BaselineRuns, Comparison } from './types.js';

/** What reading the baseline came to: the runs found, or one line saying why there are none. */
export type BaselineOutcome = { found: BaselineRuns } | { none: string };

/**
 * Reads the baseline alongside the current run. Never rejects: a baseline that cannot be read
 * is one warning, and the current run is then compared with nothing.
 */
export async function readBaselineRuns(
  run: ProviderRun,
  current: Promise<ProviderReport>,
  request: BaselineRequest,
  log: Log,
): Promise<BaselineOutcome> {
  if (request.baseline.kind === 'none' && request.history === 0) return { none: 'No baseline: baseline is none.' };
  try {
    const found = await run.baseline();
    for (const warning of found.warnings ?? []) log.warning(warning);
    if (request.baseline.kind === 'none') return { found: { ...found, baseline: undefined, none: 'No baseline: baseline is none.' } };
    return { found };
  } catch (error) {
    // report() failed too: its error is the verdict, and the baseline says nothing more.
    if (
      await current.then(
        () => false,
        () => true,
      )
    )
      return { none: 'No baseline: the current run could not be read.' };
    const why = redact(error instanceof Error ? error.message : String(error));
    log.warning(`Could not read the baseline, so every failure counts as new (the verdict on this run is unaffected): ${why}`);
    return { none: `No baseline: it could not be read (${why}).` };
  }
}

/** The current report against what was found, in one pass over its tests. */
export function compareWithBaseline(report: ProviderReport, outcome: BaselineOutcome, rules?: ComparisonRules): Comparison {
  if ('none' in outcome) return withoutBaseline(outcome.none, failedTests(report).length);
  // Nothing earlier was found: every failure is new, and no pass over the tests is needed.
  const { found } = outcome;
  if (!found.baseline && found.history.length === 0) return withoutBaseline(found.none ?? NO_EARLIER_RUN, failedTests(report).length);
  return compareRuns({ tests: report.everyTest(), passRate: passRate(report.counts), label: 'this run' }, outcome.found, rules);
}
