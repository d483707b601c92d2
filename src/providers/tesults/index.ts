import { NoVerdictError } from '../../errors.js';
import { PageGuard } from '../../http/pagination.js';
import type { ProviderHttp } from '../../http/provider-http.js';
import { reportFromTests, type ProviderReport } from '../../report.js';
import { pollUntilDone } from '../polling.js';
import { defineProvider } from '../types.js';
import { shareWithBaseline } from '../shared.js';
import { readTesultsBaseline, TESULTS_TARGET } from './baseline.js';
import { isBuildCase, mergeRuns } from './cases.js';
import { tesultsInputs } from './inputs.js';
import { errorBodySchema, resultsSchema, targetsSchema, type TesultsRun } from './schemas.js';

/** How many target names an "unknown target" error lists. */
const NAMES_SHOWN = 20;
/** Runs asked for per page when reading every run of a build. */
const RUNS_PER_PAGE = 20;

export const tesults = defineProvider({
  label: 'Tesults',
  defaultBaseUrl: 'https://www.tesults.com',
  inputs: tesultsInputs,
  describeScope: (inputs) => `target ${inputs.target}`,
  describeTarget: (inputs) => `target ${inputs.target}${inputs.build ? ` build ${inputs.build}` : ''}`,
  readBaseline: readTesultsBaseline,

  async fetchReport(ctx): Promise<ProviderReport> {
    const { inputs } = ctx;
    const http = ctx.http({
      headers: { authorization: `Bearer ${inputs.apiKey}` },
      hints: {
        auth: "that api-key is a Tesults API token (from the project's configuration, not a target's upload token).",
        notFound: `that target '${inputs.target}'${inputs.build ? ` and build '${inputs.build}'` : ''} exist.`,
      },
      errorMessage: (body) => errorBodySchema.safeParse(body).data?.error.message,
    });

    const target = await resolveTarget(http, inputs.target);
    shareWithBaseline(ctx, TESULTS_TARGET, target);
    let build = inputs.build || undefined;
    let runs: TesultsRun[];
    if (build) {
      const wanted = build;
      // CI may upload after this step starts: wait for the build's first run (wait-timeout).
      runs = await pollUntilDone(
        ctx,
        `Tesults build '${wanted}' of target "${target.name}"`,
        () => readBuildRuns(http, target.id, wanted),
        (found) => found.length > 0,
        () => 'missing (no run of it uploaded yet; check the build name)',
      );
    } else {
      const answer = await http.json({ path: '/api/results', query: { target: target.id, limit: 1 } }, resultsSchema);
      const latest = answer.data.results.runs[0];
      if (!latest) return reportFromTests({ source: `target "${target.name}" latest run`, notes: [] }, []);
      // The latest build may be sharded over several runs: read them all.
      build = latest.cases.find(isBuildCase)?.name;
      runs = build ? await readBuildRuns(http, target.id, build) : [];
      if (runs.length === 0) runs = [latest];
    }

    const { tests, notes } = mergeRuns(runs);
    if (runs.length > 1) {
      notes.push(`Read ${runs.length} runs of this build (sharded uploads); a test in more than one counts once, with its latest result.`);
    }
    const times = runs.map((r) => r.created_time).filter((t): t is number => typeof t === 'number');
    const newest = runs.reduce((a, b) => ((b.created_time ?? 0) > (a.created_time ?? 0) ? b : a));
    const what = build ? `${inputs.build ? '' : 'latest '}build ${build}` : 'latest run';
    return reportFromTests(
      {
        source: `target "${target.name}" ${what}${runs.length > 1 ? ` (${runs.length} runs)` : ''}`,
        reportUrl: newest.run_url ?? undefined,
        notes,
        startedAt: times.length ? Math.min(...times) : undefined,
        finishedAt: times.length ? Math.max(...times) : undefined,
        runId: build ?? '',
        createdAt: times.length ? Math.min(...times) : undefined,
      },
      tests,
    );
  },
});

/** Every run of a build, through every page of `/api/results`' cursor; newest first. */
async function readBuildRuns(http: ProviderHttp, targetId: string, build: string): Promise<TesultsRun[]> {
  const guard = new PageGuard('Tesults', 'GET /api/results');
  const runs: TesultsRun[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await http.json({ path: '/api/results', query: { target: targetId, build, limit: RUNS_PER_PAGE, cursor } }, resultsSchema);
    runs.push(...page.data.results.runs);
    const next = page.data.cursor ?? undefined;
    if (!next || page.data.results.runs.length === 0) break;
    guard.visit(next);
    cursor = next;
  }
  return runs;
}

/** A target by id or by name, through `/api/targets` and every page of its cursor. */
async function resolveTarget(http: ProviderHttp, wanted: string): Promise<{ id: string; name: string }> {
  const guard = new PageGuard('Tesults', 'GET /api/targets');
  const all: { id: string; name: string }[] = [];
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
