// @ts-check
/**
 * A loopback HTTP server (127.0.0.1 only) that records every request and can inject faults:
 * the base of every fake provider and of the fake GitHub API, in tests, the demo and the benchmark.
 */
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * @typedef {{ method: string, path: string, query: Record<string, string>, url: string,
 *   headers: http.IncomingHttpHeaders, body: string, at: number }} RecordedRequest
 * @typedef {{ status?: number, headers?: Record<string, string>, json?: unknown, text?: string }} Answer
 * @typedef {'reset' | 'hang' | Answer} Fault
 * @typedef {{ match: (r: RecordedRequest) => boolean, fault: Fault, times: number }} FaultRule
 */

/**
 * @param {(r: RecordedRequest) => Answer | Promise<Answer>} handler
 * @param {{ latencyMs?: number }} [options]
 */
export async function startLoopbackServer(handler, options = {}) {
  /** @type {RecordedRequest[]} */
  const requests = [];
  /** @type {FaultRule[]} */
  const faults = [];
  let latencyMs = options.latencyMs ?? 0;
  let inFlight = 0;
  let maxInFlight = 0;

  const server = http.createServer(async (req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      /** @type {RecordedRequest} */
      const record = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      requests.push(record);
      if (latencyMs > 0) await sleep(latencyMs);
      const rule = faults.find((f) => f.times > 0 && f.match(record));
      if (rule) {
        rule.times--;
        if (rule.fault === 'reset') {
          req.socket.destroy();
          return;
        }
        if (rule.fault === 'hang') return; // never answers; closed when the server closes
        send(res, rule.fault);
        return;
      }
      send(res, await handler(record));
    } catch (error) {
      send(res, { status: 500, json: { message: `fake server bug: ${String(error)}` } });
    } finally {
      inFlight--;
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());

  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    /** @param {number} ms */
    setLatency(ms) {
      latencyMs = ms;
    },
    /**
     * Answers the next `times` requests that match with the fault instead.
     * @param {RegExp | ((r: RecordedRequest) => boolean)} match  a path pattern or a predicate
     * @param {Fault} fault
     * @param {number} [times]
     */
    inject(match, fault, times = 1) {
      const test = match instanceof RegExp ? (/** @type {RecordedRequest} */ r) => match.test(r.path) : match;
      faults.push({ match: test, fault, times });
    },
    reset() {
      requests.length = 0;
      faults.length = 0;
      maxInFlight = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

/** @param {http.ServerResponse} res @param {Answer} answer */
function send(res, answer) {
  const status = answer.status ?? 200;
  const body = answer.text ?? (answer.json === undefined ? '' : JSON.stringify(answer.json));
  res.writeHead(status, { 'content-type': answer.text !== undefined ? 'text/plain' : 'application/json', ...answer.headers });
  res.end(body);
}

/**
 * Pages a list the way page-numbered APIs do.
 * @template T
 * @param {T[]} items @param {number} page @param {number} perPage
 */
export function pageOf(items, page, perPage) {
  const lastPage = items.length === 0 ? null : Math.ceil(items.length / perPage);
  const current = lastPage === null ? null : page;
  return {
    page: current,
    prev_page: current !== null && current > 1 ? current - 1 : null,
    next_page: lastPage !== null && page < lastPage ? page + 1 : null,
    last_page: lastPage,
    per_page: perPage,
    total: items.length,
    result: items.slice((page - 1) * perPage, page * perPage),
  };
}
