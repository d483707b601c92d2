import * as core from '@actions/core';
import { setTimeout as sleep } from 'node:timers/promises';
import { appendFileSync } from 'node:fs';
import { InputError, NoVerdictError } from './errors.js';
import { evaluateGate, type Verdict } from './gate.js';
import { writePullRequestComment } from './github/comment.js';
import { reportToGitHub } from './github/publish.js';
import { ProviderHttp } from './http/provider-http.js';
import { parseInputs, readRawInputs, SECRET_INPUTS, type Settings } from './inputs.js';
import { providers } from './providers/registry.js';
import type { Log, ProviderContext } from './providers/types.js';
import { emptyReport, type NormalizedReport } from './report.js';
import { renderSummary } from './render/summary.js';
import { redact, registerSecret } from './secrets.js';
import { logReport, logSafe } from './writers/log.js';
import { outputValues, setOutputs } from './writers/outputs.js';
import { reportFilePath, writeReportFile } from './writers/report-file.js';

/** GitHub's limit for one step's job summary. */
const JOB_SUMMARY_MAX_BYTES = 1024 * 1024;

const log: Log = {
  info: (m) => core.info(logSafe(m)),
  warning: (m) => core.warning(redact(m)),
  debug: (m) => core.debug(redact(m)),
};

/**
 * The pipeline: inputs → provider fetch → normalized report → gate → writers (report file,
 * check run, job summary, outputs). Only this function decides whether the step fails.
 */
export async function run(): Promise<void> {
  try {
    await pipeline();
  } catch (error) {
    // A bug, not a provider answer: still a clear, redacted line and a failed step.
    core.setFailed(redact(`Unexpected error: ${error instanceof Error ? error.message : String(error)}`));
  }
}

async function pipeline(): Promise<void> {
  const startedAt = Date.now();
  // Credentials are masked before anything else, even when the inputs turn out invalid.
  for (const name of SECRET_INPUTS) registerSecret(core.getInput(name));

  let settings: Settings;
  try {
    settings = parseInputs(readRawInputs());
  } catch (error) {
    core.setFailed(redact(error instanceof InputError ? error.message : `Could not read the inputs: ${String(error)}`));
    return;
  }

  const provider = providers[settings.provider];
  let report: NormalizedReport;
  let verdict: Verdict;
  try {
    report = await provider.fetchReport(providerContext(settings, startedAt));
    verdict = evaluateGate(report.counts, settings);
  } catch (error) {
    const reason =
      error instanceof NoVerdictError
        ? error.message
        : `${provider.label}: unexpected error while reading results: ${error instanceof Error ? error.message : String(error)}`;
    report = emptyReport(settings.provider, provider.label, describeTarget(settings));
    verdict = { conclusion: 'error', reason: redact(reason) };
  }
  const generatedAt = new Date();
  logReport(report);

  let reportFile: string | undefined;
  try {
    reportFile = writeReportFile(reportFilePath(settings.reportFile, settings.provider), report, verdict, generatedAt);
  } catch (error) {
    core.warning(redact(`Could not write the report file: ${String(error)}`));
  }

  const title = settings.checkName || 'Test results';
  if (settings.summary && process.env.GITHUB_STEP_SUMMARY) {
    try {
      const markdown = renderSummary(
        { report, verdict, title, generatedAt },
        {
          max: JOB_SUMMARY_MAX_BYTES,
          unit: 'bytes',
          whereTheRestIs: reportFile ? `the report file (${reportFile}) lists every test` : 'the provider lists every test',
        },
      );
      appendFileSync(process.env.GITHUB_STEP_SUMMARY, redact(markdown));
    } catch (error) {
      core.warning(redact(`Could not write the job summary: ${String(error)}`));
    }
  }

  const { checkRunId, checkRunUrl } = await reportToGitHub({
    report,
    verdict,
    title,
    generatedAt,
    checkName: settings.checkName,
    token: settings.githubToken,
    commitSha: settings.commitSha,
    maxAnnotations: settings.annotations ? settings.maxAnnotations : 0,
  });

  const commentUrl = await writePullRequestComment({ settings, report, verdict, title, generatedAt });

  setOutputs(outputValues(report, verdict, { checkRunId, checkRunUrl, reportFile, commentUrl }));

  if (verdict.conclusion === 'error') {
    core.setFailed(`No verdict: ${verdict.reason}`);
  } else if (verdict.conclusion === 'failure') {
    if (settings.failStep) core.setFailed(verdict.reason);
    else core.warning(`The gate failed (fail-step is false, so the step passes): ${verdict.reason}`);
  } else {
    core.info('The gate passed.');
  }
}

function providerContext(settings: Settings, startedAt: number): ProviderContext {
  const deadline = startedAt + settings.waitTimeoutS * 1000;
  const label = providers[settings.provider].label;
  return {
    settings,
    log,
    deadline,
    sleep: (ms) => sleep(ms),
    http: (options) =>
      new ProviderHttp({
        ...options,
        provider: label,
        baseUrl: settings.baseUrl,
        deadline,
        requestTimeoutMs: settings.requestTimeoutS * 1000,
        warn: log.warning,
      }),
  };
}

/** What the run was asked to read, for reports that could not be read. */
function describeTarget(settings: Settings): string {
  if (settings.run) return `run ${settings.run}`;
  if (settings.job) return `job ${settings.job}`;
  if (settings.target) return `target ${settings.target}${settings.build ? ` build ${settings.build}` : ''}`;
  if (settings.project) return `project ${settings.project}`;
  if (settings.jobTemplate) return `job template ${settings.jobTemplate}`;
  return settings.provider;
}
