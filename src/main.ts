import * as core from '@actions/core';
import { failureCauses, reasonLedByOutage, type FailureCauses } from './analysis/causes.js';
import { unknownSourceWarnings, type KnownFailureEntry } from './analysis/known-failures.js';
import { unnarrowedBaselineCaution } from './analysis/pull-request-baseline.js';
import { combinedVerdict, sumCounts } from './analysis/sources.js';
import { gateTriage, withKnownFailures } from './analysis/triage.js';
import { applyBudgets, withBaselineMedians } from './budgets/judge.js';
import { compareWithBaseline, readBaselineRuns } from './baseline/read.js';
import { readEarlierRunsOfCommit, withSameCommit } from './baseline/same-commit.js';
import { clock } from './clock.js';
import type { Comparison } from './baseline/types.js';
import { InputError, NoVerdictError } from './errors.js';
import { GITHUB_REQUEST_TIMEOUT_MS, preloadOctokit } from './github/octokit.js';
import { staleReason } from './freshness.js';
import { judgeDurations, slowerThanHistoryProblem } from './analysis/durations.js';
import { evaluateGate, withBrokenRule, type Verdict } from './gate.js';
import { mergeQueueNote, readEventFacts } from './github/event.js';
import { credentialsSkip } from './missing-secrets.js';
import { readEvent } from './github/pull-request.js';
import { HttpRegistry, type HostLanes } from './http/registry.js';
import { readRawInputs, SECRET_INPUTS } from './inputs.js';
import { parseStep, sourceSecrets, type StepPlan } from './inputs/sources.js';
import { loadKnownFailures } from './known-failures-load.js';
import { providers, type AnyProvider } from './providers/registry.js';
import type { Log } from './log.js';
import type { ProviderContext } from './providers/types.js';
import { emptyReport, failedTests, type NormalizedReport } from './report.js';
import { sanitizeReport } from './sanitize-report.js';
import { redact, registerSecret } from './secrets.js';
import type { Settings } from './settings.js';
import { titleLedByOutage } from './render/causes.js';
import { checkRunTitle, type Budget } from './render/summary.js';
import { reportToGitHub } from './writers/check-run.js';
import { writePullRequestComment } from './writers/comment/index.js';
import { locateFailures } from './locate-failures.js';
import { appendJobSummary, JOB_SUMMARY_MAX_BYTES, KEEP_REPORT_FILE, writeJobSummary } from './writers/job-summary.js';
import { logReport, logSafe } from './writers/log.js';
import { outputValues, setOutputs } from './writers/outputs.js';
import { writeSkipped } from './writers/skipped.js';
import { ctrfTests, reportFilePath, writeReportFile } from './writers/report-file.js';
import {
  renderSourcesSummary,
  sourcesCommentKey,
  sourcesCommentState,
  sourcesComparison,
  sourcesFailuresToAnnotate,
  sourcesOutage,
  sourcesKnownReasons,
  sourcesOutputValues,
  sourcesTests,
  type JudgedSource,
} from './writers/sources.js';

/** What the check run and the comment may take together at most, retries and rate-limit waits included… */
const GITHUB_WRITES_MAX_MS = 120_000;
/** …and at least, whatever wait-timeout says; in between, this plus wait-timeout. */
const GITHUB_WRITES_MIN_MS = 40_000;

/** Log lines of one entry of `sources` start with its label; a single run's have none. */
function logFor(label: string): Log {
  const tag = label ? `[${label}] ` : '';
  return {
    info: (m) => core.info(logSafe(tag + m)),
    warning: (m) => core.warning(redact(tag + m)),
    debug: (m) => core.debug(redact(tag + m)),
  };
}

/**
 * The pipeline: inputs → sources → read each (in parallel) → budgets, baseline, gate → writers
 * (report file, job summary, check run, comment, outputs). A step without `sources` is a list
 * of one. Only this module decides whether the step fails.
 */
