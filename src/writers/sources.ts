import { flakyTestsForOutput } from '../analysis/same-commit-flaky.js';
import { createHash } from 'node:crypto';
import { failureCauses, type FailureCauses, type LikelyOutage } from '../analysis/causes.js';
import { labelledName, labelledNames, sourcesJson, sumCounts } from '../analysis/sources.js';
import { isNewFailure, testKey } from '../baseline/compare.js';
import type { Comparison } from '../baseline/types.js';
import type { Verdict } from '../gate.js';
import type { CommentKey, CommentState } from './comment/marker.js';
import { escapeInline, escapeWithLinks, link } from '../render/markdown.js';
import { renderSummary, type Budget } from '../render/summary.js';
import { failedTests, passRate, type Counts, type NormalizedReport, type TestResult } from '../report.js';
import { redact } from '../secrets.js';
import { plural, truncate, truncateBytes } from '../text.js';
import { countOutputs, failureGroupsJson, namesJson, ownersJson, type OutputValues } from './outputs.js';

/**
 * What a step with `sources` writes: one summary, check run, comment, report file and set of
 * outputs over every entry. Each entry's section is what a single run of it shows.
 */

/** One entry, read and judged alone with its own rules. */
export interface JudgedSource {
  label: string;
  report: NormalizedReport;
  verdict: Verdict;
  comparison?: Comparison;
  /** Its failures grouped by cause, and its likely outage: each entry's own. */
  causes?: FailureCauses;
}

export interface SourcesSummaryInput {
  sources: readonly JudgedSource[];
  verdict: Verdict;
  title: string;
  generatedAt: Date;
}

const ICON = { success: '✅', failure: '❌', error: '⚠️' } as const;
const WORD = { success: 'passed', failure: 'failed', error: 'no verdict' } as const;
/** Below this, an entry's section could not even hold its table: it is left to the report file. */
const SECTION_MIN = 1200;

function size(text: string, unit: Budget['unit']): number {
  return unit === 'bytes' ? Buffer.byteLength(text, 'utf8') : text.length;
}

function rate(counts: Counts): string {
  const r = passRate(counts);
  return r === undefined ? '–' : `${r.toFixed(2)}%`;
}

/** Nothing was read: the row shows no zeros that would read as an empty run. */
function unread(source: JudgedSource): boolean {
  return source.verdict.conclusion === 'error' && source.report.counts.total === 0;
}

function overviewRow(source: JudgedSource): string {
  const { report, verdict } = source;
  const c = report.counts;
  const numbers = unread(source)
    ? ['–', '–', '–', '–', '–', '–', '–']
    : [c.total, c.passed, c.failed, c.skipped, c.pending, c.other, rate(c)];
  const read = `${escapeInline(report.providerLabel)} · ${link(report.source, report.reportUrl)}`;
  return `| ${escapeInline(source.label)} | ${ICON[verdict.conclusion]} ${WORD[verdict.conclusion]} | ${numbers.join(' | ')} | ${read} |`;
}

/** The head: the verdict over all, and one table with a row per entry and a total row. */
function overview(input: SourcesSummaryInput): string {
  const { verdict, sources } = input;
  const total = sumCounts(sources.map((s) => s.report.counts));
  const lines = [`## ${ICON[verdict.conclusion]} ${escapeInline(input.title)}: ${WORD[verdict.conclusion]}`, ''];
  if (verdict.conclusion === 'success') {
    lines.push(`**Gate passed** on all ${sources.length} sources.`);
  } else if (verdict.conclusion === 'failure') {
    lines.push(`**Gate failed:** ${escapeWithLinks(verdict.reason)}`);
  } else {
    lines.push(`**No verdict could be reached:** ${escapeWithLinks(verdict.reason)}`);
  }
  lines.push(
    '',
    '| Source | Verdict | Total | ✅ Passed | ❌ Failed | ⏭️ Skipped | ⏳ Pending | ❔ Other | Pass rate | Read |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...sources.map(overviewRow),
    `| **Total** | ${ICON[verdict.conclusion]} ${WORD[verdict.conclusion]} | ${total.total} | ${total.passed} | ${total.failed} | ${total.skipped} | ${total.pending} | ${total.other} | ${rate(total)} | ${plural(sources.length, 'source')} |`,
    '',
  );
  return lines.map(redact).join('\n');
}

function section(source: JudgedSource, input: SourcesSummaryInput, budget: Budget): string {
  return renderSummary(
    {
      report: source.report,
      verdict: source.verdict,
      comparison: source.comparison,
      causes: source.causes,
      title: source.label,
      generatedAt: input.generatedAt,
    },
    budget,
  );
}

/**
 * The summary over every entry: the overview table, then each entry's section headed by its
 * label. Every entry gets a fair share of the budget (what small entries leave goes to the
 * others), so each keeps its table and some of its failures with "N more not shown".
 */
