import { PageGuard, readPages } from '../../http/pagination.js';
import type { ProviderHttp } from '../../http/provider-http.js';
import type { Log } from '../types.js';
import { PER_PAGE, TESTMO_CONCURRENCY } from './client.js';
import { DEFAULT_STATUSES, type LatestResults } from './results.js';
import { resultPageSchema, runSchema, type TestmoStatus } from './schemas.js';

/** Reading a Testmo test run: the run itself and its latest results (the current run and its baseline alike). */

/** The run, with the statuses its results are mapped through. */
export async function readRun(http: ProviderHttp, runId: string, log: Log) {
  const answer = await http.json({ path: `/api/v1/runs/${runId}`, query: { expands: 'statuses' } }, runSchema);
  let statuses: TestmoStatus[] | null | undefined = answer.expands?.statuses;
  if (!statuses?.length) {
    log.warning('Testmo: the run answer had no statuses expand; mapping statuses by Testmo’s default ids.');
    statuses = DEFAULT_STATUSES;
  }
  return { run: answer.result, statuses };
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
