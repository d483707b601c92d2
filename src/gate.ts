import { missingGateReason } from './analysis/missing.js';
import type { Counts } from './report.js';
import { passRate } from './report.js';
import type { GateRules } from './settings.js';
import { plural } from './text.js';

export type Conclusion = 'success' | 'failure' | 'error';

export interface Verdict {
  conclusion: Conclusion;
  /** One sentence; empty on success. */
  reason: string;
}

/** What `fail-on: new-failures` needs from the comparison with the baseline. */
export interface FailureSplit {
  newFailures: number;
  stillFailing: number;
}

/** What the gate leaves out or adds beyond the counts: known failures, and tests missing since the baseline. */
export interface GateTriage {
  /** Failed tests that are known failures: still failed in the counts, not counted by the gate. */
  knownFailed: number;
  /** Of those, how many are new failures by the baseline (never counted as new). */
  knownNew: number;
  /** Tests of the baseline absent now; undefined without a baseline. */
  missing?: { count: number; baselineTests: number; baselineLabel: string };
}

/**
 * The gate: every rule that is broken is named, in one sentence. With `fail-on: new-failures`
 * only new failures count against max-failures (with no baseline, `split` is every failure new).
 */
export function evaluateGate(counts: Counts, rules: GateRules, split?: FailureSplit, triage?: GateTriage): Verdict {
  const broken: string[] = [];
  const known = triage?.knownFailed ?? 0;
  // What max-failures and min-pass-rate judge: the tests that are not known failures.
  const judged: Counts = { ...counts, failed: counts.failed - known, total: counts.total - known };
  const knownNote = known > 0 ? `${plural(known, 'known failure')} not counted` : '';
  if (counts.total === 0 && rules.failOnEmpty) {
    broken.push('the run has no tests (fail-on-empty is true)');
  }
  // Its own reason: a missing shard or suite makes a run small, not empty.
  if (rules.minTests !== undefined && counts.total < rules.minTests && !(counts.total === 0 && rules.failOnEmpty)) {
    broken.push(`${plural(counts.total, 'test')}, fewer than min-tests (${rules.minTests})`);
  }
  if (rules.failOn === 'new-failures') {
    const { newFailures: allNew, stillFailing } = split ?? { newFailures: counts.failed, stillFailing: 0 };
    const newFailures = allNew - (split ? (triage?.knownNew ?? 0) : known);
    if (newFailures > rules.maxFailures) {
      const notes = [
        stillFailing > 0 ? `${plural(stillFailing, 'still-failing test')} not counted, fail-on is new-failures` : '',
        knownNote,
      ];
      const leftOut = notes.some(Boolean) ? ` (${notes.filter(Boolean).join('; ')})` : '';
      broken.push(`${plural(newFailures, 'new failure')}, more than max-failures (${rules.maxFailures})${leftOut}`);
    }
  } else if (judged.failed > rules.maxFailures) {
    broken.push(
      `${judged.failed} ${judged.failed === 1 ? 'test' : 'tests'} failed, more than max-failures (${rules.maxFailures})${knownNote ? ` (${knownNote})` : ''}`,
    );
  }
  const rate = passRate(judged);
  if (rules.minPassRate !== undefined && rate !== undefined && rate < rules.minPassRate) {
    broken.push(`the pass rate ${rate.toFixed(2)}% is below min-pass-rate (${rules.minPassRate}%)`);
  }
  const missing = triage?.missing;
  if (rules.maxMissing && missing) {
    const reason = missingGateReason(missing.count, missing.baselineTests, rules.maxMissing, missing.baselineLabel);
    if (reason) broken.push(reason);
  }
  if (broken.length === 0) return { conclusion: 'success', reason: '' };
  const sentence = broken.join('; ');
  return { conclusion: 'failure', reason: `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.` };
}

/**
 * A rule judged outside evaluateGate (`max-slower`, src/analysis/durations.ts) added to its
 * verdict: a passed gate fails with the rule's sentence; a failed one names it too.
 * No verdict (`error`) stays as it is.
 */
export function withBrokenRule(verdict: Verdict, rule: { clause: string; sentence: string } | undefined): Verdict {
  if (!rule || verdict.conclusion === 'error') return verdict;
  if (verdict.conclusion === 'success') return { conclusion: 'failure', reason: rule.sentence };
  return { conclusion: 'failure', reason: `${verdict.reason.replace(/\.$/, '')}; ${rule.clause}.` };
}
