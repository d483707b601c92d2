import { PageGuard } from '../../http/pagination.js';
import type { ProviderHttp } from '../../http/provider-http.js';
import { pollUntilDone } from '../polling.js';
import type { ProviderContext } from '../types.js';
import { PER_PAGE } from './client.js';
import { describeFilters, type LatestFilters, type TestmoRunKind } from './inputs.js';
import { readRunListing, type ListedRun } from './listing.js';
import { automationSourceListSchema, type TestmoAutomationRun, type TestmoRun } from './schemas.js';
import { MAX_EARLIER_RUNS_OF_COMMIT } from '../../analysis/same-commit-flaky.js';

/**
 * How many listing pages one look at `latest` reads. Testmo filters by tags on the server, but
 * whether a run must carry all of them or any is not documented, so rows are checked again here;
 * the newest match is nearly always on the first page.
 */
export const LATEST_MAX_PAGES = 5;

/** A run listing row: what `latest` chooses by. */
interface ListingRow {
  id: number;
  name: string;
  tags: string[];
  created_at?: string | null;
}

/**
 * Whether a run carries every tag asked for (Testmo tags compare case-sensitively). A row without
 * tags carries none: a run is never taken on the server's filter alone.
 */
export function carriesAllTags(run: { tags: string[] }, wanted: readonly string[]): boolean {
  return wanted.every((tag) => run.tags.includes(tag));
}

/** The newest of the rows that match: by created_at, then by id (a later run has a higher id). */
export function newest<R extends ListingRow>(rows: readonly R[]): R | undefined {
  const time = (r: R) => (r.created_at ? Date.parse(r.created_at) : Number.NEGATIVE_INFINITY);
  let best: R | undefined;
  for (const row of rows) {
    if (!best || time(row) > time(best) || (time(row) === time(best) && row.id > best.id)) best = row;
  }
  return best;
}

/**
 * The newest run of the project of that kind matching the filters (milestone, tags, source ids),
 * or undefined: pages through the listing (newest first) until a page has a row carrying every tag.
 * `others`, when given, receives the other rows of the pages read that carry every tag (with
 * `tags` naming a commit: the earlier runs of that commit).
 */
export async function newestMatching<K extends TestmoRunKind>(
  http: ProviderHttp,
  kind: K,
  filters: LatestFilters,
  sourceIds?: readonly number[],
  others?: ListedRun<K>[],
): Promise<ListedRun<K> | undefined> {
  const { tags } = filters;
  let match: ListedRun<K> | undefined;
  const carrying: ListedRun<K>[] = [];
  await readRunListing(
    http,
    kind,
    filters.projectId,
    {
      milestone_id: filters.milestoneId,
      source_id: sourceIds?.length ? sourceIds.join(',') : undefined,
      tags: tags.length ? tags.join(',') : undefined,
    },
    // Without tags the first row is the answer; with tags, rows the server let through may be checked away.
    { perPage: tags.length ? PER_PAGE : 15, maxPages: LATEST_MAX_PAGES },
    (rows) => {
      carrying.push(...rows.filter((r) => carriesAllTags(r, tags)));
      return (match = newest(carrying)) !== undefined;
    },
  );
  if (others && match) others.push(...carrying.filter((r) => r.id !== match!.id));
  return match;
}

/**
 * Whether a tag names a commit (a SHA, full or abbreviated to at least 7 characters): only then
 * are the other runs carrying the tags runs of the same commit. A tag like `main` or `nightly`
 * is carried by runs of many commits.
 */
export function isCommitTag(tag: string): boolean {
  return /^[0-9a-f]{7,40}$/i.test(tag);
}

/**
 * The earlier runs of the same commit: with `tags`, the other runs carrying all of them, created
 * before the newest (or, at the same time, with a lower id), newest first, at most `max`.
 * Automation runs still running are left out: their tests are not all in.
 */
