import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import type { Verdict } from '../gate.js';
import type { NormalizedReport, TestResult } from '../report.js';
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
    ...(t.url ? { extra: { url: t.url } } : {}),
  };
}

/** The whole normalized report as a CTRF document (https://ctrf.io), every test included. */
export function toCtrf(
  report: NormalizedReport,
  verdict: Verdict,
  generatedAt: Date,
  tests: unknown[] = [...report.everyTest()].map(ctrfTest),
) {
  const { counts } = report;
  const stop = report.finishedAt ?? generatedAt.getTime();
  const start = report.startedAt ?? stop;
  return {
    reportFormat: 'CTRF',
    specVersion: '0.0.0',
    timestamp: generatedAt.toISOString(),
    generatedBy: 'remote-test-results-action',
    results: {
      tool: { name: report.providerLabel },
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
      tests,
      environment: { reportName: report.source, ...(report.reportUrl ? { buildUrl: report.reportUrl } : {}) },
      extra: { provider: report.provider, source: report.source, notes: report.notes },
    },
  };
}

export function reportFilePath(configured: string, provider: string, env: NodeJS.ProcessEnv = process.env): string {
  if (configured) return resolve(configured);
  return join(env.RUNNER_TEMP || tmpdir(), `test-results-${provider}.ctrf.json`);
}

/** Writes the report, credentials redacted, streaming the tests in batches; returns its path. */
export function writeReportFile(path: string, report: NormalizedReport, verdict: Verdict, generatedAt: Date): string {
  const placeholder = '\u0000tests\u0000';
  const [head, tail] = JSON.stringify(toCtrf(report, verdict, generatedAt, [placeholder])).split(JSON.stringify(placeholder)) as [
    string,
    string,
  ];
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
    for (const test of report.everyTest()) {
      batch.push(JSON.stringify(ctrfTest(test)));
      if (batch.length >= TESTS_PER_WRITE) flush();
    }
    flush();
    writeSync(fd, redact(tail) + '\n');
  } finally {
    closeSync(fd);
  }
  return path;
}