export async function run(): Promise<void> {
  try {
    await pipeline();
  } catch (error) {
    // A bug, not a provider answer: still a clear, redacted line and a failed step.
    core.setFailed(redact(`Unexpected error: ${error instanceof Error ? error.message : String(error)}`));
  }
}

interface Judged {
  report: NormalizedReport;
  verdict: Verdict;
  comparison?: Comparison;
  causes?: FailureCauses;
}

async function pipeline(): Promise<void> {
  const startedAt = clock.now();
  // Credentials are masked before anything else, even when the inputs turn out invalid: the
  // step's own, then any written in `sources` entries.
  for (const name of SECRET_INPUTS) registerSecret(core.getInput(name));
  for (const secret of sourceSecrets(core.getInput('sources'))) registerSecret(secret);

  const event = readEventFacts();
  let plan: StepPlan;
  let skipped: string | undefined;
  try {
    plan = parseStep(readRawInputs());
    // After every other input: an empty credential skips the step only where GitHub withholds secrets.
    skipped = credentialsSkip(plan.entries, event);
  } catch (error) {
    core.setFailed(redact(error instanceof InputError ? error.message : `Could not read the inputs: ${String(error)}`));
    return;
  }

  if (skipped !== undefined) return skipStep(plan.entries[0]!.settings, skipped);
  const queueNote = mergeQueueNote(event);

  // The lists are read before any provider request: their problems are input errors, reported first.
  const knownLists = await readKnownFailures(plan);
  if (!knownLists) return;

  // Every entry is read at once; entries reaching the same host share its lane (requests in flight, 429 pause).
  const lanes: HostLanes = new Map();
  const reading = Promise.all(
    plan.entries.map(async ({ label, settings }, i): Promise<Judged> => {
      const entryLog = logFor(label);
      const durationsWarning = slowerThanHistoryProblem(settings.durations.slowerThan, settings.baseline.history).warning;
      if (durationsWarning) entryLog.warning(durationsWarning);
      const provider = providers[settings.provider as keyof typeof providers];
      const identity = { provider: settings.provider, providerLabel: provider.label };
      const known = { entries: knownLists[i]!, source: plan.labelled ? label : undefined };
      const reading = readAndJudge(provider, settings, identity, startedAt, entryLog, lanes, known);
      // With sources, even a fault outside the provider's reading is that entry's error only.
      const result = plan.labelled
        ? await reading.catch((error: unknown) => unexpected(provider, settings, identity, error))
        : await reading;
      // A pull-request gate on new failures whose baseline may be the pull request's own earlier push.
      const caution = unnarrowedBaselineCaution(process.env.GITHUB_EVENT_NAME ?? '', readEvent(), {
        provider: settings.provider,
        failOn: settings.gate.failOn,
        baseline: settings.baseline.baseline,
        baselineTags: settings.baseline.tags,
      });
      if (caution) entryLog.warning(caution);
      // On a merge queue, the summary names the branch the group will land on.
      const report = queueNote ? { ...result.report, notes: [queueNote, ...result.report.notes] } : result.report;
      return { ...result, report, comparison: result.comparison && caution ? { ...result.comparison, caution } : result.comparison };
    }),
  );
  // The first requests are out: the writers' GitHub client loads while their answers are awaited.
  preloadOctokit();
  const judged = await reading;
  const generatedAt = new Date();
  // The step's writer inputs are the same in every entry (entries cannot set them).
  const settings = plan.entries[0]!.settings;
  // Every entry's failed tests at their source line, with owners: one read of the repository, no verdict changed.
  const located = await locateFailures(
    judged.map((j) => j.report),
    {
      enabled: settings.writers.locateTests,
      token: settings.writers.githubToken,
      commitSha: settings.writers.commitSha,
      requestTimeoutMs: settings.request.requestTimeoutS * 1000,
      log: logFor(''),
    },
  );
  located.forEach((report, i) => (judged[i] = { ...judged[i]!, report }));
  if (plan.labelled) {
    const sources = plan.entries.map((entry, i): JudgedSource => ({ label: entry.label, ...judged[i]! }));
    await writeSeveral(sources, settings, generatedAt);
  } else {
    await writeOne(judged[0]!, settings, generatedAt);
  }
}

