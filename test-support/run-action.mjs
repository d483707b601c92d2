// @ts-check
/**
 * Runs the committed bundle the way the Actions runner does: `node dist/index.js` with INPUT_*
 * (action.yml defaults applied), GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_EVENT_PATH,
 * GITHUB_API_URL, GITHUB_WORKFLOW_REF and RUNNER_TEMP, in a fresh temporary folder that is removed
 * once its files are read.
 *
 * The bundle runs on the fast clock (REMOTE_TEST_RESULTS_FAST_CLOCK=1, see src/clock.ts): polls and
 * retry backoff take no real time, so the suite does not wait out real delays. `realClock: true`
 * keeps real waits, for the few cases that show them against a fake that keeps real time
 * (uploads that appear after N ms, tokens that expire).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const FAKE_GITHUB_TOKEN = 'ghs_FakeInstallationToken0123456789abcdef';

/** @returns {Record<string, { default?: string, required?: boolean }>} */
export function actionInputs() {
  return parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')).inputs;
}

/** The runner's name for an input's variable: spaces become _, upper case, hyphens kept. */
export function inputVariable(/** @type {string} */ name) {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * @typedef {{ code: number | null, stdout: string, stderr: string, outputs: Record<string, string>,
 *   summary: string, reportFile: any, commands: { command: string, properties: string, message: string }[],
 *   runnerTempFiles: Record<string, string>, dir: string, ms: number }} ActionResult  runnerTempFiles: what the run
 *   left in RUNNER_TEMP, by name; dir: the folder it ran in, removed by the time the result is returned unless keepDir
 */

/**
 * @param {{ inputs: Record<string, string>, githubApiUrl?: string, event?: object, eventName?: string,
 *   env?: Record<string, string>, timeoutMs?: number, realClock?: boolean, keepDir?: boolean }} options  keepDir: leave
 *   the run's folder for a later step to read (the caller removes it)
 * @returns {Promise<ActionResult>}
 */
export async function runAction(options) {
  const dir = mkdtempSync(join(tmpdir(), 'action-run-'));
  const runnerTemp = join(dir, 'runner-temp');
  mkdirSync(runnerTemp);
  const outputFile = join(dir, 'github-output');
  const summaryFile = join(dir, 'step-summary.md');
  const eventFile = join(dir, 'event.json');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  writeFileSync(eventFile, JSON.stringify(options.event ?? { ref: 'refs/heads/main' }));

  /** @type {Record<string, string>} */
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: options.eventName ?? 'push',
    GITHUB_API_URL: options.githubApiUrl ?? 'http://127.0.0.1:9',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'octo-org/shop',
    GITHUB_SHA: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_WORKFLOW_REF: 'octo-org/shop/.github/workflows/tests.yml@refs/heads/main',
    GITHUB_RUN_ID: '123456',
    RUNNER_TEMP: runnerTemp,
    ...(options.realClock ? {} : { REMOTE_TEST_RESULTS_FAST_CLOCK: '1' }),
  };
  for (const [name, spec] of Object.entries(actionInputs())) {
    let value = options.inputs[name] ?? spec.default ?? '';
    if (value === '${{ github.token }}') value = FAKE_GITHUB_TOKEN;
    env[inputVariable(name)] = value;
  }
  for (const name of Object.keys(options.inputs)) {
    if (!(name in actionInputs())) env[inputVariable(name)] = options.inputs[name] ?? '';
  }
  Object.assign(env, options.env);

  const started = Date.now();
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'index.js')], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const code = await new Promise((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);

  const ms = Date.now() - started;
  try {
    const outputs = parseOutputFile(readFileSync(outputFile, 'utf8'));
    const reportPath = outputs['report-file'];
    return {
      code: /** @type {number | null} */ (code),
      stdout,
      stderr,
      outputs,
      summary: readFileSync(summaryFile, 'utf8'),
      reportFile: reportPath && existsSync(reportPath) ? JSON.parse(readFileSync(reportPath, 'utf8')) : undefined,
      commands: parseCommands(stdout),
      runnerTempFiles: Object.fromEntries(readdirSync(runnerTemp).map((name) => [name, readFileSync(join(runnerTemp, name), 'utf8')])),
      dir,
      ms,
    };
  } finally {
    if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
  }
}

/** `name<<DELIM\nvalue\nDELIM` blocks, as core.setOutput writes them. */
export function parseOutputFile(/** @type {string} */ text) {
  /** @type {Record<string, string>} */
  const outputs = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i]?.match(/^([^<]+)<<(.+)$/);
    if (!m) continue;
    const [, name, delimiter] = m;
    const value = [];
    while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i]);
    outputs[/** @type {string} */ (name)] = value.join('\n');
  }
  return outputs;
}

/** Workflow commands in a step's log: `::name props::message`. */
export function parseCommands(/** @type {string} */ stdout) {
  return stdout
    .split(/\r?\n/)
    .map((line) => line.match(/^::([a-z-]+)( [^:]*)?::(.*)$/))
    .filter((m) => m !== null)
    .map((m) => ({ command: m[1] ?? '', properties: (m[2] ?? '').trim(), message: m[3] ?? '' }));
}
