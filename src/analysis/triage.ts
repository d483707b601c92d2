/**
 * Known failures and missing tests brought to one run's comparison and gate: which failed tests
 * the list covers, and what the gate then counts. Pure: the list was read and the run compared
 * before this is called.
 */
import { testKey } from '../baseline/compare.js';
import type { Comparison } from '../baseline/types.js';
import type { GateTriage } from '../gate.js';
import { failedTests, type ProviderReport } from '../report.js';
import { classifyKnownFailures, flakyEntries, type KnownFailureEntry } from './known-failures.js';

export interface TriageOptions {
  /** The list's entries (the file or inline list); empty when there is none. */
  entries: readonly KnownFailureEntry[];
  /** `quarantine-flaky`: failed tests the comparison found flaky are known failures too. */
  quarantineFlaky: boolean;
  /** The `sources` label of this run; undefined without `sources`. */
  source?: string;
  /** Epoch ms, for `until`. */
  now: number;
}

/**
 * The comparison with `known` set when there is a list (or quarantine-flaky); the comparison's own
 * counts (new failures, still failing) are left as the baseline says.
 */
export function withKnownFailures(report: ProviderReport, comparison: Comparison, options: TriageOptions): Comparison {
  const failed = failedTests(report);
  const flaky = options.quarantineFlaky ? flakyFailed(comparison, new Set(failed.map(testKey))) : [];
  // Flakiness is judged over the earlier runs read and this one: the trend has one point each.
  const entries = [...options.entries, ...flakyEntries(flaky, comparison.trend.length)];
  if (entries.length === 0) return comparison;
  const others = (function* () {
    for (const test of report.everyTest()) if (test.status !== 'failed') yield test;
  })();
  const known = classifyKnownFailures(entries, failed, others, { source: options.source, now: options.now });
  return { ...comparison, known };
}

function flakyFailed(comparison: Comparison, failedKeys: Set<string>) {
  return comparison.flaky.filter((t) => failedKeys.has(t.key));
}

/** What the gate leaves out (known failures) and adds (tests missing since the baseline). */
export function gateTriage(comparison: Comparison | undefined): GateTriage | undefined {
  if (!comparison) return undefined;
  const known = comparison.known?.known ?? [];
  const missing = comparison.missing;
  return {
    knownFailed: known.length,
    knownNew: known.filter((k) => !comparison.stillFailingKeys.has(k.key)).length,
    ...(missing &&
      comparison.baseline && {
        missing: { count: missing.tests.length, baselineTests: missing.baselineTests, baselineLabel: comparison.baseline.label },
      }),
  };
}
