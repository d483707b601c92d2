import type { Verdict } from '../gate.js';
import type { Counts, NormalizedReport, TestResult } from '../report.js';
import { passRate } from '../report.js';
import { redact } from '../secrets.js';
import { plural, truncate, truncateBytes } from '../text.js';
import { escapeInline, escapeName, escapeWithLinks, formatDuration, link } from './markdown.js';

export interface SummaryInput {
  report: NormalizedReport;
  verdict: Verdict;
  title: string;
  generatedAt: Date;
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

/** `2 failed, 48 passed` (plus the other counts that are not zero). */
export function checkRunTitle(counts: Counts, verdict: Verdict): string {
  if (verdict.conclusion === 'error') return truncate(`No verdict: ${verdict.reason}`, 255);
  if (counts.total === 0) return 'No tests';
  const parts = [`${counts.failed} failed`, `${counts.passed} passed`];
  if (counts.skipped) parts.push(`${counts.skipped} skipped`);
  if (counts.pending) parts.push(`${counts.pending} pending`);
  if (counts.other) parts.push(`${counts.other} other`);
  return parts.join(', ');
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

function row(test: TestResult, withStatus: boolean): string {
  const name = test.url ? link(test.name.replace(/\s+/g, ' '), test.url) : escapeName(test.name);
  const cells = [name];
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
  head.push(`### ${ICON[verdict.conclusion]} ${escapeInline(input.title)}: ${WORD[verdict.conclusion]}`, '');
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
    head.push(
      `**Gate passed.** ${counts.failed === 0 ? 'No test failed.' : `${plural(counts.failed, 'test')} failed, within the gate's limits.`}`,
    );
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
    `**${escapeInline(report.providerLabel)}** · ${link(report.source, report.reportUrl)}`,
  );
  for (const note of report.notes) head.push('', escapeWithLinks(note));

  // Every line is redacted before it is measured: the budget holds for the text written.
  const footer = redact(
    [
      '',
      `<sub>Read ${plural(counts.total, 'test')} from ${escapeInline(report.providerLabel)} ${escapeInline(report.source)} at ${at}.</sub>`,
      '',
    ].join('\n'),
  );

  const failed = report.needsAttention.filter((t) => t.status === 'failed');
  const attention = report.needsAttention.filter((t) => t.status !== 'failed');
  const sections = [
    { heading: `#### Failed tests (${failed.length})`, tests: failed, withStatus: false },
    { heading: `#### Other outcomes (${attention.length})`, tests: attention, withStatus: true },
  ].filter((s) => s.tests.length > 0);

  let out = head.map(redact).join('\n') + '\n';
  // Room kept for the footer and one "not shown" line, whatever is cut.
  const reserve = size(footer, budget.unit) + 400;
  let notShown = 0;
  for (const section of sections) {
    const tableHead = [
      '',
      section.heading,
      '',
      section.withStatus ? '| Test | Status | Suite | Duration | Message |' : '| Test | Suite | Duration | Message |',
      section.withStatus ? '| --- | --- | --- | ---: | --- |' : '| --- | --- | ---: | --- |',
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
      const line = redact(row(test, section.withStatus)) + '\n';
      const lineSize = size(line, budget.unit);
      if (used + lineSize + reserve > budget.max) break;
      out += line;
      used += lineSize;
      shown++;
    }
    notShown += section.tests.length - shown;
  }
  if (notShown > 0) {
    out += redact(`\n_${plural(notShown, 'more test')} not shown: ${escapeInline(budget.whereTheRestIs)}._\n`);
  }
  return fit(out + footer, budget);
}
