import { describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIONS_BOT } from '../../test-support/fakes/github.mjs';
import { buildTestmoRun, startFakeTestmo } from '../../test-support/fakes/testmo.mjs';
import { startFakeTesults } from '../../test-support/fakes/tesults.mjs';
import { ROOT, runAction } from '../../test-support/run-action.mjs';
import { useFakeGitHub, using } from './helpers.js';

// Durations and trend through dist/index.js, on Tesults (builds named freely by CI, so labels
// can be hostile; `duration` in ms, else `end − start`). Six builds, newest first: the current
// one and `history: 5` earlier ones.

const TOKEN = 'tesults-api-token-durations';
const PR = 7;
const pullRequestEvent = {
  eventName: 'pull_request',
  event: { action: 'synchronize', number: PR, pull_request: { number: PR, head: { sha: 'd'.repeat(40) } } },
};

type Case = { name: string; suite?: string; result: string; duration?: number | null; start?: number; end?: number };

/** Per test, its duration in each build, oldest first (the last is the current build); undefined: absent. */
const TIMES: Record<string, (number | undefined)[]> = {
  // 2.0 s medians, now 3.5 s: +75% (+1.5 s), over both thresholds of `50%, 1s`.
  'Checkout pays': [2000, 1900, 2100, 2000, 2050, 3500],
  // 0.1 → 0.3 s: +200%, but only +0.2 s: not over 1 s.
  'Search suggests': [100, 100, 100, 100, 100, 300],
  // Only 2 earlier durations: never judged, however much slower.
  'New report page': [undefined, undefined, undefined, 1000, 1000, 9000],
  // Ties at 1.2 s, ordered by name.
  'Tie b': [1200, 1200, 1200, 1200, 1200, 1200],
  'Tie a': [1200, 1200, 1200, 1200, 1200, 1200],
};
for (let i = 1; i <= 8; i++) TIMES[`Filler ${i}`] = Array(6).fill(i * 10);

/** Failures per build, oldest first, for a pass-rate trend that moves. */
const FAILING: string[][] = [['Filler 1'], [], ['Filler 1', 'Filler 2'], [], ['Filler 3'], []];

function build(index: number, name: string): { build: string; created_time: number; cases: Case[] } {
  const cases: Case[] = [];
  for (const [test, times] of Object.entries(TIMES)) {
    const ms = times[index];
    if (ms === undefined) continue;
    const result = FAILING[index]!.includes(test) ? 'fail' : 'pass';
    // One test gives start and end instead of a duration (the fake's default duration is 0, hence null).
    cases.push(
      test === 'Tie a'
        ? { name: test, suite: 'Shop', result, duration: null, start: 1_700_000_000_000, end: 1_700_000_000_000 + ms }
        : { name: test, suite: 'Shop', result, duration: ms },
    );
  }
  return { build: name, created_time: 1_764_000_000_000 + index * 3_600_000, cases };
}

const NAMES = ['b1', 'b2', 'b3', 'b4', 'b5', 'b6'];
function data(names: string[] = NAMES, builds = 6) {
  const runs = names.slice(6 - builds).map((name, i) => build(6 - builds + i, name));
  return { token: TOKEN, targets: [{ id: 'tgt-perf', name: 'Perf', runs: runs.reverse() }] };
}

const inputs = (url: string, extra: Record<string, string> = {}) => ({
  provider: 'tesults',
  'base-url': url,
  'api-key': TOKEN,
  target: 'tgt-perf',
  history: '5',
  ...extra,
});

