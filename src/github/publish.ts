import * as core from '@actions/core';
import { checkRunTitle, renderSummary, type SummaryInput } from '../render/summary.js';
import { redact } from '../secrets.js';
import { failureAnnotations } from './annotations.js';
import { CHECK_TEXT_MAX, publishCheckRun, type CheckRunOutcome } from './check-run.js';
import { httpUrl } from '../sanitize-report.js';
import { readRunContext } from './context.js';
import { failedTests, type TestResult } from '../report.js';
import { isNewFailure, testKey } from '../baseline/compare.js';
import { commandAnnotations, logSafe } from '../writers/log.js';

export interface GitHubReport extends SummaryInput {
  /** Empty: no check run, failures as workflow-command annotations. */
  checkName: string;
  token: string;
  commitSha: string;
  maxAnnotations: number;
}

/**
 * The check run with its annotations; when there is none (no check-name, outside Actions, or
 * refused), failures become workflow-command annotations. The verdict is never changed here.
 */
export async function reportToGitHub(input: GitHubReport): Promise<{ checkRunId?: number; checkRunUrl?: string }> {
  const failed = newFailuresFirst(input);
  const knownReasons = new Map((input.comparison?.known?.known ?? []).map((k) => [k.key, k.reason]));
  const fallBack = () => {
    if (input.maxAnnotations > 0) commandAnnotations(failed, input.maxAnnotations, knownReasons);
    return {};
  };
  if (!input.checkName) return fallBack();
  const context = readRunContext(input.commitSha);
  if (!context) {
    core.warning('No check run: GITHUB_REPOSITORY and GITHUB_SHA are not set (is this running outside GitHub Actions?).');
    return fallBack();
  }
  const { report, verdict } = input;
  const summary = renderSummary(input, {
    max: CHECK_TEXT_MAX,
    unit: 'chars',
    whereTheRestIs: 'the job summary and the report file list every test',
  });
  let outcome: CheckRunOutcome;
  try {
    outcome = await publishCheckRun({
      token: input.token,
      name: input.checkName,
      context,
      conclusion: verdict.conclusion === 'success' ? 'success' : 'failure',
      title: redact(checkRunTitle(report.counts, verdict, input.comparison)),
      summary: redact(summary),
      annotations: failureAnnotations(failed, input.maxAnnotations, context.workflowPath, knownReasons).map((a) => ({
        ...a,
        title: redact(a.title),
        message: redact(a.message),
        ...(a.raw_details ? { raw_details: redact(a.raw_details) } : {}),
      })),
      detailsUrl: httpUrl(report.reportUrl),
      warn: (m) => core.warning(m),
    });
  } catch (error) {
    // Octokit could not even start (a malformed event file, a bad GITHUB_API_URL): fall back.
    outcome = { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
  if (outcome.kind === 'created') {
    core.info(`Check run "${logSafe(input.checkName)}" created: ${outcome.url} (${outcome.requests} GitHub requests).`);
    return { checkRunId: outcome.id, checkRunUrl: outcome.url };
  }
  const why =
    outcome.kind === 'forbidden' ? ' The workflow needs `permissions: checks: write`; pull requests from forks never get it.' : '';
  core.warning(
    `Could not create the check run (${redact(outcome.message)}).${why} Failures are annotated with workflow commands instead; the verdict is unchanged.`,
  );
  return fallBack();
}

/** Failed tests to annotate: new failures first, then those already failing in the baseline, known failures last. */
function newFailuresFirst(input: GitHubReport): TestResult[] {
  const comparison = input.comparison;
  const knownKeys = comparison?.known?.knownKeys ?? new Set<string>();
  const all = failedTests(input.report);
  const failed = all.filter((t) => !knownKeys.has(testKey(t)));
  const known = all.filter((t) => knownKeys.has(testKey(t)));
  if (!comparison?.baseline) return [...failed, ...known];
  return [...failed.filter((t) => isNewFailure(comparison, t)), ...failed.filter((t) => !isNewFailure(comparison, t)), ...known];
}
