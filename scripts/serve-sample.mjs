// Serves one provider's built-in sample data (the fakes and data of `npm run demo`) on 127.0.0.1
// until it is stopped, and says which inputs read it. The self-test workflow runs the action with
// `uses: ./` against it; `npm run local-action` reads the inputs from the --dotenv file.
//
//   node scripts/serve-sample.mjs testmo                 serve in the foreground until Ctrl-C
//   node scripts/serve-sample.mjs testmo --background    serve from a detached process, print the
//                                                        inputs and return (it serves until killed,
//                                                        or on a runner until the job ends)
//   --dotenv FILE   also write the inputs as INPUT_* lines, the format @github/local-action reads
//
// Inputs are printed as name=value lines and, when $GITHUB_OUTPUT is set, become step outputs of
// the same names, with `pid` (the serving process).
import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { demoSetups } from '../test-support/demo-setups.mjs';

const STARTUP_LIMIT_MS = 30_000;

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: { background: { type: 'boolean', default: false }, dotenv: { type: 'string' } },
});
const provider = positionals[0] ?? 'testmo';
if (!(provider in demoSetups)) {
  console.error(`Unknown provider '${provider}'. Try one of: ${Object.keys(demoSetups).join(', ')}`);
  process.exit(2);
}

/** @param {Record<string, string>} inputs @param {number} pid */
function announce(inputs, pid) {
  // A value on several lines (budgets) goes in GITHUB_OUTPUT's delimiter form.
  const lines = Object.entries({ ...inputs, pid: String(pid) }).map(([name, value]) =>
    value.includes('\n') ? `${name}<<SAMPLE_EOF\n${value}\nSAMPLE_EOF` : `${name}=${value}`,
  );
  console.log(lines.join('\n'));
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `${lines.join('\n')}\n`);
  if (options.dotenv) {
    const env = Object.entries(inputs).map(
      ([name, value]) => `INPUT_${name.toUpperCase()}=${value.includes('\n') ? JSON.stringify(value) : value}`, // dotenv expands \n in double quotes
    );
    writeFileSync(options.dotenv, `# Written by scripts/serve-sample.mjs ${provider} (pid ${pid})\n${env.join('\n')}\n`);
  }
}

if (options.background) {
  // The server lives in a detached child, so this step can end while it keeps serving; the child
  // hands its inputs back over IPC once it listens. It must not hold this process's stdout or
  // stderr open (a runner waits for them to close), so its own output goes to a log file.
  const log = join(process.env.RUNNER_TEMP ?? tmpdir(), `serve-sample-${provider}.log`);
  const logFd = openSync(log, 'a');
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), provider], {
    detached: true,
    stdio: ['ignore', logFd, logFd, 'ipc'],
  });
  closeSync(logFd);
  const inputs = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the sample server did not start within ${STARTUP_LIMIT_MS} ms`)), STARTUP_LIMIT_MS);
    child.once('message', (message) => (clearTimeout(timer), resolve(message)));
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`the sample server exited with code ${code}: see ${log}`))));
  });
  child.disconnect();
  child.unref();
  announce(/** @type {Record<string, string>} */ (inputs), /** @type {number} */ (child.pid));
} else {
  const { server, inputs } = await demoSetups[provider]();
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (process.send) process.send(inputs);
  else announce(inputs, process.pid);
}