const mermaidBlocks = (text: string) => text.split('```mermaid').length - 1;
const xLabels = (text: string) => {
  const line = text.split('\n').find((l) => l.startsWith('  x-axis ['))!;
  return [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
};
const trendLine = (text: string) => text.split('\n').find((l) => l.startsWith('**Pass rate, oldest to newest:**'))!;

describe('durations and trend end to end through dist/index.js', () => {
  const github = useFakeGitHub();

  test('slowest tests in order, ties by name, with medians; slower-than flags only the test over both thresholds', async () => {
    await using(startFakeTesults(data()), async (tesults) => {
      const r = await runAction({ inputs: inputs(tesults.url, { 'slower-than': '50%, 1s' }), githubApiUrl: github().url });
      expect(r.outputs.conclusion).toBe('success');
      expect(r.outputs['slower-tests']).toBe('["Checkout pays"]');
      const summary = r.summary;
      expect(summary).toContain('<details><summary><strong>Slowest tests</strong> (10 of 13 timed tests)</summary>');
      const slowest = summary.slice(summary.indexOf('<strong>Slowest tests</strong>'));
      const rows = slowest.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Test') && !l.startsWith('| ---'));
      expect(rows.slice(0, 6)).toEqual([
        '| New report page | Shop | 9.0 s | – |',
        '| Checkout pays | Shop | 3.5 s | 2.0 s (5 runs) |',
        '| Tie a | Shop | 1.2 s | 1.2 s (5 runs) |',
        '| Tie b | Shop | 1.2 s | 1.2 s (5 runs) |',
        '| Search suggests | Shop | 300 ms | 100 ms (5 runs) |',
        '| Filler 8 | Shop | 80 ms | 80 ms (5 runs) |',
      ]);
      expect(rows).toHaveLength(10);
      expect(summary).toContain('#### Slower than before (1)');
      expect(summary).toContain('by more than 50% and 1 s.');
      expect(summary).toContain('| Checkout pays | Shop | 3.5 s | 2.0 s (5 runs) | +75% (+1.5 s) |');
      expect(summary).not.toMatch(/\| Search suggests \|[^\n]*\+200%/);
      expect(summary).not.toMatch(/\| New report page \|[^\n]*\+/);
      // trend: table by default: no chart.
      expect(mermaidBlocks(summary)).toBe(0);
      expect(trendLine(summary)).toBeDefined();
    });
  });

  test('max-slower: 0 fails the gate with its own reason; without max-slower it is reported only', async () => {
    await using(startFakeTesults(data()), async (tesults) => {
      const r = await runAction({
        inputs: inputs(tesults.url, { 'slower-than': '50%, 1s', 'max-slower': '0' }),
        githubApiUrl: github().url,
      });
      expect(r.code).toBe(1);
      expect(r.outputs.conclusion).toBe('failure');
      expect(r.outputs['gate-reason']).toBe(
        '1 test got slower than the median of its earlier durations by more than 50% and 1 s, more than max-slower (0).',
      );
      const lenient = await runAction({
        inputs: inputs(tesults.url, { 'slower-than': '50%, 1s', 'max-slower': '1' }),
        githubApiUrl: github().url,
      });
      expect(lenient.outputs.conclusion).toBe('success');
    });
  });

  test('slower-than without history is an input error; with no slower-than, slower-tests is []', async () => {
    await using(startFakeTesults(data()), async (tesults) => {
      const bad = await runAction({ inputs: inputs(tesults.url, { history: '0', 'slower-than': '50%' }), githubApiUrl: github().url });
      expect(bad.code).toBe(1);
      expect(bad.stdout).toContain("::error::Input 'slower-than' needs history");
      expect(tesults.requests).toHaveLength(0);
      const off = await runAction({ inputs: inputs(tesults.url), githubApiUrl: github().url });
      expect(off.outputs['slower-tests']).toBe('[]');
      expect(off.summary).not.toContain('Slower than before');
    });
  });

  test('trend: chart draws one xychart-beta block above the table, its 6 labels the table’s runs, in the summary and the comment', async () => {
    await using(startFakeTesults(data()), async (tesults) => {
      const r = await runAction({
        inputs: inputs(tesults.url, { trend: 'chart', comment: 'always' }),
        githubApiUrl: github().url,
        ...pullRequestEvent,
      });
      const comment = github()
        .commentsOn(PR)
        .find((c) => c.user.login === ACTIONS_BOT.login)!.body;
      for (const text of [r.summary, comment]) {
        expect(mermaidBlocks(text)).toBe(1);
        expect(text.match(/xychart-beta/g)).toHaveLength(1);
        const labels = xLabels(text);
        expect(labels).toEqual(['build b1', 'build b2', 'build b3', 'build b4', 'build b5', 'this run']);
        const table = trendLine(text);
        for (const label of labels) expect(table).toContain(label!);
        expect(text.indexOf('```mermaid')).toBeLessThan(text.indexOf(table));
        expect(text).toContain('  line [91.67, 100, 83.33, 100, 92.31, 100]');
      }
    });
  });

  test('hostile build names cannot break the block or smuggle a directive', async () => {
    const hostile = ['%%{init: {"theme":"dark"}}%%', 'b"] , line [1', 'x```\n## injected', 'a;#quot;b', '<script>', 'b6'];
    await using(startFakeTesults(data(hostile)), async (tesults) => {
      const r = await runAction({ inputs: inputs(tesults.url, { trend: 'chart' }), githubApiUrl: github().url });
      expect(mermaidBlocks(r.summary)).toBe(1);
      const block = r.summary.slice(r.summary.indexOf('```mermaid'), r.summary.indexOf('```\n', r.summary.indexOf('```mermaid') + 3) + 4);
      expect(block.split('\n')).toHaveLength(8);
      expect(block).not.toContain('%%');
      expect(block).not.toContain('<');
      expect(block).not.toMatch(/#\w+;/);
      expect(block.match(/^ {2}line \[/gm)).toHaveLength(1);
      const labels = xLabels(block);
      expect(labels).toHaveLength(6);
      for (const label of labels) expect(label).not.toMatch(/["'`[\]{}<>%;\n]/);
      expect(r.summary).not.toMatch(/^## injected/m);
    });
  });

  test('trend: off writes neither the chart nor the table; no history gives no block', async () => {
    await using(startFakeTesults(data()), async (tesults) => {
      const off = await runAction({ inputs: inputs(tesults.url, { trend: 'off' }), githubApiUrl: github().url });
      expect(mermaidBlocks(off.summary)).toBe(0);
      expect(off.summary).not.toContain('Pass rate, oldest to newest');
      const none = await runAction({ inputs: inputs(tesults.url, { trend: 'chart', history: '0' }), githubApiUrl: github().url });
      expect(mermaidBlocks(none.summary)).toBe(0);
      expect(none.summary).not.toContain('Pass rate, oldest to newest');
      // Without history, no medians: the slowest tests alone.
      expect(none.summary).toContain('| Test | Suite | Duration |\n');
    });
    await using(startFakeTesults(data(NAMES, 1)), async (tesults) => {
      const first = await runAction({ inputs: inputs(tesults.url, { trend: 'chart', 'slower-than': '10%' }), githubApiUrl: github().url });
      expect(first.outputs.conclusion).toBe('success');
      expect(mermaidBlocks(first.summary)).toBe(0);
      expect(first.outputs['slower-tests']).toBe('[]');
    });
  });

  test('no durations from the provider: no Slowest tests section', async () => {
    const untimed = data();
    for (const run of untimed.targets[0]!.runs)
      for (const c of run.cases) Object.assign(c, { duration: null, start: undefined, end: undefined });
    await using(startFakeTesults(untimed), async (tesults) => {
      const r = await runAction({ inputs: inputs(tesults.url), githubApiUrl: github().url });
      expect(r.summary).not.toContain('Slowest tests');
    });
  });

  test('the summary with a chart and slower tests, kept as a golden file (UPDATE_GOLDEN=1 rewrites it)', async () => {
    await using(startFakeTesults(data()), async (tesults) => {
      const r = await runAction({ inputs: inputs(tesults.url, { trend: 'chart', 'slower-than': '50%, 1s' }), githubApiUrl: github().url });
      const actual = r.summary
        .replace(/http:\/\/127\.0\.0\.1:\d+/g, 'https://provider.example')
        .replace(/ at \d{4}-\d\d-\d\d \d\d:\d\d UTC/g, ' at 2026-11-23 09:00 UTC');
      const file = join(ROOT, '__tests__', 'golden', 'summary-tesults-durations.md');
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
      if (!existsSync(file)) throw new Error(`${file} is missing: run UPDATE_GOLDEN=1 npm test and review it.`);
      expect(actual).toBe(readFileSync(file, 'utf8'));
    });
  });

  test('Testmo test runs: with slower-than each history run is read whole (elapsed µs → ms); without, only what did not pass', async () => {
    const run = (runId: number, day: number, checkoutMs: number) =>
      buildTestmoRun({
        runId,
        name: `Nightly ${runId}`,
        createdAt: `2026-11-${String(day).padStart(2, '0')}T08:00:00.000Z`,
        milestoneId: null,
        tests: [
          { name: 'Checkout', folder: 'Web', status: 2, caseId: 601, elapsedUs: checkoutMs * 1000 },
          { name: 'Login', folder: 'Web', status: 2, caseId: 602, elapsedUs: 400_000 },
        ],
      });
    const earlierRuns = [run(41, 19, 2000), run(40, 18, 2100), run(39, 17, 1900)];
    const testmoInputs = (url: string, extra: Record<string, string>) => ({
      provider: 'testmo',
      'base-url': url,
      'api-key': 'testmo-token-123',
      run: '42',
      history: '3',
      ...extra,
    });
    const historyReads = (requests: { url: string }[]) =>
      requests.map((q) => q.url).filter((u) => /^\/api\/v1\/runs\/(39|40|41)\/results/.test(u));
    await using(startFakeTestmo(run(42, 20, 3500), { earlierRuns }), async (testmo) => {
      const r = await runAction({ inputs: testmoInputs(testmo.url, { 'slower-than': '50%, 1s' }), githubApiUrl: github().url });
      expect(r.outputs['slower-tests']).toBe('["Checkout"]');
      expect(r.summary).toContain('| Checkout | Web | 3.5 s | 2.0 s (3 runs) | +75% (+1.5 s) |');
      expect(r.summary).toContain('| Login | Web | 400 ms | 400 ms (3 runs) |');
      const reads = historyReads(testmo.requests);
      expect(reads).toHaveLength(3);
      for (const url of reads) expect(url).not.toContain('status_id');
    });
    await using(startFakeTestmo(run(42, 20, 3500), { earlierRuns }), async (testmo) => {
      const r = await runAction({ inputs: testmoInputs(testmo.url, {}), githubApiUrl: github().url });
      const reads = historyReads(testmo.requests);
      expect(reads).toHaveLength(3);
      for (const url of reads) expect(url).toContain('status_id');
      // The cheap read keeps no durations: no medians from a test's unsuccessful runs alone.
      expect(r.summary).toContain('| Checkout | Web | 3.5 s |\n');
    });
  });

  test('sources: each entry judged by its own slower-than and max-slower; slower-tests names [label] name', async () => {
    const two = data();
    two.targets.push({ ...two.targets[0]!, id: 'tgt-perf-2', name: 'Perf 2' });
    await using(startFakeTesults(two), async (tesults) => {
      const r = await runAction({
        inputs: inputs(tesults.url, {
          sources: ['- label: strict', '  slower-than: 50%, 1s', '  max-slower: 0', '- label: relaxed', '  target: tgt-perf-2'].join('\n'),
        }),
        githubApiUrl: github().url,
      });
      expect(r.outputs.conclusion).toBe('failure');
      expect(r.outputs['slower-tests']).toBe('["[strict] Checkout pays"]');
      expect(r.outputs['gate-reason']).toContain('strict: 1 test got slower than the median of its earlier durations');
      expect(r.outputs['gate-reason']).not.toContain('relaxed');
      expect(r.summary.match(/#### Slower than before/g)).toHaveLength(1);
      expect(r.summary.match(/<strong>Slowest tests<\/strong>/g)).toHaveLength(2);
    });
  });
});
