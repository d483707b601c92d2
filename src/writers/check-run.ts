import * as core from '@actions/core';
import { titleLedByOutage } from '../render/causes.js';
import { isNewFailure } from '../baseline/compare.js';
import { failureAnnotations } from '../github/annotations.js';
import { CHECK_TEXT_MAX, publishCheckRun, type CheckRunOutcome } from '../github/check-run.js';
import { readRunContext } from '../github/context.js';
import { checkRunTitle, renderSummary, type Budget, type SummaryInput } from '../render/summary.js';
import { failedTests, type TestResult } from '../report.js';
import { httpUrl } from '../sanitize-report.js';
import { redact } from '../secrets.js';
import { KEEP_REPORT_FILE } from './job-summary.js';
import { commandAnnotations, logSafe } from './log.js';

export interface GitHubReport extends SummaryInput {
  /** Empty: no check run, failures as workflow-command annotations. */
  checkName: string;
  token: string;
  commitSha: string;
  maxAnnotations: number;
  /** Epoch ms by which every request for the check run has ended, retries and rate-limit waits included. */
  deadline: number;
  /** One attempt's bound. */
  requestTimeoutMs: number;
  /**
   * With `sources`: the summary, title and failed tests (labelled, in annotation order) over every
   * entry, written instead of those of `report`.
   */
  several?: { summary: (budget: Budget) => string; title: string; failed: TestResult[] };
}

/**
 * The check run with its annotations; when there is none (no check-name, outside Actions, or
 * refused), failures become workflow-command annotations. The verdict is never changed here.
 */
export async function reportToGitHub(input: GitHubReport): Promise<{ checkRunId?: number; checkRunUrl?: string }> {
  const failed = input.several?.failed ?? newFailuresFirst(input);
  const fallBack = () => {
    if (input.maxAnnotations > 0) commandAnnotations(failed, input.maxAnnotations);
    return {};
  };
  if (!input.checkName) return fallBack();
  const context = readRunContext(input.commitSha);
  if (!context) {
    core.warning('No check run: GITHUB_REPOSITORY and GITHUB_SHA are not set (is this running outside GitHub Actions?).');
    return fallBack();
  }
  if (!input.token) {
    core.warning(
      'No check run: github-token is empty. Leave it at its default (${{ github.token }}) with `permissions: checks: write`, ' +
        "or set check-name: '' for no check run. Failures are annotated with workflow commands instead; the verdict is unchanged.",
    );
    return fallBack();
  }
  const { report, verdict } = input;
  const budget: Budget = {
    max: CHECK_TEXT_MAX,
    unit: 'chars',
    whereTheRestIs: `the job summary and the report file list every test; ${KEEP_REPORT_FILE.replace('keep it', 'keep the file')}`,
  };
  const summary = input.several ? input.several.summary(budget) : renderSummary(input, budget);
  let outcome: CheckRunOutcome;
  try {
    outcome = await publishCheckRun({
      token: input.token,
      name: input.checkName,
      context,
      conclusion: verdict.conclusion === 'success' ? 'success' : 'failure',
      title: redact(
        input.several?.title ??
          titleLedByOutage(
            checkRunTitle(report.counts, verdict, input.comparison),
            verdict.conclusion === 'error' ? undefined : input.causes?.outage,
          ),
      ),
      summary: redact(summary),
      annotations: failureAnnotations(failed, input.maxAnnotations, context.workflowPath).map((a) => ({
        ...a,
        title: redact(a.title),
        message: redact(a.message),
        ...(a.raw_details ? { raw_details: redact(a.raw_details) } : {}),
      })),
      detailsUrl: httpUrl(report.reportUrl),
      warn: (m) => core.warning(m),
      deadline: input.deadline,
      requestTimeoutMs: input.requestTimeoutMs,
    });
  } catch (error) {
    // Octokit could not even start (a malformed event file, a bad GITHUB_API_URL): fall back.
    outcome = { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
  if (outcome.kind === 'created') {
    core.info(
      logSafe(
        `Check run "${input.checkName}" created: ${outcome.url ?? '(GitHub gave no usable address)'} (${outcome.requests} GitHub requests).`,
      ),
    );
    return { checkRunId: outcome.id, checkRunUrl: outcome.url };
  }
  const why =
    outcome.kind === 'forbidden' ? ' The workflow needs `permissions: checks: write`; pull requests from forks never get it.' : '';
  core.warning(
    `Could not create the check run (${redact(outcome.message)}).${why} Failures are annotated with workflow commands instead; the verdict is unchanged.`,
  );
  return fallBack();
}

/** Failed tests to annotate: new failures first, then those already failing in the baseline. */
function newFailuresFirst(input: GitHubReport): TestResult[] {
  const failed = failedTests(input.report);
  const comparison = input.comparison;
  if (!comparison?.baseline) return failed;
  return [...failed.filter((t) => isNewFailure(comparison, t)), ...failed.filter((t) => !isNewFailure(comparison, t))];
}