export function renderSourcesSummary(input: SourcesSummaryInput, budget: Budget): string {
  const head = overview(input);
  const room = budget.max - size(head, budget.unit) - 2 * input.sources.length;
  const n = input.sources.length;
  if (room < n * SECTION_MIN) {
    // Only a huge reason gets here: the head, cut, is all there is room for.
    return budget.unit === 'bytes' ? truncateBytes(head, budget.max) : truncate(head, budget.max);
  }
  const share = Math.floor(room / n);
  const sized = (max: number): Budget => ({ ...budget, max });
  const first = input.sources.map((s) => section(s, input, sized(share)));
  const used = first.map((text) => size(text, budget.unit));
  // An entry that came close to its share may have been cut: it gets an even part of what the others left.
  const cut = used.map((u) => u > share - 8000);
  const left = room - used.reduce((a, b) => a + b, 0);
  const cutCount = cut.filter(Boolean).length;
  const sections =
    cutCount > 0 && left > 0
      ? input.sources.map((s, i) => (cut[i] ? section(s, input, sized(used[i]! + Math.floor(left / cutCount))) : first[i]!))
      : first;
  return [head, ...sections].join('\n');
}

/** The check run's title over every entry: the summed counts, and the summed comparison where there is one. */
export function sourcesComparison(sources: readonly JudgedSource[]): Comparison | undefined {
  const compared = sources.filter((s) => s.comparison?.baseline);
  if (compared.length === 0) return undefined;
  const sum: Comparison = {
    baseline: { id: '', label: plural(compared.length, 'baseline') },
    newFailures: 0,
    stillFailing: 0,
    stillFailingKeys: new Set(),
    fixed: [],
    flaky: [],
    trend: [],
  };
  for (const s of sources) {
    const c = s.comparison;
    if (c?.baseline) {
      sum.newFailures += c.newFailures;
      sum.stillFailing += c.stillFailing;
      sum.fixed.push(...c.fixed);
      sum.flaky.push(...c.flaky);
    } else {
      sum.newFailures += s.report.counts.failed;
    }
  }
  return sum;
}

/** The first entry that was a likely outage (with a verdict), and its label, for the check-run title. */
export function sourcesOutage(sources: readonly JudgedSource[]): { outage?: LikelyOutage; label?: string } {
  const found = sources.find((s) => s.verdict.conclusion !== 'error' && s.causes?.outage);
  return found ? { outage: found.causes?.outage, label: found.label } : {};
}

/**
 * `failure-groups` over every entry: the causes shared by two or more failed tests of any
 * entries, their names as `[label] name` (a cause that two suites share is one group: staging down
 * for both).
 */
function sourcesFailureGroups(sources: readonly JudgedSource[]): FailureCauses {
  const failed = sources.flatMap((s) => failedTests(s.report).map((t) => ({ name: labelledName(s.label, t.name), message: t.message })));
  // No outage over all entries: each entry's is its own.
  return failureCauses(failed, 0, 0);
}

/** A test named for a list shared by several entries: `[label] suite › name`, so one line says where it is. */
function labelledTest(label: string, test: TestResult): TestResult {
  const name = test.suite ? `${test.suite} › ${test.name}` : test.name;
  const labelled: TestResult = { ...test, name: labelledName(label, name) };
  delete labelled.suite;
  return labelled;
}

/**
 * Failed tests of every entry, labelled: new failures first across entries, then those already
 * failing, known failures last.
 */
export function sourcesFailuresToAnnotate(sources: readonly JudgedSource[]): TestResult[] {
  const fresh: TestResult[] = [];
  const still: TestResult[] = [];
  const known: TestResult[] = [];
  for (const s of sources) {
    const comparison = s.comparison?.baseline ? s.comparison : undefined;
    const knownKeys = s.comparison?.known?.knownKeys;
    for (const test of failedTests(s.report)) {
      const list = knownKeys?.has(testKey(test)) ? known : comparison && !isNewFailure(comparison, test) ? still : fresh;
      list.push(labelledTest(s.label, test));
    }
  }
  return [...fresh, ...still, ...known];
}

/** Each entry's known failures, by the identity of their labelled test (as annotated) → the entry's reason. */
export function sourcesKnownReasons(sources: readonly JudgedSource[]): Map<string, string> {
  const reasons = new Map<string, string>();
  for (const s of sources) {
    const byKey = new Map((s.comparison?.known?.known ?? []).map((k) => [k.key, k.reason]));
    if (byKey.size === 0) continue;
    for (const test of failedTests(s.report)) {
      const reason = byKey.get(testKey(test));
      if (reason !== undefined) reasons.set(testKey(labelledTest(s.label, test)), reason);
    }
  }
  return reasons;
}

