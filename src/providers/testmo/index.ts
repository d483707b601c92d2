import type { ProviderHttp } from '../../http/provider-http.js';
import type { ProviderReport } from '../../report.js';
import { plural } from '../../text.js';
import { pollUntilDone } from '../polling.js';
import { defineProvider, type Log, type ProviderContext } from '../types.js';
import { automationRunReport, readAutomationRun } from './automation.js';
import { shareWithBaseline } from '../shared.js';
import { readTestmoBaseline, TESTMO_CURRENT_AUTOMATION_RUN, TESTMO_CURRENT_RUN } from './baseline.js';
import { readCaseNames } from './case-names.js';
import { testmoHttp } from './client.js';
import { findLatest, isAutomationRunCompleted } from './finding.js';
import { describeTestmoTarget, testmoInputs, type TestmoInputs } from './inputs.js';
import { LatestResults } from './results.js';
import { readLatestResults, readRun } from './test-run.js';

export const testmo = defineProvider({
  label: 'Testmo',
  baseUrlHint: "your instance's address, e.g. https://example.testmo.net",
  inputs: testmoInputs,
  describeScope: (inputs) => (inputs.latest ? `project ${inputs.latest.projectId}` : describeTestmoTarget(inputs)),
  describeTarget: describeTestmoTarget,
  readBaseline: readTestmoBaseline,

  async fetchReport(ctx): Promise<ProviderReport> {
    const { inputs } = ctx;
    const baseUrl = ctx.request.baseUrl;
    const noun = inputs.kind === 'run' ? 'run' : 'automation run';
    const notFound =
      inputs.id !== undefined
        ? `that ${noun} ${inputs.id} exists on ${baseUrl} (the number in the ${noun}’s address).`
        : `that project ${inputs.latest!.projectId} exists on ${baseUrl} (the number in the project’s address).`;
    // One client for every request of this run: one limiter paces them all.
    const http = testmoHttp(ctx, notFound);
    const id = inputs.id ?? (await findLatest(ctx, http, inputs.kind, inputs.latest!)).id;
    return inputs.kind === 'run'
      ? testRunReport(http, id, baseUrl, ctx.log, (current) => shareWithBaseline(ctx, TESTMO_CURRENT_RUN, current))
      : automationReport(ctx, http, id);
  },
});

/** An automation run, once completed (polled up to wait-timeout), with its tests. */
async function automationReport(ctx: ProviderContext<TestmoInputs>, http: ProviderHttp, id: number): Promise<ProviderReport> {
  const read = await pollUntilDone(
    ctx,
    `Testmo automation run ${id}`,
    () => readAutomationRun(http, id),
    (r) => isAutomationRunCompleted(r.run),
    () => 'running (is_completed: false)',
  );
  // Once completed: the baseline reader lists earlier runs of its source while its tests are read.
  shareWithBaseline(ctx, TESTMO_CURRENT_AUTOMATION_RUN, { run: read.run, statuses: read.statuses });
  return automationRunReport(http, read, ctx.request.baseUrl, ctx.log);
}

/** A test run: the latest result of each of its tests, named by the project's cases. */
export async function testRunReport(
  http: ProviderHttp,
  runId: number,
  baseUrl: string,
  log: Log,
  /** Told the run and its statuses as soon as they are known (the baseline reader waits for them). */
  onRun?: (current: Awaited<ReturnType<typeof readRun>>) => void,
): Promise<ProviderReport> {
  const current = await readRun(http, String(runId), log);
  onRun?.(current);
  const { run, statuses } = current;
  const latest = new LatestResults(new Map(statuses.map((s) => [s.id, s])));
  // Cases give the names; read alongside the results, stopping once every name is known.
  let resultsDone = false;
  const [, cases] = await Promise.all([
    readLatestResults(http, String(runId), latest).then(() => (resultsDone = true)),
    readCaseNames(http, run.project_id, (known) =>
      resultsDone ? [...latest.caseIds].some((id) => known.name(id) === undefined) : undefined,
    ),
  ]);

  if (latest.duplicates > 0) {
    log.warning(
      `Testmo: ${plural(latest.duplicates, 'result')} came back twice while paging (the run changed as it was read); each test was counted once.`,
    );
  }
  const missing = [...latest.caseIds].filter((id) => cases.name(id) === undefined).length;
  if (missing > 0) log.info(`Testmo: ${plural(missing, 'case')} not found in project ${run.project_id}; shown as "Case <id>".`);
  log.debug(`Testmo: ${http.requests} requests; ${latest.superseded} older results skipped.`);

  const withoutResult = Math.max(0, run.total_count - latest.testsWithResult);
  const createdAt = run.created_at ? Date.parse(run.created_at) : undefined;
  return {
    source: `run ${run.id} "${run.name}"`,
    reportUrl: `${baseUrl}/runs/view/${run.id}`,
    notes: [],
    runId: String(run.id),
    createdAt,
    startedAt: createdAt,
    finishedAt: run.closed_at ? Date.parse(run.closed_at) : undefined,
    counts: latest.counts(withoutResult),
    needsAttention: latest.needsAttention(cases),
    testsWithoutResult: withoutResult,
    everyTest: () => latest.every(cases),
  };
}
