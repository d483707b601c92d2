import type { BaselineSettings, GateRules } from '../settings.js';

/**
 * On a pull request, `baseline: previous` is the newest earlier run of the same kind: usually the
 * pull request's own earlier push. A failure that push introduced then counts as still failing,
 * and `fail-on: new-failures` passes on the next push. This says so, and names the fix, when
 * nothing narrows the baseline to the base branch. Pure: the event is handed in.
 */

/** What decides whether the baseline can be laundered. */
export interface BaselineNarrowing {
  provider: string;
  failOn: GateRules['failOn'];
  baseline: BaselineSettings['baseline'];
  /** `baseline-tags` (Testmo): only earlier runs carrying all of them can be the baseline. */
  baselineTags: readonly string[];
}

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target', 'merge_group']);

/**
 * The event's name when it runs for a pull request or the merge queue: `pull_request`,
 * `pull_request_target`, `merge_group`, or a `workflow_run` triggered by a pull request.
 */
export function pullRequestEvent(eventName: string, payload: unknown): string | undefined {
  if (PULL_REQUEST_EVENTS.has(eventName)) return eventName;
  if (eventName !== 'workflow_run') return undefined;
  const run = (payload as { workflow_run?: { event?: unknown; pull_requests?: unknown } } | null | undefined)?.workflow_run;
  const fromPullRequest =
    run?.event === 'pull_request' ||
    run?.event === 'pull_request_target' ||
    (Array.isArray(run?.pull_requests) && run.pull_requests.length > 0);
  return fromPullRequest ? 'workflow_run (from a pull request)' : undefined;
}

/** How to narrow the baseline to the base branch, per provider. */
function fixFor(provider: string, event: string): string {
  switch (provider) {
    case 'testmo':
      return (
        "Set baseline-tags to the tag the default branch's CI gives its runs (baseline-tags: main), " +
        'so that only the base branch’s runs can be the baseline.'
      );
    case 'tesults': {
      const base = event === 'merge_group' ? 'github.event.merge_group.base_sha' : 'github.event.pull_request.base.sha';
      return `Name builds by commit and set baseline: \${{ ${base} }}, so that the base commit's build is the baseline.`;
    }
    default:
      return 'Set baseline to the id of a run of the base branch, or baseline: none (then every failure counts as new).';
  }
}

/** The warning, or undefined when the gate cannot be passed by pushing again. */
export function unnarrowedBaselineCaution(eventName: string, payload: unknown, narrowing: BaselineNarrowing): string | undefined {
  if (narrowing.failOn !== 'new-failures' || narrowing.baseline.kind !== 'previous') return undefined;
  if (narrowing.provider === 'testmo' && narrowing.baselineTags.length > 0) return undefined;
  const event = pullRequestEvent(eventName, payload);
  if (!event) return undefined;
  return (
    `fail-on: new-failures with baseline: previous on a ${event} event: the baseline is the newest earlier run, ` +
    "usually this pull request's own earlier push, so a failure it introduced counts as still failing and passes the gate on the next push. " +
    fixFor(narrowing.provider, event)
  );
}
