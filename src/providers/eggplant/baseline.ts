import { z } from 'zod';
import { passRateOf } from '../../baseline/compare.js';
import { mediansByMetric } from '../../budgets/judge.js';
import { gatherBaseline } from '../../baseline/gather.js';
import type { BaselineRequest, BaselineRun, BaselineRuns } from '../../baseline/types.js';
import { NoVerdictError } from '../../errors.js';
import type { ProviderHttp } from '../../http/provider-http.js';
import type { ProviderReport, TestResult } from '../../report.js';
import { runHttp, sharedByReport } from '../shared.js';
import type { Log, ProviderContext } from '../types.js';
import { jobNumber, type EggplantInputs } from './inputs.js';
import { readTestRuns, toTest } from './index.js';
import { eggplantMetrics } from './metrics.js';
import { jobSchema } from './schemas.js';

/** What fetchReport shares: the job it read. */
export const EGGPLANT_CURRENT_JOB = 'eggplant:current-job';
type EggplantJob = z.infer<typeof jobSchema>['results'];

const jobListSchema = z.object({ results: z.array(jobSchema.shape.results) });

/**
 * Eggplant: the newest completed job of the same job template started before the current one
 * (`GET /pa/v1/jobs?jobTemplate=…`, sorted by startedAt here, as the order is not documented),
 * or the job given by id. Tests match by page URL and browser.
 */
export async function readEggplantBaseline(
  ctx: ProviderContext<EggplantInputs>,
  current: Promise<ProviderReport>,
  request: BaselineRequest,
): Promise<BaselineRuns> {
  const shared = await sharedByReport<{ id: string; job: EggplantJob }>(ctx, EGGPLANT_CURRENT_JOB, current);
  if (!shared) return { history: [], none: 'No baseline: Eggplant did not say which job was read.' };
  const http = runHttp(ctx);
  const { baseline } = request;
  const template = shared.job.jobTemplateUri ?? (ctx.inputs.start ? ctx.inputs.jobTemplate : undefined);
  return gatherBaseline<[string, EggplantJob]>(request, {
    provider: 'Eggplant',
    noun: 'job',
    idOf: ([id]) => id,
    explicit: baseline.kind === 'id' ? () => readJobById(http, baseline.id) : undefined,
    earlier: async (wanted) => (template ? earlierJobs(http, template, shared.id, shared.job, wanted) : []),
    read: ([id, job]) => readJob(ctx.log, http, id, job),
    none: template
      ? `No baseline: job template ${template} has no completed job started before job ${shared.id}.`
      : `No baseline: job ${shared.id} names no job template.`,
  });
}

async function readJobById(http: ProviderHttp, wanted: string): Promise<[string, EggplantJob]> {
  const id = jobNumber(wanted);
  if (!id) throw new NoVerdictError(`Eggplant: baseline must be a job id (123 or jobs/123), got '${wanted}'.`);
  const job = (await http.json({ path: `/pa/v1/jobs/${id}` }, jobSchema)).results;
  if (job.status !== 'completed') throw new NoVerdictError(`Eggplant: baseline job ${id} is ${job.status}, not completed.`);
  return [id, job];
}

/** Completed jobs of the template started before the current one, newest first. */
async function earlierJobs(
  http: ProviderHttp,
  template: string,
  currentId: string,
  currentJob: EggplantJob,
  wanted: number,
): Promise<[string, EggplantJob][]> {
  const answer = await http.json({ path: '/pa/v1/jobs', query: { jobTemplate: template } }, jobListSchema);
  const startedBefore = currentJob.startedAt ? Date.parse(currentJob.startedAt) : Number.POSITIVE_INFINITY;
  return answer.results
    .map((job): [string | undefined, EggplantJob] => [job.sref ? jobNumber(job.sref) : undefined, job])
    .filter(
      (entry): entry is [string, EggplantJob] =>
        entry[0] !== undefined &&
        entry[0] !== currentId &&
        entry[1].status === 'completed' &&
        !!entry[1].startedAt &&
        Date.parse(entry[1].startedAt) < startedBefore,
    )
    .sort((a, b) => Date.parse(b[1].startedAt!) - Date.parse(a[1].startedAt!))
    .slice(0, wanted);
}

async function readJob(log: Log, http: ProviderHttp, id: string, job: EggplantJob): Promise<BaselineRun> {
  const tests: BaselineRun['tests'] = new Map();
  const measured: TestResult[] = [];
  for (const run of await readTestRuns(log, http, id)) {
    const test = toTest(run);
    tests.set(test.key!, { status: test.status, name: test.name });
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
