import * as core from '@actions/core';
import { unnarrowedBaselineCaution } from './analysis/pull-request-baseline.js';
import { applyBudgets, withBaselineMedians } from './budgets/judge.js';
import { compareWithBaseline, readBaselineRuns } from './baseline/read.js';
import { readEarlierRunsOfCommit, withSameCommit } from './baseline/same-commit.js';
import { clock } from './clock.js';
import type { Comparison } from './baseline/types.js';
import { InputError, NoVerdictError } from './errors.js';
import { GITHUB_REQUEST_TIMEOUT_MS } from './github/octokit.js';
import { staleReason } from './freshness.js';
import { evaluateGate, type Verdict } from './gate.js';
import { mergeQueueNote, readEventFacts } from './github/event.js';
import { readEvent } from './github/pull-request.js';
import { HttpRegistry } from './http/registry.js';
import { parseInputs, readRawInputs, SECRET_INPUTS } from './inputs.js';
import { providers, type AnyProvider } from './providers/registry.js';
import type { Log } from './log.js';
import type { ProviderContext } from './providers/types.js';
import { emptyReport, type NormalizedReport } from './report.js';
import { sanitizeReport } from './sanitize-report.js';
import { redact, registerSecret } from './secrets.js';
import type { Settings } from './settings.js';
import { reportToGitHub } from './writers/check-run.js';
import { writePullRequestComment } from './writers/comment/index.js';
import { writeJobSummary } from './writers/job-summary.js';
import { logReport, logSafe } from './writers/log.js';
import { outputValues, setOutputs } from './writers/outputs.js';
import { writeSkipped } from './writers/skipped.js';
import { reportFilePath, writeReportFile } from './writers/report-file.js';

/** What the check run and the comment may take together at most, retries and rate-limit waits included… */
const GITHUB_WRITES_MAX_MS = 120_000;
/** …and at least, whatever wait-timeout says; in between, this plus wait-timeout. */
const GITHUB_WRITES_MIN_MS = 40_000;

const log: Log = {
  info: (m) => core.info(logSafe(m)),
  warning: (m) => core.warning(redact(m)),
  debug: (m) => core.debug(redact(m)),
};

/**
 * The pipeline: inputs → provider fetch → normalized report → gate → writers (report file,
 * job summary, check run, outputs). Only this module decides whether the step fails.
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
  const startedAt = clock.now();
  // Credentials are masked before anything else, even when the inputs turn out invalid.
  for (const name of SECRET_INPUTS) registerSecret(core.getInput(name));

  const event = readEventFacts();
  let settings: Settings;
  try {
    settings = parseInputs(readRawInputs(), event);
  } catch (error) {
    core.setFailed(redact(error instanceof InputError ? error.message : `Could not read the inputs: ${String(error)}`));
    return;
  }

  const provider = providers[settings.provider as keyof typeof providers];
  const identity = { provider: settings.provider, providerLabel: provider.label };
  if (settings.skipped !== undefined) return skipStep(settings, identity, settings.skipped);
  const judged = await readAndJudge(provider, settings, identity, startedAt);
  const { verdict } = judged;
  // On a merge queue, the summary names the branch the group will land on.
  const queueNote = mergeQueueNote(event);
  const report = queueNote ? { ...judged.report, notes: [queueNote, ...judged.report.notes] } : judged.report;
  // A pull-request gate on new failures whose baseline may be the pull request's own earlier push.
  const caution = unnarrowedBaselineCaution(process.env.GITHUB_EVENT_NAME ?? '', readEvent(), {
    provider: settings.provider,
    failOn: settings.gate.failOn,
    baseline: settings.baseline.baseline,
    baselineTags: settings.baseline.tags,
  });
  if (caution) core.warning(caution);
  const comparison = judged.comparison && caution ? { ...judged.comparison, caution } : judged.comparison;
  const generatedAt = new Date();
  logReport(report, verdict);
  const { writers } = settings;
  const summaryInput = { report, verdict, comparison, title: writers.checkName || 'Test results', generatedAt };

  let reportFile: string | undefined;
  try {
    reportFile = writeReportFile(reportFilePath(writers.reportFile, settings.provider), report, verdict, generatedAt);
  } catch (error) {
    core.warning(redact(`Could not write the report file: ${String(error)}`));
  }

  if (writers.summary) {
    try {
      writeJobSummary(summaryInput, reportFile);
    } catch (error) {
      core.warning(redact(`Could not write the job summary: ${String(error)}`));
    }
  }

  // The check run and the comment share one deadline, so a GitHub that never answers still
  // lets the step end within 2 × wait-timeout + 60 s with its outputs written.
  const githubDeadline = Date.now() + Math.min(GITHUB_WRITES_MAX_MS, GITHUB_WRITES_MIN_MS + settings.request.waitTimeoutS * 1000);
  // One attempt takes at most request-timeout, as a provider's does (and never more than GitHub's own bound).
  const githubRequestTimeoutMs = Math.min(GITHUB_REQUEST_TIMEOUT_MS, settings.request.requestTimeoutS * 1000);
  let github: { checkRunId?: number; checkRunUrl?: string } = {};
  try {
    github = await reportToGitHub({
      ...summaryInput,
      checkName: writers.checkName,
      token: writers.githubToken,
      commitSha: writers.commitSha,
      maxAnnotations: writers.annotations ? writers.maxAnnotations : 0,
      deadline: githubDeadline,
      requestTimeoutMs: githubRequestTimeoutMs,
    });
  } catch (error) {
    // The outputs are written whatever happens on GitHub's side.
    core.warning(redact(`Could not report to GitHub: ${error instanceof Error ? error.message : String(error)}`));
  }
  const { checkRunId, checkRunUrl } = github;

  const commentUrl = await writePullRequestComment({
    settings: { provider: settings.provider, ...writers },
    ...summaryInput,
    deadline: githubDeadline,
    requestTimeoutMs: githubRequestTimeoutMs,
  });

  setOutputs(outputValues(report, verdict, { checkRunId, checkRunUrl, reportFile, commentUrl }, comparison));

  if (verdict.conclusion === 'error') {
    core.setFailed(`No verdict: ${verdict.reason}`);
  } else if (verdict.conclusion === 'failure') {
    if (writers.failStep) core.setFailed(verdict.reason);
    else core.warning(`The gate failed (fail-step is false, so the step passes): ${verdict.reason}`);
  } else {
    core.info('The gate passed.');
  }
}

/** missing-secrets: skip on a run whose secrets GitHub withholds: nothing read, no check run, no comment, exit 0. */
function skipStep(settings: Settings, identity: { provider: string; providerLabel: string }, reason: string): void {
  const { writers } = settings;
  writeSkipped(
    { title: writers.checkName || 'Test results', summary: writers.summary, identity, reason },
    { notice: (m) => core.notice(redact(m)), warning: log.warning, setOutputs, summaryPath: process.env.GITHUB_STEP_SUMMARY },
  );
}

