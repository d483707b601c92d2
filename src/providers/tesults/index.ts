import type { BaselineRun } from '../../baseline/types.js';
import type { ProviderHttp } from '../../http/provider-http.js';
import { reportFromTests, type ProviderReport } from '../../report.js';
import { Fact } from '../fact.js';
import { pollUntilDone } from '../polling.js';
import { defineProvider, type ProviderContext } from '../types.js';
import { readBuildRuns, readLatestRun, resolveTarget, type Target } from './api.js';
import { readTesultsBaseline, reRunsOfBuild } from './baseline.js';
import { isBuildCase, mergeRuns } from './cases.js';
import { tesultsInputs, type TesultsInputs } from './inputs.js';
import { errorBodySchema, type TesultsRun } from './schemas.js';

/** Tesults: the latest build of a target (or a named build), every run of it, and the build before it. */
export const tesults = defineProvider({
  label: 'Tesults',
  defaultBaseUrl: 'https://www.tesults.com',
  inputs: tesultsInputs,
  describeScope: (inputs) => `target ${inputs.target}`,
  credential: (inputs) => ({
    empty: !inputs.apiKey,
    input: 'api-key',
    hint: "for tesults, an API token from the project's configuration",
  }),
  describeTarget: (inputs) => `target ${inputs.target}${inputs.build ? ` build ${inputs.build}` : ''}`,

  open(ctx) {
    const { inputs } = ctx;
    const http = ctx.http({
      headers: { authorization: `Bearer ${inputs.apiKey}` },
      hints: {
        auth: "that api-key is a Tesults API token (from the project's configuration, not a target's upload token).",
        notFound: inputs.build
          ? `that target '${inputs.target}' and build '${inputs.build}' exist.`
          : `that target '${inputs.target}' exists.`,
      },
      errorMessage: (body) => errorBodySchema.safeParse(body).data?.error.message,
    });
    const target = new Fact<Target>();
    const reRuns = new Fact<BaselineRun[]>();
    return {
      report() {
        const reading = readReport(ctx, http, target, reRuns);
        target.endWith(reading);
        reRuns.endWith(reading);
        return reading;
      },
      baseline: () => readTesultsBaseline(ctx, http, target.known),
      // Every upload of the build is read with it: the re-runs among them cost no request.
      earlierRunsOfCommit: async () => ({ runs: (await reRuns.known) ?? [] }),
    };
  },
});

async function readReport(
  ctx: ProviderContext<TesultsInputs>,
  http: ProviderHttp,
  known: Fact<Target>,
  reRuns: Fact<BaselineRun[]>,
): Promise<ProviderReport> {
  const { inputs } = ctx;
  const target = await resolveTarget(http, inputs.target);
  known.set(target);
  let build = inputs.build || undefined;
  let runs: TesultsRun[];
  if (build) {
    const wanted = build;
    const shards = inputs.shards ?? 1;
    // CI may upload after this step starts: wait for the build's first run, or for every
    // shard (`shards`), so that a build is never judged on part of its uploads (wait-timeout).
    runs = await pollUntilDone(
      ctx,
      `Tesults build '${wanted}' of target "${target.name}"`,
      () => readBuildRuns(http, target.id, wanted),
      (found) => found.length >= shards,
      (found) =>
        found.length === 0
          ? `missing (no run of it uploaded yet; check the build name${shards > 1 ? `; shards is ${shards}` : ''})`
          : `incomplete (${found.length} of ${shards} shards uploaded; shards is ${shards})`,
    );
  } else {
    const latest = await readLatestRun(http, target.id);
    if (!latest) return reportFromTests({ source: `target "${target.name}" latest run`, notes: [] }, []);
    // The latest build may be sharded over several runs: read them all.
    build = latest.cases.find(isBuildCase)?.name;
    runs = build ? await readBuildRuns(http, target.id, build) : [];
    if (runs.length === 0) runs = [latest];
  }

  const { tests, notes } = mergeRuns(runs);
  reRuns.set(reRunsOfBuild(build, runs));
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
}
