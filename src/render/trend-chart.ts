/**
 * `trend: chart`: the pass rate of each run as one Mermaid `xychart-beta` line, for the summary
 * and the comment, above the trend table (which stays: not every viewer draws Mermaid).
 *
 * Run labels are provider text (a Tesults build name is anything its CI chose), and Mermaid reads
 * more than its grammar says: it pulls `%%{init: …}%%` directives and `%%` comments out of the
 * whole text before parsing, quotes included, and turns `#name;` into a character entity. So each
 * label is quoted and keeps none of: quotes, backticks (which also end the Markdown fence),
 * brackets, `%`, `;`, `<`, `>`, line breaks, control and invisible format characters. Labels are
 * redacted by the caller before they come here.
 */

export interface TrendPoint {
  label: string;
  /** 0–100; undefined when nothing ran in that run. */
  passRate?: number;
}

export interface TrendChart {
  /** The fenced ```mermaid block, ending in a newline. */
  markdown: string;
  /** The x-axis labels as drawn, oldest first. */
  labels: string[];
  /** How many runs had no pass rate and so are not on the chart (the table still shows them). */
  leftOut: number;
}

/** Longest label drawn, in code points: longer ones are cut with `…`. */
export const MAX_CHART_LABEL = 24;

// Quotes (straight and typographic), backticks, brackets, `%` (directives and comments), `;`
// (entities), angle brackets.
const UNSAFE = /["'`\u2018\u2019\u201c\u201d[\]{}<>%;]/gu;
// Line and paragraph breaks and control characters: a space. Invisible format characters (bidi
// overrides, zero-width joiners): nothing.
const BREAKS = /[\p{Cc}\p{Zl}\p{Zp}]+/gu;
const FORMAT = /\p{Cf}/gu;

/** A run label made safe inside a quoted Mermaid string; may be empty. */
export function chartLabel(label: string): string {
  const cleaned = label.replace(BREAKS, ' ').replace(FORMAT, '').replace(UNSAFE, '').replace(/\s+/g, ' ').trim();
  const points = [...cleaned];
  return points.length > MAX_CHART_LABEL
    ? `${points
        .slice(0, MAX_CHART_LABEL - 1)
        .join('')
        .trimEnd()}…`
    : cleaned;
}

/** `98.5`: at most two decimals, never an exponent, within 0–100. */
function rateText(rate: number): string {
  return String(Math.round(Math.min(100, Math.max(0, rate)) * 100) / 100);
}

/**
 * The chart, or undefined when there is nothing to draw: fewer than two runs with a pass rate
 * (no history gives no chart and no empty block). Runs without a pass rate are left out of the
 * line, as a line cannot skip a point, rather than drawn at 0. Labels the band axis would merge
 * (equal after cleaning) are numbered, `build (2)`; an empty one becomes `run N` (its position).
 */
export function trendChart(points: readonly TrendPoint[]): TrendChart | undefined {
  const charted = points
    .map((point, index) => ({ point, index }))
    .filter(({ point }) => point.passRate !== undefined && Number.isFinite(point.passRate));
  if (charted.length < 2) return undefined;
  const used = new Set<string>();
  const labels = charted.map(({ point, index }) => {
    const base = chartLabel(point.label) || `run ${index + 1}`;
    let label = base;
    for (let n = 2; used.has(label); n++) label = `${base} (${n})`;
    used.add(label);
    return label;
  });
  const rates = charted.map(({ point }) => rateText(point.passRate!));
  const markdown = [
    '```mermaid',
    'xychart-beta',
    '  title "Pass rate, oldest to newest"',
    `  x-axis [${labels.map((label) => `"${label}"`).join(', ')}]`,
    '  y-axis "Pass rate" 0 --> 100',
    `  line [${rates.join(', ')}]`,
    '```',
    '',
  ].join('\n');
  return { markdown, labels, leftOut: points.length - charted.length };
}
