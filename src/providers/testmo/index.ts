import { ProviderError } from '../../errors.js';
import type { EarlierRunsOfCommit } from '../../baseline/types.js';
import type { ProviderHttp } from '../../http/provider-http.js';
import type { Log } from '../../log.js';
import type { ProviderReport } from '../../report.js';
import { plural } from '../../text.js';
import { Fact } from '../fact.js';
import { pollUntilDone } from '../polling.js';
import { defineProvider, type ProviderContext } from '../types.js';
import { automationRunReport, readAutomationRun } from './automation.js';
import { readAutomationRunTests, readRunTests, readTestmoBaseline, type CurrentRun } from './baseline.js';
import { readCaseNames } from './case-names.js';
import { testmoHttp } from './client.js';
import { findLatest, isAutomationRunCompleted } from './finding.js';
import { describeTestmoTarget, testmoInputs, type TestmoInputs } from './inputs.js';
import { LatestResults } from './results.js';
import { automationRunAnswerSchema, type TestmoAutomationRun, type TestmoRun } from './schemas.js';
import { readLatestResults, readRun, requestResultsPage } from './test-run.js';

/**
 * Testmo: a test run or an automation run, by id or the newest match (`latest`), and its
 * baseline, all through one client, so one limiter paces every request of the run.
 */
export const testmo = defineProvider({
  label: 'Testmo',
  baseUrlHint: "your instance's address, e.g. https://example.testmo.net",
  inputs: testmoInputs,
  describeScope: (inputs) => (inputs.latest ? `project ${inputs.latest.projectId}` : describeTestmoTarget(inputs)),
  describeTarget: describeTestmoTarget,
  credential: (inputs) => ({ empty: !inputs.apiKey, input: 'api-key', hint: 'for testmo, an API token from your Testmo profile' }),

  open(ctx) {
    const http = testmoHttp(ctx, currentNotFound(ctx));
    const current = new Fact<CurrentRun>();
    const sameCommit = new Fact<(TestmoRun | TestmoAutomationRun)[]>();
    return {
      report() {
        const reading = readReport(ctx, http, current, sameCommit);
        current.endWith(reading);
        sameCommit.endWith(reading);
        return reading;
      },
      baseline: () => readTestmoBaseline(ctx, http, current.known),
      earlierRunsOfCommit: () => readEarlierRunsOfCommit(ctx, http, current.known, sameCommit.known),
    };
  },
});

/** The run the inputs name (or the newest match), as a test run or an automation run. */
async function readReport(
  ctx: ProviderContext<TestmoInputs>,
  http: ProviderHttp,
  current: Fact<CurrentRun>,
  sameCommit: Fact<(TestmoRun | TestmoAutomationRun)[]>,
): Promise<ProviderReport> {
  const { inputs } = ctx;
  let id = inputs.id;
  if (id === undefined) {
    const found = await findLatest(ctx, http, inputs.kind, inputs.latest!);
    id = found.id;
    sameCommit.set(found.earlierOfCommit);
  }
  return inputs.kind === 'run' ? testRunReport(ctx, http, id, current) : automationReport(ctx, http, id, current);
}

/**
 * The earlier runs of this commit (`latest` with `tags`: the other runs carrying them), each
 * compact, read in parallel through the run's one client (its limiter paces them with the rest).
 * One that cannot be read is a warning.
 */
async function readEarlierRunsOfCommit(
  ctx: ProviderContext<TestmoInputs>,
  http: ProviderHttp,
  known: Promise<CurrentRun | undefined>,
  listed: Promise<(TestmoRun | TestmoAutomationRun)[] | undefined>,
): Promise<EarlierRunsOfCommit> {
  const runs = (await listed) ?? [];
  if (runs.length === 0) return { runs: [] };
  const current = await known;
  if (!current) return { runs: [] };
  const noun = current.kind === 'run' ? 'run' : 'automation run';
  const read = await Promise.allSettled(
    runs.map((run) =>
      current.kind === 'run'
        ? readRunTests(http, run as TestmoRun, current.statuses, ctx.request.baseUrl, false)
        : readAutomationRunTests(http, run as TestmoAutomationRun, current.statuses, ctx.request.baseUrl),
    ),
  );
  const warnings: string[] = [];
  read.forEach((r, i) => {
    if (r.status === 'rejected') {
      const why = r.reason instanceof Error ? r.reason.message : String(r.reason);
      warnings.push(
        `Testmo: earlier ${noun} ${runs[i]!.id} of this commit could not be read, so flaky (same commit) leaves it out: ${why}`,
      );
    }
  });
  return { runs: read.filter((r) => r.status === 'fulfilled').map((r) => r.value), warnings };
}

