import { describe, expect, test } from '@jest/globals';
import { pullRequestEvent, unnarrowedBaselineCaution, type BaselineNarrowing } from '../../src/analysis/pull-request-baseline.js';

const testmo: BaselineNarrowing = { provider: 'testmo', failOn: 'new-failures', baseline: { kind: 'previous' }, baselineTags: [] };

describe('pull-request baseline caution', () => {
  test('the pull-request and merge-queue events, and a workflow_run from a pull request', () => {
    expect(pullRequestEvent('pull_request', {})).toBe('pull_request');
    expect(pullRequestEvent('pull_request_target', {})).toBe('pull_request_target');
    expect(pullRequestEvent('merge_group', {})).toBe('merge_group');
    expect(pullRequestEvent('workflow_run', { workflow_run: { event: 'pull_request', pull_requests: [] } })).toBe(
      'workflow_run (from a pull request)',
    );
    expect(pullRequestEvent('workflow_run', { workflow_run: { event: 'push', pull_requests: [{ number: 5 }] } })).toBe(
      'workflow_run (from a pull request)',
    );
    expect(pullRequestEvent('workflow_run', { workflow_run: { event: 'push', pull_requests: [] } })).toBeUndefined();
    expect(pullRequestEvent('workflow_run', undefined)).toBeUndefined();
    expect(pullRequestEvent('push', {})).toBeUndefined();
    expect(pullRequestEvent('schedule', {})).toBeUndefined();
  });

  test('Testmo with previous and no baseline-tags on a pull request: says why, and names baseline-tags', () => {
    const caution = unnarrowedBaselineCaution('pull_request', {}, testmo);
    expect(caution).toBe(
      'fail-on: new-failures with baseline: previous on a pull_request event: the baseline is the newest earlier run, ' +
        "usually this pull request's own earlier push, so a failure it introduced counts as still failing and passes the gate on the next push. " +
        "Set baseline-tags to the tag the default branch's CI gives its runs (baseline-tags: main), so that only the base branch’s runs can be the baseline.",
    );
  });

  test('the fix named per provider', () => {
    expect(unnarrowedBaselineCaution('pull_request', {}, { ...testmo, provider: 'tesults' })).toContain(
      'Name builds by commit and set baseline: ${{ github.event.pull_request.base.sha }}',
    );
    expect(unnarrowedBaselineCaution('merge_group', {}, { ...testmo, provider: 'tesults' })).toContain(
      'baseline: ${{ github.event.merge_group.base_sha }}',
    );
    expect(unnarrowedBaselineCaution('pull_request', {}, { ...testmo, provider: 'eggplant' })).toContain(
      'Set baseline to the id of a run of the base branch, or baseline: none',
    );
  });

  test('nothing to say when the baseline is narrowed, not previous, the rule counts every failure, or no pull request', () => {
    expect(unnarrowedBaselineCaution('pull_request', {}, { ...testmo, baselineTags: ['main'] })).toBeUndefined();
    expect(
      unnarrowedBaselineCaution('pull_request', {}, { ...testmo, provider: 'tesults', baseline: { kind: 'id', id: 'a'.repeat(40) } }),
    ).toBeUndefined();
    expect(unnarrowedBaselineCaution('pull_request', {}, { ...testmo, baseline: { kind: 'none' } })).toBeUndefined();
    expect(unnarrowedBaselineCaution('pull_request', {}, { ...testmo, failOn: 'failures' })).toBeUndefined();
    expect(unnarrowedBaselineCaution('push', {}, testmo)).toBeUndefined();
    // baseline-tags narrows Testmo only: another provider given tags (refused at input time) is not narrowed.
    expect(unnarrowedBaselineCaution('pull_request', {}, { ...testmo, provider: 'eggplant', baselineTags: ['main'] })).toBeDefined();
  });
});