/** An entry that failed in a way no provider answer explains: its error, the other entries unaffected. */
function unexpected(
  provider: AnyProvider,
  settings: Settings,
  identity: { provider: string; providerLabel: string },
  error: unknown,
): Judged {
  const why = error instanceof Error ? error.message : String(error);
  return {
    report: emptyReport(identity, redact(provider.describeTarget(settings.providerInputs))),
    verdict: { conclusion: 'error', reason: redact(`${provider.label}: unexpected error while reading results: ${why}`) },
  };
}

/** What a single run writes. */
async function writeOne({ report, verdict, comparison, causes }: Judged, settings: Settings, generatedAt: Date): Promise<void> {
  logReport(report, verdict);
  const { writers } = settings;
  const summaryInput = { report, verdict, comparison, causes, title: writers.checkName || 'Test results', generatedAt };

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

  setOutputs(outputValues(report, verdict, { checkRunId, checkRunUrl, reportFile, commentUrl }, comparison, causes));
  conclude(verdict, writers.failStep);
}

/** What a step with `sources` writes: one of each, over every entry. */
async function writeSeveral(sources: JudgedSource[], settings: Settings, generatedAt: Date): Promise<void> {
  for (const s of sources) logReport({ ...s.report, providerLabel: `[${s.label}] ${s.report.providerLabel}` }, s.verdict);
  const verdict = combinedVerdict(sources);
  const { writers } = settings;
  const title = writers.checkName || 'Test results';
  const summaryInput = { sources, verdict, title, generatedAt };
  const summary = (budget: Budget) => renderSourcesSummary(summaryInput, budget);
  const counts = sumCounts(sources.map((s) => s.report.counts));
  // What the writers built for one report read as the whole: summed counts, every entry named.
  const whole: NormalizedReport = {
    ...emptyReport(
      { provider: 'sources', providerLabel: [...new Set(sources.map((s) => s.report.providerLabel))].join(', ') },
      sources.map((s) => s.label).join(', '),
    ),
    counts,
    testsWithoutResult: sources.reduce((n, s) => n + s.report.testsWithoutResult, 0),
  };

  let reportFile: string | undefined;
  try {
    reportFile = writeReportFile(reportFilePath(writers.reportFile, 'sources'), whole, verdict, generatedAt, {
      tests: sourcesTests(sources, ctrfTests),
      extra: { sources: JSON.parse(sourcesOutputValues(sources, verdict, {}).sources) as unknown },
    });
  } catch (error) {
    core.warning(redact(`Could not write the report file: ${String(error)}`));
  }

  if (writers.summary && process.env.GITHUB_STEP_SUMMARY) {
    try {
      appendJobSummary(
        summary({
          max: JOB_SUMMARY_MAX_BYTES,
          unit: 'bytes',
          whereTheRestIs: reportFile
            ? `the report file (${reportFile}) lists every test; ${KEEP_REPORT_FILE}`
            : 'the provider lists every test',
        }),
      );
    } catch (error) {
      core.warning(redact(`Could not write the job summary: ${String(error)}`));
    }
  }

  const outage = sourcesOutage(sources);
  // The same bounds for the check run and the comment as a single run has.
  const githubDeadline = Date.now() + Math.min(GITHUB_WRITES_MAX_MS, GITHUB_WRITES_MIN_MS + settings.request.waitTimeoutS * 1000);
  const githubRequestTimeoutMs = Math.min(GITHUB_REQUEST_TIMEOUT_MS, settings.request.requestTimeoutS * 1000);
  let github: { checkRunId?: number; checkRunUrl?: string } = {};
  try {
    github = await reportToGitHub({
      deadline: githubDeadline,
      requestTimeoutMs: githubRequestTimeoutMs,
      report: whole,
      verdict,
      title,
      generatedAt,
      checkName: writers.checkName,
      token: writers.githubToken,
      commitSha: writers.commitSha,
      maxAnnotations: writers.annotations ? writers.maxAnnotations : 0,
      several: {
        summary,
        title: titleLedByOutage(checkRunTitle(counts, verdict, sourcesComparison(sources)), outage.outage, outage.label),
        failed: sourcesFailuresToAnnotate(sources),
        knownReasons: sourcesKnownReasons(sources),
      },
    });
  } catch (error) {
    core.warning(redact(`Could not report to GitHub: ${error instanceof Error ? error.message : String(error)}`));
  }
  const { checkRunId, checkRunUrl } = github;

  const commentUrl = await writePullRequestComment({
    settings: { provider: 'sources', ...writers },
    deadline: githubDeadline,
    requestTimeoutMs: githubRequestTimeoutMs,
    report: whole,
    verdict,
    title,
    generatedAt,
    several: { key: sourcesCommentKey(title, sources), state: sourcesCommentState(sources, verdict), summary },
  });

  setOutputs(sourcesOutputValues(sources, verdict, { checkRunId, checkRunUrl, reportFile, commentUrl }));
  conclude(verdict, writers.failStep);
}

