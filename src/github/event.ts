import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { z } from 'zod';
import { pullRequestEvent } from '../analysis/pull-request-baseline.js';

/**
 * What the workflow's event says about the run: the commit under test, whether it is a merge
 * queue or a pull request, and whether GitHub withheld the repository's secrets. Pure apart
 * from `readEventPayload`; every field read from the payload is validated, and a field of the
 * wrong shape is ignored as if absent (the payload is GitHub's, but tests and `act` hand in odd ones).
 */

/**
 * GitHub caps webhook payloads at 25 MB; an event file larger than that is not GitHub's, and is
 * not read (a bounded read, like every other body the action takes in).
 */
export const MAX_EVENT_BYTES = 25 * 1024 * 1024;

/** The login GitHub gives Dependabot's runs; matched exactly, as GitHub's own rule does. */
export const DEPENDABOT_LOGIN = 'dependabot[bot]';

const FULL_SHA = /^[0-9a-f]{40}$/i;

/** A field that is ignored (undefined) when it has another shape, instead of failing the whole payload. */
const optionalString = z.string().optional().catch(undefined);
const optionalId = z.number().int().optional().catch(undefined);
const repository = z.object({ full_name: optionalString, id: optionalId }).nullish().catch(undefined);

const payloadSchema = z.object({
  pull_request: z
    .object({
      head: z.object({ sha: optionalString, repo: repository }).nullish().catch(undefined),
      base: z.object({ repo: repository }).nullish().catch(undefined),
    })
    .nullish()
    .catch(undefined),
  workflow_run: z.object({ head_sha: optionalString }).nullish().catch(undefined),
  merge_group: z.object({ head_sha: optionalString, base_ref: optionalString }).nullish().catch(undefined),
  sender: z.object({ login: optionalString }).nullish().catch(undefined),
});
type Payload = z.output<typeof payloadSchema>;

/** Where the commit under test came from. */
export type CommitSource = 'pull_request.head.sha' | 'workflow_run.head_sha' | 'merge_group.head_sha' | 'GITHUB_SHA';

/** Why GitHub gave this run no secrets. */
export type WithheldBecause = 'fork' | 'dependabot';

export interface EventFacts {
  /** `GITHUB_EVENT_NAME`; `''` when unknown. */
  name: string;
  /** The commit under test: a full SHA from the event (lower case), else `GITHUB_SHA` (`''` when neither). */
  sha: string;
  shaFrom: CommitSource;
  /** Set on `merge_group` events: the queue's base branch (`main`) and ref (`refs/heads/main`). */
  mergeQueue?: { baseBranch: string; baseRef: string };
  /**
   * The event's name when it runs for a pull request or the merge queue (`pull_request`,
   * `pull_request_target`, `merge_group`, `workflow_run (from a pull request)`); undefined otherwise.
   */
  pullRequestLike?: string;
  /**
   * True only on a `pull_request` event from another repository (a fork), or run by
   * `dependabot[bot]`: the runs GitHub gives no Actions secrets.
   */
  secretsWithheld: boolean;
  withheldBecause?: WithheldBecause;
  /** One clause for messages, e.g. `the head repository fork/app is not octo/app`; set when withheld. */
  withheldWhy?: string;
}

/** The runner's variables the event rules read. */
export type EventEnv = Partial<
  Record<'GITHUB_EVENT_NAME' | 'GITHUB_EVENT_PATH' | 'GITHUB_SHA' | 'GITHUB_ACTOR' | 'GITHUB_REPOSITORY', string>
>;

/**
 * The event payload the runner wrote at `GITHUB_EVENT_PATH`: undefined when there is none, it is
 * larger than `maxBytes`, or it is not JSON. Never reads more than `maxBytes + 1` bytes.
 */
export function readEventPayload(env: Pick<EventEnv, 'GITHUB_EVENT_PATH'> = process.env, maxBytes = MAX_EVENT_BYTES): unknown {
  if (!env.GITHUB_EVENT_PATH) return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(env.GITHUB_EVENT_PATH, 'r');
    if (fstatSync(fd).size > maxBytes) return undefined;
    // The size can change between stat and read: read at most one byte past the cap to tell.
    const buffer = Buffer.alloc(Math.min(maxBytes + 1, fstatSync(fd).size + 1));
    let length = 0;
    while (length < buffer.length) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > maxBytes) return undefined;
    return JSON.parse(buffer.subarray(0, length).toString('utf8')) as unknown;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function parsePayload(payload: unknown): Payload {
  const parsed = payloadSchema.safeParse(payload ?? {});
  return parsed.success ? parsed.data : {};
}

