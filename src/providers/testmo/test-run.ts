import { PageGuard, readPages } from '../../http/pagination.js';
import type { ProviderHttp } from '../../http/provider-http.js';
import { PER_PAGE, TESTMO_CONCURRENCY } from './client.js';
import { DEFAULT_STATUSES, type LatestResults } from './results.js';
import { resultPageSchema, runSchema, type TestmoRun, type TestmoStatus } from './schemas.js';

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

/**
 * Every page of the run's results into `latest`, which keeps each test's latest result; with
 * `statusIds`, only results of those statuses (Testmo filters them server-side).
 */
export async function readLatestResults(http: ProviderHttp, runId: string, latest: LatestResults, statusIds?: number[]): Promise<void> {
  const path = `/api/v1/runs/${runId}/results`;
  const guard = new PageGuard('Testmo', path);
  const readPage = async (page: number) => {
    const answer = await http.json(
      {
        path,
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
    guard.visit(answer.page ?? page);
    for (const r of answer.result) latest.add(r);
    return answer.last_page ?? 1;
  };
  const lastPage = await readPage(1);
  guard.checkCount(lastPage);
  await readPages(2, lastPage, TESTMO_CONCURRENCY, readPage);
}
