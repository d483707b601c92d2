import type { FailureCauses, LikelyOutage } from '../analysis/causes.js';
import type { Comparison } from '../baseline/types.js';
import { plural, truncate } from '../text.js';
import { escapeInline, escapeName } from './markdown.js';

/**
 * What the summary, the comment and the check run show of failure causes: the "Failures by
 * cause" table, the likely outage they lead with, and the marks the comparison adds. Causes are
 * provider text (redacted already): always escaped, never links (their URLs hold placeholders).
 */

/** At most this many causes as rows: the few that explain the failures, not a second failure list. */
export const CAUSES_SHOWN_MAX = 10;
/** A cause is cut here in a table cell (the `failure-groups` output has it whole). */
const CAUSE_CELL_MAX = 200;
/** Each example name is cut here. */
const NAME_CELL_MAX = 100;
const EXAMPLES = 3;
/** The outage's cause is cut here in the check-run title, so that the counts still fit after it. */
const TITLE_CAUSE_MAX = 120;

/** ` — Likely outage: 46 of 50 tests failed with …` for the summary's heading; '' when none. */
export function outageHeadline(causes: FailureCauses | undefined): string {
  return causes?.outage ? ` — ${escapeInline(causes.outage.text)}` : '';
}

/**
 * The check-run title led by the outage: `Likely outage: 46 of 50 tests failed with … · 46 failed, 4 passed`;
 * with `sources`, led by the entry's label (`web: Likely outage: …`).
 */
export function titleLedByOutage(title: string, outage: LikelyOutage | undefined, label?: string): string {
  if (!outage) return title;
  const cause = truncate(outage.cause, TITLE_CAUSE_MAX);
  return `${label ? `${label}: ` : ''}Likely outage: ${outage.count} of ${outage.total} tests failed with ${cause} · ${title}`;
}

/**
 * "Failures by cause": one row per cause shared by two or more failures, largest first, with how
 * many tests and the first three names; at most {@link CAUSES_SHOWN_MAX} rows, and no more than
 * `maxSize` (as `measure` counts) in all. No lines when no cause is shared.
 */
export function causeSectionLines(causes: FailureCauses | undefined, maxSize: number, measure: (text: string) => number): string[] {
  const groups = causes?.groups ?? [];
  if (groups.length === 0) return [];
  const lines = [`#### Failures by cause (${groups.length})`, '', '| Tests | Cause | Failed tests |', '| ---: | --- | --- |'];
  let used = measure(lines.join('\n'));
  let shown = 0;
  for (const group of groups.slice(0, CAUSES_SHOWN_MAX)) {
    const names = group.tests.slice(0, EXAMPLES).map((name) => escapeName(truncate(name, NAME_CELL_MAX)));
    const more = group.count > EXAMPLES ? ` (+${group.count - EXAMPLES} more)` : '';
    const line = `| ${group.count} | ${escapeInline(truncate(group.cause, CAUSE_CELL_MAX))} | ${names.join(' · ')}${more} |`;
    const size = measure(line) + 1;
    if (used + size > maxSize) break;
    lines.push(line);
    used += size;
    shown++;
  }
  if (shown === 0) return [];
  const rest = groups.slice(shown);
  if (rest.length > 0) {
    const tests = rest.reduce((n, g) => n + g.count, 0);
    lines.push(
      '',
      `_${plural(rest.length, 'more cause')} shared by ${plural(tests, 'test')} not shown: the failure-groups output lists the first 50._`,
    );
  }
  return lines;
}

/** The mark of a still-failing test: `still failing, new error` when its cause changed since the baseline. */
export function stillFailingMark(comparison: Comparison, key: string, mark: string): string {
  return comparison.newErrorKeys?.has(key) ? `${mark}, new error` : mark;
}

/** `run 40 was a likely outage: left out of flaky detection.`; undefined when no history run was one. */
export function outageRunsLine(comparison: Comparison): string | undefined {
  const runs = comparison.outageRuns ?? [];
  if (runs.length === 0) return undefined;
  const names = runs.map(escapeInline).join(', ');
  return `_${names} ${runs.length === 1 ? 'was a likely outage' : 'were likely outages'}: left out of flaky detection._`;
}
