// @ts-check
/**
 * A fake Tesults: bearer auth, `/api/targets` paged by cursor, `/api/results` (the latest run by
 * default, `limit` runs per page with a cursor, `build` to pick a build's runs, several for a
 * sharded build), and the documented `{error: {code, message}}` errors.
 */
import { startLoopbackServer } from '../loopback-server.mjs';

/**
 * @typedef {{ name: string, suite?: string, result: string, reason?: unknown, rawResult?: string, duration?: number | null, desc?: string,
 *   start?: number, end?: number, _file?: unknown, _line?: unknown }} CaseSpec  duration null: none (else 0 by default); start, end: epoch ms
 * @typedef {{ build: string, created_time: number, run_url?: string, cases: CaseSpec[], buildCase?: boolean,
 *   uploadedAfterMs?: number }} RunSpec  buildCase false: no [build] case; uploadedAfterMs: invisible until then
 */

/**
 * @param {{ token: string, targets: { id: string, name: string, runs: RunSpec[] }[] }} data  runs: newest first
 * `failEarlierRuns`: every read of more than the latest run (limit > 1 or a cursor) answers 500.
 * @param {{ latencyMs?: number, targetsPerPage?: number, loopCursor?: boolean, numericIds?: boolean, runsPerPageMax?: number,
 *   loopRunsCursor?: boolean, failEarlierRuns?: boolean }} [options]  numericIds: target ids sent as numbers
 */
export async function startFakeTesults(data, options = {}) {
  const perPage = options.targetsPerPage ?? 100;
  const startedAt = Date.now();
  const error = (/** @type {number} */ code, /** @type {string} */ message) => ({ status: code, json: { error: { code, message } } });
  const server = await startLoopbackServer(
    (req) => {
      if (req.headers.authorization !== `Bearer ${data.token}`) return error(401, 'Unauthorized');
      if (req.path === '/api/targets') {
        const start = req.query.cursor ? Number(Buffer.from(req.query.cursor, 'base64url').toString()) : 0;
        const limit = Math.min(Number(req.query.limit ?? perPage), perPage);
        const page = data.targets.slice(start, start + limit);
        const nextStart = options.loopCursor ? start : start + limit;
        const cursor =
          nextStart < data.targets.length || options.loopCursor ? Buffer.from(String(nextStart)).toString('base64url') : undefined;
        return {
          json: {
            data: {
              code: 200,
              message: 'Success',
              targets: page.map((t) => ({
                id: options.numericIds && /^\d+$/.test(t.id) ? Number(t.id) : t.id,
                name: t.name,
                desc: '',
                created: 1700000000000,
              })),
              ...(cursor ? { cursor } : {}),
            },
          },
        };
      }
      if (req.path === '/api/results') {
        if (!req.query.target) return error(400, 'Missing parameter: target');
        const target = data.targets.find((t) => t.id === req.query.target);
        if (!target) return error(404, 'Target not found');
        const limit = Number(req.query.limit ?? 1);
        if (!(limit >= 1)) return error(400, 'Invalid parameter: limit');
        const visible = target.runs.filter(
          (r) => (!req.query.build || r.build === req.query.build) && Date.now() - startedAt >= (r.uploadedAfterMs ?? 0),
        );
        const start = req.query.cursor ? Number(Buffer.from(req.query.cursor, 'base64url').toString()) : 0;
        const size = Math.min(limit, options.runsPerPageMax ?? limit);
        const runs = visible.slice(start, start + size);
        if (options.failEarlierRuns && (start > 0 || limit > 1) && !req.query.build) return error(500, 'Internal server error');
        const nextStart = options.loopRunsCursor ? start : start + size;
        const cursor =
          nextStart < visible.length || options.loopRunsCursor ? Buffer.from(String(nextStart)).toString('base64url') : undefined;
        return {
          json: {
            data: {
              code: 200,
              message: 'Success',
              ...(cursor ? { cursor } : {}),
              results: {
                runs: runs.map((r) => ({
                  created_time: r.created_time,
                  ...(r.run_url ? { run_url: r.run_url } : {}),
                  cases: [
                    ...(r.buildCase === false
                      ? []
                      : [
                          {
                            name: r.build,
                            suite: '[build]',
                            result: 'pass',
                            desc: 'Build under test',
                            num: 0,
                            hash: 'build-hash',
                            params: {},
                            files: [],
                          },
                        ]),
                    ...r.cases.map((c, i) => ({
                      desc: '',
                      reason: '',
                      duration: 0,
                      num: i + 1,
                      hash: `h${i}`,
                      params: {},
                      files: [],
                      _Owner: 'qa',
                      ...c,
                    })),
                  ],
                })),
              },
            },
          },
        };
      }
      return error(404, 'Not found');
    },
    { latencyMs: options.latencyMs },
  );
  return Object.assign(server, { token: data.token });
}
