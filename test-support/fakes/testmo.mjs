// @ts-check
/**
 * A fake Testmo implementing the documented API: bearer auth, `/runs/{id}` with the `statuses`
 * expand, paged `/runs/{id}/results` (per_page 15/25/50/100, get_latest_result, sort/order,
 * result history with is_latest) and paged `/projects/{id}/cases` with the `folders` expand.
 * With `options.automation`: automation runs (`/automation/runs/{id}` with the `statuses`
 * expand, their paged `/tests`, per_page 100 to 1000), the project's automation sources and its
 * automation run listing (filters milestone_id, source_id, tags, created_before; sort by created_at); with
 * `options.runList`: the project's test run listing. Runs can appear, or complete, after N polls.
 * Where Testmo's docs are silent the fake assumes: a `tags` filter lets through runs carrying ANY
 * of the tags (the action checks for all of them itself), and a row of `/automation/runs/{id}/tests`
 * is `{id, automation_run_id, thread_id, name, folder (a string), key, status_id, elapsed (µs),
 * repository_case_id, created_at}`.
 */
import { pageOf, startLoopbackServer } from '../loopback-server.mjs';

export const TESTMO_STATUSES = [
  {
    id: 1,
    name: 'Untested',
    system_name: 'untested',
    color: '#ccc',
    is_final: false,
    is_untested: true,
    is_passed: false,
    is_failed: false,
    aliases: [],
  },
  {
    id: 2,
    name: 'Passed',
    system_name: 'passed',
    color: '#2ecc71',
    is_final: true,
    is_untested: false,
    is_passed: true,
    is_failed: false,
    aliases: [],
  },
  {
    id: 3,
    name: 'Failed',
    system_name: 'failed',
    color: '#e74c3c',
    is_final: true,
    is_untested: false,
    is_passed: false,
    is_failed: true,
    aliases: [],
  },
  {
    id: 4,
    name: 'Retest',
    system_name: 'retest',
    color: '#f1c40f',
    is_final: false,
    is_untested: false,
    is_passed: false,
    is_failed: false,
    aliases: [],
  },
  {
    id: 5,
    name: 'Blocked',
    system_name: 'blocked',
    color: '#7f8c8d',
    is_final: true,
    is_untested: false,
    is_passed: false,
    is_failed: false,
    aliases: [],
  },
  {
    id: 6,
    name: 'Skipped',
    system_name: 'skipped',
    color: '#95a5a6',
    is_final: true,
    is_untested: false,
    is_passed: false,
    is_failed: false,
    aliases: [],
  },
  // Custom statuses: one flagged as failed, one with no flags at all.
  {
    id: 7,
    name: 'Known bug',
    system_name: 'custom1',
    color: '#c0392b',
    is_final: true,
    is_untested: false,
    is_passed: false,
    is_failed: true,
    aliases: [],
  },
  {
    id: 8,
    name: 'Needs review',
    system_name: 'custom2',
    color: '#8e44ad',
    is_final: false,
    is_untested: false,
    is_passed: false,
    is_failed: false,
    aliases: [],
  },
];

/**
 * @typedef {{ name: string, folder?: string, status: number, note?: string, elapsedUs?: number, history?: number[], caseId?: number }} TestSpec
 * @typedef {{ runId: number, projectId: number, name: string, run: Record<string, unknown>,
 *   results: Record<string, unknown>[], cases: Record<string, unknown>[], folders: {id: number, name: string}[] }} TestmoData
 */

/**
 * A run as Testmo stores it: one result per test (plus older ones in its history),
 * the project's cases (with `extraCases` the run does not use), and tests without results.
 * `caseId` pins a test to a case (earlier runs of the same cases); `createdAt`, `milestoneId` and
 * `configId` place the run among earlier ones (see `earlierRuns` in startFakeTestmo).
 * @param {{ runId?: number, projectId?: number, name?: string, tests: TestSpec[], untestedWithoutResult?: number, extraCases?: number,
 *   createdAt?: string, milestoneId?: number | null, configId?: number | null, tags?: string[] }} spec
 * @returns {TestmoData}
 */
