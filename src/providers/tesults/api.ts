import { NoVerdictError } from '../../errors.js';
import { MAX_PAGES, PageGuard } from '../../http/pagination.js';
import type { ProviderHttp } from '../../http/provider-http.js';
import { resultsSchema, targetsSchema, type TesultsRun } from './schemas.js';

/** How many target names an "unknown target" error lists. */
const NAMES_SHOWN = 20;
/** Runs asked for per page when reading every run of a build. */
const RUNS_PER_BUILD_PAGE = 20;

export interface Target {
  id: string;
  name: string;
}

/**
 * The one reader of `/api/results`: pages of a target's runs (newest first; of one build with
 * `build`), `limit` runs a page, each handed to `onPage` until it answers true (enough), the
 * cursor ends, or `maxPages` pages were read. `notFound`: what a 404 asks to check, when not the
 * client's own hint (a baseline build).
 */
export async function readResults(
  http: ProviderHttp,
  query: { target: string; build?: string },
  paging: { limit: number; maxPages?: number },
  onPage: (runs: TesultsRun[]) => boolean,
  notFound?: string,
): Promise<void> {
  const guard = new PageGuard('Tesults', 'GET /api/results');
  let cursor: string | undefined;
  for (let page = 0; page < (paging.maxPages ?? MAX_PAGES); page++) {
    const answer = await http.json({ path: '/api/results', query: { ...query, limit: paging.limit, cursor }, notFound }, resultsSchema);
    const runs = answer.data.results.runs;
    const next = answer.data.cursor ?? undefined;
    if (onPage(runs) || !next || runs.length === 0) return;
    guard.visit(next);
    cursor = next;
  }
}

/** Every run of a build, newest first (a build sharded over several uploads is several runs). */
export async function readBuildRuns(http: ProviderHttp, targetId: string, build: string, notFound?: string): Promise<TesultsRun[]> {
  const runs: TesultsRun[] = [];
  await readResults(
    http,
    { target: targetId, build },
    { limit: RUNS_PER_BUILD_PAGE },
    (page) => {
      runs.push(...page);
      return false;
    },
    notFound,
  );
  return runs;
}

/** The target's newest run, or undefined when it has none. */
export async function readLatestRun(http: ProviderHttp, targetId: string): Promise<TesultsRun | undefined> {
  let latest: TesultsRun | undefined;
  await readResults(http, { target: targetId }, { limit: 1, maxPages: 1 }, (runs) => {
    latest = runs[0];
    return true;
  });
  return latest;
}

/** A target by id or by name, through `/api/targets` and every page of its cursor. */
export async function resolveTarget(http: ProviderHttp, wanted: string): Promise<Target> {
  const guard = new PageGuard('Tesults', 'GET /api/targets');
  const all: Target[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await http.json({ path: '/api/targets', query: { limit: 100, cursor }, noId: true }, targetsSchema);
    for (const t of page.data.targets) {
      if (t.id === wanted) return t;
      all.push(t);
    }
    const next = page.data.cursor ?? undefined;
    if (!next) break;
    guard.visit(next);
    cursor = next;
  }
  const byName = all.find((t) => t.name === wanted) ?? all.find((t) => t.name.toLowerCase() === wanted.toLowerCase());
  if (byName) return byName;
  const names = all
    .slice(0, NAMES_SHOWN)
    .map((t) => `"${t.name}"`)
    .join(', ');
  const more = all.length > NAMES_SHOWN ? ` and ${all.length - NAMES_SHOWN} more` : '';
  throw new NoVerdictError(
    `Tesults has no target with the id or name '${wanted}'. ${all.length ? `Targets this token can read: ${names}${more}.` : 'This token can read no targets.'} Check the target input.`,
  );
}
