import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { validate } from 'ctrf';
import { startFakeGitHub } from '../../test-support/fakes/github.mjs';
import { startFakeEggplant } from '../../test-support/fakes/eggplant.mjs';
import { startFakeProxy } from '../../test-support/fakes/proxy.mjs';
import { buildTestmoRun, generatedTestmoRun, startFakeTestmo } from '../../test-support/fakes/testmo.mjs';
import { startFakeTestomato } from '../../test-support/fakes/testomato.mjs';
import { startFakeTesults } from '../../test-support/fakes/tesults.mjs';
import { startLoopbackServer } from '../../test-support/loopback-server.mjs';
import { runAction } from '../../test-support/run-action.mjs';
import { findSecrets, outputChannels } from '../../test-support/secret-scan.mjs';
import { sampleEggplantData, sampleTesultsData, sampleTestomatoProject } from '../../test-support/samples.mjs';
import { useFakeGitHub, using } from './helpers.js';

/** Probes of the bundle as an attacker or a careless payload would make them: every case through dist/index.js. */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
type TesultsData = Parameters<typeof startFakeTesults>[0];
const TESULTS_TOKEN = 'tesults_api_Tk_9f8e7d6c5b4a3f2e1d0c';
const tesultsTarget = (cases: TesultsData['targets'][number]['runs'][number]['cases'], run: Record<string, unknown> = {}): TesultsData => ({
  token: TESULTS_TOKEN,
  targets: [{ id: 't1', name: 'Web', runs: [{ build: '1.0', created_time: 1763880000000, cases, ...run }] }],
});
const tesultsInputs = (url: string, extra: Record<string, string> = {}) => ({
  provider: 'tesults',
  'base-url': url,
  'api-key': TESULTS_TOKEN,
  target: 't1',
  ...extra,
});

describe('secrets: redacted before any escaping, cutting or encoding', () => {
  const TOKEN = 'testmo_api_eyJpdiI6Ik1zTjNQ_x9Zq';
  const hostileNotes = [
    `<p>Authorization: Bearer ${TOKEN} was refused</p>`,
    `<p>GET https://acme.testmo.net/api/v1/runs?token=${TOKEN}&amp;x=1</p>`,
    `<p>${'padding '.repeat(500)}cut right at ${TOKEN}</p>`,
    `<p>${'x'.repeat(3990)}${TOKEN}</p>`,
    `<p>base64 ${Buffer.from(`user:${TOKEN}`).toString('base64')} and ${Buffer.from(TOKEN).toString('base64url')}</p>`,
    `<p>lower ${TOKEN.replace(/_/g, '%5f')} upper ${TOKEN.replace(/_/g, '%5F')} entity ${TOKEN.replace(/_/g, '&amp;#95;')} json ${JSON.stringify(TOKEN).slice(1, -1)}</p>`,
  ];
  const run = buildTestmoRun({
    tests: [
      ...hostileNotes.map((note, i) => ({ name: `echo ${i}`, folder: 'secrets', status: 3, note })),
      { name: `${'n'.repeat(240)} ${TOKEN}`, folder: TOKEN, status: 3 },
      { name: `a test named ${TOKEN}`, status: 2 },
    ],
    untestedWithoutResult: 2,
  });

  test.each([
    ['a check run', false],
    ['the 403 fallback to workflow commands', true],
  ])('a Testmo token with _ never reaches any channel in any form, through %s', async (_how, forbidden) => {
    await using(startFakeGitHub({ forbidden }), async (github) => {
      await using(startFakeTestmo(run, { token: TOKEN }), async (testmo) => {
        testmo.inject((q) => q.path.endsWith('/cases'), { status: 500, json: { message: `database error for ${TOKEN}` } }, 1);
        const r = await runAction({
          inputs: { provider: 'testmo', 'base-url': testmo.url, 'api-key': TOKEN, run: '42', 'max-annotations': '20' },
          githubApiUrl: github.url,
        });
        expect(r.outputs).toMatchObject({ failed: '7', passed: '1', pending: '2' });
        expect(findSecrets(outputChannels(r, [github]), [TOKEN])).toEqual([]);
        expect(r.summary).toContain('***');
      });
    });
  });

  test('client-id and client-secret (Eggplant) never appear, even when the token endpoint echoes them', async () => {
    const data = { ...sampleEggplantData(), clientId: 'wpa_client_Acme_77f1e2', clientSecret: 'wpa_secret_Q2hh_bmdlTWU' };
    await using(startFakeGitHub({ forbidden: true }), async (github) => {
      await using(startFakeEggplant(data), async (egg) => {
        egg.inject(/authorisation/, {
          status: 401,
          json: { error: 'invalid_client', error_description: `client ${data.clientId} with secret ${data.clientSecret} is unknown` },
        });
        const r = await runAction({
          inputs: {
            provider: 'eggplant',
            'base-url': egg.url,
            'client-id': data.clientId,
            'client-secret': data.clientSecret,
            realm: data.realm,
            job: '12345',
          },
          githubApiUrl: github.url,
        });
        expect(r.outputs.conclusion).toBe('error');
        expect(r.stdout).toContain(`::add-mask::${data.clientId}`);
        expect(findSecrets(outputChannels(r, [github]), [data.clientId, data.clientSecret])).toEqual([]);
      });
    });
  });
});

