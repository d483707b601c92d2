import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import {
  commitUnderTest,
  decideMissingSecrets,
  eventFacts,
  missingSecretsSchema,
  readEventPayload,
  type EventEnv,
  type EventFacts,
} from '../../src/github/event.js';
import { readRunContext } from '../../src/github/context.js';

const HEAD = 'A'.repeat(40);
const RUN_SHA = 'b'.repeat(40);
const env: EventEnv = { GITHUB_REPOSITORY: 'octo/app', GITHUB_SHA: RUN_SHA, GITHUB_ACTOR: 'alice' };

function pullRequest(head: unknown, base: unknown = { full_name: 'octo/app', id: 1 }, sha: unknown = HEAD) {
  return { pull_request: { head: { sha, repo: head }, base: { repo: base } }, sender: { login: 'alice' } };
}

describe('the commit under test', () => {
  test("a pull request's head, a workflow run's head, a merge group's head: lower-cased", () => {
    expect(commitUnderTest(pullRequest({ full_name: 'octo/app' }), RUN_SHA)).toEqual({
      sha: 'a'.repeat(40),
      from: 'pull_request.head.sha',
    });
    expect(commitUnderTest({ workflow_run: { head_sha: 'C'.repeat(40) } }, RUN_SHA)).toEqual({
      sha: 'c'.repeat(40),
      from: 'workflow_run.head_sha',
    });
    expect(commitUnderTest({ merge_group: { head_sha: 'd'.repeat(40), base_ref: 'refs/heads/main' } }, RUN_SHA)).toEqual({
      sha: 'd'.repeat(40),
      from: 'merge_group.head_sha',
    });
  });

  test.each([
    ['too short', 'a'.repeat(39)],
    ['too long', 'a'.repeat(41)],
    ['not hexadecimal', 'g'.repeat(40)],
    ['a ref', 'refs/heads/main'],
    ['a SHA with a line break after it', `${'a'.repeat(40)}\n`],
    ['a SHA followed by a command', `${'a'.repeat(40)} && curl x`],
    ['a number', 1234],
    ['null', null],
  ])('a malformed merge_group.head_sha (%s) is ignored for GITHUB_SHA', (_why, sha) => {
    expect(commitUnderTest({ merge_group: { head_sha: sha } }, RUN_SHA)).toEqual({ sha: RUN_SHA, from: 'GITHUB_SHA' });
  });

  test('a malformed pull-request head SHA is ignored, and so is a payload of the wrong shape', () => {
    expect(commitUnderTest(pullRequest({ full_name: 'octo/app' }, undefined, 'main'), RUN_SHA).from).toBe('GITHUB_SHA');
    expect(commitUnderTest({ pull_request: 'x', workflow_run: [1], merge_group: 3 }, RUN_SHA).from).toBe('GITHUB_SHA');
    expect(commitUnderTest(undefined, RUN_SHA).sha).toBe(RUN_SHA);
    expect(commitUnderTest([], '').sha).toBe('');
  });

  test('the check run of a merge_group event is created on the merge group head (readRunContext)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'event-'));
    const path = join(dir, 'event.json');
    writeFileSync(path, JSON.stringify({ merge_group: { head_sha: 'e'.repeat(40), base_ref: 'refs/heads/main' } }));
    expect(readRunContext('', { GITHUB_REPOSITORY: 'octo/app', GITHUB_SHA: RUN_SHA, GITHUB_EVENT_PATH: path })?.sha).toBe('e'.repeat(40));
  });
});

describe('reading the event file', () => {
  test('JSON is read; a file over the cap, a missing file or not JSON is no payload', () => {
    const dir = mkdtempSync(join(tmpdir(), 'event-'));
    const path = join(dir, 'event.json');
    writeFileSync(path, JSON.stringify({ merge_group: { head_sha: HEAD } }));
    expect(readEventPayload({ GITHUB_EVENT_PATH: path })).toEqual({ merge_group: { head_sha: HEAD } });
    expect(readEventPayload({ GITHUB_EVENT_PATH: path }, 10)).toBeUndefined();
    expect(readEventPayload({ GITHUB_EVENT_PATH: join(dir, 'none.json') })).toBeUndefined();
    writeFileSync(path, '{not json');
    expect(readEventPayload({ GITHUB_EVENT_PATH: path })).toBeUndefined();
    expect(readEventPayload({})).toBeUndefined();
  });
});

