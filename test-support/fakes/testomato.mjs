// @ts-check
/**
 * A fake Testomato: `?apikey=` auth, `/api/project/{id}/status`, `/api/project/{id}/start` and
 * `/api/project/{id}/job/{jobId}/results` (processed: false until the job is done), with the
 * documented error body `{message, code, ok: false, error: true}` and both spellings of
 * `shortMsg`/`shortMessage` and `metric`/`metrics`.
 */
import { startLoopbackServer } from '../loopback-server.mjs';

/**
 * @typedef {{ name: string, id?: string, url?: string, enabled?: boolean, failures?: string[], status?: string,
 *   totalMs?: number | null, processTimeS?: number }} CheckSpec
 *   id: the test id in the status and in job results (default from its position); totalMs null: no `Total` timing
 */

/** @param {CheckSpec} c @param {number} i */
const testId = (c, i) => c.id ?? `t${String(i).padStart(23, '0')}`;

/** A project status answer in the documented shape. @param {CheckSpec[]} checks */
export function testomatoStatus(checks, { spelling = 'old' } = {}) {
  const failed = checks.filter((c) => c.enabled !== false && ((c.failures ?? []).length > 0 || (c.status ?? 'ok') !== 'ok')).length;
  const metricKey = spelling === 'old' ? 'metric' : 'metrics';
  return {
    project: {
      lastChange: 1763800000,
      status: failed ? 'error' : 'ok',
      msg: failed ? `${failed} checks failing` : 'Server returned HTTP status 200',
      reported: failed ? 'error' : 'ok',
      lastRun: 1763880000,
      id: '5e95de005d41f488408b4567',
      ...(spelling === 'old' ? { shortMsg: failed ? 'error' : 200 } : { shortMessage: failed ? 'error' : '200' }),
    },
    total: checks.length,
    failed,
    now: 1763880010,
    tests: checks.map((c, i) => ({
      id: testId(c, i),
      enabled: c.enabled ?? true,
      areaId: 'area-public',
      name: c.name,
      url: c.url ?? `https://shop.example/${i}`,
      notice: null,
      type: 'simple',
      run: 'completed',
      flags: [],
      status: {
        status: c.status ?? ((c.failures ?? []).length ? 'error' : 'ok'),
        failures: c.failures ?? [],
        rules: [{ type: 'status', op: 'eq', val: '200' }],
        response: {
          status: 200,
          httpStatus: 200,
          baseUrl: c.url ?? `https://shop.example/${i}`,
          contentType: 'text/html',
          httpHeader: ':status: 200',
          processTime: c.processTimeS ?? (c.totalMs ?? 43) / 1000,
          size: i % 2 ? false : 5120,
          timing: [
            { [metricKey]: 'DNS Lookup', value: 6 },
            ...(c.totalMs === null ? [] : [{ [metricKey]: 'Total', value: c.totalMs ?? 43 }]),
          ],
          redirects: [],
        },
        request: { url: c.url ?? `https://shop.example/${i}`, method: 'GET' },
        lastChange: 1763800004,
        lastRun: 1763879833,
      },
      templateId: false,
      templateVars: null,
      rules: [{ type: 'status', op: 'eq', val: '200' }],
      options: { g: false, l: false, w: null },
    })),
  };
}

/**
 * @param {{ projectId: string, apiKey: string, checks: CheckSpec[], spelling?: 'old' | 'new',
 *   jobs?: Record<string, { checks: CheckSpec[], pollsUntilDone?: number, legacy?: boolean, noResultsWhileRunning?: boolean }>,
 *   startJob?: { jobId: string, checks: CheckSpec[], pollsUntilDone?: number, statusAfter?: CheckSpec[] } }} data
 *   legacy: answer as older published examples do, with `areas: [null]` and no `processed`
 *   noResultsWhileRunning: while the job runs, answer without `results` (as a job that has none yet may)
 *   statusAfter: what the project status shows once the started job ran (default: `checks`)
 * `failStatus`: the project status answers 500 every time.
 * @param {{ latencyMs?: number, failStatus?: boolean }} [options]
 */
export async function startFakeTestomato(data, options = {}) {
  /** @type {Map<string, { checks: CheckSpec[], pollsUntilDone: number, polls: number, legacy?: boolean, noResultsWhileRunning?: boolean }>} */
  const jobs = new Map(
    Object.entries(data.jobs ?? {}).map(([id, j]) => [
      id,
      {
        checks: j.checks,
        pollsUntilDone: j.pollsUntilDone ?? 0,
        polls: 0,
        legacy: j.legacy,
        noResultsWhileRunning: j.noResultsWhileRunning,
      },
    ]),
  );
  const error = (/** @type {number} */ code, /** @type {string} */ message) => ({
    status: code,
    json: { message, code, ok: false, error: true },
  });
  let baseUrl = '';
  let started = false;
  const server = await startLoopbackServer(
    (req) => {
      const m = req.path.match(/^\/api\/project\/([^/]+)(\/.*)$/);
      if (!m) return error(404, 'Object not found');
      const [, projectId, rest] = m;
      if (req.query.apikey !== data.apiKey) return error(401, "You don't have required permission to selected project.");
      if (projectId !== data.projectId) return error(404, `Project "${projectId}" not found.`);
      if (rest === '/status' && options.failStatus) return error(500, 'Internal error');
      if (rest === '/status') {
        const checks = (started && data.startJob?.statusAfter) || data.checks;
        return { json: testomatoStatus(checks, { spelling: data.spelling }) };
      }
      if (rest === '/start') {
        if (!data.startJob) return error(400, 'Project has no checks to start.');
        started = true;
        jobs.set(data.startJob.jobId, { checks: data.startJob.checks, pollsUntilDone: data.startJob.pollsUntilDone ?? 0, polls: 0 });
        return {
          json: {
            projectId,
            jobId: data.startJob.jobId,
            start: 'ok',
            results: `${baseUrl}/api/project/${projectId}/job/${data.startJob.jobId}/results?apikey=${data.apiKey}`,
          },
        };
      }
      const jm = rest?.match(/^\/job\/([^/]+)\/results$/);
      if (jm) {
        const job = jobs.get(/** @type {string} */ (jm[1]));
        if (!job) return error(404, `Job "${jm[1]}" not found.`);
        job.polls++;
        const processed = job.polls > job.pollsUntilDone;
        const results = processed ? job.checks : job.checks.slice(0, Math.floor(job.checks.length / 2));
        return {
          json: {
            startedAt: 1763880000,
            duration: 2.19,
            mode: 0,
            persist: true,
            ...(job.legacy ? {} : { processed }),
            jobId: jm[1],
            total: job.checks.length,
            failed: results.filter((c) => (c.failures ?? []).length || (c.status ?? 'ok') !== 'ok').length,
            areas: job.legacy
              ? [null]
              : [{ projectId: { $id: projectId }, name: 'Public', public: true, rules: [], _id: { $id: 'area-public' } }],
            ...(!processed && job.noResultsWhileRunning
              ? {}
              : {
                  results: results.map((c, i) => ({
                    areaId: 'area-public',
                    testId: testId(c, i),
                    testName: c.name,
                    status: c.status ?? ((c.failures ?? []).length ? 'error' : 'ok'),
                    failures: c.failures ?? [],
                    rules: [{ type: 'status', op: 'eq', val: '200' }],
                  })),
                }),
          },
        };
      }
      return error(404, 'Object not found');
    },
    { latencyMs: options.latencyMs },
  );
  baseUrl = server.url;
  return Object.assign(server, { apiKey: data.apiKey, jobs });
}