describe('text and markup', () => {
  const github = useFakeGitHub();

  test('a URL in a message is a working link: query string intact, no entities in or around it', async () => {
    const url = 'https://ci.example/runs/7?a=1&b_c=2';
    const data = tesultsTarget([{ name: 'links', suite: 's', result: 'fail', reason: `see ${url}. Or (${url}) then *retry*` }]);
    await using(startFakeTesults(data), async (tesults) => {
      const r = await runAction({ inputs: tesultsInputs(tesults.url), githubApiUrl: github().url });
      expect(r.summary).toContain(`see <${url}>. Or (<${url}>) then &#42;retry&#42;`);
      expect(r.summary).not.toMatch(/b&#95;c|a=1&amp;b/);
    });
  });

  test('a javascript: run_url becomes neither report-url nor details_url', async () => {
    const data = tesultsTarget([{ name: 'a', result: 'fail' }], { run_url: 'javascript:alert(document.cookie)' });
    await using(startFakeTesults(data), async (tesults) => {
      const r = await runAction({ inputs: tesultsInputs(tesults.url), githubApiUrl: github().url });
      expect(r.outputs['report-url']).toBe('');
      const create = github().checkRuns.get(7000)!.create;
      expect(create.details_url).toBeUndefined();
      expect(r.summary).not.toContain('javascript:');
    });
  });

  test('workflow-command annotations (403): NUL, ESC and BEL removed; titles cut at 255 without splitting a surrogate pair', async () => {
    const name = `${'a'.repeat(253)}😀😀 tail`;
    const data = tesultsTarget([
      { name: 'bell\u0007 esc\u001b[31m nul\u0000', result: 'fail', reason: 'red\u001b[31m text\u0007 and\u0000 nul' },
      { name, result: 'fail' },
    ]);
    await using(startFakeGitHub({ forbidden: true }), async (forbidden) => {
      await using(startFakeTesults(data), async (tesults) => {
        const r = await runAction({ inputs: tesultsInputs(tesults.url), githubApiUrl: forbidden.url });
        const errors = r.stdout.split('\n').filter((l) => l.startsWith('::error title='));
        expect(errors).toHaveLength(2);
        expect(errors.join('\n')).not.toMatch(/[\u0000\u0007\u001b]/);
        expect(errors[0]).toContain('::red[31m text and nul');
        const title = decodeURIComponent(errors[1]!.replace(/^::error title=([^:]*)::.*$/, '$1'));
        expect(title).not.toMatch(LONE_SURROGATE);
        expect(title.length).toBeLessThanOrEqual(255);
      });
    });
    await using(startFakeTesults(data), async (tesults) => {
      await runAction({ inputs: tesultsInputs(tesults.url), githubApiUrl: github().url });
      const titles = github()
        .annotations()
        .map((a: { title: string }) => a.title);
      expect(titles.every((t: string) => !LONE_SURROGATE.test(t) && t.length <= 255)).toBe(true);
    });
  });

  test("check-name '': no check run request at all; failures as workflow commands", async () => {
    await using(startFakeTesults(sampleTesultsData()), async (tesults) => {
      const r = await runAction({
        inputs: {
          provider: 'tesults',
          'base-url': tesults.url,
          'api-key': sampleTesultsData().token,
          target: 'tgt-web-0001',
          'check-name': '',
        },
        githubApiUrl: github().url,
      });
      expect(r.outputs).toMatchObject({ conclusion: 'failure', 'check-run-id': '', 'check-run-url': '' });
      expect(github().requests).toHaveLength(0);
      expect(r.commands.filter((c) => c.command === 'error' && c.properties.startsWith('title='))).toHaveLength(2);
    });
  });
});

describe('the runner environment', () => {
  const github = useFakeGitHub();

  test('a malformed event file: outputs, summary and the check run (on GITHUB_SHA) still come', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-event-'));
    const eventPath = join(dir, 'event.json');
    writeFileSync(eventPath, '{"pull_request": {"head": {"sha": ');
    await using(startFakeTesults(sampleTesultsData()), async (tesults) => {
      const r = await runAction({
        inputs: { provider: 'tesults', 'base-url': tesults.url, 'api-key': sampleTesultsData().token, target: 'tgt-web-0001' },
        githubApiUrl: github().url,
        eventName: 'pull_request',
        env: { GITHUB_EVENT_PATH: eventPath },
      });
      expect(r.outputs).toMatchObject({ conclusion: 'failure', total: '6', failed: '2' });
      expect(r.summary).toContain('Gate failed');
      expect(r.stdout).not.toContain('Unexpected error');
    });
    rmSync(dir, { recursive: true, force: true });
  });

  test('a head SHA in the event that is not 40 hex characters is ignored for GITHUB_SHA', async () => {
    await using(startFakeTesults(sampleTesultsData()), async (tesults) => {
      await runAction({
        inputs: { provider: 'tesults', 'base-url': tesults.url, 'api-key': sampleTesultsData().token, target: 'tgt-web-0001' },
        githubApiUrl: github().url,
        eventName: 'pull_request',
        event: { pull_request: { head: { sha: '../../../etc/passwd' } } },
      });
      expect(github().checkRuns.get(7000)!.create.head_sha).toBe('a'.repeat(40));
    });
  });

  test.each(['not a url', 'javascript:alert(1)', 'http://127.0.0.1:1'])(
    'GITHUB_API_URL %p: outputs and summary still come',
    async (apiUrl) => {
      await using(startFakeTesults(sampleTesultsData()), async (tesults) => {
        const r = await runAction({
          inputs: { provider: 'tesults', 'base-url': tesults.url, 'api-key': sampleTesultsData().token, target: 'tgt-web-0001' },
          githubApiUrl: apiUrl,
        });
        expect(r.outputs).toMatchObject({ conclusion: 'failure', total: '6', 'check-run-id': '' });
        expect(r.summary).toContain('Gate failed');
        expect(r.stdout).toContain('::warning::Could not create the check run');
        expect(r.commands.filter((c) => c.command === 'error' && c.properties.startsWith('title='))).toHaveLength(2);
      });
    },
  );
});