describe('event facts', () => {
  test('merge_group: a merge queue with its base branch, pull-request-like, secrets not withheld', () => {
    const facts = eventFacts(
      { ...env, GITHUB_EVENT_NAME: 'merge_group' },
      { merge_group: { head_sha: 'f'.repeat(40), base_ref: 'refs/heads/release/1.x' } },
    );
    expect(facts).toEqual({
      name: 'merge_group',
      sha: 'f'.repeat(40),
      shaFrom: 'merge_group.head_sha',
      mergeQueue: { baseRef: 'refs/heads/release/1.x', baseBranch: 'release/1.x' },
      pullRequestLike: 'merge_group',
      secretsWithheld: false,
      withheldBecause: undefined,
      withheldWhy: undefined,
    });
  });

  test('a fork pull request: head repository differs by name, or by id', () => {
    const byName = eventFacts({ ...env, GITHUB_EVENT_NAME: 'pull_request' }, pullRequest({ full_name: 'mallory/app', id: 2 }));
    expect(byName.secretsWithheld).toBe(true);
    expect(byName.withheldBecause).toBe('fork');
    expect(byName.withheldWhy).toBe('the pull request comes from mallory/app, not from octo/app');
    expect(byName.pullRequestLike).toBe('pull_request');
    expect(byName.sha).toBe('a'.repeat(40));
    // A fork renamed to the base's name in another account still has another id.
    const byId = eventFacts({ ...env, GITHUB_EVENT_NAME: 'pull_request' }, pullRequest({ full_name: 'octo/app', id: 99 }));
    expect(byId.withheldBecause).toBe('fork');
  });

  test('a fork pull request whose fork was deleted (head.repo null) is a fork', () => {
    const facts = eventFacts({ ...env, GITHUB_EVENT_NAME: 'pull_request' }, pullRequest(null));
    expect(facts.withheldBecause).toBe('fork');
  });

  test('repository names compare case-insensitively; the base falls back to GITHUB_REPOSITORY', () => {
    expect(eventFacts({ ...env, GITHUB_EVENT_NAME: 'pull_request' }, pullRequest({ full_name: 'Octo/App', id: 1 })).secretsWithheld).toBe(
      false,
    );
    expect(eventFacts({ ...env, GITHUB_EVENT_NAME: 'pull_request' }, pullRequest({ full_name: 'mallory/app' }, null)).withheldBecause).toBe(
      'fork',
    );
  });

  test('a same-repository pull request by a person: secrets are given', () => {
    const facts = eventFacts({ ...env, GITHUB_EVENT_NAME: 'pull_request' }, pullRequest({ full_name: 'octo/app', id: 1 }));
    expect(facts.secretsWithheld).toBe(false);
    expect(facts.withheldBecause).toBeUndefined();
  });

  test('a head or base of the wrong shape is no proof of a fork', () => {
    const facts = eventFacts({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_ACTOR: 'alice' }, pullRequest({ full_name: 42 }, { id: 'x' }));
    expect(facts.secretsWithheld).toBe(false);
  });

  test('Dependabot: GITHUB_ACTOR exactly dependabot[bot]; sender.login only without GITHUB_ACTOR', () => {
    const same = pullRequest({ full_name: 'octo/app', id: 1 });
    const dependabot = eventFacts({ ...env, GITHUB_EVENT_NAME: 'pull_request', GITHUB_ACTOR: 'dependabot[bot]' }, same);
    expect(dependabot.withheldBecause).toBe('dependabot');
    expect(dependabot.withheldWhy).toBe("the run's actor is dependabot[bot]");
    for (const lookalike of ['Dependabot[bot]', 'dependabot', 'dependabot[bot] ', 'dependabot-preview[bot]']) {
      expect(eventFacts({ ...env, GITHUB_EVENT_NAME: 'pull_request', GITHUB_ACTOR: lookalike }, same).secretsWithheld).toBe(false);
    }
    const bySender = { ...same, sender: { login: 'dependabot[bot]' } };
    expect(eventFacts({ GITHUB_REPOSITORY: 'octo/app', GITHUB_EVENT_NAME: 'pull_request' }, bySender).withheldBecause).toBe('dependabot');
    // The runner's actor wins over the payload's sender.
    expect(eventFacts({ ...env, GITHUB_EVENT_NAME: 'pull_request' }, bySender).secretsWithheld).toBe(false);
    // The pull request's author is not who GitHub runs the workflow as.
    const authored = { ...same, pull_request: { ...same.pull_request, user: { login: 'dependabot[bot]' } } };
    expect(eventFacts({ ...env, GITHUB_EVENT_NAME: 'pull_request' }, authored).secretsWithheld).toBe(false);
  });

  test('only pull_request events withhold: pull_request_target, workflow_run, push and merge_group do not', () => {
    const fork = pullRequest({ full_name: 'mallory/app', id: 2 });
    for (const name of ['pull_request_target', 'workflow_run', 'push', 'merge_group', 'pull_request_review', '']) {
      expect(eventFacts({ ...env, GITHUB_EVENT_NAME: name, GITHUB_ACTOR: 'dependabot[bot]' }, fork).secretsWithheld).toBe(false);
    }
    expect(eventFacts({ ...env, GITHUB_EVENT_NAME: 'pull_request_target' }, fork).pullRequestLike).toBe('pull_request_target');
    // A pull_request event without a pull request in its payload says nothing about a fork.
    expect(eventFacts({ ...env, GITHUB_EVENT_NAME: 'pull_request' }, {}).secretsWithheld).toBe(false);
  });

  test('a workflow_run from a pull request is pull-request-like, from a push it is not', () => {
    const fromPr = eventFacts({ ...env, GITHUB_EVENT_NAME: 'workflow_run' }, { workflow_run: { event: 'pull_request', head_sha: HEAD } });
    expect(fromPr.pullRequestLike).toBe('workflow_run (from a pull request)');
    expect(fromPr.sha).toBe('a'.repeat(40));
    const fromPush = eventFacts(
      { ...env, GITHUB_EVENT_NAME: 'workflow_run' },
      { workflow_run: { event: 'push', head_sha: HEAD, pull_requests: [] } },
    );
    expect(fromPush.pullRequestLike).toBeUndefined();
    expect(eventFacts({ ...env, GITHUB_EVENT_NAME: 'push' }, {}).pullRequestLike).toBeUndefined();
    expect(eventFacts({ ...env, GITHUB_EVENT_NAME: 'push' }, {}).mergeQueue).toBeUndefined();
  });
});

