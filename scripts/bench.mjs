// npm run bench: how fast the action reads a large run, how fast it starts, how much memory
// it needs and how many GitHub requests it makes. Prints a table and writes bench-results.json.
// Not part of npm test: these are figures to read, not assertions.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:http';
import { startFakeGitHub } from '../test-support/fakes/github.mjs';
import { generatedAutomationRun, generatedTestmoRun, startFakeTestmo } from '../test-support/fakes/testmo.mjs';
import { ROOT, runAction } from '../test-support/run-action.mjs';
import { benchSources } from './bench/sources.mjs';
import { benchAnalyses } from './bench/analysis.mjs';
// Pure TypeScript with erasable syntax only: Node 24 loads it as is.
import { indexTrackedFiles, locateFailure } from '../src/analysis/locate.ts';

const LATENCY_MS = 50;
const CONCURRENCY = 4; // Testmo requests in flight at most (Testmo throttles bursts account-wide)
const results = { machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`, date: new Date().toISOString() };
const log = (line) => process.stdout.write(`${line}\n`);

async function withServers(data, latencyMs, fn, options = {}) {
  const github = await startFakeGitHub();
  const testmo = await startFakeTestmo(data, { latencyMs, ...options });
  try {
    return await fn(testmo, github);
  } finally {
    await testmo.close();
    await github.close();
  }
}
const inputsFor = (url, extra = {}) => ({ provider: 'testmo', 'base-url': url, 'api-key': 'testmo-token-123', run: '42', ...extra });

// The fake GitHub checks every request and answer against GitHub's OpenAPI description, which it
// loads and compiles on first use (a few hundred ms in this process): one untimed run first, so
// that no figure below counts the fake's own set-up.
await withServers(generatedTestmoRun({ tests: 10, failed: 1 }), 0, (testmo, github) =>
  runAction({ inputs: inputsFor(testmo.url), githubApiUrl: github.url }),
);

// 1. A 20,000-test run (200 result pages) in a project of 30,000 cases (300 case pages), 5,000 failing.
log(`1/8 Testmo: 20,000 tests, 30,000 cases, 5,000 failing, ${LATENCY_MS} ms per request …`);
const big = generatedTestmoRun({ tests: 20_000, failed: 5_000, cases: 30_000 });
results.throughput = await withServers(big, LATENCY_MS, async (testmo, github) => {
  const action = await runAction({ inputs: inputsFor(testmo.url), githubApiUrl: github.url });
  if (action.outputs.total !== '20000' || action.outputs.failed !== '5000')
    throw new Error(`wrong counts: ${JSON.stringify(action.outputs)}`);
  const made = testmo.requests.map((r) => r.url);
  // The same requests, one at a time, as a shell loop of curl | jq would make them.
  const started = Date.now();
  for (const url of made) {
    const res = await fetch(testmo.url + url, { headers: { authorization: 'Bearer testmo-token-123' } });
    await res.json();
  }
  const sequentialMs = Date.now() - started;
  // Round trips on the critical path: the run with the first results page (it needs only the run's
  // id), then every other request at CONCURRENCY in flight (the cases need the run's project).
  const roundTrips = 1 + Math.ceil((made.length - 2) / CONCURRENCY);
  const boundMs = roundTrips * LATENCY_MS;
  return {
    requests: made.length,
    resultPages: made.filter((u) => u.includes('/results')).length,
    casePages: made.filter((u) => u.includes('/cases')).length,
    maxInFlight: testmo.maxInFlight,
    actionMs: action.ms,
    sequentialMs,
    roundTripBoundMs: boundMs,
    speedupVsSequential: +(sequentialMs / action.ms).toFixed(2),
    ratioToBound: +(action.ms / boundMs).toFixed(2),
  };
});

// 1b. A 20,000-test automation run: its tests come in pages of 1000, so ~20 requests.
const AUTOMATION_CONCURRENCY = 4; // Testmo: a few requests at once
log(`1b/8 Testmo automation run: 20,000 tests, 1,000 failing, ${LATENCY_MS} ms per request …`);
const automationRun = generatedAutomationRun({ id: 77, tests: 20_000, failed: 1_000 });
results.automation = await withServers(
  generatedTestmoRun({ tests: 1, failed: 0 }),
  LATENCY_MS,
  async (testmo, github) => {
    const action = await runAction({
      inputs: { provider: 'testmo', 'base-url': testmo.url, 'api-key': 'testmo-token-123', 'automation-run': '77', 'max-failures': '1000' },
      githubApiUrl: github.url,
    });
    if (action.outputs.total !== '20000' || action.outputs.failed !== '1000')
      throw new Error(`wrong counts: ${JSON.stringify(action.outputs)}`);
    const made = testmo.requests.length;
    // On the critical path: the run (its total_count says how many pages), then every page at 4 in flight.
    const roundTrips = 1 + Math.ceil((made - 1) / AUTOMATION_CONCURRENCY);
    const boundMs = roundTrips * LATENCY_MS;
    // Node's start-up and the writers are outside the bound: the requests' own span is shown too.
    const spanMs = testmo.requests.at(-1).at + LATENCY_MS - testmo.requests[0].at;
    return {
      requests: made,
      spanMs,
      spanRatioToBound: +(spanMs / boundMs).toFixed(2),
      testPages: testmo.requests.filter((r) => r.path.endsWith('/tests')).length,
      maxInFlight: testmo.maxInFlight,
      actionMs: action.ms,
      roundTripBoundMs: boundMs,
      ratioToBound: +(action.ms / boundMs).toFixed(2),
    };
  },
  { automation: { runs: [automationRun] } },
);

// 1c. The same 20,000-test run compared with earlier runs: baseline none, previous, and history 5.
// Earlier runs of the same cases, a day apart, each failing a shifted block of 5,000 tests.
log('1c/8 Testmo baseline: none vs previous vs history 5, same run …');
const earlierBig = Array.from({ length: 5 }, (_, k) =>
  generatedTestmoRun({
    tests: 20_000,
    failed: 5_000,
    cases: 30_000,
    runId: 41 - k,
    createdAt: `2026-11-${String(19 - k).padStart(2, '0')}T08:00:00.000Z`,
    failedFrom: 500 * (k + 1),
  }),
);
const BASELINE_REPEATS = 3;
const baselineTimes = {};
for (const [label, extra] of [
  ['none', { baseline: 'none' }],
  ['previous', { baseline: 'previous' }],
  ['history5', { baseline: 'previous', history: '5' }],
]) {
  const times = [];
  let requests = 0;
  for (let i = 0; i < BASELINE_REPEATS; i++) {
    const github = await startFakeGitHub();
    const testmo = await startFakeTestmo(big, { latencyMs: LATENCY_MS, earlierRuns: earlierBig });
    try {
      const action = await runAction({ inputs: inputsFor(testmo.url, extra), githubApiUrl: github.url });
      if (action.outputs.total !== '20000' || (label !== 'none' && action.outputs['baseline-id'] !== '41'))
        throw new Error(`wrong baseline run: ${JSON.stringify(action.outputs).slice(0, 400)}`);
      times.push(action.ms);
      requests = testmo.requests.length;
    } finally {
      await testmo.close();
      await github.close();
    }
  }
  baselineTimes[label] = { medianMs: [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)], requests };
}
results.baseline = {
  ...baselineTimes,
  previousOverNone: +(baselineTimes.previous.medianMs / baselineTimes.none.medianMs).toFixed(2),
  history5OverNone: +(baselineTimes.history5.medianMs / baselineTimes.none.medianMs).toFixed(2),
};

// 2. Start-up: node dist/index.js stopping at input validation, against bare node.
log('2/8 start-up …');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (args, env) => {
  const t = process.hrtime.bigint();
  spawnSync(process.execPath, args, { env: { PATH: process.env.PATH, ...env }, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const RUNS = 15;
const bare = [];
const action = [];
for (let i = 0; i < RUNS; i++) {
  bare.push(time(['-e', '']));
  action.push(time([join(ROOT, 'dist', 'index.js')], { INPUT_PROVIDER: 'nope', GITHUB_OUTPUT: '/dev/null' }));
}
results.startup = {
  runs: RUNS,
  bareNodeMedianMs: +median(bare).toFixed(1),
  actionMedianMs: +median(action).toFixed(1),
  overheadMs: +(median(action) - median(bare)).toFixed(1),
};

// 3. Peak RSS of the action reading a 100,000-result run.
log('3/8 peak memory at 100,000 results …');
const huge = generatedTestmoRun({ tests: 100_000, failed: 5_000, cases: 100_000 });
const rssFile = join(ROOT, '.bench-rss');
const peakRss = (nodeFlags) =>
  withServers(huge, 0, async (testmo, github) => {
    const r = await runAction({
      inputs: inputsFor(testmo.url),
      githubApiUrl: github.url,
      env: { NODE_OPTIONS: `--import=${join(ROOT, 'scripts', 'bench', 'report-rss.mjs')} ${nodeFlags}`, BENCH_RSS_FILE: rssFile },
    });
    if (r.outputs.total !== '100000') throw new Error(`wrong counts: ${JSON.stringify(r.outputs)}`);
    const peakKb = Number(readFileSync(rssFile, 'utf8'));
    rmSync(rssFile);
    return { requests: testmo.requests.length, peakRssMb: +(peakKb / 1024).toFixed(1), wallMs: r.ms };
  });
const smallRun = await withServers(generatedTestmoRun({ tests: 10, failed: 1 }), 0, async (testmo, github) => {
  const r = await runAction({
    inputs: inputsFor(testmo.url),
    githubApiUrl: github.url,
    env: { NODE_OPTIONS: `--import=${join(ROOT, 'scripts', 'bench', 'report-rss.mjs')}`, BENCH_RSS_FILE: rssFile },
  });
  void r;
  const peakKb = Number(readFileSync(rssFile, 'utf8'));
  rmSync(rssFile);
  return +(peakKb / 1024).toFixed(1);
});
// Diagnostic: the same run with V8's old generation capped at 48 MB still completes, so the live
// data fits in it; the rest of the default peak is V8's heap-growth slack. Actions cannot pass node flags.
results.memory = {
  results: 100_000,
  ...(await peakRss('')),
  tenTestRunPeakRssMb: smallRun,
  cappedOldSpace48PeakRssMb: (await peakRss('--max-old-space-size=48')).peakRssMb,
};

// 4. GitHub requests for 1, 50, 51 and 5,000 failures (max-annotations 1000).
log('4/8 GitHub requests per failure count (GitHub asks for 1 s between writes, so 5,000 takes ~20 s) …');
results.github = [];
for (const failures of [1, 50, 51, 5000]) {
  const data = generatedTestmoRun({ tests: Math.max(failures, 100), failed: failures });
  results.github.push(
    await withServers(data, 0, async (testmo, github) => {
      await runAction({ inputs: inputsFor(testmo.url, { 'max-annotations': '1000' }), githubApiUrl: github.url });
      const annotations = Math.min(failures, 1000);
      // Check-run writes only: locating the failures adds one read of the repository's tree.
      const writes = github.requests.filter((r) => r.path.endsWith('/check-runs') || /\/check-runs\/\d+$/.test(r.path)).length;
      return { failures, annotations, requests: github.requests.length, writes, expected: Math.max(1, Math.ceil(annotations / 50)) };
    }),
  );
}

// 5. Peak RSS while a provider sends a 300 MB body (chunked, so it must be read to find out):
// the read stops at the 64 MiB cap, so the peak stays within the cap plus a small run's peak.
log('5/8 peak memory while a provider sends a 300 MB body …');
results.hugeBody = await (async () => {
  const bodyBytes = 300 * 1000 * 1000;
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  let sent = 0;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const write = () => {
      while (!res.destroyed && sent < bodyBytes) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', write);
      }
      res.end();
    };
    write();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const github = await startFakeGitHub();
  try {
    const r = await runAction({
      inputs: { provider: 'tesults', 'base-url': `http://127.0.0.1:${server.address().port}`, 'api-key': 'k-123', target: 't' },
      githubApiUrl: github.url,
      env: { NODE_OPTIONS: `--import=${join(ROOT, 'scripts', 'bench', 'report-rss.mjs')}`, BENCH_RSS_FILE: rssFile },
    });
    if (!r.outputs['gate-reason']?.includes('larger than 64 MiB')) throw new Error(`the body was not refused: ${r.outputs['gate-reason']}`);
    const peakKb = Number(readFileSync(rssFile, 'utf8'));
    rmSync(rssFile);
    return {
      bodyMb: bodyBytes / 1e6,
      sentMbBeforeRefusal: +(sent / 1e6).toFixed(1),
      peakRssMb: +(peakKb / 1024).toFixed(1),
      boundMb: +(64 + smallRun).toFixed(1),
      wallMs: r.ms,
    };
  } finally {
    server.closeAllConnections();
    server.close();
    await github.close();
  }
})();