function fullSha(value: string | undefined): string | undefined {
  return value !== undefined && FULL_SHA.test(value) ? value.toLowerCase() : undefined;
}

/**
 * The commit under test: the pull request's head, the triggering run's head, or the merge
 * group's head — each only when it is 40 hexadecimal characters — else `GITHUB_SHA`.
 */
export function commitUnderTest(payload: unknown, githubSha = ''): { sha: string; from: CommitSource } {
  const event = parsePayload(payload);
  const candidates: [string | undefined, CommitSource][] = [
    [event.pull_request?.head?.sha, 'pull_request.head.sha'],
    [event.workflow_run?.head_sha, 'workflow_run.head_sha'],
    [event.merge_group?.head_sha, 'merge_group.head_sha'],
  ];
  for (const [value, from] of candidates) {
    const sha = fullSha(value);
    if (sha) return { sha, from };
  }
  return { sha: githubSha, from: 'GITHUB_SHA' };
}

/**
 * Whether GitHub withheld secrets from this run, by GitHub's own rules for `pull_request`
 * events: the head repository is not the base repository, or the run's actor is Dependabot.
 *
 * The actor is `GITHUB_ACTOR` — who GitHub runs the workflow as; it stays `dependabot[bot]` when a
 * person re-runs a Dependabot run, and GitHub keeps the secrets withheld then too — with the
 * payload's `sender.login` only when the runner gives no `GITHUB_ACTOR`. Not
 * `GITHUB_TRIGGERING_ACTOR` (the person re-running) and not `pull_request.user.login` (the author:
 * a person's push to a Dependabot branch gets the secrets). Both come from GitHub, not from the
 * pull request's author; and a skip also needs an empty credential, so nothing here can skip a
 * gate whose secret exists.
 */
function withheld(name: string, event: Payload, env: EventEnv): { because: WithheldBecause; why: string } | undefined {
  if (name !== 'pull_request' || !event.pull_request) return undefined;
  const head = event.pull_request.head?.repo;
  const baseName = event.pull_request.base?.repo?.full_name ?? env.GITHUB_REPOSITORY;
  const baseId = event.pull_request.base?.repo?.id;
  if (head === null) {
    // GitHub sends `head.repo: null` when the fork was deleted: a fork all the same.
    return { because: 'fork', why: 'the head repository of the pull request is gone (a deleted fork)' };
  }
  // A head or base that cannot be read is not proof of a fork: only a difference is.
  const otherName = head?.full_name !== undefined && baseName !== undefined && head.full_name.toLowerCase() !== baseName.toLowerCase();
  const otherId = head?.id !== undefined && baseId !== undefined && head.id !== baseId;
  if (otherName || otherId) {
    return {
      because: 'fork',
      why: `the pull request comes from ${head?.full_name ?? 'another repository'}, not from ${baseName ?? 'this repository'}`,
    };
  }
  const actor = env.GITHUB_ACTOR ? env.GITHUB_ACTOR : event.sender?.login;
  if (actor === DEPENDABOT_LOGIN) return { because: 'dependabot', why: `the run's actor is ${DEPENDABOT_LOGIN}` };
  return undefined;
}

