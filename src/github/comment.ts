import { createHash } from 'node:crypto';
import * as core from '@actions/core';
import { z } from 'zod';
import type { Comparison } from '../baseline/types.js';
import type { Conclusion, Verdict } from '../gate.js';
import type { CommentMode, WriterSettings } from '../settings.js';
import { failedTests, type NormalizedReport } from '../report.js';
import { link } from '../render/markdown.js';
import { renderSummary } from '../render/summary.js';
import { redact } from '../secrets.js';
import { truncate } from '../text.js';
import { logSafe } from '../writers/log.js';
import { createOctokit, describeGitHubError, type GitHubClient } from './octokit.js';
import { findPullRequestBySha, pullRequestFromEvent, readEvent } from './pull-request.js';

/** GitHub's limit for a comment's body, in characters. */
export const COMMENT_MAX = 65_536;
/** Pages of 100 comments read to find ours: 10,000 comments. */
export const COMMENT_PAGES_MAX = 100;
/** Every request for the comment, retries and rate-limit waits included, ends within this. */
export const COMMENT_DEADLINE_MS = 90_000;

const MARKER = 'remote-test-results-action';
const KEY_LINE = new RegExp(`^<!-- ${MARKER} (\\{.*\\}) -->$`);
const STATE_LINE = new RegExp(`^<!-- ${MARKER}:state (\\{.*\\}) -->$`);

/** Which comment is ours: one per check name, provider and project (or target) read. */
export interface CommentKey {
  check: string;
  provider: string;
  read: string;
}

/** What our comment shows, kept in it so that `changes` can compare without reading the text. */
export interface CommentState {
  conclusion: Conclusion;
  failed: number;
  /** SHA-256 (first 32 hex digits) of the sorted suite and name of every failed test. */
  failedSet: string;
}

export type CommentSettings = Pick<WriterSettings, 'comment' | 'prNumber' | 'githubToken' | 'commentScope'> & { provider: string };

/**
 * What the marker says was read: the provider's stable selector (a Testmo project, a Tesults
 * target, …; see Provider.describeScope), not the run or build that was found, which changes with
 * every push (`build: ${{ github.sha }}`), so that new runs update the same comment while matrix
 * jobs over targets keep their own.
 */
export function commentKey(settings: CommentSettings, check: string): CommentKey {
  return { check, provider: settings.provider, read: settings.commentScope };
}

export function commentState(report: NormalizedReport, verdict: Verdict): CommentState {
  const failed = [...new Set(failedTests(report).map((t) => redact(`${t.suite ?? ''}\u0000${t.name}`)))].sort();
  return {
    conclusion: verdict.conclusion,
    failed: failed.length,
    failedSet: createHash('sha256').update(failed.join('\n')).digest('hex').slice(0, 32),
  };
}

/** JSON that cannot end an HTML comment (`-->`) or open a tag: `<`, `>`, `&` and `-` as \u escapes. */
function hiddenJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&-]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The two hidden lines our comment starts with. */
export function markerLines(key: CommentKey, state: CommentState): string {
  return [
    `<!-- ${MARKER} ${hiddenJson({ check: key.check, provider: key.provider, read: key.read })} -->`,
    `<!-- ${MARKER}:state ${hiddenJson({ conclusion: state.conclusion, failed: state.failed, failedSet: state.failedSet })} -->`,
  ].join('\n');
}

const keySchema = z.object({ check: z.string(), provider: z.string(), read: z.string() });
const stateSchema = z.object({
  conclusion: z.enum(['success', 'failure', 'error']),
  failed: z.number().int().min(0),
  failedSet: z.string(),
});