/** The step's end: `error` always fails it, `failure` as fail-step says. */
function conclude(verdict: Verdict, failStep: boolean): void {
  if (verdict.conclusion === 'error') {
    core.setFailed(`No verdict: ${verdict.reason}`);
  } else if (verdict.conclusion === 'failure') {
    if (failStep) core.setFailed(verdict.reason);
    else core.warning(`The gate failed (fail-step is false, so the step passes): ${verdict.reason}`);
  } else {
    core.info('The gate passed.');
  }
}

/**
 * Each entry's `known-failures` list (an entry's own, or the step's, read once); undefined (the
 * step failed) when one is an input error. An entry of a list with `source` applies to that label only.
 */
async function readKnownFailures(plan: StepPlan): Promise<KnownFailureEntry[][] | undefined> {
  const labels = plan.labelled ? plan.entries.map((e) => e.label) : [];
  const read = new Map<string, Promise<KnownFailureEntry[]>>();
  try {
    const lists = await Promise.all(
      plan.entries.map(({ settings }) => {
        const list = settings.knownFailures.list;
        if (list.kind !== 'file') return loadOne(settings);
        // Entries that inherit the step's path share one read.
        const reading = read.get(list.path) ?? loadOne(settings);
        read.set(list.path, reading);
        return reading;
      }),
    );
    const warned = new Set<KnownFailureEntry[]>();
    for (const entries of lists) {
      if (warned.has(entries)) continue;
      warned.add(entries);
      for (const warning of unknownSourceWarnings(entries, labels)) core.warning(redact(warning));
    }
    return lists;
  } catch (error) {
    core.setFailed(redact(error instanceof InputError ? error.message : `Could not read known-failures: ${String(error)}`));
    return undefined;
  }
}

function loadOne(settings: Settings): Promise<KnownFailureEntry[]> {
  return loadKnownFailures(settings.knownFailures.list, {
    env: process.env,
    githubToken: settings.writers.githubToken,
    warn: (m) => core.warning(redact(m)),
  });
}

/** missing-secrets: skip on a run whose secrets GitHub withholds: nothing read, no check run, no comment, exit 0. */
function skipStep(settings: Settings, reason: string): void {
  const { writers } = settings;
  const identity = { provider: settings.provider, providerLabel: providers[settings.provider as keyof typeof providers].label };
  writeSkipped(
    { title: writers.checkName || 'Test results', summary: writers.summary, identity, reason },
    { notice: (m) => core.notice(redact(m)), warning: logFor('').warning, setOutputs, summaryPath: process.env.GITHUB_STEP_SUMMARY },
  );
}