/** The comment's marker: the check name and the labels, so each set of sources keeps its own comment. */
export function sourcesCommentKey(check: string, sources: readonly JudgedSource[]): CommentKey {
  return { check, provider: 'sources', read: sources.map((s) => s.label).join(', ') };
}

/** What the comment shows, for `comment: changes`: the verdict and every entry's failed tests. */
export function sourcesCommentState(sources: readonly JudgedSource[], verdict: Verdict): CommentState {
  const failed = [
    ...new Set(sources.flatMap((s) => failedTests(s.report).map((t) => redact(`${s.label}\u0000${t.suite ?? ''}\u0000${t.name}`)))),
  ].sort();
  return {
    conclusion: verdict.conclusion,
    failed: failed.length,
    failedSet: createHash('sha256').update(failed.join('\n')).digest('hex').slice(0, 32),
  };
}

/** Every test of every entry with its label (`source`), for the one report file. */
export function* sourcesTests(sources: readonly JudgedSource[], testsOf: (report: NormalizedReport) => Iterable<TestResult>) {
  for (const s of sources) for (const test of testsOf(s.report)) yield { ...test, source: s.label };
}

/** The outputs over every entry: counts summed, names as `[label] name`, single-run outputs empty. */
export function sourcesOutputValues(
  sources: readonly JudgedSource[],
  verdict: Verdict,
  extra: { checkRunId?: number; checkRunUrl?: string; reportFile?: string; commentUrl?: string },
): OutputValues {
  const counts = sumCounts(sources.map((s) => s.report.counts));
  const compared = sources.filter((s) => s.comparison?.baseline);
  const budgeted = sources.filter((s) => s.report.performance?.budgeted);
  const names = (pick: (s: JudgedSource) => Iterable<{ name: string }>) =>
    namesJson(labelledNames(sources.map((s) => ({ label: s.label, tests: pick(s) }))));
  const newFailed = (s: JudgedSource) => {
    const c = s.comparison?.baseline ? s.comparison : undefined;
    return c ? failedTests(s.report).filter((t) => isNewFailure(c, t)) : [];
  };
  return {
    conclusion: verdict.conclusion,
    ...countOutputs(counts),
    'failed-tests': names((s) => failedTests(s.report)),
    'gate-reason': verdict.reason,
    'report-url': '',
    'run-id': '',
    'run-created-at': '',
    'check-run-id': extra.checkRunId === undefined ? '' : String(extra.checkRunId),
    'check-run-url': extra.checkRunUrl ?? '',
    'comment-url': extra.commentUrl ?? '',
    'report-file': extra.reportFile ?? '',
    'budget-failures': budgeted.length ? String(budgeted.reduce((n, s) => n + (s.report.performance?.budgetFailures ?? 0), 0)) : '',
    'new-failures': compared.length ? String(compared.reduce((n, s) => n + s.comparison!.newFailures, 0)) : '',
    fixed: compared.length ? String(compared.reduce((n, s) => n + s.comparison!.fixed.length, 0)) : '',
    'new-failed-tests': compared.length ? names(newFailed) : '[]',
    'fixed-tests': compared.length ? names((s) => (s.comparison?.baseline ? s.comparison.fixed : [])) : '[]',
    // Each entry's same-commit flaky tests need no baseline (src/analysis/same-commit-flaky.ts).
    'flaky-tests': names((s) =>
      flakyTestsForOutput(s.comparison?.baseline ? s.comparison.flaky : undefined, s.comparison?.sameCommit?.flaky),
    ),
    'baseline-id': '',
    'baseline-url': '',
    'slower-tests': names((s) => s.report.durations?.slower ?? []),
    // Each name as failed-tests gives it: with its entry's label.
    owners: ownersJson(sources.flatMap((s) => failedTests(s.report).map((t) => ({ ...t, name: labelledName(s.label, t.name) })))),
    'failure-groups': failureGroupsJson(sourcesFailureGroups(sources)),
    missing: compared.some((s) => s.comparison?.missing)
      ? String(compared.reduce((n, s) => n + (s.comparison?.missing?.tests.length ?? 0), 0))
      : '',
    'missing-tests': names((s) => (s.comparison?.baseline ? (s.comparison.missing?.tests ?? []) : [])),
    'known-failed': String(sources.reduce((n, s) => n + (s.comparison?.known?.known.length ?? 0), 0)),
    'known-failed-tests': names((s) => (s.comparison?.known?.known ?? []).map((k) => k.test)),
    sources: sourcesJson(
      sources.map((s) => ({
        label: s.label,
        provider: s.report.provider,
        verdict: s.verdict,
        counts: s.report.counts,
        runId: s.report.runId,
        reportUrl: s.report.reportUrl,
      })),
    ),
  };
}
