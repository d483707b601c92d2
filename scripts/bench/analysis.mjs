// The analyses' worst cases on long text: a failure message's cause (linear scan) and a
// known-failures regular expression that backtracks catastrophically in a backtracking engine.
// Bundles scripts/bench/analysis-entry.ts with ncc (as the action is), then times each case
// (median of 5). Alone: node scripts/bench/analysis.mjs; npm run bench includes it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../../test-support/run-action.mjs';

function median(fn, runs = 5) {
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    result = fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { ms: +times[Math.floor(runs / 2)].toFixed(1), result };
}

export async function benchAnalyses() {
  const out = mkdtempSync(join(tmpdir(), 'bench-analysis-'));
  try {
    const built = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js'),
        'build',
        join(ROOT, 'scripts', 'bench', 'analysis-entry.ts'),
        '-o',
        out,
        '--quiet',
      ],
      { encoding: 'utf8' },
    );
    if (built.status !== 0) throw new Error(`ncc failed: ${built.stderr}`);
    const { causeOf, classifyKnownFailures, parseKnownFailures } = await import(pathToFileURL(join(out, 'index.js')).href);
    const now = Date.now();
    const fiveMb = 5 * 1024 * 1024;
    const line = 'connect ECONNREFUSED 10.0.3.7:5432 after 3012 ms id=8c1f2e3a-4b5c-4d6e-8f90-a1b2c3d4e5f6 "q" ';
    const oneLine = `Error: ${line.repeat(Math.ceil(fiveMb / line.length))}`.slice(0, fiveMb);
    // The first line short, then 5 MB of stack: only the first line is scanned.
    const stack = `Error: boom 42\n${'    at fn (/app/src/file.ts:12:34)\n'.repeat(Math.ceil(fiveMb / 36))}`.slice(0, fiveMb);
    const quotes = `"${"'`x".repeat(Math.ceil(fiveMb / 3))}`.slice(0, fiveMb);
    // Nothing to emit for 5 MB: white space and colour codes, then the text.
    const blank = `${' \t\u001b[31m'.repeat(Math.ceil(fiveMb / 7))}Error 42`;
    const results = {
      cause5MbOneLineMs: median(() => causeOf(oneLine)).ms,
      cause5MbStackMs: median(() => causeOf(stack)).ms,
      cause5MbUnclosedQuotesMs: median(() => causeOf(quotes)).ms,
      cause5MbBlankThenTextMs: median(() => causeOf(blank)).ms,
    };
    const oneMb = 'a'.repeat(1024 * 1024);
    const entries = parseKnownFailures(
      '- {test: "*", message: "(a+)+$", reason: r}\n- {test: "*", message: "(x+x+)+y", reason: r}\n- {test: "*", message: "(a|aa)+b", reason: r}',
    );
    for (const [name, entry] of [
      ['aPlusPlusMs', entries[0]],
      ['xPlusXPlusYMs', entries[1]],
      ['aOrAaPlusBMs', entries[2]],
    ]) {
      const timed = median(() => classifyKnownFailures([entry], [{ name: 't', status: 'failed', message: `${oneMb}!` }], [], { now }));
      if (timed.result.known.length !== 0) throw new Error(`${name}: matched`);
      results[`regex1Mb_${name}`] = timed.ms;
    }
    // 1,000 entries × 200 failures of 10 KB messages: 2,000 KB of text per entry that matches by name.
    const many = parseKnownFailures(Array.from({ length: 1000 }, (_, i) => `- {test: "*", message: "E${i}(a+)+$", reason: r}`).join('\n'));
    const failures = Array.from({ length: 200 }, (_, i) => ({ name: `t${i}`, status: 'failed', message: 'a'.repeat(10_000) }));
    const big = median(() => classifyKnownFailures(many, failures, [], { now }), 1);
    results.entries1000Failures200Of10KbMs = big.ms;
    results.entries1000Failures200CutOff = big.result.warnings.length > 0;
    return results;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) console.log(await benchAnalyses());
