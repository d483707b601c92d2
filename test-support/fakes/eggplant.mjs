// @ts-check
/**
 * A fake Eggplant Web Performance Analyzer: `/authorisation/token` (HTTP Basic,
 * client_credentials; tokens that expire when `tokenLifetimeS` says, whatever `expires_in`
 * claims), bearer + `Realm` on every `/pa/v1` call, jobs that move through
 * pending → running → completed as they are polled, `POST /pa/v1/jobs`, a template's jobs
 * (`GET /pa/v1/jobs?jobTemplate=jobTemplates%2F6789`, oldest first, a job listed only after
 * `listedAfter` listings), and paged `/pa/v1/testRuns?job=jobs%2F{id}` with
 * `meta.paginationTotalResults` and every metric (null where a spec says null).
 */
import { startLoopbackServer } from '../loopback-server.mjs';

/**
 * @typedef {number | null} Measure
 * @typedef {{ pageTitle: string, url: string, browser?: string, severity: string, resultCode?: number,
 *   dataStartDuration?: Measure, renderStart?: Measure, domLoad?: Measure, onLoad?: Measure, visuallyComplete?: Measure,
 *   downloadDuration?: Measure, pageSize?: Measure, speedIndex?: Measure, objectCount?: Measure }} TestRunSpec
 * @typedef {{ name: string, statuses: string[], runs: TestRunSpec[], template?: string, startedAt?: string | null,
 *   listedAfter?: number }} JobSpec  statuses: one per poll (of the job or of a listing that shows it), the last repeats
 */

/** What a test run measures when its spec does not say. */
const DEFAULT_MEASURES = {
  dataStartDuration: 0.12,
  renderStart: 0.8,
  domLoad: 1.1,
  onLoad: 1.6,
  visuallyComplete: 1.9,
  downloadDuration: 0.3,
  pageSize: 123456,
  speedIndex: 1.4,
  objectCount: 42,
};

/**
 * @param {{ clientId: string, clientSecret: string, realm: string, jobs: Record<string, JobSpec>, startFrom?: Record<string, string>,
 *   tokenLifetimeS?: number, tokenExpiresIn?: number | null }} data
 *   startFrom: job template sref → id of the job it starts; tokenLifetimeS: how long a token works (default: for ever);
 *   tokenExpiresIn: what the token answer claims (default 3600; null: no expires_in)
 * `failJobList`: `GET /pa/v1/jobs?jobTemplate=…` answers 500 every time; `jobListPageSize`: that listing answers
 * in pages of this many jobs (`page=2…`, as the action assumes), oldest first; default: one page.
 * @param {{ latencyMs?: number, pageSize?: number, failJobList?: boolean, jobListPageSize?: number }} [options]
 */
