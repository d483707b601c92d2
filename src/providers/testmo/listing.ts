import { PageGuard } from '../../http/pagination.js';
import type { ProviderHttp } from '../../http/provider-http.js';
import type { TestmoRunKind } from './inputs.js';
import { automationRunListSchema, runListSchema, type TestmoAutomationRun, type TestmoRun } from './schemas.js';

/** A row of the project's listing of runs of that kind. */
export type ListedRun<K extends TestmoRunKind> = K extends 'run' ? TestmoRun : TestmoAutomationRun;

const LISTINGS = {
  run: { path: (projectId: number) => `/api/v1/projects/${projectId}/runs`, sort: 'runs:created_at', schema: runListSchema },
  'automation-run': {
    path: (projectId: number) => `/api/v1/projects/${projectId}/automation/runs`,
    sort: 'automation_runs:created_at',
    schema: automationRunListSchema,
  },
} as const;

export interface ListingQuery {
  milestone_id?: number;
  config_id?: number;
  /** Comma-separated ids. */
  source_id?: string;
  /** Comma-separated tags. */
  tags?: string;
  /** ISO 8601: only runs created before. */
  created_before?: string;
}

/**
 * The one reader of a project's run listings (`latest` and the baseline alike): pages newest
 * first, Testmo's own filters applied, each page handed to `onPage` until it answers true (enough)
 * or the listing ends, at most `maxPages` pages.
 */
export async function readRunListing<K extends TestmoRunKind>(
  http: ProviderHttp,
  kind: K,
  projectId: number,
  query: ListingQuery,
  paging: { perPage: number; maxPages: number },
  onPage: (rows: ListedRun<K>[]) => boolean,
): Promise<void> {
  const listing = LISTINGS[kind];
  const path = listing.path(projectId);
  const guard = new PageGuard('Testmo', path);
  for (let page = 1, pages = 0; pages < paging.maxPages; pages++) {
    const answer = await http.json(
      { path, query: { sort: listing.sort, order: 'desc', ...query, page, per_page: paging.perPage } },
      listing.schema,
    );
    guard.visit(answer.page ?? page);
    if (onPage(answer.result as ListedRun<K>[]) || !answer.next_page) return;
    page = answer.next_page;
  }
}
