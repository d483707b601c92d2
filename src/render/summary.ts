import { renderMetricsTable } from '../budgets/table.js';
import type { FailureCauses } from '../analysis/causes.js';
import { isNewFailure, testKey } from '../baseline/compare.js';
import type { ComparedTest, Comparison } from '../baseline/types.js';
import type { Verdict } from '../gate.js';
import type { Counts, NormalizedReport, TestResult } from '../report.js';
import { passRate } from '../report.js';
import { redact } from '../secrets.js';
import { plural, truncate, truncateBytes } from '../text.js';
import { slowerLines, slowestLines } from './durations.js';
import { causeSectionLines, outageHeadline, outageRunsLine, stillFailingMark } from './causes.js';
import { escapeInline, escapeName, escapeWithLinks, formatDuration, link } from './markdown.js';
import { trendChart } from './trend-chart.js';
import { knownFailureListSection, knownFailuresSection, missingSection, passedWithKnown, type RenderedSection } from './triage-sections.js';

export interface SummaryInput {
  report: NormalizedReport;
  verdict: Verdict;
  title: string;
  generatedAt: Date;
  /** The run against its baseline; undefined when no verdict was reached. */
  comparison?: Comparison;
  /** Failures grouped by cause, and a likely outage (only with a verdict); undefined: none shown. */
  causes?: FailureCauses;
}

export interface Budget {
  /** Largest size allowed. */
  max: number;
  /** How size is measured: UTF-8 bytes (job summary) or UTF-16 characters (check run). */
  unit: 'bytes' | 'chars';
  /** Where the whole list can be found, for the "not shown" line. */
  whereTheRestIs: string;
}

const ICON = { success: '✅', failure: '❌', error: '⚠️' } as const;
const WORD = { success: 'passed', failure: 'failed', error: 'no verdict' } as const;
/** A message longer than this, or on several lines, is folded in `<details>`. */
const FOLD_AFTER = 120;
/** No single message may take more than this in the summary; the report file has it whole. */
const MESSAGE_MAX = 4000;

function size(text: string, unit: Budget['unit']): number {
  return unit === 'bytes' ? Buffer.byteLength(text, 'utf8') : text.length;
}

/** The last guard: text that is still over the budget (a huge note or reason) is cut. */
function fit(text: string, budget: Budget): string {
  if (size(text, budget.unit) <= budget.max) return text;
  return budget.unit === 'bytes' ? truncateBytes(text, budget.max) : truncate(text, budget.max);
}

/**
 * `2 failed, 48 passed` (plus the other counts that are not zero). Against a baseline, the same
 * counts with how many failures are new and how many tests were fixed:
 * `3 failed (2 new), 45 passed, 1 fixed` — the checks list shows only the title.
 */
export function checkRunTitle(counts: Counts, verdict: Verdict, comparison?: Comparison): string {
  if (verdict.conclusion === 'error') return truncate(`No verdict: ${verdict.reason}`, 255);
  if (counts.total === 0) return 'No tests';
  const baseline = comparison?.baseline ? comparison : undefined;
  const parts = [
    `${counts.failed} failed${baseline && counts.failed > 0 ? ` (${baseline.newFailures} new)` : ''}`,
    `${counts.passed} passed`,
  ];
  if (counts.skipped) parts.push(`${counts.skipped} skipped`);
  if (counts.pending) parts.push(`${counts.pending} pending`);
  if (counts.other) parts.push(`${counts.other} other`);
  if (baseline && baseline.fixed.length > 0) parts.push(`${baseline.fixed.length} fixed`);
  return parts.join(', ');
}

/**
 * ` · created 2026-11-20 08:00 UTC`: when the run read was made, so a reviewer can tell it belongs
 * to this commit. What has no run id of its own (Testomato's project status) gives its last run.
 */