// 6. Locating 1,000 failures in a 100,000-file tree: CPU time of indexing and locating, beyond
// building the list of paths (what the tree request or git ls-files gives).
log('6/8 locating 1,000 failures in 100,000 tracked files …');
results.locate = (() => {
  const paths = [];
  for (let i = 0; paths.length < 100_000; i++) {
    const pkg = `packages/pkg${i % 200}`;
    paths.push(`${pkg}/src/module${i}.ts`, `${pkg}/src/module${i}.test.ts`, `${pkg}/src/index.ts`.replace('index', `index${i % 50}`));
    if (i % 10 === 0) paths.push(`services/java/src/test/java/com/acme/s${i % 97}/Service${i}Test.java`, `tests/py/test_module${i}.py`);
  }
  paths.length = 100_000;
  const failures = Array.from({ length: 1000 }, (_, k) => {
    const i = (k * 37) % 30_000;
    const stack = [
      `Error: expected 3 to be 2\n    at Object.toBe (/home/runner/work/shop/shop/node_modules/expect/build/index.js:218:20)`,
      `    at helper (/home/runner/work/shop/shop/packages/shared/helpers.ts:4:9)`,
      `    at Object.<anonymous> (/home/runner/work/shop/shop/packages/pkg${i % 200}/src/module${i}.test.ts:${k + 1}:7)`,
      '    at Promise.then.completed (/home/runner/work/shop/shop/node_modules/jest-circus/build/utils.js:298:28)',
    ].join('\n');
    // A quarter by Java frames, a quarter by suite only, the rest by JS frames, with 4 KB of log each.
    if (k % 4 === 0)
      return { texts: [`\tat com.acme.s${(k * 10) % 97}.Service${k * 10}Test.run(Service${k * 10}Test.java:12)\n${'x'.repeat(4096)}`] };
    if (k % 4 === 1) return { suite: `tests.py.test_module${(k - 1) * 10}`, texts: ['AssertionError: no stack here'] };
    return { texts: [stack, 'log line\n'.repeat(450)] };
  });
  const cpu = () => process.cpuUsage();
  const since = (start) => {
    const d = process.cpuUsage(start);
    return +((d.user + d.system) / 1000).toFixed(1);
  };
  const t0 = cpu();
  const index = indexTrackedFiles(paths);
  const indexMs = since(t0);
  const t1 = cpu();
  let located = 0;
  for (const failure of failures) if (locateFailure(index, failure)) located++;
  const locateMs = since(t1);
  return {
    files: paths.length,
    failures: failures.length,
    located,
    indexCpuMs: indexMs,
    locateCpuMs: locateMs,
    totalCpuMs: +(indexMs + locateMs).toFixed(1),
  };
})();
// 7. The analyses on long text (bundled on their own): failure causes and known-failure patterns.
log('7/8 analyses: causes of 5 MB messages, (a+)+$ against 1 MB …');
results.analyses = await benchAnalyses();