export function earlierOfCommit<R extends ListingRow>(newestRun: R, others: readonly R[], kind: TestmoRunKind, max: number): R[] {
  const time = (r: R) => (r.created_at ? Date.parse(r.created_at) : Number.NEGATIVE_INFINITY);
  const before = others.filter(
    (r) =>
      (time(r) < time(newestRun) || (time(r) === time(newestRun) && r.id < newestRun.id)) &&
      (kind === 'run' || isAutomationRunCompleted(r as { is_completed?: boolean | null; status?: number | null })),
  );
  before.sort((a, b) => time(b) - time(a) || b.id - a.id);
  return before.slice(0, max);
}

/** The ids of the project's automation sources with that name (exact; else the same ignoring case). */
export async function resolveSourceIds(http: ProviderHttp, projectId: number, name: string): Promise<number[]> {
  const path = `/api/v1/projects/${projectId}/automation/sources`;
  const guard = new PageGuard('Testmo', path);
  const all: { id: number; name: string }[] = [];
  for (let page = 1; ; page++) {
    const answer = await http.json({ path, query: { page, per_page: PER_PAGE } }, automationSourceListSchema);
    guard.visit(answer.page ?? page);
    all.push(...answer.result);
    if (!answer.next_page) break;
  }
  const exact = all.filter((s) => s.name === name);
  const matches = exact.length ? exact : all.filter((s) => s.name.trim().toLowerCase() === name.trim().toLowerCase());
  return matches.map((s) => s.id);
}

/** Whether an automation run is done: `is_completed`, or where it is missing, a status other than running (4). */
export function isAutomationRunCompleted(run: { is_completed?: boolean | null; status?: number | null }): boolean {
  return run.is_completed ?? run.status !== 4;
}

type Found<R> = { run?: R; missing?: string };

/**
 * The newest run matching the filters, waiting (every poll-interval, up to wait-timeout) while
 * none matches yet or, for automation runs, while the newest match is not completed. At
 * wait-timeout: no verdict, naming the filters it waited on.
 */
export async function findLatest(
  ctx: Pick<ProviderContext<unknown>, 'request' | 'log' | 'deadline' | 'sleep'>,
  http: ProviderHttp,
  kind: TestmoRunKind,
  filters: LatestFilters,
): Promise<{ id: number; name: string; earlierOfCommit: (TestmoRun | TestmoAutomationRun)[] }> {
  const noun = kind === 'run' ? 'test run' : 'automation run';
  const what = `The newest Testmo ${noun} of project ${filters.projectId} with ${describeFilters(filters)}`;
  let sourceIds: number[] | undefined;

  // With a commit's SHA among the tags, the other runs carrying them are re-runs of that commit.
  let others: (TestmoRun | TestmoAutomationRun)[] = [];
  const look = async (): Promise<Found<TestmoRun | TestmoAutomationRun>> => {
    others = [];
    const collect = filters.tags.some(isCommitTag) ? others : undefined;
    if (kind === 'run')
      return {
        run: await newestMatching(http, 'run', filters, undefined, collect as TestmoRun[]),
        missing: 'missing (no test run matches yet)',
      };
    if (filters.source && !sourceIds?.length) {
      // A source appears with its first run: until then nothing can match.
      sourceIds = await resolveSourceIds(http, filters.projectId, filters.source);
      if (!sourceIds.length)
        return { missing: `missing (project ${filters.projectId} has no automation source named "${filters.source}" yet)` };
    }
    return {
      run: await newestMatching(http, 'automation-run', filters, sourceIds, collect as TestmoAutomationRun[]),
      missing: 'missing (no automation run matches yet)',
    };
  };

  const found = await pollUntilDone(
    ctx,
    what,
    look,
    (f) => f.run !== undefined && (kind === 'run' || isAutomationRunCompleted(f.run as TestmoAutomationRun)),
    (f) => (f.run ? `running (automation run ${f.run.id} "${f.run.name}" is not completed)` : f.missing!),
  );
  const run = found.run!;
  ctx.log.info(`Testmo: ${noun} ${run.id} "${run.name}" is the newest with ${describeFilters(filters)}.`);
  return { id: run.id, name: run.name, earlierOfCommit: earlierOfCommit(run, others, kind, MAX_EARLIER_RUNS_OF_COMMIT) };
}
