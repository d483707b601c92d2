import { defineInputs, inputProblem, text } from '../../input-rules.js';

/** Which Testmo run to read: a test run or an automation run, by id or the newest match. */
export type TestmoRunKind = 'run' | 'automation-run';

/** Filters for `latest`; each one given narrows the runs that match. */
export interface LatestFilters {
  projectId: number;
  /** Automation source name (automation runs only). */
  source?: string;
  milestoneId?: number;
  /** The run must carry every one of them. */
  tags: string[];
}

export interface TestmoInputs {
  apiKey: string;
  kind: TestmoRunKind;
  /** The run's id, or undefined for `latest` (then `latest` holds the filters). */
  id?: number;
  latest?: LatestFilters;
}

/** Testmo's CLI allows only these characters in a tag; a commit SHA fits, a branch with `/` does not. */
const TAG = /^[A-Za-z0-9_-]+$/;

function wholeId(input: string, value: string, what: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    inputProblem(input, `must be ${what} (a number)${input === 'run' || input === 'automation-run' ? " or 'latest'" : ''}, got '${value}'`);
  }
  return Number(value);
}

export const testmoInputs = defineInputs(
  { 'api-key': text, run: text, 'automation-run': text, project: text, source: text, milestone: text, tags: text },
  (v): TestmoInputs => {
    if (v.run && v['automation-run']) {
      inputProblem('automation-run', "cannot be given together with 'run': give exactly one (a test run, or an automation run)");
    }
    if (!v.run && !v['automation-run']) {
      inputProblem('run', "or 'automation-run' is required for testmo: the id of the run to read, or 'latest'");
    }
    const kind: TestmoRunKind = v.run ? 'run' : 'automation-run';
    const value = v.run || v['automation-run'];
    const isLatest = value.toLowerCase() === 'latest';
    const what = kind === 'run' ? 'a Testmo test run id' : 'a Testmo automation run id';
    const id = isLatest ? undefined : wholeId(kind, value, what);

    const tags = v.tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    for (const tag of tags) {
      if (!TAG.test(tag)) inputProblem('tags', `may hold only letters, digits, '_' and '-' (as Testmo tags do), got '${tag}'`);
    }
    const milestoneId = v.milestone ? wholeId('milestone', v.milestone, 'a Testmo milestone id') : undefined;
    const projectId = v.project ? wholeId('project', v.project, 'a Testmo project id') : undefined;

    if (!isLatest) {
      // Filters only choose among runs; with an id they would be silently ignored.
      for (const [name, given] of [
        ['source', v.source],
        ['milestone', v.milestone],
        ['tags', v.tags],
      ] as const) {
        if (given) inputProblem(name, `applies only with ${kind}: latest (it chooses among runs); ${kind} is the id ${id}`);
      }
      return { apiKey: v['api-key'], kind, id };
    }
    if (projectId === undefined)
      inputProblem('project', `is required for testmo with ${kind}: latest: the id of the project whose runs to search`);
    if (v.source && kind === 'run') inputProblem('source', 'applies only to automation runs (automation-run: latest), not to test runs');
    return {
      apiKey: v['api-key'],
      kind,
      latest: { projectId, source: v.source || undefined, milestoneId, tags },
    };
  },
);

/** The filters in words, e.g. `source "backend", milestone 5, tags abc123`: what `latest` waits for. */
export function describeFilters(filters: LatestFilters): string {
  const parts: string[] = [];
  if (filters.source) parts.push(`source "${filters.source}"`);
  if (filters.milestoneId !== undefined) parts.push(`milestone ${filters.milestoneId}`);
  if (filters.tags.length) parts.push(`${filters.tags.length === 1 ? 'tag' : 'tags'} ${filters.tags.join(', ')}`);
  return parts.length ? parts.join(', ') : 'no filters';
}

/** What the inputs ask for, e.g. `automation run 7` or `latest automation run of project 3 (tag abc)`. */
export function describeTestmoTarget(inputs: TestmoInputs): string {
  const noun = inputs.kind === 'run' ? 'run' : 'automation run';
  if (inputs.id !== undefined) return `${noun} ${inputs.id}`;
  const filters = inputs.latest!;
  return `latest ${noun} of project ${filters.projectId} (${describeFilters(filters)})`;
}