function createdLine(report: Pick<NormalizedReport, 'createdAt' | 'runId'>): string {
  const { createdAt } = report;
  if (createdAt === undefined || !Number.isFinite(createdAt)) return '';
  return ` · ${report.runId === '' ? 'last run' : 'created'} ${new Date(createdAt).toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}

/** `3 new failures, 5 still failing, 2 fixed`. */
function comparisonWords(comparison: Comparison): string {
  return `${plural(comparison.newFailures, 'new failure')}, ${comparison.stillFailing} still failing, ${comparison.fixed.length} fixed`;
}

/** The comparison line, linked to the baseline, and the trend of pass rates with history. */
function comparisonLines(comparison: Comparison): string[] {
  const lines: string[] = [];
  if (comparison.baseline) {
    const flaky = comparison.flaky.length ? `; ${comparison.flaky.length} flaky` : '';
    const known = comparison.known?.known.length ? `; ${plural(comparison.known.known.length, 'known failure')}` : '';
    lines.push(`**${comparisonWords(comparison)}** since ${link(comparison.baseline.label, comparison.baseline.url)}${flaky}${known}.`);
  } else {
    lines.push(`${escapeInline(comparison.noBaseline ?? 'No baseline.')} Every failure counts as new.`);
  }
  if (comparison.caution) lines.push('', `⚠️ **Baseline:** ${escapeInline(comparison.caution)}`);
  const sameCommit = sameCommitLine(comparison);
  if (sameCommit) lines.push('', sameCommit);
  const view = comparison.trendView ?? 'table';
  if (comparison.trend.length > 0 && view !== 'off') {
    // Labels redacted before the chart strips characters, which could split a secret past redaction.
    const chart =
      view === 'chart' ? trendChart(comparison.trend.map((p) => ({ label: redact(p.label), passRate: p.passRate }))) : undefined;
    if (chart) lines.push('', chart.markdown.trimEnd());
    const points = comparison.trend.map((p) => `${link(p.label, p.url)} ${p.passRate === undefined ? '–' : `${p.passRate.toFixed(2)}%`}`);
    lines.push('', `**Pass rate, oldest to newest:** ${points.join(' → ')}`);
  }
  return lines;
}

/** `Re-runs of this commit: also read automation run 40; 1 test failed there and passed now (flaky, same commit).` */
function sameCommitLine(comparison: Comparison): string | undefined {
  const same = comparison.sameCommit;
  if (!same || same.runs.length === 0) return undefined;
  const runs = same.runs.map((r) => link(r.label, r.url)).join(', ');
  const flaky = same.flaky.length
    ? `${plural(same.flaky.length, 'test')} failed there and passed now (flaky, same commit)`
    : 'no test failed there and passed now';
  return `**Re-runs of this commit:** also read ${runs}; ${flaky}.`;
}

/** Fixed and flaky tests, by name: rows of a table of their own. */
function namedRow(mark: string, test: Pick<ComparedTest, 'name' | 'suite'>): string {
  return `| ${mark} | ${escapeName(test.name)} | ${escapeName(test.suite ?? '')} |`;
}

function message(test: TestResult): string {
  const text = (test.message ?? '').trim();
  if (!text) return test.rawStatus && test.rawStatus.toLowerCase() !== test.status ? escapeInline(test.rawStatus) : '';
  const whole = truncate(text, MESSAGE_MAX);
  if (text.length <= FOLD_AFTER && !text.includes('\n')) return escapeWithLinks(whole);
  // Folded: the first line (or its start) stays visible, the rest opens on a click.
  const firstLine = whole.split(/\r?\n/, 1)[0]!;
  const head = firstLine.length <= FOLD_AFTER ? firstLine : `${truncate(firstLine, 80, '').replace(/\s+\S*$/, '')}…`;
  const rest = firstLine.length <= FOLD_AFTER ? whole.slice(firstLine.length).replace(/^\r?\n/, '') : whole;
  return `<details><summary>${escapeWithLinks(head)}</summary>${escapeWithLinks(rest)}</details>`;
}

/** `<br>` then the test's source line as a link, and its owners as code, which notifies nobody. */
function placeAndOwners(test: TestResult): string {
  if (!test.location) return '';
  const { path, line, url } = test.location;
  const place = link(line === undefined ? path : `${path}:${line}`, url);
  // A code span notifies nobody; an owner that could end the span or the cell is shown escaped instead.
  const owners = (test.owners ?? []).map((o) => (/[`|\\<>\s]/.test(o) ? escapeInline(o) : `\`${o}\``)).join(' ');
  return `<br>📄 ${place}${owners ? ` · ${owners}` : ''}`;
}

function row(test: TestResult, withStatus: boolean, mark?: string): string {
  const name = (test.url ? link(test.name.replace(/\s+/g, ' '), test.url) : escapeName(test.name)) + placeAndOwners(test);
  const cells = mark ? [mark, name] : [name];
  if (withStatus) cells.push(escapeInline(test.rawStatus ?? test.status));
  cells.push(escapeName(test.suite ?? ''), formatDuration(test.durationMs), message(test));
  return `| ${cells.join(' | ')} |`;
}

