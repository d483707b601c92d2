import { testKey } from '../baseline/compare.js';
import type { TestResult } from '../report.js';
import { truncate, truncateBytes } from '../text.js';

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'failure' | 'warning';
  title: string;
  message: string;
  raw_details?: string;
}

/** GitHub's limits: a title of 255 characters, a message and raw details of 64 KB. */
export const TITLE_MAX = 255;
export const MESSAGE_MAX_BYTES = 64 * 1024;

/** Cuts to a number of UTF-8 bytes without splitting a character. */
export { truncateBytes };

/** A known failure's annotation message: its reason first, then the failure's own message. */
export function knownFailureMessage(reason: string, message: string): string {
  return `Known failure: ${reason}\n\n${message}`;
}

/**
 * One annotation per failed test, at most `max`. A known failure (its key → the entry's reason in
 * `knownReasons`) is a `warning` carrying its reason, not a `failure`.
 */
export function failureAnnotations(
  failed: TestResult[],
  max: number,
  workflowPath: string,
  knownReasons: ReadonlyMap<string, string> = new Map(),
): CheckAnnotation[] {
  return failed.slice(0, max).map((test) => {
    const title = test.suite ? `${test.suite} › ${test.name}` : test.name;
    const own = test.message?.trim() || `${test.name} failed${test.rawStatus ? ` (${test.rawStatus})` : ''}.`;
    const reason = knownReasons.get(testKey(test));
    const message = reason === undefined ? own : knownFailureMessage(reason, own);
    const annotation: CheckAnnotation = {
      // A located test is annotated at its source line; else on the workflow file's first line.
      path: test.location?.path ?? workflowPath,
      start_line: test.location?.line ?? 1,
      end_line: test.location?.line ?? 1,
      annotation_level: reason === undefined ? 'failure' : 'warning',
      title: truncate(title.replace(/\s+/g, ' '), TITLE_MAX),
      message: truncateBytes(message, MESSAGE_MAX_BYTES),
    };
    if (test.url) annotation.raw_details = truncateBytes(test.url, MESSAGE_MAX_BYTES);
    return annotation;
  });
}
