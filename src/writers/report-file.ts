import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import type { Verdict } from '../gate.js';
import type { Counts, NormalizedReport } from '../report.js';
import { redact } from '../secrets.js';

/** The whole normalized report as a CTRF document (https://ctrf.io), every test included. */
export function toCtrf(report: NormalizedReport, counts: Counts, verdict: Verdict, generatedAt: Date) {
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
        extra: { conclusion: verdict.conclusion, gateReason: verdict.reason, testsWithoutResult: report.unlistedPending },
      },
      tests: report.tests.map((t) => ({
        name: t.name,
        status: t.status,
        duration: Math.max(0, Math.round(t.durationMs ?? 0)),
        ...(t.suite ? { suite: [t.suite] } : {}),
        ...(t.message ? { message: t.message } : {}),
        ...(t.rawStatus ? { rawStatus: t.rawStatus } : {}),
        ...(t.url ? { extra: { url: t.url } } : {}),
      })),
      environment: { reportName: report.source, ...(report.reportUrl ? { buildUrl: report.reportUrl } : {}) },
      extra: { provider: report.provider, source: report.source, notes: report.notes },
    },
  };
}

export function reportFilePath(configured: string, provider: string, env: NodeJS.ProcessEnv = process.env): string {
  if (configured) return resolve(configured);
  return join(env.RUNNER_TEMP || tmpdir(), `test-results-${provider}.ctrf.json`);
}

/** Writes the report, credentials redacted; returns its path. */
export function writeReportFile(path: string, document: unknown): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, redact(JSON.stringify(document, null, 1)) + '\n');
  return path;
}
