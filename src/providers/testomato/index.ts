import { NoVerdictError } from '../../errors.js';
import { reportFromTests, type ProviderReport, type TestResult } from '../../report.js';
import { pollUntilDone } from '../polling.js';
import { defineProvider } from '../types.js';
import { readStatusBeforeStart, readTestomatoBaseline } from './baseline.js';
import { testomatoInputs } from './inputs.js';
import { responseTimeMs, testomatoMetrics } from './metrics.js';
import { errorBodySchema, jobResultsSchema, projectStatusSchema, startSchema, type TestomatoTestStatus } from './schemas.js';

export const testomato = defineProvider({
  label: 'Testomato',
  defaultBaseUrl: 'https://www.testomato.com',
  inputs: testomatoInputs,
  metrics: testomatoMetrics,
  describeScope: (inputs) => `project ${inputs.project}`,
  describeTarget: (inputs) => `project ${inputs.project}${inputs.job ? ` job ${inputs.job}` : ''}`,
  readBaseline: readTestomatoBaseline,

  async fetchReport(ctx): Promise<ProviderReport> {
    const { inputs } = ctx;
    const baseUrl = ctx.request.baseUrl;
    const project = encodeURIComponent(inputs.project);
    const http = ctx.http({
      // Testomato's documented auth: the key as a query parameter (redacted wherever a URL is shown).
      query: { apikey: inputs.apiKey },
      hints: {
        auth: "that api-key is the API key of this Testomato project (the project's settings show it).",
        notFound: `that project ${inputs.project}${inputs.job ? ` and job ${inputs.job}` : ''} exist on ${baseUrl}.`,
      },
      errorMessage: (body) => errorBodySchema.safeParse(body).data?.message,
    });

    const readStatus = () => http.json({ path: `/api/project/${project}/status` }, projectStatusSchema);
    if (!inputs.job && !inputs.start) {
      const status = await readStatus();
      const tests = status.tests.map((t): TestResult => {
        const result = t.enabled === false ? 'skipped' : isOk(t.status) ? 'passed' : 'failed';
        const ms = responseTimeMs(t.status);
        return {
          name: t.name,
          status: result,
          url: t.url ?? undefined,
          durationMs: ms,
          message: result === 'failed' ? failureMessage(t.status, t.url) : undefined,
          rawStatus: t.enabled === false ? 'disabled' : (t.status?.status ?? undefined),
          // A disabled check is not judged: its timings are from before it was disabled.
          metrics: ms === undefined || t.enabled === false ? undefined : { responseTime: ms },
          key: `test:${t.id}`,
        };
      });
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
        tests,
      );
    }

    let jobId = inputs.job;
    if (inputs.start) {
      await readStatusBeforeStart(ctx, http, project);
      const started = await http.json({ path: `/api/project/${project}/start` }, startSchema);
      if (started.start !== 'ok')
        throw new NoVerdictError(`Testomato did not start project ${inputs.project}: it answered start "${started.start}".`);
      jobId = started.jobId;
      ctx.log.info(`Testomato: started job ${jobId} of project ${inputs.project}.`);
    }
    const job = await pollUntilDone(
      ctx,
      `Testomato job ${jobId}`,
      () => http.json({ path: `/api/project/${project}/job/${encodeURIComponent(jobId)}/results` }, jobResultsSchema),
      // Only `processed: false` is unfinished: older answers of finished jobs have no such field.
      (answer) => answer.processed !== false,
      () => 'running (processed: false)',
    );
    // Job results carry no timings: with budgets, the project status read once the job is done
    // has each check's latest response time, matched by test id.
    const responseTimes = new Map<string, number>();
    if (ctx.budgetedMetrics.includes('responseTime')) {
      for (const t of (await readStatus()).tests) {
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
      const ok = r.status === 'ok' && !r.failures?.length;
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
  },
});

function isOk(status: TestomatoTestStatus | null | undefined): boolean {
  return status?.status === 'ok' && !status.failures?.length;
}

function failureMessage(status: TestomatoTestStatus | null | undefined, url: string | null | undefined): string {
  const failures = status?.failures?.length ? status.failures.join('\n') : `status: ${status?.status ?? 'unknown'}`;
  return url ? `${failures}\nChecked URL: ${url}` : failures;
}
