import { afterEach, describe, expect, test } from '@jest/globals';
import {
  COMMENT_MAX,
  commentBody,
  commentKey,
  commentState,
  decideComment,
  markerLines,
  parseMarkers,
  type CommentSettings,
  type CommentState,
} from '../../src/writers/comment/index.js';
import { testKey } from '../../src/baseline/compare.js';
import { pullRequestFromEvent } from '../../src/github/pull-request.js';
import { reportFromTests, type TestResult } from '../../src/report.js';
import { forgetSecretsForTests, registerSecret } from '../../src/secrets.js';

afterEach(() => forgetSecretsForTests());

const settings = (over: Partial<CommentSettings> = {}): CommentSettings => ({
  provider: 'testmo',
  commentScope: 'run 42',
  comment: 'always',
  prNumber: undefined,
  githubToken: 't',
  ...over,
});
const report = (tests: TestResult[]) => ({
  ...reportFromTests({ source: 'run 42', notes: [] }, tests),
  provider: 'testmo',
  providerLabel: 'Testmo',
});
const failed = (name: string, suite = 'Cart'): TestResult => ({ name, suite, status: 'failed' });
const red = { conclusion: 'failure' as const, reason: 'Too many failures.' };
const green = { conclusion: 'success' as const, reason: '' };

describe('comment markers', () => {
  test('written and read back: key on the first line, state on the second', () => {
    const key = commentKey(settings(), 'Smoke');
    const state = commentState(report([failed('a'), failed('b')]), red);
    const body = `${markerLines(key, state)}\n\n### text`;
    expect(parseMarkers(body)).toEqual({ key, state });
    // GitHub may hand bodies back with CRLF line ends.
    expect(parseMarkers(body.replace(/\n/g, '\r\n'))).toEqual({ key, state });
  });
  test('a check name cannot end the hidden comment or open a tag', () => {
    const key = commentKey(settings(), 'evil --> <img src=x> & more');
    const lines = markerLines(key, commentState(report([]), green)).split('\n');
    expect(lines[0]).toMatch(/^<!-- remote-test-results-action \{[^<>]*\} -->$/);
    expect(lines[0]!.slice(5, -4)).not.toContain('--');
    expect(parseMarkers(lines.join('\n')).key).toEqual(key);
  });
  test("other authors' comments, quotes of ours and broken markers have no key", () => {
    const ours = markerLines(commentKey(settings(), 'Smoke'), commentState(report([]), green));
    expect(parseMarkers('LGTM')).toEqual({});
    expect(parseMarkers(`> ${ours}`)).toEqual({});
    expect(parseMarkers(`Note\n${ours}`)).toEqual({});
    expect(parseMarkers('<!-- remote-test-results-action {"check":1} -->')).toEqual({});
    expect(parseMarkers('<!-- remote-test-results-action {not json} -->')).toEqual({});
  });
  test('a key without a readable state still names our comment', () => {
    const [keyLine] = markerLines(commentKey(settings(), 'Smoke'), commentState(report([]), green)).split('\n');
    expect(parseMarkers(`${keyLine}\nhello`)).toEqual({ key: { check: 'Smoke', provider: 'testmo', read: 'run 42' }, state: undefined });
  });
  test('the key names the check, the provider and the scope the inputs give', () => {
    expect(commentKey(settings({ commentScope: 'project 7' }), 'T')).toEqual({ check: 'T', provider: 'testmo', read: 'project 7' });
  });
  test('the state names the verdict and the set of failed tests, whatever their order', () => {
    const a = commentState(report([failed('a'), failed('b'), { name: 'c', status: 'passed' }]), red);
    const b = commentState(report([failed('b'), failed('a')]), red);
    expect(a).toEqual(b);
    expect(a.failed).toBe(2);
    expect(commentState(report([failed('a'), failed('c')]), red).failedSet).not.toBe(a.failedSet);
    expect(commentState(report([failed('a', 'Other'), failed('b')]), red).failedSet).not.toBe(a.failedSet);
  });
});

