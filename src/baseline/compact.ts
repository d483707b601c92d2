import { causeOf } from '../analysis/causes.js';
import type { TestResult } from '../report.js';
import { redact } from '../secrets.js';
import type { BaselineTest } from './types.js';

/**
 * One test of an earlier run as the comparison keeps it: its status, its name where asked, and
 * when it failed, its cause (for "still failing, new error" and outages in history). The message
 * is redacted first, as the current run's is, so the two causes compare and neither can hold a
 * secret; the message itself is not kept.
 */
export function compactTest(test: Pick<TestResult, 'status' | 'name' | 'message'>, keepName = true): BaselineTest {
  const compact: BaselineTest = { status: test.status };
  if (keepName) compact.name = test.name;
  if (test.status === 'failed') compact.cause = causeOf(test.message === undefined ? undefined : redact(test.message));
  return compact;
}
