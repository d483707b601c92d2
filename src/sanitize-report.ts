import type { ProviderReport, TestResult } from './report.js';
import { redact } from './secrets.js';

/** Only http(s) URLs leave the action: a `javascript:` or `data:` address is dropped. */
export function httpUrl(url: string | undefined): string | undefined {
  const trimmed = url?.trim();
  if (!trimmed) return undefined;
  try {
    const { protocol } = new URL(trimmed);
    return protocol === 'http:' || protocol === 'https:' ? trimmed : undefined;
  } catch {
    return undefined;
  }
}

/** A test's provider text with every credential removed, and its URL only if http(s). */
export function sanitizeTest(test: TestResult): TestResult {
  const out: TestResult = { ...test, name: redact(test.name) };
  if (test.suite !== undefined) out.suite = redact(test.suite);
  if (test.message !== undefined) out.message = redact(test.message);
  const url = httpUrl(test.url);
  if (url !== undefined) out.url = redact(url);
  else delete out.url;
  if (test.rawStatus !== undefined) out.rawStatus = redact(test.rawStatus);
  return out;
}

/**
 * The report as it leaves the provider: credentials removed from all of its text, once, here,
 * so that every writer escapes, cuts and encodes text that holds no secret; URLs other than
 * http(s) dropped. Tests the report file streams are sanitized as they are read.
 */
export function sanitizeReport<R extends ProviderReport>(report: R): R {
  const everyTest = report.everyTest.bind(report);
  const reportUrl = httpUrl(report.reportUrl);
  return {
    ...report,
    source: redact(report.source),
    notes: report.notes.map(redact),
    reportUrl: reportUrl === undefined ? undefined : redact(reportUrl),
    needsAttention: report.needsAttention.map(sanitizeTest),
    *everyTest() {
      for (const test of everyTest()) yield sanitizeTest(test);
    },
  };
}
