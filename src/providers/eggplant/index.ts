import { NoVerdictError } from '../../errors.js';
import { reportFromTests, type ProviderReport } from '../../report.js';
import { Fact } from '../fact.js';
import { pollUntilDone } from '../polling.js';
import { defineProvider, type ProviderContext } from '../types.js';
import { newestJob, readJob, readTemplateJobs, readTestRuns, startJob, UNFINISHED } from './api.js';
import { EggplantSession } from './auth.js';
import { readEggplantBaseline, type CurrentJob } from './baseline.js';
import { eggplantInputs, jobNumber, type EggplantInputs } from './inputs.js';
import { eggplantMetrics } from './metrics.js';
import { errorBodySchema, type EggplantJob } from './schemas.js';
import { toTest } from './tests.js';

/** Eggplant Web Performance Analyzer: a job (by id, the newest of a template, or one it starts), its test runs, and the job before it. */
export const eggplant = defineProvider({
  label: 'Eggplant',
  defaultBaseUrl: 'https://api.pa.eggplant.cloud',
  inputs: eggplantInputs,
  metrics: eggplantMetrics,
  describeScope: (inputs) => (inputs.jobTemplate ? `job template ${inputs.jobTemplate}` : `job ${inputs.job}`),
  // Empty only when no secret at all is given: a client-id alone is often a variable, not a secret.
  credential: (inputs) => ({
    empty: !inputs.apiKey && !inputs.clientSecret,
    input: inputs.clientId ? 'client-secret' : 'client-id',
    hint: 'for eggplant, client-id and client-secret, or an access token as api-key',
  }),
  describeTarget: (inputs) =>
    inputs.start ? `a new job from ${inputs.jobTemplate}` : inputs.latest ? `the newest job of ${inputs.jobTemplate}` : `job ${inputs.job}`,

  open(ctx) {
    const { inputs } = ctx;
    const http = ctx.http({
      headers: { realm: inputs.realm },
      hints: {
        auth: inputs.apiKey
          ? 'that api-key is a valid, unexpired Eggplant access token and that realm is your account realm.'
          : 'client-id and client-secret (an API client of your Eggplant account) and that realm is your account realm.',
        notFound:
          inputs.start || inputs.latest
            ? `that job template ${inputs.jobTemplate} exists in realm ${inputs.realm}.`
            : `that job ${inputs.job} exists in realm ${inputs.realm}.`,
      },
      errorMessage,
    });
    // One session for the run: the baseline's reads renew the token as the job's do.
    const api = new EggplantSession(http, ctx.log, inputs);
    const signedIn = api.signIn();
    signedIn.catch(() => undefined);
    const current = new Fact<CurrentJob>();
    return {
      report() {
        const reading = signedIn.then(() => readReport(ctx, api, current));
        current.endWith(reading);
        return reading;
      },
      baseline: () => readEggplantBaseline(ctx, api, current.known),
    };
  },
});

function errorMessage(body: unknown): string | undefined {
  const e = errorBodySchema.safeParse(body).data;
  if (!e) return undefined;
  const error = typeof e.error === 'string' ? e.error : e.error?.message;
  return [e.message, error, e.error_description].filter(Boolean).join(': ') || undefined;
}

async function readReport(ctx: ProviderContext<EggplantInputs>, api: EggplantSession, current: Fact<CurrentJob>): Promise<ProviderReport> {
  const { inputs, log } = ctx;
  let id: string;
  let job: EggplantJob;
  if (inputs.latest) {
    ({ id, job } = await waitForNewestJob(ctx, api, inputs.jobTemplate));
  } else {
    id = inputs.start ? await startJob(api, log, inputs.jobTemplate) : inputs.job;
    job = await pollUntilDone(
      ctx,
      `Eggplant job ${id}`,
      () => readJob(api, id),
      (read) => !UNFINISHED.has(read.status),
      (read) => read.status,
    );
  }
  if (job.status !== 'completed') {
    throw new NoVerdictError(
      `Eggplant job ${id}${job.name ? ` "${job.name}"` : ''} ended with status ${job.status}, so it has no results to judge.`,
    );
  }

  current.set({ id, job });
  const runs = await readTestRuns(api, log, id);
  return reportFromTests(
    {
      source: `job ${id}${job.name ? ` "${job.name}"` : ''}`,
      notes: job.url ? [`Site: ${job.url}`] : [],
      startedAt: job.startedAt ? Date.parse(job.startedAt) : undefined,
      runId: String(id),
      createdAt: job.startedAt ? Date.parse(job.startedAt) : undefined,
      finishedAt: job.updatedAt ? Date.parse(job.updatedAt) : undefined,
    },
    runs.map(toTest),
  );
}

/**
 * `job: latest`: the newest job of the template, sorted by `startedAt` here (the listing's order
 * is not documented); a job not started yet counts as newest. While there is none, or the newest
 * is pending or running, poll up to wait-timeout.
 */
async function waitForNewestJob(
  ctx: ProviderContext<EggplantInputs>,
  api: EggplantSession,
  template: string,
): Promise<{ id: string; job: EggplantJob }> {
  const newest = await pollUntilDone(
    ctx,
    `Eggplant: the newest job of job template ${template}`,
    async () => newestJob(await readTemplateJobs(api, ctx.log, template)),
    (job) => job !== undefined && !UNFINISHED.has(job.status),
    (job) => (job ? `${job.status} (${job.sref})` : 'missing: the template has no job yet'),
  );
  const id = jobNumber(newest!.sref)!;
  ctx.log.info(`Eggplant: the newest job of ${template} is ${newest!.sref}${newest!.startedAt ? `, started ${newest!.startedAt}` : ''}.`);
  return { id, job: newest! };
}
