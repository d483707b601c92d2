import * as core from '@actions/core';
import { testKey } from '../baseline/compare.js';
import type { Verdict } from '../gate.js';
import { failedTests, type NormalizedReport, type TestResult } from '../report.js';
import { redact } from '../secrets.js';
import { truncate } from '../text.js';

/** How many failed tests the log lists (the summary and the report file have them all). */
const LOG_FAILURES_MAX = 20;

/**
 * Text from a provider, made safe for one log line: no line breaks, so it can never start a
 * workflow command (`::set-output`, `::add-mask::` ...) on a line of its own.
 */
export function logSafe(text: string): string {
  return withoutControls(redact(text).replace(/[\r\n\u2028\u2029]+/g, ' ⏎ '));
}

/** Control characters (NUL, ESC, BEL …) removed; tabs and line breaks kept. */
export function withoutControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

/** The run in one line, then its failed tests; with no verdict it never reads as an empty run. */
export function logReport(report: NormalizedReport, verdict: Pick<Verdict, 'conclusion' | 'reason'>): void {
  const { counts } = report;
  const tally =
    `${counts.total} tests — ${counts.passed} passed, ${counts.failed} failed, ` +
    `${counts.skipped} skipped, ${counts.pending} pending, ${counts.other} other`;
  const what = `${report.providerLabel} ${report.source}`;
  if (verdict.conclusion === 'error') {
    // Nothing read, or read and refused (a stale run): say so, not "0 tests — 0 failed".
    const read = counts.total === 0 ? 'no test results were read' : `read ${tally}, not judged`;
    core.info(logSafe(`${what}: no verdict (${read}): ${verdict.reason}`));
  } else {
    core.info(logSafe(`${what}: ${tally}.`));
  }
  const failed = failedTests(report);
  for (const test of failed.slice(0, LOG_FAILURES_MAX)) core.info(`  ✗ ${logSafe(describe(test))}`);
  if (failed.length > LOG_FAILURES_MAX) core.info(`  … and ${failed.length - LOG_FAILURES_MAX} more failed tests (see the job summary).`);
}

function describe(test: TestResult): string {
  const name = test.suite ? `${test.suite} › ${test.name}` : test.name;
  const message = test.message ? `: ${truncate(redact(test.message.split(/\r?\n/, 1)[0]!), 200)}` : '';
  return truncate(`${redact(name)}${message}`, 400);
}

/** Failures as workflow-command annotations (GitHub shows at most 10 per step). */
export const COMMAND_ANNOTATIONS_MAX = 10;
export function commandAnnotations(failed: TestResult[], max: number, knownReasons: ReadonlyMap<string, string> = new Map()): void {
  for (const test of failed.slice(0, Math.min(max, COMMAND_ANNOTATIONS_MAX))) {
    // Redacted and cleaned first, cut last; core.error escapes %, CR and LF (and : , in properties).
    const title = truncate(logSafe((test.suite ? `${test.suite} › ${test.name}` : test.name).replace(/\s+/g, ' ')), 255);
    const own = test.message?.trim() || `${test.name} failed.`;
    const reason = knownReasons.get(testKey(test));
    const at = test.location ? { file: test.location.path, startLine: test.location.line ?? 1 } : {};
    // A known failure is a warning carrying its reason, not an error.
    if (reason !== undefined)
      core.warning(
        truncate(
          withoutControls(
            redact(`Known failure: ${reason}

${own}`),
          ),
          4000,
        ),
        { title, ...at },
      );
    else core.error(truncate(withoutControls(redact(own)), 4000), { title, ...at });
  }
}
