import * as core from '@actions/core';
import { createComment, findComment, updateComment, COMMENT_PAGES_MAX } from '../../github/comments.js';
import { createOctokit, describeGitHubError } from '../../github/octokit.js';
import { findPullRequestBySha, pullRequestFromEvent, readEvent } from '../../github/pull-request.js';
import { redact } from '../../secrets.js';
import { logSafe } from '../log.js';
import { commentBody } from './body.js';
import { commentKey, commentState, parseMarkers, sameKey, type CommentKey, type CommentSettings, type CommentState } from './marker.js';
import type { Budget, SummaryInput } from '../../render/summary.js';
import { decideComment } from './policy.js';

export { COMMENT_MAX, commentBody, type CommentBodyInput } from './body.js';
export { commentKey, commentState, markerLines, parseMarkers, type CommentKey, type CommentSettings, type CommentState } from './marker.js';
export { decideComment } from './policy.js';

/** `title` is the summary's: the check name, or `Test results`. */
export interface PullRequestCommentInput extends SummaryInput {
  settings: CommentSettings;
  /** Epoch ms by which every request for the comment has ended, retries and rate-limit waits included. */
  deadline: number;
  /** One attempt's bound. */
  requestTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** With `sources`: the comment's key, state and summary over every entry, instead of `report`'s. */
  several?: { key: CommentKey; state: CommentState; summary: (budget: Budget) => string };
}

/**
 * Writes the summary as one pull-request comment, updated in place, as `comment` says. Returns
 * the comment's address when it was written or updated, else ''. Never throws and never changes
 * the verdict: any problem is one warning.
 */
export async function writePullRequestComment(input: PullRequestCommentInput): Promise<string> {
  if (input.settings.comment === 'off') return '';
  const info = (message: string) => core.info(logSafe(message));
  let where = 'the pull request';
  try {
    const env = input.env ?? process.env;
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
    if (!owner || !repo) {
      info('No pull-request comment: GITHUB_REPOSITORY is not set (is this running outside GitHub Actions?).');
      return '';
    }
    const lookup = pullRequestFromEvent(input.settings.prNumber, env.GITHUB_EVENT_NAME ?? '', readEvent(env));
    if (lookup.kind === 'none') {
      info(`No pull-request comment: ${lookup.why}.`);
      return '';
    }
    if (!input.settings.githubToken) {
      core.warning(
        'No pull-request comment: github-token is empty. Leave it at its default (${{ github.token }}) or give a token ' +
          'with pull-requests: write; the verdict is unchanged.',
      );
      return '';
    }
    const octokit = await createOctokit({
      token: input.settings.githubToken,
      purpose: 'the pull-request comment',
      warn: (m) => core.warning(redact(m)),
      deadline: input.deadline,
      requestTimeoutMs: input.requestTimeoutMs,
    });
    let number: number;
    if (lookup.kind === 'by-sha') {
      const found = await findPullRequestBySha(octokit, { owner, repo }, lookup);
      if (found === undefined) {
        info(`No pull-request comment: no open pull request of ${owner}/${repo} has the workflow_run's head commit ${lookup.sha}.`);
        return '';
      }
      number = found;
    } else {
      number = lookup.number;
    }
    where = `pull request #${number}`;

    const key = input.several?.key ?? commentKey(input.settings, input.title);
    const state = input.several?.state ?? commentState(input.report, input.verdict);
    const target = { owner, repo, issue_number: number };
    const existing = await findComment(octokit, target, (body) => {
      const markers = parseMarkers(body);
      return markers.key && sameKey(markers.key, key) ? { state: markers.state } : undefined;
    });
    if (!existing.found && !existing.complete) {
      core.warning(
        `No pull-request comment on ${where}: it has more than ${COMMENT_PAGES_MAX * 100} comments and ours was not among them; not writing a second one.`,
      );
      return '';
    }
    const decision = decideComment(input.settings.comment, state, existing.found?.match);
    if (!decision.write) {
      info(`Pull-request comment on ${where} not written: ${decision.why}.`);
      return '';
    }
    const body = commentBody({
      report: input.report,
      verdict: input.verdict,
      comparison: input.comparison,
      causes: input.causes,
      title: input.title,
      generatedAt: input.generatedAt,
      key,
      state,
      runUrl: runUrl(env),
      summary: input.several?.summary,
    });
    const url = existing.found
      ? await updateComment(octokit, { owner, repo }, existing.found.id, body)
      : await createComment(octokit, target, body);
    info(
      `Pull-request comment on ${where} ${existing.found ? 'updated' : 'created'} (${decision.why}): ${url ?? '(GitHub gave no usable address)'}`,
    );
    return url ?? '';
  } catch (error) {
    const { status, message } = describeGitHubError(error);
    const why =
      status === 403
        ? ' The workflow needs `permissions: pull-requests: write`; pull requests from forks never get it on pull_request events (see the workflow_run setup in the README).'
        : status === 404
          ? ` Check that ${where} exists in this repository.`
          : '';
    core.warning(redact(`Could not write the pull-request comment on ${where} (${message}).${why} The verdict is unchanged.`));
    return '';
  }
}

/** The workflow run's page, for the comment's last line. */
function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  if (!env.GITHUB_REPOSITORY || !env.GITHUB_RUN_ID || !/^\d+$/.test(env.GITHUB_RUN_ID)) return undefined;
  return `${server.replace(/\/+$/, '')}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
}