describe('missing secrets', () => {
  const fork: EventFacts = eventFacts({ ...env, GITHUB_EVENT_NAME: 'pull_request' }, pullRequest({ full_name: 'mallory/app', id: 2 }));
  const dependabot: EventFacts = eventFacts(
    { ...env, GITHUB_EVENT_NAME: 'pull_request', GITHUB_ACTOR: 'dependabot[bot]' },
    pullRequest({ full_name: 'octo/app', id: 1 }),
  );
  const sameRepo: EventFacts = eventFacts({ ...env, GITHUB_EVENT_NAME: 'pull_request' }, pullRequest({ full_name: 'octo/app', id: 1 }));
  const push: EventFacts = eventFacts({ ...env, GITHUB_EVENT_NAME: 'push' }, {});

  test('a credential that exists always proceeds, whatever the mode and the event', () => {
    for (const event of [fork, dependabot, sameRepo, push]) {
      for (const mode of ['fail', 'skip'] as const) {
        expect(decideMissingSecrets({ mode, credentialEmpty: false, event })).toEqual({ action: 'proceed' });
      }
    }
  });

  test('skip: an empty credential on a fork or Dependabot pull request skips, saying why and pointing to workflow_run', () => {
    const decision = decideMissingSecrets({ mode: 'skip', credentialEmpty: true, event: fork });
    expect(decision.action).toBe('skip');
    if (decision.action !== 'skip') throw new Error('not a skip');
    expect(decision.reason).toContain('GitHub withholds secrets from pull_request runs from forks and Dependabot');
    expect(decision.reason).toContain('mallory/app');
    expect(decision.reason).toContain('workflow_run');
    expect(decision.reason).toContain('No check run was created');
    expect(decideMissingSecrets({ mode: 'skip', credentialEmpty: true, event: dependabot }).action).toBe('skip');
  });

  test('skip elsewhere is still an input error, saying where skip applies', () => {
    for (const event of [sameRepo, push]) {
      const decision = decideMissingSecrets({ mode: 'skip', credentialEmpty: true, event });
      expect(decision.action).toBe('input-error');
      if (decision.action !== 'input-error') throw new Error('not an error');
      expect(decision.message).toMatch(
        /^Input 'api-key' is required\. missing-secrets: skip applies only to pull_request runs from forks or Dependabot/,
      );
    }
  });

  test('fail (the default): an input error that says secrets are withheld and names both ways out', () => {
    const decision = decideMissingSecrets({
      mode: 'fail',
      credentialEmpty: true,
      event: dependabot,
      credentialHint: 'an API token from your Testmo profile',
    });
    expect(decision).toEqual({
      action: 'input-error',
      message:
        "Input 'api-key' is required: an API token from your Testmo profile. It is empty because GitHub withholds secrets from pull_request runs " +
        "from forks and Dependabot (the run's actor is dependabot[bot]). Either set missing-secrets: skip to skip this step on such pull requests, " +
        'or run the gate from a workflow triggered by workflow_run, which has the secrets and reports on the pull request (see the README recipe).',
    });
    const onPush = decideMissingSecrets({ mode: 'fail', credentialEmpty: true, event: push, credential: 'client-id' });
    if (onPush.action !== 'input-error') throw new Error('not an error');
    expect(onPush.message).toMatch(
      /^Input 'client-id' is required\. GitHub withholds secrets from pull_request runs from forks and Dependabot/,
    );
    expect(onPush.message).toContain('missing-secrets: skip');
    expect(onPush.message).toContain('workflow_run');
  });

  test('the missing-secrets input: fail or skip, anything else names what is allowed', () => {
    expect(missingSecretsSchema.parse('fail')).toBe('fail');
    expect(missingSecretsSchema.parse(' skip ')).toBe('skip');
    const bad = missingSecretsSchema.safeParse('neutral');
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe("must be fail or skip, got 'neutral'");
  });
});