/**
 * The summary users read: verdict, counts, source, then failed tests (and other outcomes that
 * need a look), cut to the budget with a line saying how many were left out.
 */
export function renderSummary(input: SummaryInput, budget: Budget): string {
  const { report, verdict } = input;
  const { counts } = report;
  const rate = passRate(counts);
  const head: string[] = [];
  const outage = verdict.conclusion === 'error' ? '' : outageHeadline(input.causes);
  head.push(`### ${ICON[verdict.conclusion]} ${escapeInline(input.title)}: ${WORD[verdict.conclusion]}${outage}`, '');
  const at = `${input.generatedAt.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
  if (verdict.conclusion === 'error' && counts.total === 0) {
    // Nothing was read: say why and what was asked for; no table of zeros, no "Read 0 tests".
    head.push(
      `**No verdict could be reached:** ${escapeWithLinks(verdict.reason)}`,
      '',
      `**Asked for:** ${escapeInline(report.providerLabel)} ${link(report.source, report.reportUrl)}. No test results were read, so nothing is counted.`,
    );
    for (const note of report.notes) head.push('', escapeWithLinks(note));
    return fit([...head, '', `<sub>Tried at ${at}.</sub>`, ''].map(redact).join('\n'), budget);
  }
  if (verdict.conclusion === 'success') {
    const words =
      counts.failed === 0
        ? 'No test failed.'
        : (passedWithKnown(counts.failed, input.comparison) ?? `${plural(counts.failed, 'test')} failed, within the gate's limits.`);
    head.push(`**Gate passed.** ${words}`);
  } else if (verdict.conclusion === 'failure') {
    head.push(`**Gate failed:** ${escapeWithLinks(verdict.reason)}`);
  } else {
    head.push(`**No verdict could be reached:** ${escapeWithLinks(verdict.reason)}`);
  }
  head.push(
    '',
    '| Total | ✅ Passed | ❌ Failed | ⏭️ Skipped | ⏳ Pending | ❔ Other | Pass rate |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${counts.total} | ${counts.passed} | ${counts.failed} | ${counts.skipped} | ${counts.pending} | ${counts.other} | ${rate === undefined ? '–' : `${rate.toFixed(2)}%`} |`,
    '',
    `**${escapeInline(report.providerLabel)}** · ${link(report.source, report.reportUrl)}${createdLine(report)}`,
  );
  for (const note of report.notes) head.push('', escapeWithLinks(note));
  if (input.comparison && verdict.conclusion !== 'error') head.push('', ...comparisonLines(input.comparison));
  const outageRuns = input.comparison && verdict.conclusion !== 'error' ? outageRunsLine(input.comparison) : undefined;
  if (outageRuns) head.push('', outageRuns);
  const metricsTable = verdict.conclusion === 'error' ? '' : renderMetricsTable(report.performance);
  if (metricsTable) head.push('', metricsTable);
  // An eighth of the budget at most: the failed tests below stay the larger part.
  const causeLines = causeSectionLines(input.causes, budget.max / 8, (text) => size(text, budget.unit));
  if (causeLines.length) head.push('', ...causeLines);

  // Every line is redacted before it is measured: the budget holds for the text written.
  const footer = redact(
    [
      '',
      `<sub>Read ${plural(counts.total, 'test')} from ${escapeInline(report.providerLabel)} ${escapeInline(report.source)} at ${at}.</sub>`,
      '',
    ].join('\n'),
  );

  // Known failures have a section of their own.
  const knownKeys = input.comparison?.known?.knownKeys ?? new Set<string>();
  const failed = report.needsAttention.filter((t) => t.status === 'failed' && !knownKeys.has(testKey(t)));
  const attention = report.needsAttention.filter((t) => t.status !== 'failed');
  const comparison = input.comparison?.baseline ? input.comparison : undefined;
  type Section = { heading: string; withStatus: boolean; mark?: string; markOf?: (test: TestResult) => string } & (
    | { tests: TestResult[]; named?: undefined; rendered?: undefined }
    | { tests: ComparedTest[]; named: true; rendered?: undefined }
    | { tests: string[]; named?: undefined; rendered: RenderedSection }
  );
  const renderedSection = (r: RenderedSection | undefined): Section[] =>
    r ? [{ heading: r.heading, tests: r.rows, rendered: r, withStatus: false }] : [];
  const sections: Section[] = (
    comparison
      ? [
          {
            heading: `#### New failures (${knownKeys.size ? failed.filter((t) => isNewFailure(comparison, t)).length : comparison.newFailures})`,
            tests: failed.filter((t) => isNewFailure(comparison, t)),
            withStatus: false,
            mark: '🆕 new',
          },
          {
            heading: `#### Still failing (${knownKeys.size ? failed.filter((t) => !isNewFailure(comparison, t)).length : comparison.stillFailing})`,
            tests: failed.filter((t) => !isNewFailure(comparison, t)),
            withStatus: false,
            mark: '🔁 still failing',
            markOf: (t: TestResult) => stillFailingMark(comparison, testKey(t), '🔁 still failing'),
          },
        ]
      : [{ heading: `#### Failed tests (${failed.length})`, tests: failed, withStatus: false }]
  ) as Section[];
  if (verdict.conclusion !== 'error') sections.push(...renderedSection(knownFailuresSection(input.comparison?.known)));
  sections.push({ heading: `#### Other outcomes (${attention.length})`, tests: attention, withStatus: true });
  if (comparison) {
    sections.push({
      heading: `#### Fixed (${comparison.fixed.length})`,
      tests: comparison.fixed,
      named: true,
      withStatus: false,
      mark: '✅ fixed',
    });
  }
  if (input.comparison && verdict.conclusion !== 'error') {
    const flaky = input.comparison.flaky;
    sections.push({ heading: `#### Flaky (${flaky.length})`, tests: flaky, named: true, withStatus: false, mark: '🎲 flaky' });
    const sameCommit = input.comparison.sameCommit?.flaky ?? [];
    sections.push({
      heading: `#### Flaky on the same commit (${sameCommit.length})`,
      tests: sameCommit,
      named: true,
      withStatus: false,
      mark: '🎲 flaky (same commit)',
    });
    sections.push(
      ...renderedSection(missingSection(input.comparison)),
      ...renderedSection(knownFailureListSection(input.comparison.known)),
    );
  }
  const shownSections = sections.filter((s) => s.tests.length > 0);

  let out = head.map(redact).join('\n') + '\n';
  // Room kept for the footer and one "not shown" line, whatever is cut.
  const reserve = size(footer, budget.unit) + 400;
  let notShown = 0;
  for (const section of shownSections) {
    const markHead = section.mark ? ['|  ', '| --- '] : ['', ''];
    const tableHead = [
      '',
      section.heading,
      '',
      ...(section.rendered?.intro ? [section.rendered.intro, ''] : []),
      section.rendered
        ? section.rendered.columns[0]
        : section.named
          ? '|  | Test | Suite |'
          : markHead[0] + (section.withStatus ? '| Test | Status | Suite | Duration | Message |' : '| Test | Suite | Duration | Message |'),
      section.rendered
        ? section.rendered.columns[1]
        : section.named
          ? '| --- | --- | --- |'
          : markHead[1] + (section.withStatus ? '| --- | --- | --- | ---: | --- |' : '| --- | --- | ---: | --- |'),
      '',
    ].join('\n');
    if (notShown > 0 || size(out + tableHead, budget.unit) + reserve > budget.max) {
      notShown += section.tests.length;
      continue;
    }
    out += tableHead;
    let used = size(out, budget.unit);
    let shown = 0;
    for (const test of section.tests) {
      const line =
        redact(
          section.rendered
            ? (test as string)
            : section.named
              ? namedRow(section.mark ?? '', test as ComparedTest)
              : row(test as TestResult, section.withStatus, section.markOf?.(test as TestResult) ?? section.mark),
        ) + '\n';
      const lineSize = size(line, budget.unit);
      if (used + lineSize + reserve > budget.max) break;
      out += line;
      used += lineSize;
      shown++;
    }
    notShown += section.tests.length - shown;
    if (section.rendered?.after && shown === section.tests.length) out += `\n${section.rendered.after}\n`;
  }
  if (notShown > 0) {
    out += redact(`\n_${plural(notShown, 'more test')} not shown: ${escapeInline(budget.whereTheRestIs)}._\n`);
  }
  // Durations come after the failures: shown whole when they fit, else left out (the report file has every duration).
  if (verdict.conclusion !== 'error') {
    for (const lines of [slowerLines(report.durations), slowestLines(report.durations)]) {
      if (lines.length === 0) continue;
      const block = redact(['', ...lines, ''].join('\n'));
      if (size(out + block, budget.unit) + reserve <= budget.max) out += block;
    }
  }
  return fit(out + footer, budget);
}
