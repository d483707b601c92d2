import type { TestResult } from '../../report.js';
import { eggplantMetrics } from './metrics.js';
import type { EggplantTestRun } from './schemas.js';

/** Eggplant's browser srefs (`browsers/ch`), as users know the browsers. */
const BROWSERS: Record<string, string> = {
  ch: 'Chrome',
  chrome: 'Chrome',
  ff: 'Firefox',
  firefox: 'Firefox',
  ie11: 'Internet Explorer 11',
  ie: 'Internet Explorer',
  edge: 'Edge',
  safari: 'Safari',
};

/** The measurements a test run carries, in Eggplant's own units; nulls left out. */
function metricsOf(run: EggplantTestRun): Record<string, number> | undefined {
  const metrics: Record<string, number> = {};
  for (const { name } of eggplantMetrics.metrics) {
    const value = run[name];
    if (typeof value === 'number' && Number.isFinite(value)) metrics[name] = value;
  }
  return Object.keys(metrics).length ? metrics : undefined;
}

/** A test run (a page in a browser) as a test: `severity: ok` passed, any other failed. The current job and its baseline alike. */
export function toTest(run: EggplantTestRun): TestResult {
  const browserKey = run.browser?.replace(/^browsers\//, '') ?? '';
  const browser = BROWSERS[browserKey.toLowerCase()] ?? browserKey;
  const page = run.pageTitle?.trim() || run.url || run.sref;
  const severity = run.severity ?? 'unknown';
  const parts = [`severity: ${severity}`];
  if (run.onLoad !== null && run.onLoad !== undefined) parts.push(`onLoad: ${run.onLoad} s`);
  // Eggplant's own code for the run (the docs' example has 1), not an HTTP status.
  if (run.resultCode !== null && run.resultCode !== undefined) parts.push(`result code: ${run.resultCode}`);
  return {
    name: browser ? `${page} (${browser})` : page,
    status: severity === 'ok' ? 'passed' : 'failed',
    url: run.url ?? undefined,
    durationMs: typeof run.onLoad === 'number' ? Math.round(run.onLoad * 1000) : undefined,
    message: parts.join('; '),
    rawStatus: severity,
    metrics: metricsOf(run),
    key: `${run.url ?? page}\u001f${browserKey}`,
  };
}
