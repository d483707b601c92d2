import pLimit from 'p-limit';
import { PageGuard } from '../../http/pagination.js';
import type { NormalizedReport } from '../../report.js';
import { plural } from '../../text.js';
import type { Provider, ProviderContext } from '../types.js';
import { DEFAULT_STATUSES, LatestResults, type CaseInfo } from './results.js';
import { casePageSchema, errorBodySchema, resultPageSchema, runSchema, type TestmoStatus } from './schemas.js';

const PER_PAGE = 100;
/** Pages of results and of cases read at once (the HTTP client bounds the total too). */
const PAGE_CONCURRENCY = 8;

export const testmo: Provider = {
  label: 'Testmo',

  checkSettings(settings) {
    if (!settings.baseUrl)
      return { input: 'base-url', message: "is required for testmo: your instance's address, e.g. https://example.testmo.net" };
    if (!settings.apiKey) return { input: 'api-key', message: 'is required for testmo: an API token from your Testmo profile' };
    if (!/^\d+$/.test(settings.run)) {
      return {
        input: 'run',
        message: settings.run
          ? `must be a Testmo run id (a number), got '${settings.run}'`
          : 'is required for testmo: the id of the run to read',
      };
    }
    return undefined;
  },

  async fetchReport(ctx: ProviderContext): Promise<NormalizedReport> {
    const { settings, log } = ctx;
    const runId = settings.run;
    const http = ctx.http({
      headers: { authorization: `Bearer ${settings.apiKey}` },
      hints: {
        auth: 'that api-key is a valid Testmo API token and that its user can see this run’s project.',
        notFound: `that run ${runId} exists on ${settings.baseUrl} (the number in the run’s address).`,
      },
      errorMessage: (body) => {
        const parsed = errorBodySchema.safeParse(body);
        if (!parsed.success) return undefined;
        const fields = Object.entries(parsed.data.errors ?? {}).map(([field, problems]) => `${field}: ${problems.join(', ')}`);
        return [parsed.data.message, ...fields].filter(Boolean).join('; ') || undefined;
      },
      // Testmo: a 429 without Retry-After means waiting at least 60 s.
      rateLimitFallbackMs: 60_000,
    });

    const resultsPath = `/api/v1/runs/${runId}/results`;
    const resultsQuery = (page: number) => ({
      page,
      per_page: PER_PAGE,
      get_latest_result: 1,
      // Oldest first: results added while we read land on later pages instead of shifting earlier ones.
      sort: 'run_results:created_at',
      order: 'asc',
    });
    const readResults = (page: number) => http.json({ path: resultsPath, query: resultsQuery(page) }, resultPageSchema);

    // The run (for its statuses and project) and the first results page, together.
    const [runAnswer, firstResults] = await Promise.all([
      http.json({ path: `/api/v1/runs/${runId}`, query: { expands: 'statuses' } }, runSchema),
      readResults(1),
    ]);
    const run = runAnswer.result;
    let statuses: TestmoStatus[] | null | undefined = runAnswer.expands?.statuses;
    if (!statuses?.length) {
      log.warning('Testmo: the run answer had no statuses expand; mapping statuses by Testmo’s default ids.');
      statuses = DEFAULT_STATUSES;
    }
    const latest = new LatestResults(new Map(statuses.map((s) => [s.id, s])));

    // Cases give the names; read them alongside the results and stop once every name is known.
    const cases = new CaseDirectory();
    // Case ids whose names are still unknown; set once every result page is in.
    let unnamed: Set<number> | undefined;
    const allNamesKnown = () => unnamed !== undefined && unnamed.size === 0;
    const casesPath = `/api/v1/projects/${run.project_id}/cases`;
    const readCases = async (page: number) => {
      const answer = await http.json({ path: casesPath, query: { page, per_page: PER_PAGE, expands: 'folders' } }, casePageSchema);
      for (const folder of answer.expands?.folders ?? []) cases.addFolder(folder.id, folder.name);
      for (const c of answer.result) {
        cases.add(c.id, c.name, c.folder_id);
        unnamed?.delete(c.id);
      }
      return answer.last_page;
    };
    const casesTask = (async () => {
      const lastPage = (await readCases(1)) ?? 1;
      new PageGuard('Testmo', casesPath).checkCount(lastPage);
      const limit = pLimit(PAGE_CONCURRENCY);
      // Each task resolves to nothing: Promise.all would otherwise hold every parsed page until the last.
      await Promise.all(
        range(2, lastPage).map((page) =>
          limit(async () => {
            if (!allNamesKnown()) await readCases(page);
          }),
        ),
      );
    })();

    const resultsTask = (async () => {
      const guard = new PageGuard('Testmo', resultsPath);
      guard.visit(1);
      const lastPage = firstResults.last_page ?? 1;
      guard.checkCount(lastPage);
      for (const r of firstResults.result) latest.add(r);
      const limit = pLimit(PAGE_CONCURRENCY);
      await Promise.all(
        range(2, lastPage).map((page) =>
          limit(async () => {
            const answer = await readResults(page);
            if (answer.page !== null && answer.page !== page) guard.visit(answer.page);
            else guard.visit(page);
            for (const r of answer.result) latest.add(r);
          }),
        ),
      );
      unnamed = new Set([...latest.caseIds].filter((id) => cases.name(id) === undefined));
    })();

    await Promise.all([resultsTask, casesTask]);

    if (latest.duplicates > 0) {
      log.warning(
        `Testmo: ${plural(latest.duplicates, 'result')} came back twice while paging (the run changed as it was read); each test was counted once.`,
      );
    }
    const missing = [...latest.caseIds].filter((id) => cases.name(id) === undefined).length;
    if (missing > 0) log.info(`Testmo: ${plural(missing, 'case')} not found in project ${run.project_id}; shown as "Case <id>".`);
    log.debug(`Testmo: ${http.requests} requests; ${latest.superseded} older results skipped.`);

    const withoutResult = Math.max(0, run.total_count - latest.testsWithResult);
    return {
      provider: 'testmo',
      providerLabel: 'Testmo',
      source: `run ${run.id} "${run.name}"`,
      reportUrl: `${settings.baseUrl}/runs/view/${run.id}`,
      notes: [],
      startedAt: run.created_at ? Date.parse(run.created_at) : undefined,
      finishedAt: run.closed_at ? Date.parse(run.closed_at) : undefined,
      counts: latest.counts(withoutResult),
      needsAttention: latest.needsAttention(cases),
      testsWithoutResult: withoutResult,
      everyTest: () => latest.every(cases),
    };
  },
};

/** Case names and folders, as compact as maps of ids allow. */
class CaseDirectory implements CaseInfo {
  private readonly names = new Map<number, string>();
  private readonly folderOf = new Map<number, number>();
  private readonly folders = new Map<number, string>();

  add(id: number, name: string, folderId: number | null | undefined): void {
    this.names.set(id, name);
    if (folderId) this.folderOf.set(id, folderId);
  }

  addFolder(id: number, name: string): void {
    this.folders.set(id, name);
  }

  name(id: number): string | undefined {
    return this.names.get(id);
  }

  suite(id: number): string | undefined {
    const folder = this.folderOf.get(id);
    return folder === undefined ? undefined : this.folders.get(folder);
  }
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}
