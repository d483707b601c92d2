import type { z } from 'zod';
import { passRateOf, testKey } from '../../baseline/compare.js';
import type { BaselineRequest, BaselineRun, BaselineRuns } from '../../baseline/types.js';
import { NoVerdictError } from '../../errors.js';
import { PageGuard } from '../../http/pagination.js';
import type { ProviderHttp } from '../../http/provider-http.js';
import type { ProviderReport } from '../../report.js';
import { runHttp, sharedByReport } from '../shared.js';
import { mergeRuns } from './cases.js';
import type { ProviderContext } from '../types.js';
import type { TesultsInputs } from './inputs.js';
import { resultsSchema } from './schemas.js';

/** What fetchReport shares: the target it resolved. */
export const TESULTS_TARGET = 'tesults:target';

type TesultsRun = z.infer<typeof resultsSchema>['data']['results']['runs'][number];

/** Runs asked for per page while looking back for earlier builds, and how many pages at most. */
const RUNS_PER_PAGE = 10;
const MAX_PAGES = 20;
/** A build's runs read by name (a build sharded over several uploads is several runs). */
const RUNS_PER_BUILD = 50;

/**
 * Tesults: the build before the current one in the same target (runs come newest first; a
 * build is every run carrying the same `[build]` case name), or the build named in `baseline`.
 * Tests match by suite and name.
 */
export async function readTesultsBaseline(
  ctx: ProviderContext<TesultsInputs>,
  current: Promise<ProviderReport>,
  request: BaselineRequest,
): Promise<BaselineRuns> {
  const target = await sharedByReport<{ id: string; name: string }>(ctx, TESULTS_TARGET, current);
  if (!target) return { history: [], none: 'No baseline: Tesults did not say which target was read.' };
  const http = runHttp(ctx);
  const { baseline } = request;
  const wanted = Math.max(baseline.kind === 'previous' ? 1 : 0, request.history);
  const [explicit, earlier] = await Promise.all([
    baseline.kind === 'id' ? readBuild(http, target.id, baseline.id) : undefined,
    wanted > 0 ? earlierBuilds(http, target.id, ctx.inputs.build || undefined, wanted, current) : [],
  ]);
  const found = explicit ?? (baseline.kind === 'previous' ? earlier[0] : undefined);
  return {
    baseline: found,
    none: found ? undefined : `No baseline: target "${target.name}" has no build before this one.`,
    history: earlier.slice(0, request.history),
  };
}

async function readBuild(http: ProviderHttp, targetId: string, build: string): Promise<BaselineRun> {
  const answer = await http.json({ path: '/api/results', query: { target: targetId, limit: RUNS_PER_BUILD, build } }, resultsSchema);
  const runs = answer.data.results.runs;
  if (runs.length === 0) throw new NoVerdictError(`Tesults: baseline build '${build}' has no runs in this target. Check the build name.`);
  return compact(build, runs);
}

/** The builds before the current one, newest first, each with every run of it that was seen. */
async function earlierBuilds(
  http: ProviderHttp,
  targetId: string,
  currentBuild: string | undefined,
  wanted: number,
  current: Promise<ProviderReport>,
): Promise<BaselineRun[]> {
  const guard = new PageGuard('Tesults', 'GET /api/results');
  const groups = new Map<string, TesultsRun[]>();
  let thisBuild = currentBuild;
  let passedCurrent = false;
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await http.json({ path: '/api/results', query: { target: targetId, limit: RUNS_PER_PAGE, cursor } }, resultsSchema);
    let complete = false;
    for (const run of answer.data.results.runs) {
      const build = buildName(run);
      // Without a `build` input the current build is the newest run's, as fetchReport read it.
      thisBuild ??= build;
      if (build === thisBuild) {
        passedCurrent = true;
        continue;
      }
      if (!passedCurrent) continue; // newer than the build being read
      if (!groups.has(build)) {
        if (groups.size === wanted) {
          complete = true;
          break;
        }
        groups.set(build, []);
      }
      groups.get(build)!.push(run);
    }
    const next = answer.data.cursor ?? undefined;
    if (complete || !next) break;
    guard.visit(next);
    cursor = next;
  }
  // Only to keep the result tied to the run fetchReport read: its failure ends the baseline too.
  await current;
  return [...groups].map(([build, runs]) => compact(build, runs));
}

function buildName(run: TesultsRun): string {
  return run.cases.find((c) => c.suite === '[build]')?.name ?? `run ${new Date(run.created_time ?? 0).toISOString()}`;
}

/** A build compact: suite+name → status, mapped as the current run is (rawResult included); the newest result counts. */
function compact(build: string, runs: TesultsRun[]): BaselineRun {
  const tests: BaselineRun['tests'] = new Map();
  for (const test of mergeRuns(runs).tests) tests.set(testKey(test), { status: test.status, name: test.name });
  const times = runs.map((r) => r.created_time).filter((t): t is number => typeof t === 'number');
  return {
    id: build,
    label: `build ${build}`,
    url: runs.find((r) => r.run_url)?.run_url ?? undefined,
    createdAt: times.length ? Math.min(...times) : undefined,
    passRate: passRateOf([...tests.values()].map((t) => t.status)),
    tests,
    unlisted: 'absent',
  };
}