export function buildTestmoRun(spec) {
  const runId = spec.runId ?? 42;
  const projectId = spec.projectId ?? 7;
  const folderNames = [...new Set(spec.tests.map((t) => t.folder).filter(Boolean))];
  const folders = folderNames.map((name, i) => ({ id: 100 + i, name: /** @type {string} */ (name) }));
  const folderId = new Map(folders.map((f) => [f.name, f.id]));
  /** @type {Record<string, unknown>[]} */
  const cases = [];
  /** @type {Record<string, unknown>[]} */
  const results = [];
  let resultId = 1000;
  const base = Date.parse('2026-11-20T08:00:00Z');
  const result = (
    /** @type {number} */ testId,
    /** @type {number} */ caseId,
    /** @type {number} */ status,
    /** @type {boolean} */ latest,
    /** @type {TestSpec} */ t,
  ) => {
    resultId++;
    results.push({
      id: resultId,
      project_id: projectId,
      run_id: runId,
      test_id: testId,
      case_id: caseId,
      status_id: status,
      note: latest ? (t.note ?? null) : '<p>earlier attempt</p>',
      elapsed: t.elapsedUs ?? null,
      assignee_id: null,
      is_latest: latest,
      issues: [],
      created_at: new Date(base + resultId * 1000).toISOString(),
      created_by: 1,
      updated_at: null,
      updated_by: null,
      deleted_at: null,
      deleted_by: null,
    });
  };
  spec.tests.forEach((t, i) => {
    const caseId = t.caseId ?? 5000 + i;
    const testId = 9000 + i;
    cases.push({ id: caseId, project_id: projectId, name: t.name, key: i + 1, folder_id: t.folder ? folderId.get(t.folder) : null });
    for (const older of t.history ?? []) result(testId, caseId, older, false, t);
    result(testId, caseId, t.status, true, t);
  });
  for (let i = 0; i < (spec.extraCases ?? 0); i++) {
    cases.push({ id: 50000 + i, project_id: projectId, name: `Unrelated case ${i + 1}`, key: 100000 + i, folder_id: null });
  }
  // Results appear in the order testers recorded them, not by test.
  results.sort((a, b) => Number(a.id) - Number(b.id));
  const total = spec.tests.length + (spec.untestedWithoutResult ?? 0);
  const run = {
    id: runId,
    project_id: projectId,
    name: spec.name ?? 'Nightly regression',
    config_id: spec.configId ?? null,
    milestone_id: spec.milestoneId ?? null,
    state_id: 4,
    elapsed: null,
    is_started: true,
    is_closed: false,
    tags: spec.tags ?? [],
    links: [],
    issues: [],
    untested_count: spec.untestedWithoutResult ?? 0,
    success_count: 0,
    failure_count: 0,
    completed_count: spec.tests.length,
    total_count: total,
    created_at: spec.createdAt ?? '2026-11-20T08:00:00.000Z',
    created_by: 1,
    closed_at: null,
    closed_by: null,
    updated_at: null,
    updated_by: null,
  };
  return { runId, projectId, name: run.name, run, results, cases, folders };
}

/**
 * Deterministic large runs for the fault suite and the benchmark.
 * `runId`, `createdAt` and `failedFrom` (the first failing test) make earlier runs of the same cases.
 * @param {{ tests: number, failed: number, skipped?: number, cases?: number, untested?: number, noteLength?: number,
 *   runId?: number, createdAt?: string, failedFrom?: number }} spec
 */
