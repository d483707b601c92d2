import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import type { Verdict } from '../gate.js';
import { zeroCounts, type Counts, type NormalizedReport, type TestResult } from '../report.js';
import { redact } from '../secrets.js';

/** Tests serialized per write: the file is streamed, never held whole in memory. */
const TESTS_PER_WRITE = 500;

export function ctrfTest(t: TestResult) {
  return {
    name: t.name,
    status: t.status,
    duration: Math.max(0, Math.round(t.durationMs ?? 0)),
    ...(t.suite ? { suite: [t.suite] } : {}),
    ...(t.message ? { message: t.message } : {}),
    ...(t.rawStatus ? { rawStatus: t.rawStatus } : {}),
    ...(t.url || t.source ? { extra: { ...(t.url ? { url: t.url } : {}), ...(t.source ? { source: t.source } : {}) } } : {}),
  };
}

/** What the run was: the provider's run id where the report has one, else what was read. */
function runName(report: NormalizedReport): string {
  const id = 'runId' in report ? (report as { runId?: unknown }).runId : undefined;
  if ((typeof id === 'string' && id) || typeof id === 'number') return `run ${id}`;
  return /^run \S+/.exec(report.source)?.[0] ?? report.source;
}

/**
 * Every test the report counts, as CTRF entries: the tests read, then one `pending`
 * placeholder per test counted without a result (never given a made-up name).
 */
export function* ctrfTests(report: NormalizedReport): Generator<TestResult> {
  yield* report.everyTest();
  const untested = report.testsWithoutResult;
  const where = runName(report);
  for (let n = 1; n <= untested; n++) yield { name: `Untested test ${n} of ${untested} in ${where}`, status: 'pending' };
}

/** The CTRF document (https://ctrf.io) around its tests and their counts. */
export function toCtrf(
  report: NormalizedReport,
  verdict: Verdict,
  generatedAt: Date,
  tests: unknown[],
  counts: Counts,
  extra?: Record<string, unknown>,
) {
  const stop = report.finishedAt ?? generatedAt.getTime();
  const start = report.startedAt ?? stop;
  return {
    reportFormat: 'CTRF',
    specVersion: '0.0.0',
    timestamp: generatedAt.toISOString(),
    generatedBy: 'remote-test-results-action',
    results: {
      tool: { name: report.providerLabel },
      // Tests come before their summary: the file is streamed, and the summary counts what was written.
      tests,
      summary: {
        tests: counts.total,
        passed: counts.passed,
        failed: counts.failed,
        skipped: counts.skipped,
        pending: counts.pending,
        other: counts.other,
        start,
        stop,
        extra: { conclusion: verdict.conclusion, gateReason: verdict.reason, testsWithoutResult: report.testsWithoutResult },
      },
      environment: { reportName: report.source, ...(report.reportUrl ? { buildUrl: report.reportUrl } : {}) },
      extra: { provider: report.provider, source: report.source, notes: report.notes, ...extra },
    },
  };
}

export function reportFilePath(configured: string, provider: string, env: NodeJS.ProcessEnv = process.env): string {
  if (configured) return resolve(configured);
  return join(env.RUNNER_TEMP || tmpdir(), `test-results-${provider}.ctrf.json`);
}

/**
 * Writes the report, credentials redacted, streaming the tests in batches; returns its path.
 * Self-consistent: `summary.tests` is the number of entries and each status count the entries
 * of that status.
 */
export function writeReportFile(
  path: string,
  report: NormalizedReport,
  verdict: Verdict,
  generatedAt: Date,
  /** With `sources`: every entry's tests, each with its label, and what `results.extra` adds. */
  several?: { tests: Iterable<TestResult>; extra: Record<string, unknown> },
): string {
  const placeholder = '\u0000tests\u0000';
  const counts = zeroCounts();
  const [head] = JSON.stringify(toCtrf(report, verdict, generatedAt, [placeholder], counts, several?.extra)).split(
    JSON.stringify(placeholder),
  ) as [string];
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, redact(head));
    let batch: string[] = [];
    let first = true;
    const flush = () => {
      if (batch.length === 0) return;
      writeSync(fd, (first ? '' : ',\n') + redact(batch.join(',\n')));
      first = false;
      batch = [];
    };
    for (const test of several?.tests ?? ctrfTests(report)) {
      counts[test.status]++;
      counts.total++;
      batch.push(JSON.stringify(ctrfTest(test)));
      if (batch.length >= TESTS_PER_WRITE) flush();
    }
    flush();
    // The rest of the document, now with the counts of what was written.
    const whole = JSON.stringify(toCtrf(report, verdict, generatedAt, [placeholder], counts, several?.extra));
    writeSync(fd, redact(whole.slice(whole.indexOf(JSON.stringify(placeholder)) + JSON.stringify(placeholder).length)) + '\n');
  } finally {
    closeSync(fd);
  }
  return path;
}
