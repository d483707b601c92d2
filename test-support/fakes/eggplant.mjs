// @ts-check
/**
 * A fake Eggplant Web Performance Analyzer: `/authorisation/token` (HTTP Basic,
 * client_credentials), bearer + `Realm` on every `/pa/v1` call, jobs that move through
 * pending → running → completed as they are polled, `POST /pa/v1/jobs`, and paged
 * `/pa/v1/testRuns?job=jobs%2F{id}` with `meta.paginationTotalResults`.
 */
import { startLoopbackServer } from '../loopback-server.mjs';

/**
 * @typedef {{ pageTitle: string, url: string, browser?: string, onLoad?: number | null, severity: string, resultCode?: number }} TestRunSpec
 * @typedef {{ name: string, statuses: string[], runs: TestRunSpec[], startedAt?: string, template?: string }} JobSpec
 *   statuses: one per poll, the last repeats; startedAt and template (a sref) place it among a template's jobs
 */

/**
 * @param {{ clientId: string, clientSecret: string, realm: string, jobs: Record<string, JobSpec>, startFrom?: Record<string, string> }} data
 *   startFrom: job template sref → id of the job it starts
 * `failJobList`: `GET /pa/v1/jobs?jobTemplate=…` answers 500 every time.
 * @param {{ latencyMs?: number, pageSize?: number, failJobList?: boolean }} [options]
 */
export async function startFakeEggplant(data, options = {}) {
  const accessToken = `egg-access-${data.clientSecret.slice(0, 4)}-token-5f2a9c`;
  const pageSize = options.pageSize ?? 50;
  /** @type {Map<string, number>} */
  const polls = new Map();
  const server = await startLoopbackServer(
    (req) => {
      if (req.path === '/authorisation/token' && req.method === 'POST') {
        const expected = `Basic ${Buffer.from(`${data.clientId}:${data.clientSecret}`).toString('base64')}`;
        if (req.headers.authorization !== expected)
          return { status: 401, json: { error: 'invalid_client', error_description: 'Client authentication failed' } };
        if (new URLSearchParams(req.body).get('grant_type') !== 'client_credentials')
          return { status: 400, json: { error: 'unsupported_grant_type' } };
        return { json: { access_token: accessToken, token_type: 'Bearer', expires_in: 3600 } };
      }
      if (!req.path.startsWith('/pa/v1/')) return { status: 404, json: { message: 'Not found' } };
      if (req.headers.authorization !== `Bearer ${accessToken}`) return { status: 401, json: { message: 'Unauthorized' } };
      if (req.headers.realm !== data.realm) return { status: 403, json: { message: 'Realm not allowed' } };
      if (req.path === '/pa/v1/jobs' && req.method === 'POST') {
        const template = JSON.parse(req.body || '{}').jobTemplateUri;
        const jobId = data.startFrom?.[template];
        if (!jobId) return { status: 404, json: { message: `Job template ${template} not found` } };
        return { json: { results: { jobUri: `jobs/${jobId}` } } };
      }
      /** @param {string} id @param {JobSpec} job @param {string | undefined} status */
      const jobRecord = (id, job, status) => ({
        name: job.name,
        url: 'https://shop.example/',
        startedAt: job.startedAt ?? '2026-11-23T08:00:00+00:00',
        updatedAt: '2026-11-23T08:04:00+00:00',
        startedBy: 'Performance Analyzer API',
        type: 'Multi',
        pageCount: status === 'completed' ? job.runs.length : 0,
        status,
        sref: `jobs/${id}`,
        jobTemplateUri: job.template ?? 'jobTemplates/6789',
        runType: 'manual',
        testRunsUri: `testRuns?job=jobs%2F${id}`,
      });
      if (req.path === '/pa/v1/jobs' && req.method === 'GET') {
        if (options.failJobList) return { status: 500, json: { message: 'Internal error' } };
        const template = req.query.jobTemplate;
        const jobs = Object.entries(data.jobs).filter(([, job]) => !template || (job.template ?? 'jobTemplates/6789') === template);
        // The order is not documented: oldest first here, so the reader must sort.
        jobs.sort((a, b) => Date.parse(a[1].startedAt ?? '2026-11-23T08:00:00Z') - Date.parse(b[1].startedAt ?? '2026-11-23T08:00:00Z'));
        return {
          json: {
            results: jobs.map(([id, job]) => jobRecord(id, job, job.statuses[job.statuses.length - 1])),
            meta: { paginationTotalResults: jobs.length, response_in_sec: 0.05 },
          },
        };
      }
      const jm = req.path.match(/^\/pa\/v1\/jobs\/(\d+)$/);
      if (jm) {
        const id = /** @type {string} */ (jm[1]);
        const job = data.jobs[id];
        if (!job) return { status: 404, json: { message: `Job jobs/${id} not found` } };
        const n = polls.get(id) ?? 0;
        polls.set(id, n + 1);
        const status = job.statuses[Math.min(n, job.statuses.length - 1)];
        return { json: { results: jobRecord(id, job, status) } };
      }
      if (req.path === '/pa/v1/testRuns') {
        const id = req.query.job?.match(/^jobs\/(\d+)$/)?.[1];
        const job = id ? data.jobs[id] : undefined;
        if (!job) return { status: 400, json: { message: 'Invalid job' } };
        const page = Number(req.query.page ?? 1);
        const slice = job.runs.slice((page - 1) * pageSize, page * pageSize);
        return {
          json: {
            results: slice.map((r, i) => ({
              sref: `testRuns/${Number(id) * 1000 + (page - 1) * pageSize + i}`,
              pageTitle: r.pageTitle,
              url: r.url,
              browser: r.browser ?? 'browsers/ff',
              dataStartDuration: 0.12,
              renderStart: 0.8,
              domLoad: 1.1,
              onLoad: r.onLoad === undefined ? 1.6 : r.onLoad,
              visuallyComplete: 1.9,
              downloadDuration: 0.3,
              pageSize: 123456,
              speedIndex: 1.4,
              resultCode: r.resultCode ?? 200,
              objectCount: 42,
              severity: r.severity,
              ranAt: '2026-11-23T08:02:00+00:00',
              objectsUri: `objects?testRun=testRuns%2F${i}`,
              jobUri: `jobs/${id}`,
            })),
            meta: { paginationTotalResults: job.runs.length, response_in_sec: 0.05 },
          },
        };
      }
      return { status: 404, json: { message: 'Not found' } };
    },
    { latencyMs: options.latencyMs },
  );
  return Object.assign(server, { accessToken, polls });
}
