import { describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate } from 'ctrf';
import { ACTIONS_BOT } from '../../test-support/fakes/github.mjs';
import { startFakeEggplant } from '../../test-support/fakes/eggplant.mjs';
import { startFakeTesults } from '../../test-support/fakes/tesults.mjs';
import { ROOT, runAction } from '../../test-support/run-action.mjs';
import { sampleEggplantData, sampleTesultsData } from '../../test-support/samples.mjs';
import { findSecrets, outputChannels } from '../../test-support/secret-scan.mjs';
import { useFakeGitHub, using } from './helpers.js';

const tesultsData = sampleTesultsData();
const eggplantData = sampleEggplantData();
const PR = 7;
const pullRequestEvent = {
  eventName: 'pull_request',
  event: { action: 'synchronize', number: PR, pull_request: { number: PR, head: { sha: 'd'.repeat(40) } } },
};

/** Both fakes at once, closed whatever happens. */
async function withProviders<T>(
  fn: (tesults: { url: string; requests: unknown[] }, egg: { url: string; requests: unknown[]; accessToken: string }) => Promise<T>,
) {
  return using(startFakeTesults(tesultsData), (tesults) => using(startFakeEggplant(eggplantData), (egg) => fn(tesults, egg)));
}

/**
 * The step's inputs are Tesults'; the Eggplant entry brings its own provider and credentials,
 * which appear nowhere but inside `sources`.
 */
function threeEntries(tesultsUrl: string, eggUrl: string, extra: string[] = []): Record<string, string> {
  return {
    provider: 'tesults',
    'base-url': tesultsUrl,
    'api-key': tesultsData.token,
    'poll-interval': '1',
    sources: [
      '- label: web',
      '  target: tgt-web-0001',
      '  max-failures: 2',
      '- label: api',
      '  target: Web app (Chrome)',
      '  build: 3.7.4',
      '- label: perf',
      '  provider: eggplant',
      `  base-url: ${eggUrl}`,
      `  client-id: ${eggplantData.clientId}`,
      `  client-secret: ${eggplantData.clientSecret}`,
      `  realm: ${eggplantData.realm}`,
      '  job: 12345',
      '  baseline: none',
      ...extra,
    ].join('\n'),
  };
}

function normalize(markdown: string): string {
  return markdown
    .replace(/http:\/\/127\.0\.0\.1:\d+/g, 'https://provider.example')
    .replace(/ (at|updated) \d{4}-\d\d-\d\d \d\d:\d\d UTC/g, ' $1 2026-11-23 09:00 UTC');
}