function parseLine<T>(line: string | undefined, pattern: RegExp, schema: z.ZodType<T>): T | undefined {
  const json = line?.match(pattern)?.[1];
  if (json === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads our markers back from a comment's body: the key on its first line, the state on its
 * second. Anything else (another author's comment, a quote of ours) has no key.
 */
export function parseMarkers(body: string): { key?: CommentKey; state?: CommentState } {
  const [first, second] = body.split(/\r?\n/, 2);
  const key = parseLine(first, KEY_LINE, keySchema);
  if (!key) return {};
  return { key, state: parseLine(second, STATE_LINE, stateSchema) };
}

function sameKey(a: CommentKey, b: CommentKey): boolean {
  // Our bodies are redacted when written; compare with the key as it was written.
  return a.check === redact(b.check) && a.provider === redact(b.provider) && a.read === redact(b.read);
}

/** Whether to write (create or update) the comment, and why, for the log. */
export function decideComment(
  mode: CommentMode,
  next: CommentState,
  existing: { state?: CommentState } | undefined,
): { write: boolean; why: string } {
  switch (mode) {
    case 'off':
      return { write: false, why: 'comment is off' };
    case 'always':
      return { write: true, why: 'comment is always' };
    case 'failures':
      if (next.conclusion !== 'success') return { write: true, why: 'the gate did not pass' };
      if (existing) return { write: true, why: 'the gate passes now, and our earlier comment must not stay red' };
      return { write: false, why: 'the gate passed and there is no earlier comment (comment: failures)' };
    case 'changes': {
      if (!existing) return { write: true, why: 'there is no earlier comment' };
      const shown = existing.state;
      if (!shown) return { write: true, why: 'our earlier comment does not say what it shows' };
      if (shown.conclusion !== next.conclusion)
        return { write: true, why: `the verdict changed from ${shown.conclusion} to ${next.conclusion}` };
      if (shown.failed !== next.failed || shown.failedSet !== next.failedSet)
        return { write: true, why: 'the set of failed tests changed' };
      return { write: false, why: 'the verdict and the failed tests are what our comment already shows (comment: changes)' };
    }
  }
}

/** Provider text redacted before it is escaped or cut, so that no form of a secret survives. */
function redactedForDisplay(
  report: NormalizedReport,
  verdict: Verdict,
  comparison: Comparison | undefined,
): { report: NormalizedReport; verdict: Verdict; comparison?: Comparison } {
  const text = (value: string | undefined) => (value === undefined ? undefined : redact(value));
  const named = <T extends { name: string; suite?: string }>(t: T): T => ({ ...t, name: redact(t.name), suite: text(t.suite) });
  return {
    comparison: comparison && {
      ...comparison,
      baseline: comparison.baseline && {
        ...comparison.baseline,
        label: redact(comparison.baseline.label),
        url: text(comparison.baseline.url),
      },
      noBaseline: text(comparison.noBaseline),
      caution: text(comparison.caution),
      fixed: comparison.fixed.map(named),
      flaky: comparison.flaky.map(named),
      sameCommit: comparison.sameCommit && {
        runs: comparison.sameCommit.runs.map((r) => ({ label: redact(r.label), url: text(r.url) })),
        flaky: comparison.sameCommit.flaky.map((t) => ({ ...named(t), failedIn: t.failedIn.map(redact) })),
      },
      trend: comparison.trend.map((p) => ({ ...p, label: redact(p.label), url: text(p.url) })),
    },
    report: {
      ...report,
      providerLabel: redact(report.providerLabel),
      source: redact(report.source),
      reportUrl: text(report.reportUrl),
      notes: report.notes.map(redact),
      needsAttention: report.needsAttention.map((t) => ({
        ...t,
        name: redact(t.name),
        suite: text(t.suite),
        message: text(t.message),
        url: text(t.url),
        rawStatus: text(t.rawStatus),
      })),
    },
    verdict: { ...verdict, reason: redact(verdict.reason) },
  };
}

export interface CommentBodyInput {
  report: NormalizedReport;
  verdict: Verdict;
  /** The run against its baseline: the comment carries the same comparison as the summary. */
  comparison?: Comparison;
  title: string;
  generatedAt: Date;
  key: CommentKey;
  state: CommentState;
  /** The workflow run's page; the body ends with a link to it. */
  runUrl?: string;
}

/**
 * The comment: our two hidden lines, the summary with its comparison (cut with the summary's
 * "N more not shown" rule), and a last line linking the workflow run, with the time. Redacted, and at most
 * COMMENT_MAX characters as sent.
 */
export function commentBody(input: CommentBodyInput): string {
  const { report, verdict, comparison } = redactedForDisplay(input.report, input.verdict, input.comparison);
  const head = `${markerLines(input.key, input.state)}\n\n`;
  const time = input.generatedAt.toISOString().replace('T', ' ').slice(0, 16);
  const footer = `\n<sub>${input.runUrl ? `${link('Workflow run', input.runUrl)} · ` : ''}updated ${time} UTC</sub>\n`;
  let budget = COMMENT_MAX - head.length - footer.length;
  let body = '';
  for (let attempt = 0; attempt < 4 && budget > 0; attempt++) {
    const summary = renderSummary(
      // The summary's sections, in its order of importance, so a cut comment keeps new failures first.
      { report, verdict, comparison, title: input.title, generatedAt: input.generatedAt },
      { max: budget, unit: 'chars', whereTheRestIs: "the workflow run's job summary and report file list every test" },
    );
    body = redact(head + summary + footer);
    if (body.length <= COMMENT_MAX) return body;
    // Redaction lengthened the text: render again with less room.
    budget -= body.length - COMMENT_MAX + 1000;
  }
  // Only a huge verdict reason or note gets here: cut the text whole, keeping the markers and footer.
  const markers = redact(head);
  const end = redact(footer);
  return markers + truncate(body.slice(markers.length), COMMENT_MAX - markers.length - end.length - 2) + '\n\n' + end;
}

const commentsSchema = z.array(
  z.object({
    id: z.number().int(),
    body: z.string().nullish(),
    html_url: z.string(),
  }),
);
const writtenSchema = z.object({ id: z.number().int(), html_url: z.string() });

interface OurComment {
  id: number;
  url: string;
  state?: CommentState;
}

function nextLink(header: unknown): string | undefined {
  if (typeof header !== 'string') return undefined;
  for (const m of header.matchAll(/<([^>]*)>\s*;\s*rel="([^"]*)"/g)) {
    if (m[2]!.split(/\s+/).includes('next')) return m[1];
  }
  return undefined;
}

function parseOrThrow<T>(schema: z.ZodType<T>, data: unknown, endpoint: string): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`GitHub's answer to ${endpoint} has an unexpected shape at ${issue?.path.join('.') || 'the top'} (${issue?.message})`);
}