export async function startFakeEggplant(data, options = {}) {
  const accessToken = `egg-access-${data.clientSecret.slice(0, 4)}-token-5f2a9c`;
  const pageSize = options.pageSize ?? 50;
  /** @type {Map<string, number>} */
  const polls = new Map();
  /** Tokens that work, with when they stop (`accessToken` works from the start, as an api-key). @type {Map<string, number>} */
  const tokens = new Map([[accessToken, Number.POSITIVE_INFINITY]]);
  /** @type {string[]} */
  const issuedTokens = [];
  let listings = 0;
  /** @param {string} id */
  const statusOf = (id) => {
    const job = /** @type {JobSpec} */ (data.jobs[id]);
    const n = polls.get(id) ?? 0;
    polls.set(id, n + 1);
    return /** @type {string} */ (job.statuses[Math.min(n, job.statuses.length - 1)]);
  };
  /** @param {string} id @param {string} status */
  const jobBody = (id, status) => {
    const job = /** @type {JobSpec} */ (data.jobs[id]);
    return {
      name: job.name,
      url: 'https://shop.example/',
      startedAt: job.startedAt === undefined ? '2026-11-23T08:00:00+00:00' : job.startedAt,
      updatedAt: '2026-11-23T08:04:00+00:00',
      startedBy: 'Performance Analyzer API',
      type: 'Multi',
      pageCount: status === 'completed' ? job.runs.length : 0,
      status,
      sref: `jobs/${id}`,
      jobTemplateUri: job.template ?? 'jobTemplates/6789',
      runType: 'manual',
      testRunsUri: `testRuns?job=jobs%2F${id}`,
    };
  };
  const server = await startLoopbackServer(
    (req) => {
      if (req.path === '/authorisation/token' && req.method === 'POST') {
        const expected = `Basic ${Buffer.from(`${data.clientId}:${data.clientSecret}`).toString('base64')}`;
        if (req.headers.authorization !== expected)
          return { status: 401, json: { error: 'invalid_client', error_description: 'Client authentication failed' } };
        if (new URLSearchParams(req.body).get('grant_type') !== 'client_credentials')
          return { status: 400, json: { error: 'unsupported_grant_type' } };
        const token = issuedTokens.length === 0 ? accessToken : `${accessToken}-renewed-${issuedTokens.length + 1}`;
        issuedTokens.push(token);
        tokens.set(token, data.tokenLifetimeS === undefined ? Number.POSITIVE_INFINITY : Date.now() + data.tokenLifetimeS * 1000);
        const expiresIn = data.tokenExpiresIn === undefined ? 3600 : data.tokenExpiresIn;
        return { json: { access_token: token, token_type: 'Bearer', ...(expiresIn === null ? {} : { expires_in: expiresIn }) } };
      }
      if (!req.path.startsWith('/pa/v1/')) return { status: 404, json: { message: 'Not found' } };
      const bearer = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
      const until = tokens.get(bearer);
      if (until === undefined) return { status: 401, json: { message: 'Unauthorized' } };
      if (Date.now() >= until) return { status: 401, json: { error: 'invalid_token', error_description: 'The access token expired' } };
      if (req.headers.realm !== data.realm) return { status: 403, json: { message: 'Realm not allowed' } };
      if (req.path === '/pa/v1/jobs' && req.method === 'POST') {
        const template = JSON.parse(req.body || '{}').jobTemplateUri;
        const jobId = data.startFrom?.[template];
        if (!jobId) return { status: 404, json: { message: `Job template ${template} not found` } };
        return { json: { results: { jobUri: `jobs/${jobId}` } } };
      }
      if (req.path === '/pa/v1/jobs' && req.method === 'GET') {
        if (options.failJobList) return { status: 500, json: { message: 'Internal error' } };
        const template = req.query.jobTemplate;
        if (!template) return { status: 400, json: { message: 'Give fromDate/toDate or jobTemplate' } };
        listings++;
        const ids = Object.keys(data.jobs)
          .filter((id) => (data.jobs[id]?.template ?? 'jobTemplates/6789') === template && listings > (data.jobs[id]?.listedAfter ?? 0))
          .sort((a, b) => Number(a) - Number(b))
          // The order is not documented: oldest first here, so the reader must sort.
          .sort(
            (a, b) =>
              Date.parse(data.jobs[a]?.startedAt ?? '2026-11-23T08:00:00Z') - Date.parse(data.jobs[b]?.startedAt ?? '2026-11-23T08:00:00Z'),
          );
        const listPage = Number(req.query.page ?? 1);
        const size = options.jobListPageSize ?? Math.max(1, ids.length);
        return {
          json: {
            results: ids.slice((listPage - 1) * size, listPage * size).map((id) => jobBody(id, statusOf(id))),
            meta: { paginationTotalResults: ids.length, response_in_sec: 0.03 },
          },
        };
      }
      const jm = req.path.match(/^\/pa\/v1\/jobs\/(\d+)$/);
      if (jm) {
        const id = /** @type {string} */ (jm[1]);
        if (!data.jobs[id]) return { status: 404, json: { message: `Job jobs/${id} not found` } };
        return { json: { results: jobBody(id, statusOf(id)) } };
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
              ...Object.fromEntries(
                Object.entries(DEFAULT_MEASURES).map(([name, value]) => {
                  const given = /** @type {Record<string, Measure | undefined>} */ (/** @type {unknown} */ (r))[name];
                  return [name, given === undefined ? value : given];
                }),
              ),
              resultCode: r.resultCode ?? 1,
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
  // issuedTokens: every token the token endpoint handed out, in order (grows as the run goes).
  return Object.assign(server, { accessToken, polls, issuedTokens });
}
