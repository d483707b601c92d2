import type { FailureCauses } from '../../analysis/causes.js';
import type { Comparison } from '../../baseline/types.js';
import type { Verdict } from '../../gate.js';
import type { NormalizedReport } from '../../report.js';
import { link } from '../../render/markdown.js';
import { renderSummary, type Budget, type SummaryInput } from '../../render/summary.js';
import { redact } from '../../secrets.js';
import { truncate } from '../../text.js';
import { KEEP_REPORT_FILE } from '../job-summary.js';
import { markerLines, type CommentKey, type CommentState } from './marker.js';

/** GitHub's limit for a comment's body, in characters. */
export const COMMENT_MAX = 65_536;

/** Provider text redacted before it is escaped or cut, so that no form of a secret survives. */
function redactedForDisplay(
  report: NormalizedReport,
  verdict: Verdict,
  comparison: Comparison | undefined,
): { report: NormalizedReport; verdict: Verdict; comparison?: Comparison } {
  const text = (value: string | undefined) => (value === undefined ? undefined : redact(value));
  const named = <T extends { name: string; suite?: string }>(t: T): T => ({ ...t, name: redact(t.name), suite: text(t.suite) });
  return {
    comparison: comparison && {
      ...comparison,
      baseline: comparison.baseline && {
        ...comparison.baseline,
        label: redact(comparison.baseline.label),
        url: text(comparison.baseline.url),
      },
      noBaseline: text(comparison.noBaseline),
      caution: text(comparison.caution),
      fixed: comparison.fixed.map(named),
      flaky: comparison.flaky.map(named),
      sameCommit: comparison.sameCommit && {
        runs: comparison.sameCommit.runs.map((r) => ({ label: redact(r.label), url: text(r.url) })),
        flaky: comparison.sameCommit.flaky.map((t) => ({ ...named(t), failedIn: t.failedIn.map(redact) })),
      },
      trend: comparison.trend.map((p) => ({ ...p, label: redact(p.label), url: text(p.url) })),
    },
    report: {
      ...report,
      providerLabel: redact(report.providerLabel),
      source: redact(report.source),
      reportUrl: text(report.reportUrl),
      notes: report.notes.map(redact),
      needsAttention: report.needsAttention.map((t) => ({
        ...t,
        name: redact(t.name),
        suite: text(t.suite),
        message: text(t.message),
        url: text(t.url),
        rawStatus: text(t.rawStatus),
      })),
    },
    verdict: { ...verdict, reason: redact(verdict.reason) },
  };
}

/** Causes come from redacted messages; redacted again here, as everything else the comment shows is. */
function causesForDisplay(causes: FailureCauses | undefined): FailureCauses | undefined {
  if (!causes) return undefined;
  // The comment names at most three tests per cause: the rest need no redacting.
  const groups = causes.groups.map((g) => ({ ...g, cause: redact(g.cause), tests: g.tests.slice(0, 3).map(redact) }));
  const { outage } = causes;
  return outage ? { groups, outage: { ...outage, cause: redact(outage.cause), text: redact(outage.text) } } : { groups };
}

/** The summary's content (the comment carries the same comparison and causes), and the comment's own parts. */
export interface CommentBodyInput extends SummaryInput {
  key: CommentKey;
  state: CommentState;
  /** The workflow run's page; the body ends with a link to it. */
  runUrl?: string;
  /** With `sources`: the summary over every entry, rendered within a budget, instead of `report`'s. */
  summary?: (budget: Budget) => string;
}

/**
 * The comment: our two hidden lines, the summary with its comparison (cut with the summary's
 * "N more not shown" rule), and a last line linking the workflow run, with the time. Redacted,
 * and at most COMMENT_MAX characters as sent.
 */
export function commentBody(input: CommentBodyInput): string {
  const { report, verdict, comparison } = redactedForDisplay(input.report, input.verdict, input.comparison);
  const head = `${markerLines(input.key, input.state)}\n\n`;
  const time = input.generatedAt.toISOString().replace('T', ' ').slice(0, 16);
  const footer = `\n<sub>${input.runUrl ? `${link('Workflow run', input.runUrl)} · ` : ''}updated ${time} UTC</sub>\n`;
  let budget = COMMENT_MAX - head.length - footer.length;
  let body = '';
  for (let attempt = 0; attempt < 4 && budget > 0; attempt++) {
    const room: Budget = {
      max: budget,
      unit: 'chars',
      whereTheRestIs: `the workflow run's job summary and report file list every test; ${KEEP_REPORT_FILE.replace('keep it', 'keep the file')}`,
    };
    const summary = input.summary
      ? input.summary(room)
      : // The summary's sections, in its order of importance, so a cut comment keeps new failures first.
        renderSummary(
          { report, verdict, comparison, causes: causesForDisplay(input.causes), title: input.title, generatedAt: input.generatedAt },
          room,
        );
    body = redact(head + summary + footer);
    if (body.length <= COMMENT_MAX) return body;
    // Redaction lengthened the text: render again with less room.
    budget -= body.length - COMMENT_MAX + 1000;
  }
  // Only a huge verdict reason or note gets here: cut the text whole, keeping the markers and footer.
  const markers = redact(head);
  const end = redact(footer);
  return markers + truncate(body.slice(markers.length), COMMENT_MAX - markers.length - end.length - 2) + '\n\n' + end;
}