function golden(name: string, actual: string): void {
  const file = join(ROOT, '__tests__', 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
  if (!existsSync(file)) throw new Error(`${file} is missing: run UPDATE_GOLDEN=1 npm test and review it.`);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('several sources in one step, end to end through dist/index.js', () => {
  const github = useFakeGitHub();

  test('three entries over two providers, one failing: one verdict, summary, check run, comment, report file and outputs', async () => {
    await withProviders(async (tesults, egg) => {
      const r = await runAction({
        inputs: { ...threeEntries(tesults.url, egg.url), comment: 'always' },
        githubApiUrl: github().url,
        ...pullRequestEvent,
      });
      expect(r.code).toBe(1);
      // web: 2 failed, within its own max-failures 2; api: build 3.7.4, 1 passed; perf: 2 failed, more than 0.
      expect(r.outputs).toMatchObject({
        conclusion: 'failure',
        total: '12',
        passed: '7',
        failed: '4',
        skipped: '1',
        'pass-rate': '63.64',
        'gate-reason': 'perf: 2 tests failed, more than max-failures (0).',
        'run-id': '',
        'report-url': '',
        'run-created-at': '',
        'baseline-id': '',
        'baseline-url': '',
      });
      expect(JSON.parse(r.outputs['failed-tests']!)).toEqual([
        '[web] Checkout applies VAT',
        '[web] Checkout with an expired card',
        '[perf] Search results (Chrome)',
        '[perf] https://shop.example/checkout (Firefox)',
      ]);
      const sources = JSON.parse(r.outputs.sources!);
      expect(sources.map((s: { label: string; provider: string; conclusion: string }) => [s.label, s.provider, s.conclusion])).toEqual([
        ['web', 'tesults', 'success'],
        ['api', 'tesults', 'success'],
        ['perf', 'eggplant', 'failure'],
      ]);
      expect(sources[0]).toMatchObject({
        total: 6,
        failed: 2,
        'run-id': '3.8.0-rc.2',
        'report-url': 'https://www.tesults.com/acme/web/run/3-8-0-rc-2',
        'gate-reason': '',
      });
      expect(sources[2]).toMatchObject({ 'run-id': '12345', 'gate-reason': '2 tests failed, more than max-failures (0).' });

      // One check run: annotations titled [label] …, new failures first across entries.
      expect(github().checkRuns.size).toBe(1);
      const run = [...github().checkRuns.values()][0]!;
      expect(run.create.name).toBe('Test results');
      expect(run.create.conclusion).toBe('failure');
      expect(run.create.output.title).toBe('4 failed (4 new), 7 passed, 1 skipped');
      expect(
        github()
          .annotations()
          .map((a: { title: string }) => a.title),
      ).toEqual([
        '[web] Checkout › Checkout applies VAT',
        '[web] Checkout › Checkout with an expired card',
        '[perf] Search results (Chrome)',
        '[perf] https://shop.example/checkout (Firefox)',
      ]);
      expect(run.create.output.summary.length).toBeLessThanOrEqual(65535);

      // One report file: each test labelled, the summary over all entries.
      expect(validate(r.reportFile).valid).toBe(true);
      expect(r.reportFile.results.summary).toMatchObject({ tests: 12, passed: 7, failed: 4, skipped: 1 });
      expect(r.reportFile.results.tests).toHaveLength(12);
      const bySource = new Map<string, number>();
      for (const t of r.reportFile.results.tests) bySource.set(t.extra.source, (bySource.get(t.extra.source) ?? 0) + 1);
      expect(Object.fromEntries(bySource)).toEqual({ web: 6, api: 1, perf: 5 });
      expect(r.reportFile.results.extra.sources).toHaveLength(3);

      // One comment, its marker naming the check name and the labels.
      const comments = github()
        .commentsOn(PR)
        .filter((c: { user: { login: string } }) => c.user.login === ACTIONS_BOT.login);
      expect(comments).toHaveLength(1);
      expect(comments[0]!.body.split('\n')[0]).toBe(
        '<!-- remote-test-results-action {"check":"Test results","provider":"sources","read":"web, api, perf"} -->',
      );

      // The Eggplant credentials were given only inside `sources`: masked, and nowhere in what was written.
      const masked = r.stdout.split('\n').filter((l) => l.startsWith('::add-mask::'));
      expect(masked).toEqual(expect.arrayContaining([`::add-mask::${eggplantData.clientSecret}`, `::add-mask::${eggplantData.clientId}`]));
      expect(findSecrets(outputChannels(r, [github()]), [eggplantData.clientSecret, tesultsData.token, egg.accessToken])).toEqual([]);

      golden('summary-sources.md', normalize(r.summary));
      golden('comment-sources.md', normalize(comments[0]!.body));
    });
  });

  test('an entry that cannot be read is that entry’s error; the others are still read, shown and judged', async () => {
    await withProviders(async (tesults, egg) => {
      const inputs = threeEntries(tesults.url, egg.url, ['- label: mobile', '  target: Mobile']);
      const r = await runAction({ inputs, githubApiUrl: github().url });
      expect(r.code).toBe(1);
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toMatch(/^perf: 2 tests failed, more than max-failures \(0\); mobile: Tesults has no target/);
      const sources = JSON.parse(r.outputs.sources!);
      expect(sources.map((s: { conclusion: string }) => s.conclusion)).toEqual(['success', 'success', 'failure', 'error']);
      expect(r.outputs.total).toBe('12');
      // Every entry has its section; the unreadable one says why, with no table of zeros.
      for (const label of ['web', 'api', 'perf', 'mobile']) expect(r.summary).toMatch(new RegExp(`^### .* ${label}: `, 'm'));
      expect(r.summary).toContain('| mobile | ⚠️ no verdict | – | – | – | – | – | – | – |');
      expect(r.summary).toContain('Checkout applies VAT');
    });
  });

  test('entries reaching the same host share its limit on requests in flight', async () => {
    await using(startFakeTesults(tesultsData, { latencyMs: 30 }), async (tesults) => {
      const entries = Array.from({ length: 6 }, (_, i) => `- label: web ${i}\n  target: tgt-web-0001`).join('\n');
      const r = await runAction({
        inputs: { provider: 'tesults', 'base-url': tesults.url, 'api-key': tesultsData.token, sources: entries, 'max-failures': '5' },
        githubApiUrl: github().url,
      });
      expect(r.outputs).toMatchObject({ conclusion: 'success', total: '36' });
      expect(JSON.parse(r.outputs.sources!)).toHaveLength(6);
      // Tesults' client keeps at most 8 requests in flight; six entries together do not exceed it.
      expect((tesults as unknown as { maxInFlight: number }).maxInFlight).toBeLessThanOrEqual(8);
      expect((tesults as unknown as { maxInFlight: number }).maxInFlight).toBeGreaterThan(1);
    });
  });

  test('every bad entry is an input error before any request, naming the entry and key and never the value', async () => {
    await withProviders(async (tesults, egg) => {
      const secret = 'sk-only-in-sources-0d9f8e7c6b';
      const cases: [string, string][] = [
        [`- label: a\n  target: t\n- label: b\n  target: u\n  api-key: ${secret}\n  max-failures: many`, `entry 2 ("b"): 'max-failures'`],
        [`- label: a\n  target: t\n  api-key: ${secret}\n  colour: red`, `entry 1 ("a"): 'colour' is not an input an entry may set`],
        [`- label: a\n  target: t\n- label: a\n  target: u\n  api-key: ${secret}`, 'entry 2 ("a") has the same label as entry 1'],
        [`- label: a\n  api-key: ${secret}\n  target: [t]`, `entry 1 ("a"): 'target' must be text`],
        [`- label: a\n  api-key: ${secret}\n  base-url: ${secret}`, `entry 1 ("a"): 'base-url' must be an http(s) URL`],
      ];
      for (const [sources, message] of cases) {
        const r = await runAction({
          inputs: { provider: 'tesults', 'base-url': tesults.url, 'api-key': tesultsData.token, sources },
          githubApiUrl: github().url,
        });
        expect(r.code).toBe(1);
        const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error'));
        expect(errors).toHaveLength(1);
        expect(errors[0]).toContain(`Input 'sources' ${message}`);
        expect(findSecrets(outputChannels(r, [github()]), [secret])).toEqual([]);
        expect(r.stdout).toContain(`::add-mask::${secret}`);
      }
      expect(tesults.requests).toEqual([]);
      expect(egg.requests).toEqual([]);
      expect(github().requests).toEqual([]);
    });
  });

  test('without sources, the sources output is [] and a single run is unchanged', async () => {
    await using(startFakeTesults(tesultsData), async (tesults) => {
      const r = await runAction({
        inputs: { provider: 'tesults', 'base-url': tesults.url, 'api-key': tesultsData.token, target: 'tgt-web-0001' },
        githubApiUrl: github().url,
      });
      expect(r.outputs).toMatchObject({ sources: '[]', 'run-id': '3.8.0-rc.2', total: '6' });
      expect(r.reportFile.results.tests.some((t: { extra?: { source?: string } }) => t.extra?.source)).toBe(false);
    });
  });
});