/** What a 404 asks to check: the run the inputs name, or for `latest` the project. */
function currentNotFound({ inputs, request }: ProviderContext<TestmoInputs>): string {
  const noun = inputs.kind === 'run' ? 'run' : 'automation run';
  return inputs.id !== undefined
    ? `that ${noun} ${inputs.id} exists on ${request.baseUrl} (the number in the ${noun}’s address).`
    : `that project ${inputs.latest!.projectId} exists on ${request.baseUrl} (the number in the project’s address).`;
}

/** An automation run, once completed (polled up to wait-timeout), with its tests. */
async function automationReport(
  ctx: ProviderContext<TestmoInputs>,
  http: ProviderHttp,
  id: number,
  current: Fact<CurrentRun>,
): Promise<ProviderReport> {
  const read = await pollUntilDone(
    ctx,
    `Testmo automation run ${id}`,
    () => readAutomationRun(http, id),
    (r) => isAutomationRunCompleted(r.run),
    () => 'running (is_completed: false)',
  );
  // Once completed: the baseline lists earlier runs of its source while its tests are read.
  current.set({ kind: 'automation-run', run: read.run, statuses: read.statuses });
  return automationRunReport(http, read, ctx.request.baseUrl, ctx.log);
}

/**
 * The test run, or when the id is not one but is an automation run's, an error that says to use
 * `automation-run` (what `testmo automation:run:create` prints is an automation run id).
 */
async function readTestRun(http: ProviderHttp, id: number) {
  try {
    return await readRun(http, id);
  } catch (error) {
    if (!(error instanceof ProviderError && error.status === 404)) throw error;
    const isAutomationRun = await http.json({ path: `/api/v1/automation/runs/${id}` }, automationRunAnswerSchema).then(
      () => true,
      () => false,
    );
    if (!isAutomationRun) throw error;
    throw new ProviderError(
      `${error.message} ${id} is an automation run on this instance (what testmo automation:run:create and automation:run:submit print): ` +
        `give it as automation-run: ${id} instead of run.`,
      404,
    );
  }
}

/** A test run: the latest result of each of its tests, named by the project's cases. */
async function testRunReport(
  ctx: ProviderContext<TestmoInputs>,
  http: ProviderHttp,
  runId: number,
  current: Fact<CurrentRun>,
): Promise<ProviderReport> {
  const { log } = ctx;
  // Page 1 of the results needs only the run's id: asked for with the run, it saves a round trip.
  const firstPage = requestResultsPage(http, String(runId), 1);
  // Where the run cannot be read, its own error is the one told.
  firstPage.catch(() => undefined);
  const { run, statuses, defaultStatuses } = await readTestRun(http, runId);
  if (defaultStatuses) log.warning('Testmo: the run answer had no statuses expand; mapping statuses by Testmo’s default ids.');
  // The baseline lists earlier runs while this one's results are read.
  current.set({ kind: 'run', run, statuses });
  const latest = new LatestResults(statuses);
  // Cases give the names; read alongside the results, stopping once every name is known.
  let resultsDone = false;
  const [, cases] = await Promise.all([
    readLatestResults(http, String(runId), latest, { firstPage }).then(() => (resultsDone = true)),
    readCaseNames(http, run.project_id, (known) =>
      resultsDone ? [...latest.caseIds].some((id) => known.name(id) === undefined) : undefined,
    ),
  ]);
  reportReadingNotes(log, latest, cases, run.project_id, http.requests);

  const withoutResult = Math.max(0, run.total_count - latest.testsWithResult);
  const createdAt = run.created_at ? Date.parse(run.created_at) : undefined;
  return {
    source: `run ${run.id} "${run.name}"`,
    reportUrl: `${ctx.request.baseUrl}/runs/view/${run.id}`,
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

function reportReadingNotes(
  log: Log,
  latest: LatestResults,
  cases: { name(id: number): string | undefined },
  projectId: number,
  requests: number,
): void {
  if (latest.duplicates > 0) {
    log.warning(
      `Testmo: ${plural(latest.duplicates, 'result')} came back twice while paging (the run changed as it was read); each test was counted once.`,
    );
  }
  const missing = [...latest.caseIds].filter((id) => cases.name(id) === undefined).length;
  if (missing > 0) log.info(`Testmo: ${plural(missing, 'case')} not found in project ${projectId}; shown as "Case <id>".`);
  log.debug(`Testmo: ${requests} requests; ${latest.superseded} older results skipped.`);
}
