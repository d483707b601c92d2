import { PageGuard, readPages } from '../../http/pagination.js';
import type { ProviderHttp } from '../../http/provider-http.js';
import { PER_PAGE, TESTMO_CONCURRENCY } from './client.js';
import { DEFAULT_STATUSES, type LatestResults } from './results.js';
import { resultPageSchema, runSchema, type TestmoResultPage, type TestmoRun, type TestmoStatus } from './schemas.js';

/** Reading a Testmo test run: the run itself and its latest results (the current run and its baseline alike). */

export interface TestRunRead {
  run: TestmoRun;
  statuses: Map<number, TestmoStatus>;
  /** The answer had no statuses expand: mapped by Testmo's default ids. */
  defaultStatuses: boolean;
}

/**
 * The run, with the statuses its results are mapped through; `notFound` says what a 404 asks to
 * check when it is not the run the inputs name (a baseline).
 */
export async function readRun(http: ProviderHttp, runId: number | string, notFound?: string): Promise<TestRunRead> {
  const answer = await http.json({ path: `/api/v1/runs/${runId}`, query: { expands: 'statuses' }, notFound }, runSchema);
  const given = answer.expands?.statuses;
  const statuses = given?.length ? given : DEFAULT_STATUSES;
  return { run: answer.result, statuses: new Map(statuses.map((s) => [s.id, s])), defaultStatuses: !given?.length };
}

/** One page of the run's latest results; with `statusIds`, only results of those statuses (Testmo filters them server-side). */
export function requestResultsPage(http: ProviderHttp, runId: string, page: number, statusIds?: number[]): Promise<TestmoResultPage> {
  return http.json(
    {
      path: `/api/v1/runs/${runId}/results`,
      query: {
        page,
        per_page: PER_PAGE,
        get_latest_result: 1,
        status_id: statusIds?.join(','),
        // Oldest first: results added while we read land on later pages instead of shifting earlier ones.
        sort: 'run_results:created_at',
        order: 'asc',
      },
    },
    resultPageSchema,
  );
}

/**
 * Every page of the run's results into `latest`, which keeps each test's latest result.
 * `firstPage`: page 1 asked for already (with the same `statusIds`), before the run's answer.
 */
export async function readLatestResults(
  http: ProviderHttp,
  runId: string,
  latest: LatestResults,
  { statusIds, firstPage }: { statusIds?: number[]; firstPage?: Promise<TestmoResultPage> } = {},
): Promise<void> {
  const guard = new PageGuard('Testmo', `/api/v1/runs/${runId}/results`);
  const take = (answer: TestmoResultPage, page: number) => {
    guard.visit(answer.page ?? page);
    for (const r of answer.result) latest.add(r);
    return answer.last_page ?? 1;
  };
  const lastPage = take(await (firstPage ?? requestResultsPage(http, runId, 1, statusIds)), 1);
  guard.checkCount(lastPage);
  await readPages(2, lastPage, TESTMO_CONCURRENCY, async (page) => take(await requestResultsPage(http, runId, page, statusIds), page));
}