describe('when to write', () => {
  const redState = commentState(report([failed('a')]), red);
  const greenState = commentState(report([]), green);
  const otherRed: CommentState = commentState(report([failed('z')]), red);

  test.each([
    // mode, next, existing (undefined: none; null: ours without state), write
    ['off', redState, undefined, false],
    ['always', greenState, undefined, true],
    ['always', redState, redState, true],
    ['failures', redState, undefined, true],
    ['failures', greenState, undefined, false],
    ['failures', greenState, redState, true],
    ['failures', greenState, greenState, true],
    ['changes', redState, undefined, true],
    ['changes', greenState, undefined, true],
    ['changes', redState, null, true],
    ['changes', redState, redState, false],
    ['changes', greenState, greenState, false],
    ['changes', greenState, redState, true],
    ['changes', otherRed, redState, true],
    ['changes', { ...redState, conclusion: 'error' }, redState, true],
  ] as const)('%s, %o over %o → %s', (mode, next, existing, write) => {
    const shown = existing === undefined ? undefined : existing === null ? {} : { state: existing };
    expect(decideComment(mode, next, shown).write).toBe(write);
  });

  test('the reason is said', () => {
    expect(decideComment('changes', greenState, { state: redState }).why).toBe('the verdict changed from failure to success');
    expect(decideComment('changes', otherRed, { state: redState }).why).toBe('the set of failed tests changed');
  });
});

describe('comment body', () => {
  const input = (tests: TestResult[], over: Partial<Parameters<typeof commentBody>[0]> = {}) => {
    const r = report(tests);
    return {
      report: r,
      verdict: red,
      title: 'Test results',
      generatedAt: new Date('2026-11-23T09:00:00Z'),
      key: commentKey(settings(), 'Test results'),
      state: commentState(r, red),
      runUrl: 'https://github.com/o/r/actions/runs/1',
      ...over,
    };
  };

  test('markers, summary, and a last line linking the run with the time', () => {
    const body = commentBody(input([failed('a')]));
    expect(parseMarkers(body).key?.check).toBe('Test results');
    expect(body).toContain('### ❌ Test results: failed');
    expect(body.trimEnd().split('\n').at(-1)).toBe(
      '<sub>[Workflow run](https://github.com/o/r/actions/runs/1) · updated 2026-11-23 09:00 UTC</sub>',
    );
  });

  test('at most 65,536 characters, with the "not shown" line', () => {
    const tests = Array.from({ length: 3000 }, (_, i) => ({ ...failed(`test ${i}`), message: 'x'.repeat(300) }));
    const body = commentBody(input(tests));
    expect(body.length).toBeLessThanOrEqual(COMMENT_MAX);
    expect(body.length).toBeGreaterThan(COMMENT_MAX - 2000);
    expect(body).toMatch(/_\d+ more tests not shown/);
  });

  test('the limit holds on the final text even when redaction lengthens it', () => {
    // Two-character values of credential parameters grow to *** when redacted.
    const tests = Array.from({ length: 3000 }, (_, i) => ({ ...failed(`t${i}`), message: '?token=ab&'.repeat(25) }));
    const body = commentBody(input(tests));
    expect(body.length).toBeLessThanOrEqual(COMMENT_MAX);
    expect(body).toContain('token=***');
  });

  test('a huge gate reason is cut, markers and footer kept', () => {
    const body = commentBody(input([failed('a')], { verdict: { conclusion: 'error', reason: 'y'.repeat(100_000) } }));
    expect(body.length).toBeLessThanOrEqual(COMMENT_MAX);
    expect(parseMarkers(body).key).toBeDefined();
    expect(body.trimEnd().endsWith('UTC</sub>')).toBe(true);
  });

  test('against a baseline, cut to the limit in the order of importance: new failures first, fixed ones dropped first', () => {
    const newOnes = Array.from({ length: 2000 }, (_, i) => ({ ...failed(`new ${i}`), message: 'n'.repeat(300) }));
    const still = failed('still broken');
    const fixed = Array.from({ length: 50 }, (_, i) => ({ key: `Cart\u001ffixed ${i}`, name: `fixed ${i}`, suite: 'Cart' }));
    const comparison = {
      baseline: { id: '41', label: 'run 41', url: 'https://x.testmo.net/runs/view/41' },
      newFailures: newOnes.length,
      stillFailing: 1,
      stillFailingKeys: new Set([testKey(still)]),
      fixed,
      flaky: [],
      trend: [],
    };
    const body = commentBody(input([still, ...newOnes], { comparison }));
    expect(body.length).toBeLessThanOrEqual(COMMENT_MAX);
    expect(body).toContain('**2000 new failures, 1 still failing, 50 fixed** since [run 41](https://x.testmo.net/runs/view/41).');
    expect(body).toContain('#### New failures (2000)');
    expect(body).toContain('| 🆕 new | new 0 |');
    expect(body).not.toContain('#### Fixed');
    expect(body).toMatch(/_\d+ more tests not shown/);
    // Room enough: every section, each test marked.
    const small = commentBody(input([still, ...newOnes.slice(0, 2)], { comparison: { ...comparison, newFailures: 2 } }));
    for (const line of [
      '#### New failures (2)',
      '| 🔁 still failing | still broken |',
      '#### Fixed (50)',
      '| ✅ fixed | fixed 49 | Cart |',
    ])
      expect(small).toContain(line);
    expect(small.indexOf('#### New failures')).toBeLessThan(small.indexOf('#### Still failing'));
  });

  test('secrets are redacted before escaping, in every part', () => {
    registerSecret('s3cr_et_value');
    const body = commentBody(input([{ ...failed('uses s3cr_et_value'), message: 'token s3cr_et_value leaked' }]));
    expect(body).not.toContain('s3cr');
    expect(body).not.toContain('s3cr&#95;et');
  });
});

