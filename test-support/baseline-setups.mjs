// @ts-check
/**
 * The demo's sample runs with earlier runs, builds or jobs beside them: one setup per provider
 * whose summary compares with a baseline (and two runs of history). Used by the baseline golden
 * summaries and the baseline end-to-end tests.
 */
import { eggplantInputs } from './demo-setups.mjs';
import { startFakeEggplant } from './fakes/eggplant.mjs';
import { startFakeTesults } from './fakes/tesults.mjs';
import { buildTestmoRun, startFakeTestmo } from './fakes/testmo.mjs';
import { startFakeTestomato } from './fakes/testomato.mjs';
import { sampleEggplantData, sampleTesultsData, sampleTestmoRun, sampleTestomatoProject } from './samples.mjs';

/**
 * Testmo: run 42 (the sample) after runs 41 and 40 of the same cases. Against 41:
 * "Apply discount code" is a new failure, "Password reset email arrives" still failing (with
 * the same error), "Filter by price range" still failing with a new error, "Wishlist survives
 * sign-out" and "Add item to cart" fixed; "Add item to cart" passed in 40, failed in 41 and
 * passes now: flaky.
 */
export function testmoWithBaseline() {
  const current = sampleTestmoRun();
  const sample = current.cases.map((c) => ({ caseId: Number(c.id), name: String(c.name) }));
  const noteNow = new Map(current.results.filter((r) => r.is_latest).map((r) => [r.case_id, r.note]));
  /** What the tests failing in an earlier run said: the same as now, but the price filter failed another way. */
  const noteThen = (/** @type {{ caseId: number, name: string }} */ c) =>
    c.name === 'Filter by price range' ? '<p>Price filter returned 0 of 12 products</p>' : (noteNow.get(c.caseId) ?? '<p>failed then</p>');
  /** @param {number} runId @param {string} day @param {Record<string, number>} changed */
  const earlier = (runId, day, changed) =>
    buildTestmoRun({
      runId,
      name: `Release 3.8 regression (${day})`,
      createdAt: `2026-11-${day}T08:00:00.000Z`,
      tests: sample.map((c) => ({
        name: c.name,
        caseId: c.caseId,
        folder: 'Earlier',
        status: changed[c.name] ?? 2,
        note: changed[c.name] === 3 || changed[c.name] === 7 ? String(noteThen(c)) : undefined,
      })),
    });
  const run41 = earlier(41, '19', {
    'Password reset email arrives': 3,
    'Wishlist survives sign-out': 3,
    'Add item to cart': 3,
    'Filter by price range': 7,
  });
  const run40 = earlier(40, '18', {
    'Password reset email arrives': 3,
    'Sign in with SSO': 3,
    'Wishlist survives sign-out': 3,
    'Filter by price range': 7,
  });
  return { current, earlierRuns: [run41, run40] };
}

/** Tesults: build 3.8.0-rc.2 after 3.8.0-rc.1 (two runs: sharded) and 3.7.4. */
export function tesultsWithBaseline() {
  const data = sampleTesultsData();
  const target = data.targets[0];
  if (!target) throw new Error('sample target missing');
  const [latest, oldest] = target.runs;
  if (!latest || !oldest) throw new Error('sample runs missing');
  const rc1 = (/** @type {number} */ shard, /** @type {import('./fakes/tesults.mjs').CaseSpec[]} */ cases) => ({
    build: '3.8.0-rc.1',
    created_time: 1763500000000 + shard * 1000,
    run_url: `https://www.tesults.com/acme/web/run/3-8-0-rc-1-${shard}`,
    cases,
  });
  target.runs = /** @type {typeof target.runs} */ (
    /** @type {unknown} */ ([
      latest,
      rc1(2, [
        {
          name: 'Checkout applies VAT',
          suite: 'Checkout',
          result: 'fail',
          reason: 'AssertionError: expected 119.00 to equal 121.00\n    at checkout.spec.ts:88:17',
        },
        { name: 'Checkout with an expired card', suite: 'Checkout', result: 'pass' },
      ]),
      rc1(1, [
        { name: 'Sign in successfully', suite: 'Authentication', result: 'fail', reason: 'login button missing' },
        { name: 'Sign in with wrong password shows an error', suite: 'Authentication', result: 'pass' },
        { name: 'Change e-mail address', suite: 'Account', result: 'pass' },
      ]),
      oldest,
    ])
  );
  return data;
}

