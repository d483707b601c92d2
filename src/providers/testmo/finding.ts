import { PageGuard } from '../../http/pagination.js';
import type { ProviderHttp } from '../../http/provider-http.js';
import { pollUntilDone } from '../polling.js';
import type { ProviderContext } from '../types.js';
import { PER_PAGE } from './client.js';
import { describeFilters, type LatestFilters, type TestmoRunKind } from './inputs.js';
import {
  automationRunListSchema,
  automationSourceListSchema,
  runListSchema,
  type TestmoAutomationRun,
  type TestmoRunRow,
} from './schemas.js';

/**
 * How many listing pages one look at `latest` reads. Testmo filters by tags on the server, but
 * whether a run must carry all of them or any is not documented, so rows are checked again here;
 * the newest match is nearly always on the first page.
 */
export const LATEST_MAX_PAGES = 5;

/** A run listing row: what `latest` chooses by. */
interface ListedRun {
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
export function newest<R extends ListedRun>(rows: readonly R[]): R | undefined {
  const time = (r: R) => (r.created_at ? Date.parse(r.created_at) : Number.NEGATIVE_INFINITY);
  let best: R | undefined;
  for (const row of rows) {
    if (!best || time(row) > time(best) || (time(row) === time(best) && row.id > best.id)) best = row;
  }
  return best;
}

/** Pages through a listing (newest first) until a page has a row carrying every tag. */
async function newestListed<R extends ListedRun>(
  path: string,
  query: Record<string, string | number | undefined>,
  tags: readonly string[],
  readPage: (query: Record<string, string | number | undefined>) => Promise<{ result: R[]; next_page: number | null; page: number | null }>,
): Promise<R | undefined> {
  const guard = new PageGuard('Testmo', path);
  // Without tags the first row is the answer; with tags, rows the server let through may be checked away.
  const perPage = tags.length ? PER_PAGE : 15;
  for (let page = 1; page <= LATEST_MAX_PAGES; page++) {
    const answer = await readPage({ ...query, page, per_page: perPage });
    guard.visit(answer.page ?? page);
    const match = newest(answer.result.filter((r) => carriesAllTags(r, tags)));
    if (match) return match;
    if (!answer.next_page) return undefined;
  }
  return undefined;
}

/** Narrower listings, for reading an earlier run (a baseline): Testmo filters these server-side. */
export interface ListingOptions {
  /** ISO 8601 UTC: only runs created before. */
  createdBefore?: string;
  configId?: number;
}

/** The newest test run of the project matching the filters (milestone, tags), or undefined. */
export async function listRuns(
  http: ProviderHttp,
  filters: LatestFilters,
  options: ListingOptions = {},
): Promise<TestmoRunRow | undefined> {
  const path = `/api/v1/projects/${filters.projectId}/runs`;
  const query = {
    sort: 'runs:created_at',
    order: 'desc',
    milestone_id: filters.milestoneId,
    tags: filters.tags.length ? filters.tags.join(',') : undefined,
    created_before: options.createdBefore,
    config_id: options.configId,
  };
  return newestListed(path, query, filters.tags, (q) => http.json({ path, query: q }, runListSchema));
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

/** The newest automation run of the project matching the filters (source ids, milestone, tags), or undefined. */
export async function listAutomationRuns(
  http: ProviderHttp,
  filters: LatestFilters,
  sourceIds?: readonly number[],
  options: ListingOptions = {},
): Promise<TestmoAutomationRun | undefined> {
  const path = `/api/v1/projects/${filters.projectId}/automation/runs`;
  const query = {
    sort: 'automation_runs:created_at',
    order: 'desc',
    milestone_id: filters.milestoneId,
    source_id: sourceIds?.length ? sourceIds.join(',') : undefined,
    tags: filters.tags.length ? filters.tags.join(',') : undefined,
    created_before: options.createdBefore,
    config_id: options.configId,
  };
  return newestListed(path, query, filters.tags, (q) => http.json({ path, query: q }, automationRunListSchema));
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
): Promise<{ id: number; name: string }> {
  const noun = kind === 'run' ? 'test run' : 'automation run';
  const what = `The newest Testmo ${noun} of project ${filters.projectId} with ${describeFilters(filters)}`;
  let sourceIds: number[] | undefined;

  const look = async (): Promise<Found<ListedRun & { is_completed?: boolean | null; status?: number | null }>> => {
    if (kind === 'run') return { run: await listRuns(http, filters), missing: 'missing (no test run matches yet)' };
    if (filters.source && !sourceIds?.length) {
      // A source appears with its first run: until then nothing can match.
      sourceIds = await resolveSourceIds(http, filters.projectId, filters.source);
      if (!sourceIds.length)
        return { missing: `missing (project ${filters.projectId} has no automation source named "${filters.source}" yet)` };
    }
    return { run: await listAutomationRuns(http, filters, sourceIds), missing: 'missing (no automation run matches yet)' };
  };

  const found = await pollUntilDone(
    ctx,
    what,
    look,
    (f) => f.run !== undefined && (kind === 'run' || isAutomationRunCompleted(f.run)),
    (f) => (f.run ? `running (automation run ${f.run.id} "${f.run.name}" is not completed)` : f.missing!),
  );
  const run = found.run!;
  ctx.log.info(`Testmo: ${noun} ${run.id} "${run.name}" is the newest with ${describeFilters(filters)}.`);
  return { id: run.id, name: run.name };
}