export function generatedTestmoRun(spec) {
  /** @type {TestSpec[]} */
  const tests = [];
  const from = spec.failedFrom ?? 0;
  for (let i = 0; i < spec.tests; i++) {
    const failing = i >= from && i < from + spec.failed;
    const status = failing ? 3 : i < spec.failed + (spec.skipped ?? 0) && i >= spec.failed ? 6 : 2;
    tests.push({
      name: `checkout flow step ${i + 1}`,
      folder: `Suite ${(i % 20) + 1}`,
      status,
      elapsedUs: 1000 * (100 + (i % 900)),
      note:
        status === 3
          ? `<p>Expected status 200, got 500 (case ${i + 1})${' stack frame'.repeat(Math.ceil((spec.noteLength ?? 0) / 12))}</p>`
          : undefined,
    });
  }
  return buildTestmoRun({
    tests,
    runId: spec.runId,
    createdAt: spec.createdAt,
    extraCases: Math.max(0, (spec.cases ?? spec.tests) - spec.tests),
    untestedWithoutResult: spec.untested ?? 0,
  });
}

/**
 * `caseId` links a test to a repository case (`repository_case_id`); `testsNotFound` makes one
 * run's tests endpoint answer 404 (the world's `testsNotFound`: every run's).
 * `failure`: JUnit's <failure> text, sent as the CLI does (a field named Failure, type 4), not as a message;
 * `file`/`line`: where the CLI says the test is; `rowIdAs: 'automation_test_id'` spells the row's id so (a
 * community client's typing), `rowIdAs: 'none'` sends no id at all.
 * @typedef {{ name: string, folder?: string, status: number, elapsedUs?: number, caseId?: number, failure?: string,
 *   file?: string, line?: number, rowIdAs?: 'id' | 'automation_test_id' | 'none' }} AutomationTestSpec
 * @typedef {{ id: number, projectId?: number, sourceId?: number | null, name?: string, milestoneId?: number | null,
 *   tags?: string[], createdAt?: string, tests: AutomationTestSpec[], completeAfterPolls?: number,
 *   appearAfterPolls?: number, testsNotFound?: boolean }} AutomationRunSpec
 * @typedef {{ runs: AutomationRunSpec[], sources?: { id: number, name: string, is_retired?: boolean }[], testsNotFound?: boolean }} AutomationWorld
 * @typedef {{ id: number, name: string, milestoneId?: number | null, tags?: string[], createdAt: string, appearAfterPolls?: number }} RunListRow
 */

/**
 * An automation run as Testmo's AutomationRun model has it: counts per status from its tests.
 * @param {AutomationRunSpec} spec @param {boolean} completed
 */
export function automationRunRecord(spec, completed) {
  /** @type {Record<string, number>} */
  const counts = {};
  for (let i = 1; i <= 24; i++) counts[`status${i}_count`] = 0;
  for (const t of spec.tests) counts[`status${t.status}_count`] = (counts[`status${t.status}_count`] ?? 0) + 1;
  const untested = counts.status1_count ?? 0;
  const passed = spec.tests.filter((t) => t.status === 2).length;
  const failed = spec.tests.filter((t) => t.status === 3 || t.status === 7).length;
  return {
    id: spec.id,
    project_id: spec.projectId ?? 7,
    source_id: spec.sourceId === undefined ? 1 : spec.sourceId,
    name: spec.name ?? `CI run ${spec.id}`,
    status: completed ? (failed > 0 ? 3 : 2) : 4,
    config_id: null,
    milestone_id: spec.milestoneId ?? null,
    elapsed: completed ? 61_500_000 : null,
    is_completed: completed,
    artifacts: [],
    fields: [],
    links: [],
    tags: spec.tags ?? [],
    threads: [],
    untested_count: untested,
    ...counts,
    success_count: passed,
    failure_count: failed,
    completed_count: spec.tests.length - untested,
    total_count: spec.tests.length,
    thread_count: 1,
    thread_active_count: completed ? 0 : 1,
    thread_completed_count: completed ? 1 : 0,
    created_at: spec.createdAt ?? '2026-11-20T08:00:00.000Z',
    created_by: 1,
    updated_at: null,
    updated_by: null,
    completed_at: completed ? '2026-11-20T08:05:00.000Z' : null,
    completed_by: completed ? 1 : null,
  };
}