describe('redirects, bodies and base-url', () => {
  const github = useFakeGitHub();
  const project = sampleTestomatoProject();
  const testomatoInputs = (url: string) => ({
    provider: 'testomato',
    'base-url': url,
    'api-key': project.apiKey,
    project: project.projectId,
  });

  test("a redirect to another origin with Testomato's ?apikey= is not followed, and the error says where", async () => {
    await using(
      startLoopbackServer(() => ({ json: {} })),
      async (elsewhere) => {
        await using(startFakeTestomato(project), async (testomato) => {
          testomato.inject(/\/status$/, {
            status: 302,
            headers: { location: `${elsewhere.url}/api/project/${project.projectId}/status?apikey=${project.apiKey}` },
          });
          const r = await runAction({ inputs: testomatoInputs(testomato.url), githubApiUrl: github().url });
          expect(r.outputs.conclusion).toBe('error');
          expect(r.outputs['gate-reason']).toContain(`redirected to ${elsewhere.url}, another origin; not followed`);
          expect(elsewhere.requests).toHaveLength(0);
          expect(testomato.requests).toHaveLength(1);
          expect(findSecrets(outputChannels(r, [github()]), [project.apiKey])).toEqual([]);
        });
      },
    );
  });

  test('a redirect loop is an error at once, not retried', async () => {
    await using(startFakeTestomato(project), async (testomato) => {
      testomato.inject(() => true, { status: 301, headers: { location: `/api/project/${project.projectId}/status` } }, 100);
      const r = await runAction({ inputs: testomatoInputs(testomato.url), githubApiUrl: github().url });
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toContain('redirected more than 5 times (a redirect loop)');
      expect(testomato.requests).toHaveLength(6);
    });
  });

  test.each(['javascript:alert(1)', 'file:///etc/passwd', 'ftp://127.0.0.1/x'])(
    'a redirect to %s is not followed nor retried',
    async (location) => {
      await using(startFakeTestomato(project), async (testomato) => {
        testomato.inject(() => true, { status: 302, headers: { location } }, 10);
        const r = await runAction({ inputs: testomatoInputs(testomato.url), githubApiUrl: github().url });
        expect(r.outputs.conclusion).toBe('error');
        expect(r.outputs['gate-reason']).toContain(`redirected to a ${new URL(location).protocol} address, which is not followed`);
        expect(testomato.requests).toHaveLength(1);
      });
    },
  );

  test('a gzip bomb (100 MiB of zeros in 100 kB) is refused at 64 MiB', async () => {
    const bomb = gzipSync(Buffer.alloc(100 * 1024 * 1024, 0x20), { level: 9 });
    const server = await import('node:http').then(({ createServer }) =>
      createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': bomb.length });
        res.end(bomb);
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const r = await runAction({ inputs: tesultsInputs(url), githubApiUrl: github().url, timeoutMs: 60_000 });
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toContain('answered with a body larger than 64 MiB, which is not read');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test.each([
    ['declared as 100 MiB', true],
    ['endless', false],
  ])('a body %s is an error, never an unbounded read', async (_what, declared) => {
    const { createServer } = await import('node:http');
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', ...(declared ? { 'content-length': String(100 * 1024 * 1024) } : {}) });
      const write = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', write);
      };
      write();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const r = await runAction({ inputs: tesultsInputs(url), githubApiUrl: github().url, timeoutMs: 60_000 });
      expect(r.outputs.conclusion).toBe('error');
      expect(r.outputs['gate-reason']).toContain('answered with a body larger than 64 MiB, which is not read');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('a 404 on an endpoint that takes no id blames base-url, not the target', async () => {
    await using(
      startLoopbackServer(() => ({ status: 404, json: { error: { code: 404, message: 'Not found' } } })),
      async (web) => {
        const r = await runAction({ inputs: tesultsInputs(web.url), githubApiUrl: github().url });
        expect(r.outputs.conclusion).toBe('error');
        expect(r.outputs['gate-reason']).toContain('/api/targets?limit=100 answered HTTP 404');
        expect(r.outputs['gate-reason']).toContain('Check base-url: it should be the origin of the Tesults API.');
        expect(r.outputs['gate-reason']).not.toContain("target 't1'");
      },
    );
  });

  test.each([
    ['https://acme.testmo.net/api/v1', "Input 'base-url' must be an origin without a path; use 'https://acme.testmo.net'"],
    ['https://admin:Sup3r-Secret-Pw@acme.testmo.net', "Input 'base-url' must not carry credentials"],
  ])('base-url %s is refused before any request, without echoing a password', async (baseUrl, message) => {
    const r = await runAction({
      inputs: { provider: 'testmo', 'base-url': baseUrl, 'api-key': 'k', run: '42' },
      githubApiUrl: github().url,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(message);
    expect(r.stdout + r.stderr + r.summary + JSON.stringify(r.outputs)).not.toContain('Sup3r-Secret-Pw');
    expect(github().requests).toHaveLength(0);
  });
});

describe('proxies (HTTP_PROXY / NO_PROXY, as Octokit reads them)', () => {
  const github = useFakeGitHub();
  // Behind the proxy the provider has a name the runner cannot resolve; the proxy resolves it.
  const behindProxy = (url: string) => url.replace('127.0.0.1', 'tesults.proxied.test');

  test('provider requests go through HTTP_PROXY (lower or upper case)', async () => {
    for (const variable of ['HTTP_PROXY', 'http_proxy']) {
      await using(startFakeProxy(), async (proxy) => {
        await using(startFakeTesults(sampleTesultsData()), async (tesults) => {
          const r = await runAction({
            inputs: {
              provider: 'tesults',
              'base-url': behindProxy(tesults.url),
              'api-key': sampleTesultsData().token,
              target: 'tgt-web-0001',
            },
            githubApiUrl: github().url,
            env: { [variable]: proxy.url },
          });
          expect(r.outputs).toMatchObject({ conclusion: 'failure', total: '6' });
          const port = new URL(tesults.url).port;
          expect(proxy.requests.length).toBeGreaterThanOrEqual(1);
          expect(proxy.requests.every((q) => q.target === `tesults.proxied.test:${port}`)).toBe(true);
          expect(tesults.requests.length).toBeGreaterThanOrEqual(3);
        });
      });
    }
  });

  test('NO_PROXY is respected: a listed domain is reached directly (and here cannot resolve)', async () => {
    await using(startFakeProxy(), async (proxy) => {
      await using(startFakeTesults(sampleTesultsData()), async (tesults) => {
        const r = await runAction({
          inputs: {
            provider: 'tesults',
            'base-url': behindProxy(tesults.url),
            'api-key': sampleTesultsData().token,
            target: 'tgt-web-0001',
          },
          githubApiUrl: github().url,
          env: { HTTP_PROXY: proxy.url, NO_PROXY: 'example.org, .proxied.test' },
        });
        expect(r.outputs.conclusion).toBe('error');
        expect(r.outputs['gate-reason']).toContain('Check base-url: its host does not resolve');
        expect(proxy.requests).toHaveLength(0);
        expect(tesults.requests).toHaveLength(0);
      });
    });
  });

  test('without a proxy variable nothing goes through the proxy', async () => {
    await using(startFakeProxy(), async (proxy) => {
      await using(startFakeTesults(sampleTesultsData()), async (tesults) => {
        const r = await runAction({
          inputs: { provider: 'tesults', 'base-url': tesults.url, 'api-key': sampleTesultsData().token, target: 'tgt-web-0001' },
          githubApiUrl: github().url,
          env: { HTTPS_PROXY: proxy.url },
        });
        expect(r.outputs.total).toBe('6');
        expect(proxy.requests).toHaveLength(0);
      });
    });
  });
});

describe('the report file is self-consistent', () => {
  test('Testmo tests without a result are pending placeholders; summary counts equal the entries', async () => {
    await using(startFakeGitHub(), async (github) => {
      await using(startFakeTestmo(generatedTestmoRun({ tests: 30, failed: 4, skipped: 2, untested: 3 })), async (testmo) => {
        const r = await runAction({
          inputs: { provider: 'testmo', 'base-url': testmo.url, 'api-key': 'testmo-token-123', run: '42' },
          githubApiUrl: github.url,
        });
        expect(r.outputs).toMatchObject({ total: '33', pending: '3' });
        const { summary, tests } = r.reportFile.results;
        expect(summary.tests).toBe(tests.length);
        for (const status of ['passed', 'failed', 'skipped', 'pending', 'other'])
          expect(summary[status]).toBe(tests.filter((t: { status: string }) => t.status === status).length);
        expect(tests.filter((t: { name: string }) => t.name.startsWith('Untested test')).map((t: { name: string }) => t.name)).toEqual([
          'Untested test 1 of 3 in run 42',
          'Untested test 2 of 3 in run 42',
          'Untested test 3 of 3 in run 42',
        ]);
        const ctrf = validate(r.reportFile);
        expect(ctrf.errors ?? []).toEqual([]);
        expect(ctrf.valid).toBe(true);
      });
    });
  });
});
