import { NoVerdictError } from '../../errors.js';
import type { ProviderHttp } from '../../http/provider-http.js';
import { reportFromTests, type ProviderReport, type TestResult } from '../../report.js';
import { Fact } from '../fact.js';
import { pollUntilDone } from '../polling.js';
import { defineProvider, type ProviderContext } from '../types.js';
import { isOk, readJobResults, readProjectStatus, startJob, statusTests } from './api.js';
import { readStatusBeforeStart, readTestomatoBaseline, type StatusBeforeStart } from './baseline.js';
import { testomatoInputs, type TestomatoInputs } from './inputs.js';
import { responseTimeMs, testomatoMetrics } from './metrics.js';
import { errorBodySchema } from './schemas.js';

/** Testomato: a project's current status, one job, or a job it starts (with the status just before as its baseline). */
export const testomato = defineProvider({
  label: 'Testomato',
  defaultBaseUrl: 'https://www.testomato.com',
  inputs: testomatoInputs,
  metrics: testomatoMetrics,
  describeScope: (inputs) => `project ${inputs.project}`,
  credential: (inputs) => ({ empty: !inputs.apiKey, input: 'api-key', hint: "for testomato, the project's API key" }),
  describeTarget: (inputs) => `project ${inputs.project}${inputs.job ? ` job ${inputs.job}` : ''}`,

  open(ctx) {
    const { inputs } = ctx;
    const http = ctx.http({
      // Testomato's documented auth: the key as a query parameter (redacted wherever a URL is shown).
      query: { apikey: inputs.apiKey },
      hints: {
        auth: "that api-key is the API key of this Testomato project (the project's settings show it).",
        notFound: inputs.job
          ? `that project ${inputs.project} and job ${inputs.job} exist on ${ctx.request.baseUrl}.`
          : `that project ${inputs.project} exists on ${ctx.request.baseUrl}.`,
      },
      errorMessage: (body) => errorBodySchema.safeParse(body).data?.message,
    });
    const before = new Fact<StatusBeforeStart>();
    return {
      report() {
        const reading = readReport(ctx, http, before);
        before.endWith(reading);
        return reading;
      },
      baseline: () => readTestomatoBaseline(ctx, before.known),
    };
  },
});

async function readReport(
  ctx: ProviderContext<TestomatoInputs>,
  http: ProviderHttp,
  before: Fact<StatusBeforeStart>,
): Promise<ProviderReport> {
  const { inputs } = ctx;
  if (!inputs.job && !inputs.start) {
    const status = await readProjectStatus(http, inputs.project);
    const short = status.project?.shortMsg ?? status.project?.shortMessage;
    return reportFromTests(
      {
        source: `project ${inputs.project} (current status)`,
        notes: status.project?.msg
          ? [
              `Project status: ${status.project.status ?? '?'} — ${status.project.msg}${short !== undefined && short !== null ? ` (${short})` : ''}`,
            ]
          : [],
        finishedAt: status.project?.lastRun ? status.project.lastRun * 1000 : undefined,
        // No run id for the project's status; its last run is when it was made.
        runId: '',
        createdAt: status.project?.lastRun ? status.project.lastRun * 1000 : undefined,
      },
      statusTests(status),
    );
  }

  let jobId = inputs.job;
  if (inputs.start) {
    if (ctx.baseline.baseline.kind === 'previous') before.set(await readStatusBeforeStart(http, inputs.project));
    const started = await startJob(http, inputs.project);
    if (started.start !== 'ok')
      throw new NoVerdictError(`Testomato did not start project ${inputs.project}: it answered start "${started.start}".`);
    jobId = started.jobId;
    ctx.log.info(`Testomato: started job ${jobId} of project ${inputs.project}.`);
  }
  const answer = await pollUntilDone(
    ctx,
    `Testomato job ${jobId}`,
    () => readJobResults(http, inputs.project, jobId),
    // Only `processed: false` is unfinished (older answers of finished jobs have no such field),
    // and a running job may answer without its results yet.
    (read) => read.processed !== false && read.results !== null && read.results !== undefined,
    (read) => (read.processed === false ? 'running (processed: false)' : 'running (no results yet)'),
  );
  const job = { ...answer, results: answer.results ?? [] };
  // Job results carry no timings: with budgets, the project status read once the job is done
  // has each check's latest response time, matched by test id.
  const responseTimes = new Map<string, number>();
  if (ctx.budgetedMetrics.includes('responseTime')) {
    for (const t of (await readProjectStatus(http, inputs.project)).tests) {
      const ms = responseTimeMs(t.status);
      if (ms !== undefined) responseTimes.set(t.id, ms);
    }
  }
  const areaNames = new Map<string, string>();
  for (const area of job.areas ?? []) {
    if (area === null || typeof area === 'string' || !area.name) continue;
    const id = typeof area._id === 'string' ? area._id : area._id?.$id;
    if (id) areaNames.set(id, area.name);
  }
  const tests = job.results.map((r): TestResult => {
    const ok = isOk(r);
    const ms = r.testId ? responseTimes.get(r.testId) : undefined;
    return {
      name: r.testName,
      suite: r.areaId ? areaNames.get(r.areaId) : undefined,
      status: ok ? 'passed' : 'failed',
      durationMs: ms,
      message: ok ? undefined : r.failures?.length ? r.failures.join('\n') : `status: ${r.status ?? 'missing'}`,
      rawStatus: r.status ?? undefined,
      metrics: ms === undefined ? undefined : { responseTime: ms },
      key: r.testId ? `test:${r.testId}` : undefined,
    };
  });
  return reportFromTests(
    {
      source: `project ${inputs.project} job ${jobId}`,
      notes: [],
      startedAt: job.startedAt ? job.startedAt * 1000 : undefined,
      runId: String(jobId),
      createdAt: job.startedAt ? job.startedAt * 1000 : undefined,
      finishedAt:
        job.startedAt && job.duration !== null && job.duration !== undefined
          ? Math.round((job.startedAt + job.duration) * 1000)
          : undefined,
    },
    tests,
  );
}
