// @ts-check
/**
 * A fake GitHub check-runs API: records every request; `forbidden` answers 403 as GitHub does
 * for a token without `checks: write` (pull requests from forks).
 */
import { startLoopbackServer } from '../loopback-server.mjs';

/** @param {{ forbidden?: boolean, latencyMs?: number }} [options] */
export async function startFakeGitHub(options = {}) {
  let nextId = 7000;
  /** @type {Map<number, { create: any, updates: any[] }>} */
  const checkRuns = new Map();
  const server = await startLoopbackServer(
    (req) => {
      if (!String(req.headers.authorization ?? '').match(/^(token|bearer) \S+/i)) {
        return { status: 401, json: { message: 'Requires authentication' } };
      }
      if (options.forbidden) {
        return {
          status: 403,
          json: {
            message: 'Resource not accessible by integration',
            documentation_url: 'https://docs.github.com/rest/checks/runs#create-a-check-run',
          },
        };
      }
      let m = req.path.match(/^\/repos\/([^/]+)\/([^/]+)\/check-runs$/);
      if (m && req.method === 'POST') {
        const body = JSON.parse(req.body);
        if (!body.name || !body.head_sha) return { status: 422, json: { message: 'Invalid request.' } };
        if ((body.output?.annotations ?? []).length > 50)
          return { status: 422, json: { message: 'Only 50 annotations are allowed per request' } };
        const id = nextId++;
        checkRuns.set(id, { create: body, updates: [] });
        return {
          status: 201,
          json: {
            id,
            head_sha: body.head_sha,
            name: body.name,
            status: body.status,
            conclusion: body.conclusion ?? null,
            html_url: `https://github.com/${m[1]}/${m[2]}/runs/${id}`,
          },
        };
      }
      m = req.path.match(/^\/repos\/([^/]+)\/([^/]+)\/check-runs\/(\d+)$/);
      if (m && req.method === 'PATCH') {
        const run = checkRuns.get(Number(m[3]));
        if (!run) return { status: 404, json: { message: 'Not Found' } };
        const body = JSON.parse(req.body);
        if ((body.output?.annotations ?? []).length > 50)
          return { status: 422, json: { message: 'Only 50 annotations are allowed per request' } };
        run.updates.push(body);
        return { json: { id: Number(m[3]), html_url: `https://github.com/${m[1]}/${m[2]}/runs/${m[3]}` } };
      }
      return { status: 404, json: { message: 'Not Found' } };
    },
    { latencyMs: options.latencyMs },
  );

  const forgetRequests = server.reset;
  return Object.assign(server, {
    checkRuns,
    /** Forgets requests, faults and check runs: ids start again at 7000. */
    reset() {
      forgetRequests();
      checkRuns.clear();
      nextId = 7000;
    },
    /** Every annotation sent, in order, across the create and its updates. */
    annotations() {
      return [...checkRuns.values()].flatMap((r) => [r.create, ...r.updates]).flatMap((b) => b.output?.annotations ?? []);
    },
  });
}