/** The event rules over the runner's variables and the payload; pure. */
export function eventFacts(env: EventEnv, payload: unknown): EventFacts {
  const name = env.GITHUB_EVENT_NAME ?? '';
  const event = parsePayload(payload);
  const commit = commitUnderTest(payload, env.GITHUB_SHA ?? '');
  const baseRef = name === 'merge_group' ? event.merge_group?.base_ref : undefined;
  const secrets = withheld(name, event, env);
  return {
    name,
    sha: commit.sha,
    shaFrom: commit.from,
    mergeQueue: baseRef ? { baseRef, baseBranch: baseRef.replace(/^refs\/heads\//, '') } : undefined,
    pullRequestLike: pullRequestEvent(name, payload),
    secretsWithheld: secrets !== undefined,
    withheldBecause: secrets?.because,
    withheldWhy: secrets?.why,
  };
}

/**
 * The summary's line on a merge queue run, e.g. `Merge queue: this run tests the merge group for
 * main (commit 1234567).`; undefined on any other event.
 */
export function mergeQueueNote(facts: Pick<EventFacts, 'mergeQueue' | 'sha' | 'shaFrom'>): string | undefined {
  if (!facts.mergeQueue) return undefined;
  const commit = facts.shaFrom === 'merge_group.head_sha' ? ` (commit ${facts.sha.slice(0, 7)})` : '';
  return `Merge queue: this run tests the merge group for ${facts.mergeQueue.baseBranch}${commit}; it has no pull request, so no comment.`;
}

/** The event facts of this run, read from the runner's environment. */
export function readEventFacts(env: EventEnv = process.env): EventFacts {
  return eventFacts(env, readEventPayload(env));
}

/** `missing-secrets`: what an empty credential means. */
export const MISSING_SECRETS_MODES = ['fail', 'skip'] as const;
export type MissingSecretsMode = (typeof MISSING_SECRETS_MODES)[number];

/** The zod rule for the `missing-secrets` input. */
export const missingSecretsSchema = z.string().transform((value, ctx): MissingSecretsMode => {
  const mode = value.trim();
  if ((MISSING_SECRETS_MODES as readonly string[]).includes(mode)) return mode as MissingSecretsMode;
  ctx.addIssue({ code: 'custom', message: `must be fail or skip, got '${value}'` });
  return z.NEVER;
});

export type MissingSecretsDecision =
  | { action: 'proceed' }
  /** No provider request, `conclusion: skipped`, exit 0, no check run; `reason` is for the summary and the log. */
  | { action: 'skip'; reason: string }
  /** An input error: the one line the step fails with. */
  | { action: 'input-error'; message: string };

export interface MissingSecretsQuestion {
  mode: MissingSecretsMode;
  /** The provider's credential is empty (for Eggplant: no api-key and no client-id/client-secret pair). */
  credentialEmpty: boolean;
  event: Pick<EventFacts, 'name' | 'secretsWithheld' | 'withheldWhy'>;
  /** How the error names the credential; default `api-key`. */
  credential?: string;
  /** What the credential is, for the error, e.g. `an API token from your Testmo profile`. */
  credentialHint?: string;
}

const WORKFLOW_RUN_WAY =
  'run the gate from a workflow triggered by workflow_run, which has the secrets and reports on the pull request (see the README recipe)';

/**
 * What an empty credential means. A skip needs all three: an empty credential, `missing-secrets:
 * skip`, and a run GitHub gave no secrets (`secretsWithheld`). With a credential the answer is
 * always `proceed`, whatever the event says.
 */
export function decideMissingSecrets(question: MissingSecretsQuestion): MissingSecretsDecision {
  if (!question.credentialEmpty) return { action: 'proceed' };
  const credential = question.credential ?? 'api-key';
  const required = `Input '${credential}' is required${question.credentialHint ? `: ${question.credentialHint}` : ''}.`;
  const { event } = question;
  if (event.secretsWithheld) {
    const why = event.withheldWhy ? ` (${event.withheldWhy})` : '';
    if (question.mode === 'skip') {
      return {
        action: 'skip',
        reason:
          `Skipped: GitHub withholds secrets from pull_request runs from forks and Dependabot${why}, so ${credential} is empty ` +
          `and no provider was read. No check run was created, so a required check still waits for the real gate: ${WORKFLOW_RUN_WAY}.`,
      };
    }
    return {
      action: 'input-error',
      message:
        `${required} It is empty because GitHub withholds secrets from pull_request runs from forks and Dependabot${why}. ` +
        `Either set missing-secrets: skip to skip this step on such pull requests, or ${WORKFLOW_RUN_WAY}.`,
    };
  }
  const where = event.name ? `a ${event.name} event` : 'this run';
  if (question.mode === 'skip') {
    return {
      action: 'input-error',
      message:
        `${required} missing-secrets: skip applies only to pull_request runs from forks or Dependabot, whose secrets GitHub withholds; ` +
        `on ${where} the secret must be set: check its name and that it exists for this repository or environment.`,
    };
  }
  return {
    action: 'input-error',
    message:
      `${required} GitHub withholds secrets from pull_request runs from forks and Dependabot: on such pull requests ` +
      `set missing-secrets: skip, or ${WORKFLOW_RUN_WAY}.`,
  };
}
