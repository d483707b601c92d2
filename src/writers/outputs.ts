import * as core from '@actions/core';
import { flakyTestsForOutput } from '../analysis/same-commit-flaky.js';
import { failureGroupsOutput, type FailureCauses } from '../analysis/causes.js';
import { isNewFailure } from '../baseline/compare.js';
import type { Comparison } from '../baseline/types.js';
import type { Verdict } from '../gate.js';
import type { Counts, NormalizedReport, TestResult } from '../report.js';
import { failedTests, passRate } from '../report.js';
import { ownersOfFailures } from '../analysis/source-locations.js';
import { redact } from '../secrets.js';
import { truncate } from '../text.js';

/** `failed-tests` holds at most this many names, and stays well under 1 MB. */
export const FAILED_TESTS_MAX = 1000;
export const FAILED_TESTS_MAX_BYTES = 256 * 1024;
const NAME_MAX = 500;

export interface OutputValues {
  conclusion: string;
  total: string;
  passed: string;
  failed: string;
  skipped: string;
  pending: string;
  other: string;
  'pass-rate': string;
  'failed-tests': string;
  'gate-reason': string;
  'report-url': string;
  'run-id': string;
  'run-created-at': string;
  'check-run-id': string;
  'check-run-url': string;
  'comment-url': string;
  'report-file': string;
  'budget-failures': string;
  'new-failures': string;
  fixed: string;
  'new-failed-tests': string;
  'fixed-tests': string;
  'flaky-tests': string;
  'baseline-id': string;
  'baseline-url': string;
  'slower-tests': string;
  owners: string;
  'failure-groups': string;
  missing: string;
  'missing-tests': string;
  'known-failed': string;
  'known-failed-tests': string;
  /** With `sources`: one object per entry (JSON); `[]` for a single run. */
  sources: string;
}

/** The first 1000 failed names, as a JSON array that stays within its byte budget. */
export function failedTestsJson(report: NormalizedReport): string {
  return namesJson(failedTests(report));
}

/** The first 1000 names, as a JSON array that stays within its byte budget. */
export function namesJson(tests: Iterable<{ name: string }>): string {
  const names: string[] = [];
  let bytes = 2;
  for (const test of tests) {
    if (names.length >= FAILED_TESTS_MAX) break;
    const name = truncate(test.name, NAME_MAX);
    const added = Buffer.byteLength(JSON.stringify(name), 'utf8') + 1;
    if (bytes + added > FAILED_TESTS_MAX_BYTES) break;
    names.push(name);
    bytes += added;
  }
  return JSON.stringify(names);
}

export function outputValues(
  report: NormalizedReport,
  verdict: Verdict,
  extra: { checkRunId?: number; checkRunUrl?: string; reportFile?: string; commentUrl?: string },
  comparison?: Comparison,
  causes?: FailureCauses,
): OutputValues {
  const { counts } = report;
  const baseline = comparison?.baseline;
  return {
    conclusion: verdict.conclusion,
    ...countOutputs(counts),
    'failed-tests': failedTestsJson(report),
    'gate-reason': verdict.reason,
    'report-url': report.reportUrl ?? '',
    'run-id': report.runId ?? '',
    'run-created-at': report.createdAt !== undefined && Number.isFinite(report.createdAt) ? new Date(report.createdAt).toISOString() : '',
    'check-run-id': extra.checkRunId === undefined ? '' : String(extra.checkRunId),
    'check-run-url': extra.checkRunUrl ?? '',
    'comment-url': extra.commentUrl ?? '',
    'report-file': extra.reportFile ?? '',
    'budget-failures': report.performance?.budgeted ? String(report.performance.budgetFailures) : '',
    'new-failures': baseline && comparison ? String(comparison.newFailures) : '',
    fixed: baseline && comparison ? String(comparison.fixed.length) : '',
    'new-failed-tests': baseline && comparison ? namesJson(failedTests(report).filter((t) => isNewFailure(comparison, t))) : '[]',
    'fixed-tests': baseline && comparison ? namesJson(comparison.fixed) : '[]',
    // The same commit's flaky tests need no baseline; the history's are listed only with one.
    'flaky-tests': namesJson(flakyTestsForOutput(baseline ? comparison?.flaky : undefined, comparison?.sameCommit?.flaky)),
    'baseline-id': baseline?.id ?? '',
    'baseline-url': baseline?.url ?? '',
    'slower-tests': namesJson(report.durations?.slower ?? []),
    owners: ownersJson(failedTests(report)),
    'failure-groups': failureGroupsJson(causes),
    missing: baseline && comparison?.missing ? String(comparison.missing.tests.length) : '',
    'missing-tests': baseline && comparison?.missing ? namesJson(comparison.missing.tests) : '[]',
    'known-failed': String(comparison?.known?.known.length ?? 0),
    'known-failed-tests': namesJson((comparison?.known?.known ?? []).map((k) => k.test)),
    sources: '[]',
  };
}

/** `owners`: each owner → their failed tests' names (the first 1000 each), within the names' byte budget. */
export function ownersJson(failed: Iterable<TestResult>): string {
  const owners = ownersOfFailures(failed);
  return JSON.stringify(
    Object.fromEntries(
      Object.entries(owners).map(([owner, names]) => [owner, JSON.parse(namesJson(names.map((name) => ({ name })))) as string[]]),
    ),
  );
}

/** `failure-groups`: the first 50 shared causes, the first 20 names each (each name cut as in `failed-tests`). */
export function failureGroupsJson(causes: FailureCauses | undefined): string {
  const groups = failureGroupsOutput(causes?.groups ?? []);
  return JSON.stringify(groups.map((g) => ({ ...g, tests: g.tests.map((name) => truncate(name, NAME_MAX)) })));
}

/**
 * Every output is one line: a reason or an address that holds a line break (provider text, an
 * answer from GitHub) shows it as ` ⏎ ` instead of spilling onto a second line.
 */
export function setOutputs(values: OutputValues): void {
  for (const [name, value] of Object.entries(values)) core.setOutput(name, oneLine(redact(value)));
}

export function oneLine(value: string): string {
  return value.replace(/\r\n?|[\n\u2028\u2029]/g, ' ⏎ ');
}

/** The six counts and `pass-rate`, as one run and the sum over `sources` both write them. */
export function countOutputs(
  counts: Counts,
): Pick<OutputValues, 'total' | 'passed' | 'failed' | 'skipped' | 'pending' | 'other' | 'pass-rate'> {
  const rate = passRate(counts);
  return {
    total: String(counts.total),
    passed: String(counts.passed),
    failed: String(counts.failed),
    skipped: String(counts.skipped),
    pending: String(counts.pending),
    other: String(counts.other),
    'pass-rate': rate === undefined ? '' : rate.toFixed(2),
  };
}