describe('which pull request', () => {
  const sha = 'c'.repeat(40);
  test('pr-number wins over the event', () => {
    expect(pullRequestFromEvent(9, 'pull_request', { pull_request: { number: 5 } })).toEqual({
      kind: 'number',
      number: 9,
      from: 'the pr-number input',
    });
  });
  test('pull_request and pull_request_target events', () => {
    expect(pullRequestFromEvent(undefined, 'pull_request', { pull_request: { number: 5 } })).toMatchObject({ kind: 'number', number: 5 });
    expect(pullRequestFromEvent(undefined, 'pull_request_target', { pull_request: { number: 6 } })).toMatchObject({
      kind: 'number',
      number: 6,
    });
  });
  test('an issue_comment event on a pull request', () => {
    expect(pullRequestFromEvent(undefined, 'issue_comment', { issue: { number: 7, pull_request: { url: 'u' } } })).toMatchObject({
      number: 7,
    });
    expect(pullRequestFromEvent(undefined, 'issue_comment', { issue: { number: 7 } }).kind).toBe('none');
  });
  test('workflow_run: the listed pull request whose head is the run head, else a lookup by SHA', () => {
    const run = (prs: unknown[], extra = {}) => ({ workflow_run: { head_sha: sha, head_branch: 'b', pull_requests: prs, ...extra } });
    expect(
      pullRequestFromEvent(
        undefined,
        'workflow_run',
        run([
          { number: 1, head: { sha: 'd'.repeat(40) } },
          { number: 2, head: { sha } },
        ]),
      ),
    ).toMatchObject({
      number: 2,
    });
    expect(pullRequestFromEvent(undefined, 'workflow_run', run([{ number: 3 }]))).toMatchObject({ number: 3 });
    expect(
      pullRequestFromEvent(undefined, 'workflow_run', run([], { head_repository: { full_name: 'fork/shop', owner: { login: 'fork' } } })),
    ).toEqual({ kind: 'by-sha', sha, headRepository: 'fork/shop', headOwner: 'fork', headBranch: 'b' });
    expect(pullRequestFromEvent(undefined, 'workflow_run', { workflow_run: { head_sha: '../../etc', pull_requests: [] } }).kind).toBe(
      'none',
    );
  });
  test('anything else is not a pull request, and a broken event is not an error', () => {
    expect(pullRequestFromEvent(undefined, 'push', { ref: 'refs/heads/main' })).toEqual({
      kind: 'none',
      why: 'a push event is not about a pull request, and pr-number is empty',
    });
    expect(pullRequestFromEvent(undefined, 'pull_request', { pull_request: { number: 'five' } }).kind).toBe('none');
    expect(pullRequestFromEvent(undefined, 'push', undefined).kind).toBe('none');
  });
});