/**
 * Eggplant: job 12345 after jobs 12344 and 12343 of the same template (and one of another).
 * 12344 measured onLoad faster (median 1.8 s, now 1.99 s: +10.6%) and speedIndex slower
 * (median 1.8, now 1.715: -4.7%); its pages were lighter (pageSize median 100 KB, now 120.56 KB).
 */
export function eggplantWithBaseline() {
  const data = sampleEggplantData();
  const current = data.jobs[12345];
  if (!current) throw new Error('sample job missing');
  const runs = current.runs;
  /** @param {string} startedAt @param {string[]} severities @param {string} [template] @param {Record<string, number | null>[]} [metrics] */
  const job = (startedAt, severities, template, metrics = []) => ({
    name: 'Nightly page performance',
    statuses: ['completed'],
    startedAt,
    template,
    runs: runs.map((r, i) => ({ ...r, severity: severities[i] ?? 'ok', ...metrics[i] })),
  });
  return {
    ...data,
    jobs: {
      ...data.jobs,
      // Against 12344: Search results still failing, checkout (Firefox) new, Home (Firefox) fixed.
      12344: job('2026-11-22T08:00:00+00:00', ['ok', 'error', 'warning', 'ok', 'ok'], undefined, [
        { onLoad: 1.5, speedIndex: 1.3, pageSize: 102_400 },
        { onLoad: 1.7, speedIndex: 1.6, pageSize: 102_400 },
        { onLoad: 5.8, speedIndex: 4.6, pageSize: 102_400 },
        { onLoad: 1.9, speedIndex: 2 },
      ]),
      12343: job('2026-11-21T08:00:00+00:00', ['ok', 'ok', 'warning', 'ok', 'ok']),
      12342: { ...job('2026-11-22T12:00:00+00:00', ['error', 'error', 'error', 'error', 'error']), statuses: ['failed'] },
      12341: job('2026-11-22T18:00:00+00:00', ['error', 'error', 'error', 'error', 'error'], 'jobTemplates/1111'),
    },
  };
}

/** Testomato with start: the status before the start has Cart and Contact failing; the job fails Cart and Product page. */
export function testomatoWithBaseline() {
  const data = sampleTestomatoProject();
  const checks = data.checks.map((c, i) => ({ ...c, id: `5e95de${String(i).padStart(18, '0')}` }));
  const before = checks.map((c) => (c.name === 'Contact' ? { ...c, failures: ['Server returned HTTP status 503'] } : c));
  const job = checks
    .filter((c) => c.enabled !== false)
    .map((c) => {
      if (c.name === 'Contact') return { ...c, failures: [] };
      if (c.name === 'Product page') return { ...c, failures: ['Missing "Add to cart" in Website TEXT'] };
      return c;
    });
  return { ...data, checks: before, startJob: { jobId: 'job-77', checks: job } };
}

/** @type {Record<string, () => Promise<{ server: { url: string, requests: unknown[], close(): Promise<void> }, inputs: Record<string, string> }>>} */
export const baselineSetups = {
  async testmo() {
    const { current, earlierRuns } = testmoWithBaseline();
    const server = await startFakeTestmo(current, { earlierRuns });
    return { server, inputs: { provider: 'testmo', 'base-url': server.url, 'api-key': server.token, run: '42', history: '2' } };
  },
  async testomato() {
    const data = testomatoWithBaseline();
    const server = await startFakeTestomato(data);
    return {
      server,
      inputs: {
        provider: 'testomato',
        'base-url': server.url,
        'api-key': data.apiKey,
        project: data.projectId,
        start: 'true',
        'poll-interval': '1',
      },
    };
  },
  async tesults() {
    const data = tesultsWithBaseline();
    const server = await startFakeTesults(data);
    return {
      server,
      inputs: { provider: 'tesults', 'base-url': server.url, 'api-key': data.token, target: 'Web app (Chrome)', history: '2' },
    };
  },
  async eggplant() {
    const data = eggplantWithBaseline();
    const server = await startFakeEggplant(data);
    return {
      server,
      inputs: eggplantInputs(server.url, data, {
        job: 'jobs/12345',
        'poll-interval': '1',
        history: '2',
      }),
    };
  },
};