/**
 * A generated automation run of `tests` tests, `failed` of them failing.
 * @param {{ id?: number, tests: number, failed: number } & Partial<Omit<AutomationRunSpec, 'tests'>>} spec
 * @returns {AutomationRunSpec}
 */
export function generatedAutomationRun(spec) {
  /** @type {AutomationTestSpec[]} */
  const tests = [];
  for (let i = 0; i < spec.tests; i++) {
    tests.push({
      name: `api contract ${i + 1}`,
      folder: `tests/api/suite${(i % 20) + 1}`,
      status: i < spec.failed ? 3 : 2,
      elapsedUs: 1000 * (50 + (i % 500)),
    });
  }
  return { ...spec, id: spec.id ?? 77, tests };
}

/** The tests endpoint's rows (their spelling is assumed: see the header). @param {AutomationRunSpec} spec */
function automationTestRows(spec) {
  return spec.tests.map((t, i) => ({
    ...(t.rowIdAs === 'none' ? {} : { [t.rowIdAs ?? 'id']: spec.id * 100_000 + i + 1 }),
    ...(t.failure === undefined ? {} : { fields: [{ type: 4, name: 'Failure', value: t.failure, meta: null, is_highlight: false }] }),
    ...(t.file === undefined ? {} : { file: t.file, line: t.line ?? null }),
    automation_run_id: spec.id,
    thread_id: spec.id * 10,
    name: t.name,
    folder: t.folder ?? null,
    key: `k${spec.id}-${i + 1}`,
    status_id: t.status,
    elapsed: t.elapsedUs ?? null,
    repository_case_id: t.caseId ?? null,
    created_at: spec.createdAt ?? '2026-11-20T08:00:00.000Z',
  }));
}

/** @param {unknown} value */
const idList = (value) => (typeof value === 'string' && value !== '' ? value.split(',').map(Number) : undefined);
/** @param {unknown} value */
const tagList = (value) => (typeof value === 'string' && value !== '' ? value.split(',') : undefined);

/**
 * @param {TestmoData} data
 * `earlierRuns`: more runs of the project (built with buildTestmoRun, their own runId and
 * createdAt), served by id and listed by `GET /projects/{id}/runs` (sort by created_at, order,
 * created_before, milestone_id, config_id); `failingRuns`: run ids whose run and results
 * answer 500 every time. Results honour `status_id` (comma-separated).
 * @param {{ token?: string, latencyMs?: number, statusesExpand?: boolean, ignorePage?: boolean, ignoreLatestParam?: boolean,
 *   automation?: AutomationWorld, runList?: RunListRow[], earlierRuns?: TestmoData[], failingRuns?: number[] }} [options]
 */