/** The provider's report and the gate's verdict; a report that could not be read is `error`. */
async function readAndJudge(
  provider: AnyProvider,
  settings: Settings,
  identity: { provider: string; providerLabel: string },
  startedAt: number,
): Promise<{ report: NormalizedReport; verdict: Verdict; comparison?: Comparison }> {
  const deadline = startedAt + settings.request.waitTimeoutS * 1000;
  const http = new HttpRegistry({ deadline, requestTimeoutMs: settings.request.requestTimeoutS * 1000, log });
  // One provider object for this run: the current run and its baseline are read alongside each other.
  const run = provider.open(providerContext(settings, provider.label, deadline, http));
  const fetching = run.report();
  const baseline = readBaselineRuns(run, fetching, settings.baseline, log);
  const sameCommit = readEarlierRunsOfCommit(run, fetching, log);
  let readInFull = false;
  try {
    // Provider text is redacted here, once, before any writer escapes or cuts it; budgets then
    // fail the tests over them before the gate counts failures.
    const judged = applyBudgets(sanitizeReport(await fetching), settings.budgets, provider.metrics);
    // Re-runs of this commit: a test that failed in an earlier one and passed now is flaky (same commit).
    const comparison = withSameCommit(compareWithBaseline(judged.report, await baseline), judged.report, await sameCommit);
    // With a baseline run's medians, the metrics table shows them and the change.
    const performance = withBaselineMedians(judged.performance, comparison.baseline?.medians);
    const report: NormalizedReport = { ...judged.report, performance, ...identity };
    // A run too old to belong to this commit gives no verdict, whatever its results.
    const stale = staleReason(
      { what: `${provider.label} ${report.source}`, createdAt: report.createdAt },
      settings.gate.maxAge,
      clock.now(),
    );
    const verdict: Verdict = stale ? { conclusion: 'error', reason: stale } : evaluateGate(report.counts, settings.gate, comparison);
    readInFull = true;
    return { report, comparison, verdict };
  } catch (error) {
    const reason =
      error instanceof NoVerdictError
        ? error.message
        : `${provider.label}: unexpected error while reading results: ${error instanceof Error ? error.message : String(error)}`;
    return {
      report: emptyReport(identity, redact(provider.describeTarget(settings.providerInputs))),
      verdict: { conclusion: 'error', reason: redact(reason) },
    };
  } finally {
    // Each retry was an info line; one warning says that retries were needed.
    for (const retried of http.retrySummaries(readInFull)) log.warning(retried);
  }
}

function providerContext(settings: Settings, label: string, deadline: number, http: HttpRegistry): ProviderContext<unknown> {
  return {
    inputs: settings.providerInputs,
    request: settings.request,
    baseline: settings.baseline,
    log,
    deadline,
    sleep: (ms) => clock.sleep(ms),
    budgetedMetrics: settings.budgets.map((b) => b.metric.name),
    http: (options) => http.client({ ...options, provider: label, baseUrl: settings.request.baseUrl }),
  };
}
