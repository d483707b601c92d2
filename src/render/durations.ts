import type { DurationReport, TimedTest } from '../analysis/durations.js';
import { redact } from '../secrets.js';
import { plural } from '../text.js';
import { escapeName, formatDuration } from './markdown.js';

/** "Slower than before" lists at most this many tests; `slower-tests` names up to 1000. */
export const SLOWER_SHOWN = 50;

/** Provider text is redacted before it is escaped, so that no form of a secret survives. */
function nameCells(test: Pick<TimedTest, 'name' | 'suite'>): string {
  return `${escapeName(redact(test.name))} | ${escapeName(redact(test.suite ?? ''))}`;
}

function earlierCell(test: TimedTest): string {
  return test.earlier ? `${formatDuration(test.earlier.medianMs)} (${plural(test.earlier.samples, 'run')})` : '–';
}

/**
 * "Slowest tests", collapsed: the run's slowest tests with each one's median of earlier
 * durations where history gave enough. No lines when no test had a duration above 0 ms.
 */
export function slowestLines(analysis: DurationReport | undefined): string[] {
  // Every duration 0 ms (a provider or reporter that sends 0 for "not measured") ranks nothing.
  if (!analysis || !analysis.slowest.some((t) => t.durationMs > 0)) return [];
  const withMedian = analysis.slowest.some((t) => t.earlier);
  return [
    `<details><summary><strong>Slowest tests</strong> (${analysis.slowest.length} of ${plural(analysis.timed, 'timed test')})</summary>`,
    '',
    withMedian ? '| Test | Suite | Duration | Earlier median |' : '| Test | Suite | Duration |',
    withMedian ? '| --- | --- | ---: | ---: |' : '| --- | --- | ---: |',
    ...analysis.slowest.map((t) => `| ${nameCells(t)} | ${formatDuration(t.durationMs)}${withMedian ? ` | ${earlierCell(t)}` : ''} |`),
    '',
    '</details>',
  ];
}

/** "Slower than before": the tests over `slower-than`, largest increase first. No lines when none. */
export function slowerLines(analysis: DurationReport | undefined): string[] {
  const thresholdText = analysis?.slowerThan?.text;
  if (!analysis || analysis.slower.length === 0 || !thresholdText) return [];
  const shown = analysis.slower.slice(0, SLOWER_SHOWN);
  const more = analysis.slower.length - shown.length;
  return [
    `#### Slower than before (${analysis.slower.length})`,
    '',
    `Slower than the median of their own earlier durations by more than ${thresholdText.replace(', ', ' and ')}.`,
    '',
    '| Test | Suite | Duration | Earlier median | Change |',
    '| --- | --- | ---: | ---: | ---: |',
    ...shown.map((t) => `| ${nameCells(t)} | ${formatDuration(t.durationMs)} | ${earlierCell(t)} | ${t.change} |`),
    ...(more > 0 ? ['', `_${plural(more, 'more slower test')} not shown: the \`slower-tests\` output names them._`] : []),
  ];
}
