// Several sources in one step: three entries of 20,000 tests each, read in parallel, against the
// slowest of them read alone. Part of `npm run bench`; `node scripts/bench/sources.mjs` runs it alone.
import { startFakeGitHub } from '../../test-support/fakes/github.mjs';
import { generatedTestmoRun, startFakeTestmo } from '../../test-support/fakes/testmo.mjs';
import { runAction } from '../../test-support/run-action.mjs';

const LATENCY_MS = 50;
const REPEATS = 3;
const TOKEN = 'testmo-token-123';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Three Testmo instances (three hosts, as three suites' instances or providers would be), 20,000 tests each. */
export async function benchSources(log = (line) => process.stdout.write(`${line}\n`)) {
  const data = generatedTestmoRun({ tests: 20_000, failed: 1_000, cases: 20_000 });
  const github = await startFakeGitHub();
  const servers = await Promise.all([0, 1, 2].map(() => startFakeTestmo(data, { latencyMs: LATENCY_MS })));
  const single = (url) => ({ provider: 'testmo', 'base-url': url, 'api-key': TOKEN, run: '42', 'max-failures': '100000' });
  const entries = (urls) => urls.map((url, i) => `- label: suite ${i + 1}\n  base-url: ${url}`).join('\n');
  const several = (urls) => ({ ...single(urls[0]), sources: entries(urls) });
  const check = (r, total) => {
    if (r.outputs.total !== String(total)) throw new Error(`wrong counts: ${JSON.stringify(r.outputs).slice(0, 400)}`);
    return r.ms;
  };
  try {
    const alone = servers.map(() => []);
    const together = [];
    const sameHost = [];
    for (let i = 0; i < REPEATS; i++) {
      log(`  sources: repeat ${i + 1} of ${REPEATS} …`);
      for (const [k, server] of servers.entries()) {
        alone[k].push(check(await runAction({ inputs: single(server.url), githubApiUrl: github.url }), 20_000));
      }
      together.push(check(await runAction({ inputs: several(servers.map((s) => s.url)), githubApiUrl: github.url }), 60_000));
      // The same three entries on one host share its limit on requests in flight: for scale.
      const one = servers[0].url;
      sameHost.push(check(await runAction({ inputs: several([one, one, one]), githubApiUrl: github.url }), 60_000));
    }
    const slowestAloneMs = Math.max(...alone.map(median));
    const threeMs = median(together);
    return {
      testsPerEntry: 20_000,
      latencyMs: LATENCY_MS,
      repeats: REPEATS,
      aloneMedianMs: alone.map(median),
      slowestAloneMs,
      threeEntriesMs: threeMs,
      ratio: +(threeMs / slowestAloneMs).toFixed(2),
      threeEntriesOneHostMs: median(sameHost),
      oneHostRatio: +(median(sameHost) / slowestAloneMs).toFixed(2),
    };
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    await github.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await benchSources();
  process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
}