// 8. Several sources in one step: three entries of 20,000 tests each, read in parallel.
log('8/8 sources: three entries of 20,000 tests vs the slowest alone …');
results.sources = await benchSources(log);

writeFileSync(join(ROOT, 'bench-results.json'), JSON.stringify(results, null, 2) + '\n');
const t = results.throughput;
const s = results.startup;
const m = results.memory;
log(`
Machine: ${results.machine}

| Figure | Value | Target |
| --- | --- | --- |
| Testmo 20,000 tests / 30,000 cases, ${LATENCY_MS} ms latency: action wall time | ${t.actionMs} ms (${t.requests} requests: ${t.resultPages} result pages, ${t.casePages} case pages; ${t.maxInFlight} in flight at most) | |
| Sequential baseline, same requests one at a time | ${t.sequentialMs} ms | |
| Round-trip lower bound at ${CONCURRENCY} in flight | ${t.roundTripBoundMs} ms | |
| Speed-up over sequential | ${t.speedupVsSequential}× | ≥ 3.5× (${CONCURRENCY}× at most) |
| Wall time ÷ round-trip bound | ${t.ratioToBound}× | ≤ 1.2× |
| Testmo automation run of 20,000 tests, ${LATENCY_MS} ms latency: action wall time | ${results.automation.actionMs} ms (${results.automation.requests} requests: ${results.automation.testPages} test pages of 1000; ${results.automation.maxInFlight} in flight at most) | |
| … round-trip lower bound at ${AUTOMATION_CONCURRENCY} in flight | ${results.automation.roundTripBoundMs} ms (wall time ÷ bound: ${results.automation.ratioToBound}×; first request to last answer: ${results.automation.spanMs} ms, ${results.automation.spanRatioToBound}×) | ≤ 1.5× (requests' span) |
| Same run, baseline: none (median of ${BASELINE_REPEATS}) | ${results.baseline.none.medianMs} ms (${results.baseline.none.requests} requests) | |
| … baseline: previous | ${results.baseline.previous.medianMs} ms (${results.baseline.previous.requests} requests): ${results.baseline.previousOverNone}× | ≤ 1.3× |
| … baseline: previous, history: 5 | ${results.baseline.history5.medianMs} ms (${results.baseline.history5.requests} requests): ${results.baseline.history5OverNone}× | ≤ 2× |
| Start-up: node dist/index.js (invalid input) vs node -e '' (median of ${s.runs}) | ${s.actionMedianMs} ms vs ${s.bareNodeMedianMs} ms: +${s.overheadMs} ms | ≤ +150 ms |
| Peak RSS, 100,000 results | ${m.peakRssMb} MB (${m.requests} requests, ${m.wallMs} ms) | ≤ 150 MB |
| … a 10-test run, for scale | ${m.tenTestRunPeakRssMb} MB | |
| … 100,000 results with node --max-old-space-size=48 (diagnostic: the live data fits in 48 MB) | ${m.cappedOldSpace48PeakRssMb} MB | |
| Peak RSS while a provider sends a ${results.hugeBody.bodyMb} MB body (refused at the 64 MiB cap; ${results.hugeBody.sentMbBeforeRefusal} MB sent) | ${results.hugeBody.peakRssMb} MB (${results.hugeBody.wallMs} ms) | ≤ 64 MiB + 10-test run = ${results.hugeBody.boundMb} MB |
| Cause of a 5 MB one-line message / 5 MB of unclosed quotes / 5 MB of blanks, then text (median of 5) | ${results.analyses.cause5MbOneLineMs} ms / ${results.analyses.cause5MbUnclosedQuotesMs} ms / ${results.analyses.cause5MbBlankThenTextMs} ms | ≪ 1000 ms |
| Known failure \`(a+)+$\` against a 1 MB message (RE2JS, linear) | ${results.analyses.regex1Mb_aPlusPlusMs} ms | ≪ 1000 ms |
| 1,000 entries × 200 failures of 10 KB (bounded: ${results.analyses.entries1000Failures200CutOff ? 'cut off, warned' : 'not cut off'}) | ${results.analyses.entries1000Failures200Of10KbMs} ms | ≪ 1000 ms |
| Locating ${results.locate.failures} failures in ${results.locate.files} tracked files (${results.locate.located} located): CPU, index + locate | ${results.locate.totalCpuMs} ms (index ${results.locate.indexCpuMs} ms, locate ${results.locate.locateCpuMs} ms) | < 1000 ms |
| sources: three Testmo entries of 20,000 tests on three hosts, ${results.sources.latencyMs} ms latency (median of ${results.sources.repeats}) | ${results.sources.threeEntriesMs} ms vs ${results.sources.slowestAloneMs} ms for the slowest alone: ${results.sources.ratio}× | ≤ 1.3× |
| … the same three entries on one host (they share its ${CONCURRENCY} requests in flight) | ${results.sources.threeEntriesOneHostMs} ms: ${results.sources.oneHostRatio}× | |
${results.github.map((g) => `| Check-run writes, ${g.failures} failures (${g.annotations} annotations) | ${g.writes} (ceil(${g.annotations}/50) = ${g.expected}; ${g.requests} GitHub requests with the tree read) | = ${g.expected} |`).join('\n')}

Written to bench-results.json.`);
