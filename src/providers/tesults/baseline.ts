import { passRateOf, testKey } from '../../baseline/compare.js';
import { compactTest } from '../../baseline/compact.js';
import type { BaselineRun, BaselineRuns } from '../../baseline/types.js';
import { NoVerdictError } from '../../errors.js';
import type { ProviderHttp } from '../../http/provider-http.js';
import type { ProviderContext } from '../types.js';
import { readBuildRuns, readResults, type Target } from './api.js';
import { caseToTest, isBuildCase, mergeRuns } from './cases.js';
import type { TesultsInputs } from './inputs.js';
import type { TesultsRun } from './schemas.js';

/** Runs asked for per page while looking back for earlier builds, and how many pages at most. */
const RUNS_PER_PAGE = 10;
const MAX_PAGES = 20;

/**
 * Tesults: the build before the current one in the same target (runs come newest first; a
 * build is every run carrying the same `[build]` case name), or the build named in `baseline`.
 * Tests match by suite and name.
 */
export async function readTesultsBaseline(
  ctx: ProviderContext<TesultsInputs>,
  http: ProviderHttp,
  known: Promise<Target | undefined>,
): Promise<BaselineRuns> {
  const target = await known;
  if (!target) return { history: [], none: 'No baseline: Tesults did not say which target was read.' };
  const request = ctx.baseline;
  const { baseline } = request;
  const wanted = Math.max(baseline.kind === 'previous' ? 1 : 0, request.history);
  const [explicit, earlier] = await Promise.all([
    baseline.kind === 'id' ? readBuild(http, target, baseline.id) : undefined,
    wanted > 0 ? earlierBuilds(http, target.id, ctx.inputs.build || undefined, wanted) : [],
  ]);
  const found = explicit ?? (baseline.kind === 'previous' ? earlier[0] : undefined);
  return {
    baseline: found,
    none: found ? undefined : `No baseline: target "${target.name}" has no build before this one.`,
    history: earlier.slice(0, request.history),
  };
}

/** The build `baseline` names, every run of it. */
async function readBuild(http: ProviderHttp, target: Target, build: string): Promise<BaselineRun> {
  const runs = await readBuildRuns(http, target.id, build, `that baseline build '${build}' exists in target '${target.name}'.`);
  if (runs.length === 0)
    throw new NoVerdictError(`Tesults: baseline build '${build}' has no runs in target "${target.name}". Check the build name.`);
  return compact(build, runs);
}

/** The builds before the current one, newest first, each with every run of it that was seen. */
async function earlierBuilds(
  http: ProviderHttp,
  targetId: string,
  currentBuild: string | undefined,
  wanted: number,
): Promise<BaselineRun[]> {
  const groups = new Map<string, TesultsRun[]>();
  let thisBuild = currentBuild;
  let passedCurrent = false;
  await readResults(http, { target: targetId }, { limit: RUNS_PER_PAGE, maxPages: MAX_PAGES }, (runs) => {
    for (const run of runs) {
      const build = buildName(run);
      // Without a `build` input the current build is the newest run's, as report() read it.
      thisBuild ??= build;
      if (build === thisBuild) {
        passedCurrent = true;
        continue;
      }
      if (!passedCurrent) continue; // newer than the build being read
      if (!groups.has(build)) {
        if (groups.size === wanted) return true;
        groups.set(build, []);
      }
      groups.get(build)!.push(run);
    }
    return false;
  });
  return [...groups].map(([build, runs]) => compact(build, runs));
}

function buildName(run: TesultsRun): string {
  return run.cases.find(isBuildCase)?.name ?? `run ${new Date(run.created_time ?? 0).toISOString()}`;
}

/** A build compact: suite+name → status, mapped as the current run is (rawResult included); the newest result counts. */
function compact(build: string, runs: TesultsRun[]): BaselineRun {
  const tests: BaselineRun['tests'] = new Map();
  for (const test of mergeRuns(runs).tests) tests.set(testKey(test), compactTest(test));
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

/**
 * The uploads of one build that a later upload repeats (a re-run, not another shard: it shares a
 * test with a newer upload), each compact, newest first. Already read with the build: no request.
 */
export function reRunsOfBuild(build: string | undefined, runs: readonly TesultsRun[]): BaselineRun[] {
  // Oldest first, as mergeRuns orders them: a later upload's result is the test's latest.
  const ordered = runs
    .map((run, i) => ({ run, i }))
    .sort((a, b) => (a.run.created_time ?? 0) - (b.run.created_time ?? 0) || b.i - a.i)
    .map((x) => x.run);
  const keysOf = ordered.map((run) => new Set(run.cases.filter((c) => !isBuildCase(c)).map((c) => testKey(caseToTest(c)))));
  const reRuns: BaselineRun[] = [];
  for (let i = ordered.length - 2; i >= 0; i--) {
    const later = keysOf.slice(i + 1);
    if (![...keysOf[i]!].some((key) => later.some((keys) => keys.has(key)))) continue;
    const run = ordered[i]!;
    const tests: BaselineRun['tests'] = new Map();
    for (const c of run.cases) if (!isBuildCase(c)) tests.set(testKey(caseToTest(c)), { status: caseToTest(c).status });
    reRuns.push({
      id: build ?? '',
      label: `upload ${i + 1} of ${ordered.length}${build ? ` of build ${build}` : ''}`,
      url: run.run_url ?? undefined,
      createdAt: run.created_time ?? undefined,
      tests,
      unlisted: 'absent',
    });
  }
  return reRuns;
}