/**
 * Our earlier comment, read from every page of the pull request's comments (GitHub's `Link`
 * header, 100 a page), not only the first: busy pull requests would get a second comment.
 */
async function findOurComment(
  octokit: GitHubClient,
  target: { owner: string; repo: string; issue_number: number },
  key: CommentKey,
): Promise<{ found?: OurComment; complete: boolean; pages: number }> {
  const endpoint = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments';
  const apiOrigin = new URL(octokit.request.endpoint.DEFAULTS.baseUrl).origin;
  const seen = new Set<string>();
  let response: { data: unknown; headers: Record<string, unknown> } = await octokit.request(endpoint, { ...target, per_page: 100 });
  for (let page = 1; ; page++) {
    for (const comment of parseOrThrow(commentsSchema, response.data, endpoint)) {
      const markers = parseMarkers(comment.body ?? '');
      if (markers.key && sameKey(markers.key, key))
        return { found: { id: comment.id, url: comment.html_url, state: markers.state }, complete: true, pages: page };
    }
    const next = nextLink(response.headers.link);
    if (!next) return { complete: true, pages: page };
    if (page >= COMMENT_PAGES_MAX) return { complete: false, pages: page };
    // The token goes with every request: follow only links to GitHub's own API, each once.
    if (new URL(next).origin !== apiOrigin || seen.has(next))
      throw new Error(`GitHub's next page of comments is an unexpected link (${next})`);
    seen.add(next);
    response = await octokit.request({ method: 'GET', url: next });
  }
}

export interface PullRequestCommentInput {
  settings: CommentSettings;
  report: NormalizedReport;
  verdict: Verdict;
  comparison?: Comparison;
  /** The summary's title: the check name, or `Test results`. */
  title: string;
  generatedAt: Date;
  env?: NodeJS.ProcessEnv;
}

/**
 * Writes the summary as one pull-request comment, updated in place, as `comment` says. Returns
 * the comment's address when it was written or updated, else ''. Never throws and never changes
 * the verdict: any problem is one warning.
 */
export async function writePullRequestComment(input: PullRequestCommentInput): Promise<string> {
  if (input.settings.comment === 'off') return '';
  let where = 'the pull request';
  try {
    const env = input.env ?? process.env;
    const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
    if (!owner || !repo) {
      core.info('No pull-request comment: GITHUB_REPOSITORY is not set (is this running outside GitHub Actions?).');
      return '';
    }
    const lookup = pullRequestFromEvent(input.settings.prNumber, env.GITHUB_EVENT_NAME ?? '', readEvent(env));
    if (lookup.kind === 'none') {
      core.info(`No pull-request comment: ${lookup.why}.`);
      return '';
    }
    const octokit = await createOctokit({
      token: input.settings.githubToken,
      purpose: 'the pull-request comment',
      warn: (m) => core.warning(redact(m)),
      deadline: Date.now() + COMMENT_DEADLINE_MS,
    });
    let number: number;
    if (lookup.kind === 'by-sha') {
      const found = await findPullRequestBySha(octokit, { owner, repo }, lookup);
      if (found === undefined) {
        core.info(`No pull-request comment: no open pull request of ${owner}/${repo} has the workflow_run's head commit ${lookup.sha}.`);
        return '';
      }
      number = found;
    } else {
      number = lookup.number;
    }
    where = `pull request #${number}`;

    const key = commentKey(input.settings, input.title);
    const state = commentState(input.report, input.verdict);
    const target = { owner, repo, issue_number: number };
    const existing = await findOurComment(octokit, target, key);
    if (!existing.found && !existing.complete) {
      core.warning(
        `No pull-request comment on ${where}: it has more than ${COMMENT_PAGES_MAX * 100} comments and ours was not among them; not writing a second one.`,
      );
      return '';
    }
    const decision = decideComment(input.settings.comment, state, existing.found);
    if (!decision.write) {
      core.info(`Pull-request comment on ${where} not written: ${decision.why}.`);
      return '';
    }
    const body = commentBody({
      report: input.report,
      verdict: input.verdict,
      comparison: input.comparison,
      title: input.title,
      generatedAt: input.generatedAt,
      key,
      state,
      runUrl: runUrl(env),
    });
    if (existing.found) {
      const updated = await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.found.id, body });
      const url = parseOrThrow(writtenSchema, updated.data, 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}').html_url;
      core.info(`Pull-request comment on ${where} updated (${decision.why}): ${logSafe(url)}`);
      return url;
    }
    const created = await octokit.rest.issues.createComment({ ...target, body });
    const url = parseOrThrow(writtenSchema, created.data, 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments').html_url;
    core.info(`Pull-request comment on ${where} created (${decision.why}): ${logSafe(url)}`);
    return url;
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