/** The provider's report and the gate's verdict; a report that could not be read is `error`. */
async function readAndJudge(
  provider: AnyProvider,
  settings: Settings,
  identity: { provider: string; providerLabel: string },
  startedAt: number,
  log: Log,
  lanes: HostLanes,
  known: { entries: readonly KnownFailureEntry[]; source?: string },
): Promise<Judged> {
  const deadline = startedAt + settings.request.waitTimeoutS * 1000;
  // The entry's own clients, on the step's lanes: entries reaching the same host share its limit and its 429 pause.
  const http = new HttpRegistry({ deadline, requestTimeoutMs: settings.request.requestTimeoutS * 1000, log }, lanes);
  // One provider object for this run: the current run and its baseline are read alongside each other.
  const run = provider.open(providerContext(settings, provider.label, deadline, http, log));
  const fetching = run.report();
  const baseline = readBaselineRuns(run, fetching, settings.baseline, log);
  const sameCommit = readEarlierRunsOfCommit(run, fetching, log);
  let readInFull = false;
  try {
    // Provider text is redacted here, once, before any writer escapes or cuts it; budgets then
    // fail the tests over them before the gate counts failures.
    const judged = applyBudgets(sanitizeReport(await fetching), settings.budgets, provider.metrics);
    const outcome = await baseline;
    // Known failures stay failed in the counts; the gate leaves them out (and adds missing tests).
    // Re-runs of this commit: a test that failed in an earlier one and passed now is flaky (same commit).
    const compared = withSameCommit(compareWithBaseline(judged.report, outcome, settings.causes), judged.report, await sameCommit);
    const comparison = {
      ...withKnownFailures(judged.report, compared, {
        entries: known.entries,
        quarantineFlaky: settings.knownFailures.quarantineFlaky,
        source: known.source,
        now: clock.now(),
      }),
      trendView: settings.writers.trend,
    };
    for (const warning of comparison.known?.warnings ?? []) log.warning(warning);
    // Each test's duration against its own earlier ones (`slower-than`), and the `max-slower` rule.
    const { durations, rule: slowerRule } = judgeDurations(
      judged.report.everyTest(),
      'found' in outcome ? outcome.found.history : [],
      settings.durations,
    );
    // With a baseline run's medians, the metrics table shows them and the change.
    const performance = withBaselineMedians(judged.performance, comparison.baseline?.medians);
    const report: NormalizedReport = { ...judged.report, performance, ...identity, durations };
    // A run too old to belong to this commit gives no verdict, whatever its results.
    const stale = staleReason(
      { what: `${provider.label} ${report.source}`, createdAt: report.createdAt },
      settings.gate.maxAge,
      clock.now(),
    );
    const causes = failureCauses(failedTests(report), report.counts.total, settings.causes.outageThreshold);
    // A likely outage leads the reason; a stale run has no verdict to lead, so no outage is told.
    const verdict: Verdict = stale
      ? { conclusion: 'error', reason: stale }
      : reasonLedByOutage(
          withBrokenRule(evaluateGate(report.counts, settings.gate, comparison, gateTriage(comparison)), slowerRule),
          causes.outage,
        );
    readInFull = true;
    return { report, comparison, verdict, causes: stale ? { groups: causes.groups } : causes };
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

function providerContext(settings: Settings, label: string, deadline: number, http: HttpRegistry, log: Log): ProviderContext<unknown> {
  return {
    inputs: settings.providerInputs,
    request: settings.request,
    baseline: settings.baseline,
    log,
    deadline,
    sleep: (ms) => clock.sleep(ms),
    budgetedMetrics: settings.budgets.map((b) => b.metric.name),
    historyDurations: settings.durations.slowerThan !== undefined,
    http: (options) => http.client({ ...options, provider: label, baseUrl: settings.request.baseUrl }),
  };
}