export async function startFakeTestmo(data, options = {}) {
  const token = options.token ?? 'testmo-token-123';
  const byRunId = new Map([data, ...(options.earlierRuns ?? [])].map((d) => [d.runId, d]));
  /** @param {TestmoData} d */
  const resultLists = (d) => {
    const asc = [...d.results];
    const desc = [...d.results].reverse();
    return { sorted: { asc, desc }, latestOnly: { asc: asc.filter((r) => r.is_latest), desc: desc.filter((r) => r.is_latest) } };
  };
  const lists = new Map([...byRunId].map(([id, d]) => [id, resultLists(d)]));
  const serverError = { status: 500, json: { message: 'Server Error' } };
  const unauthorized = { status: 401, json: { message: 'Unauthenticated.' } };
  const notFound = { status: 404, json: { message: 'Not found.' } };
  const badPerPage = {
    status: 422,
    json: { message: 'The given data was invalid.', errors: { per_page: ['The selected per page is invalid.'] } },
  };
  const world = options.automation;
  /** How often each automation run was shown (by id or in a listing): it completes after `completeAfterPolls`. */
  const shown = new Map();
  /** Each run's test rows, built once. */
  const testRows = new Map();
  let automationListings = 0;
  let runListings = 0;
  const visible = (/** @type {{ appearAfterPolls?: number }} */ r, /** @type {number} */ listings) => listings > (r.appearAfterPolls ?? 0);
  const show = (/** @type {AutomationRunSpec} */ spec) => {
    const times = (shown.get(spec.id) ?? 0) + 1;
    shown.set(spec.id, times);
    return automationRunRecord(spec, times > (spec.completeAfterPolls ?? 0));
  };
  /** @template {{ createdAt?: string }} T @param {T[]} list @param {string} order */
  const byCreated = (list, order) =>
    [...list].sort((a, b) => (order === 'asc' ? 1 : -1) * (Date.parse(a.createdAt ?? '') - Date.parse(b.createdAt ?? '')));

  const server = await startLoopbackServer(
    (req) => {
      if (req.headers.authorization !== `Bearer ${token}`) return unauthorized;
      const perPage = Number(req.query.per_page ?? 100);
      const page = options.ignorePage ? 1 : Number(req.query.page ?? 1);
      const expands = (req.query.expands ?? '').split(',');

      let m = req.path.match(/^\/api\/v1\/automation\/runs\/(\d+)(\/tests)?$/);
      if (m && world) {
        const id = Number(m[1]);
        const spec = world.runs.find((r) => r.id === id);
        if (!spec) return notFound;
        if (!m[2]) {
          const withStatuses = expands.includes('statuses') && options.statusesExpand !== false;
          return { json: { result: show(spec), expands: withStatuses ? { statuses: TESTMO_STATUSES } : {} } };
        }
        if (world.testsNotFound || spec.testsNotFound) return notFound;
        // The tests endpoint takes larger pages: 100 to 1000.
        if (!(perPage >= 100 && perPage <= 1000)) return badPerPage;
        if (!testRows.has(spec.id)) testRows.set(spec.id, automationTestRows(spec));
        const rows = req.query.order === 'desc' ? [...testRows.get(spec.id)].reverse() : testRows.get(spec.id);
        return { json: { ...pageOf(rows, page, perPage), expands: {} } };
      }

      if (![15, 25, 50, 100].includes(perPage)) return badPerPage;

      m = req.path.match(/^\/api\/v1\/projects\/(\d+)\/automation\/(runs|sources)$/);
      if (m && world) {
        const projectId = Number(m[1]);
        if (m[2] === 'sources') {
          const sources = (world.sources ?? []).map((s) => ({
            id: s.id,
            project_id: projectId,
            name: s.name,
            is_retired: s.is_retired ?? false,
            status: 2,
            run_count: 1,
            elapsed_average: null,
            test_count_average: null,
            ran_at: null,
            created_at: '2026-01-01T00:00:00.000Z',
            created_by: 1,
            updated_at: null,
            updated_by: null,
            retired_at: null,
            retired_by: null,
          }));
          return { json: { ...pageOf(sources, page, perPage), expands: {} } };
        }
        automationListings++;
        const milestones = idList(req.query.milestone_id);
        const sourceIds = idList(req.query.source_id);
        const tags = tagList(req.query.tags);
        const createdBefore = req.query.created_before ? Date.parse(req.query.created_before) : Infinity;
        const list = byCreated(world.runs, req.query.order === 'asc' ? 'asc' : 'desc').filter(
          (r) =>
            (r.projectId ?? 7) === projectId &&
            visible(r, automationListings) &&
            Date.parse(r.createdAt ?? '2026-11-20T08:00:00.000Z') < createdBefore &&
            (!milestones || milestones.includes(r.milestoneId ?? -1)) &&
            (!sourceIds || (r.sourceId !== null && sourceIds.includes(r.sourceId ?? 1))) &&
            (!tags || tags.some((t) => (r.tags ?? []).includes(t))),
        );
        const body = pageOf(list, page, perPage);
        return { json: { ...body, result: body.result.map(show), expands: {} } };
      }

      m = req.path.match(/^\/api\/v1\/projects\/(\d+)\/runs$/);
      if (m && options.runList) {
        const projectId = Number(m[1]);
        runListings++;
        const milestones = idList(req.query.milestone_id);
        const tags = tagList(req.query.tags);
        const list = byCreated(options.runList, req.query.order === 'asc' ? 'asc' : 'desc')
          .filter(
            (r) =>
              visible(r, runListings) &&
              (!milestones || milestones.includes(r.milestoneId ?? -1)) &&
              (!tags || tags.some((t) => (r.tags ?? []).includes(t))),
          )
          .map((r) => ({
            ...data.run,
            id: r.id,
            project_id: projectId,
            name: r.name,
            milestone_id: r.milestoneId ?? null,
            tags: r.tags ?? [],
            created_at: r.createdAt,
          }));
        return { json: { ...pageOf(list, page, perPage), expands: {} } };
      }

      m = req.path.match(/^\/api\/v1\/runs\/(\d+)$/);
      if (m) {
        const run = byRunId.get(Number(m[1]));
        if (!run) return notFound;
        if (options.failingRuns?.includes(run.runId)) return serverError;
        const withStatuses = expands.includes('statuses') && options.statusesExpand !== false;
        return { json: { result: run.run, expands: withStatuses ? { statuses: TESTMO_STATUSES } : {} } };
      }
      m = req.path.match(/^\/api\/v1\/runs\/(\d+)\/results$/);
      if (m) {
        const runLists = lists.get(Number(m[1]));
        if (!runLists) return notFound;
        if (options.failingRuns?.includes(Number(m[1]))) return serverError;
        const order = req.query.order === 'asc' ? 'asc' : 'desc';
        const latest = !options.ignoreLatestParam && (req.query.get_latest_result === '1' || req.query.get_latest_result === 'true');
        let list = latest ? runLists.latestOnly[order] : runLists.sorted[order];
        if (req.query.status_id) {
          const wanted = new Set(req.query.status_id.split(',').map(Number));
          list = list.filter((r) => wanted.has(Number(r.status_id)));
        }
        return { json: { ...pageOf(list, page, perPage), expands: {} } };
      }
      m = req.path.match(/^\/api\/v1\/projects\/(\d+)\/runs$/);
      if (m) {
        if (Number(m[1]) !== data.projectId) return notFound;
        const createdBefore = req.query.created_before ? Date.parse(req.query.created_before) : Infinity;
        const runs = [...byRunId.values()]
          .map((d) => d.run)
          .filter((r) => Date.parse(String(r.created_at)) < createdBefore)
          .filter((r) => req.query.milestone_id === undefined || String(r.milestone_id) === req.query.milestone_id)
          .filter((r) => req.query.config_id === undefined || String(r.config_id) === req.query.config_id)
          .filter((r) => {
            const tags = tagList(req.query.tags);
            return !tags || tags.some((t) => /** @type {string[]} */ (r.tags ?? []).includes(t));
          })
          .sort((a, b) => Date.parse(String(a.created_at)) - Date.parse(String(b.created_at)));
        if (req.query.order !== 'asc') runs.reverse();
        return { json: { ...pageOf(runs, page, perPage), expands: {} } };
      }
      m = req.path.match(/^\/api\/v1\/projects\/(\d+)\/cases$/);
      if (m) {
        if (Number(m[1]) !== data.projectId) return notFound;
        const body = pageOf(data.cases, page, perPage);
        return { json: { ...body, expands: expands.includes('folders') ? { folders: data.folders } : {} } };
      }
      return notFound;
    },
    { latencyMs: options.latencyMs },
  );
  return Object.assign(server, { token });
}
