import { passRateOf } from '../../baseline/compare.js';
import { compactTest } from '../../baseline/compact.js';
import { gatherBaseline } from '../../baseline/gather.js';
import type { BaselineRun, BaselineRuns } from '../../baseline/types.js';
import { mediansByMetric } from '../../budgets/judge.js';
import { NoVerdictError } from '../../errors.js';
import type { TestResult } from '../../report.js';
import type { ProviderContext } from '../types.js';
import { readJob, readTemplateJobs, readTestRuns } from './api.js';
import type { EggplantSession } from './auth.js';
import { jobNumber, type EggplantInputs } from './inputs.js';
import { eggplantMetrics } from './metrics.js';
import type { EggplantJob } from './schemas.js';
import { toTest } from './tests.js';

/** What report() learns that the baseline needs: the job it read. */
export interface CurrentJob {
  id: string;
  job: EggplantJob;
}

/**
 * Eggplant: the newest completed job of the same job template started before the current one
 * (every page of `GET /pa/v1/jobs?jobTemplate=…`, sorted by startedAt here, as the order is not
 * documented), or the job given by id. Tests match by page URL and browser.
 */
export async function readEggplantBaseline(
  ctx: ProviderContext<EggplantInputs>,
  api: EggplantSession,
  known: Promise<CurrentJob | undefined>,
): Promise<BaselineRuns> {
  const current = await known;
  if (!current) return { history: [], none: 'No baseline: Eggplant did not say which job was read.' };
  const request = ctx.baseline;
  const { baseline } = request;
  const template = current.job.jobTemplateUri ?? (ctx.inputs.start || ctx.inputs.latest ? ctx.inputs.jobTemplate : undefined);
  return gatherBaseline<CurrentJob>(request, {
    provider: 'Eggplant',
    noun: 'job',
    idOf: (j) => j.id,
    explicit: baseline.kind === 'id' ? () => readJobById(ctx, api, baseline.id) : undefined,
    earlier: async (wanted) => (template ? earlierJobs(ctx, api, template, current, wanted) : []),
    read: (j) => readBaselineJob(ctx, api, j),
    none: template
      ? `No baseline: job template ${template} has no completed job started before job ${current.id}.`
      : `No baseline: job ${current.id} names no job template.`,
  });
}

async function readJobById(ctx: ProviderContext<EggplantInputs>, api: EggplantSession, wanted: string): Promise<CurrentJob> {
  const id = jobNumber(wanted);
  if (!id) throw new NoVerdictError(`Eggplant: baseline must be a job id (123 or jobs/123), got '${wanted}'.`);
  const job = await readJob(api, id, `that baseline job ${id} exists in realm ${ctx.inputs.realm}.`);
  if (job.status !== 'completed') throw new NoVerdictError(`Eggplant: baseline job ${id} is ${job.status}, not completed.`);
  return { id, job };
}

/** Completed jobs of the template started before the current one, newest first by startedAt. */
async function earlierJobs(
  ctx: ProviderContext<EggplantInputs>,
  api: EggplantSession,
  template: string,
  current: CurrentJob,
  wanted: number,
): Promise<CurrentJob[]> {
  const startedBefore = current.job.startedAt ? Date.parse(current.job.startedAt) : Number.POSITIVE_INFINITY;
  return (await readTemplateJobs(api, ctx.log, template))
    .map((job) => ({ id: jobNumber(job.sref)!, job, startedAt: job.startedAt ? Date.parse(job.startedAt) : Number.NaN }))
    .filter((j) => j.id !== current.id && j.job.status === 'completed' && j.startedAt < startedBefore)
    .sort((a, b) => b.startedAt - a.startedAt)
    .slice(0, wanted)
    .map(({ id, job }) => ({ id, job }));
}

async function readBaselineJob(ctx: ProviderContext<EggplantInputs>, api: EggplantSession, { id, job }: CurrentJob): Promise<BaselineRun> {
  const tests: BaselineRun['tests'] = new Map();
  const measured: TestResult[] = [];
  for (const run of await readTestRuns(api, ctx.log, id)) {
    const test = toTest(run);
    tests.set(test.key!, compactTest(test));
    measured.push(test);
  }
  return {
    id,
    label: `job ${id}`,
    createdAt: job.startedAt ? Date.parse(job.startedAt) : undefined,
    passRate: passRateOf([...tests.values()].map((t) => t.status)),
    tests,
    unlisted: 'absent',
    // From the same values the current job's tests carry, so the two medians compare.
    medians: mediansByMetric(
      measured,
      eggplantMetrics.metrics.map((m) => m.name),
    ),
  };
}
