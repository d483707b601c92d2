// @ts-check
/**
 * A forward HTTP proxy on 127.0.0.1 that records what passes through it: CONNECT tunnels (how
 * undici's and most clients' proxy agents reach any origin) and absolute-form requests. Every
 * host name is resolved to 127.0.0.1 (as a proxy resolves names the runner cannot): tests never
 * reach the network through it, and a fake server can stand behind a made-up name.
 */
import http from 'node:http';
import net from 'node:net';

/** @typedef {{ method: string, target: string, at: number }} ProxiedRequest */

export async function startFakeProxy() {
  /** @type {ProxiedRequest[]} */
  const requests = [];
  /** @type {Set<import('node:stream').Duplex>} */
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    // Absolute-form: GET http://127.0.0.1:port/path
    let url;
    try {
      url = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute-form URL expected');
      return;
    }
    requests.push({ method: req.method ?? 'GET', target: url.host, at: Date.now() });
    const upstream = http.request(
      { host: '127.0.0.1', port: url.port, path: `${url.pathname}${url.search}`, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req, client, head) => {
    const target = req.url ?? '';
    requests.push({ method: 'CONNECT', target, at: Date.now() });
    const port = target.split(':').pop();
    if (!port || !/^\d+$/.test(port)) {
      client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const upstream = net.connect(Number(port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [upstream, client]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        upstream.destroy();
        client.destroy();
      });
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    async close() {
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}
