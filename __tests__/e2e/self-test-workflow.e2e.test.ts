import { afterEach, describe, expect, test } from '@jest/globals';
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { useFakeGitHub } from './helpers.js';
import { demoSetups } from '../../test-support/demo-setups.mjs';
import { parseOutputFile, runAction, ROOT } from '../../test-support/run-action.mjs';

/**
 * .github/workflows/self-test.yml run here as far as this machine can: each matrix entry's sample
 * server step (scripts/serve-sample.mjs, outputs through $GITHUB_OUTPUT), the action step's `with:`
 * evaluated by GitHub's expression library, the action (dist/index.js against the fake GitHub), then
 * the checking step's own script. This keeps the workflow's hard-coded counts equal to what the
 * sample data gives, and shows that its checking step fails when an output is wrong.
 */

type Step = { id?: string; name?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Entry = { provider: string; 'check-name': string; expected: Record<string, string> };

const workflow = parse(readFileSync(join(ROOT, '.github', 'workflows', 'self-test.yml'), 'utf8'));
const job = workflow.jobs['self-test'];
const entries: Entry[] = job.strategy.matrix.include;
const steps: Step[] = job.steps;
const sampleStep = steps.find((s) => s.id === 'sample')!;
const actionIndex = steps.findIndex((s) => s.uses === './');
const actionStep = steps[actionIndex]!;
const checkStep = steps[actionIndex + 1]!;

/** `${{ … }}` in a workflow value, evaluated the way the runner does (GitHub's own evaluator). */
function interpolate(template: unknown, context: Record<string, unknown>): string {
  return String(template).replace(/\$\{\{(.*?)\}\}/g, (_, source: string) => {
    const lexed = new Lexer(source.trim()).lex();
    const expression = new Parser(lexed.tokens, Object.keys(context), []).parse();
    const values = JSON.parse(JSON.stringify(context), data.reviver) as data.Dictionary;
    return new Evaluator(expression, values).evaluate().coerceString();
  });
}

/** Runs a step's `run:` script as the runner's default bash shell does, its env evaluated, with a fresh $GITHUB_OUTPUT. */
function runScript(step: Step, context: Record<string, unknown>) {
  const dir = mkdtempSync(join(tmpdir(), 'self-test-step-'));
  const [outputFile, script] = [join(dir, 'github-output'), join(dir, 'step.sh')];
  writeFileSync(outputFile, '');
  writeFileSync(script, step.run!);
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', GITHUB_OUTPUT: outputFile, RUNNER_TEMP: dir };
  for (const [name, value] of Object.entries(step.env ?? {})) env[name] = interpolate(value, context);
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30_000, // a step that leaves a process holding its output open would hang the runner too
  });
  const lines = readFileSync(outputFile, 'utf8').split('\n');
  rmSync(dir, { recursive: true, force: true });
  const outputs = {
    ...Object.fromEntries(lines.filter((l) => /^[\w-]+=/.test(l)).map((l) => l.split(/=(.*)/s).slice(0, 2))),
    ...parseOutputFile(lines.join('\n')),
  };
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, outputs: outputs as Record<string, string> };
}

const pushEvent = { event_name: 'push', actor: 'octocat', event: { ref: 'refs/heads/main' } };
const forkEvent = { event_name: 'pull_request', actor: 'someone', event: { pull_request: { head: { repo: { fork: true } } } } };

const servers: number[] = [];
const runDirs: string[] = [];
afterEach(() => {
  for (const dir of runDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  for (const pid of servers.splice(0)) {
    try {
      process.kill(pid);
    } catch {
      // already gone
    }
  }
});

/** The job's steps from the sample server to the action's outputs, for one matrix entry. */
async function runJob(entry: Entry, github: { url: string }, githubContext: object = pushEvent) {
  const context: Record<string, unknown> = { matrix: entry, github: githubContext, steps: {} };
  const sample = runScript(sampleStep, context);
  if (sample.outputs.pid) servers.push(Number(sample.outputs.pid));
  expect(sample.stderr).toBe('');
  expect(sample.status).toBe(0); // not null: the step returned while its server serves on
  context.steps = { sample: { outputs: sample.outputs } };
  const inputs = Object.fromEntries(Object.entries(actionStep.with ?? {}).map(([name, value]) => [name, interpolate(value, context)]));
  // The checking step reads the report file the action wrote: the folder stays until afterEach.
  const result = await runAction({ inputs, githubApiUrl: github.url, keepDir: true });
  runDirs.push(result.dir);
  context.steps = { ...(context.steps as object), action: { outputs: result.outputs } };
  return { context, inputs, result };
}

describe('the self-test workflow', () => {
  const github = useFakeGitHub();

  test('has an entry for every provider with sample data, and one with an empty check-name', () => {
    expect(new Set(entries.map((e) => e.provider))).toEqual(new Set(Object.keys(demoSetups)));
    expect(entries.filter((e) => e['check-name'] === '')).toHaveLength(1);
    expect(actionStep.with?.['fail-step']).toBe(false);
    expect(checkStep.run).toContain('node --input-type=module');
  });

  const withCheckName = entries.filter((e) => e['check-name'] !== '');
  const emptyCheckName = entries.find((e) => e['check-name'] === '')!;

  test.each(withCheckName.map((e): [string, Entry] => [e.provider, e]))(
    '%s: the action gives the expected outputs and a check run, and the checking step passes',
    async (_label, entry) => {
      const { context, inputs, result } = await runJob(entry, github());
      expect(inputs['check-name']).toBe(entry['check-name']);
      expect(result.code).toBe(0); // fail-step: false, and a failed gate is not an error
      expect(Object.fromEntries(Object.keys(entry.expected).map((k) => [k, result.outputs[k]]))).toEqual(entry.expected);
      expect(result.outputs['check-run-id']).toBe('7000');
      expect(github().requests).toHaveLength(1);

      const check = runScript(checkStep, context);
      expect(check.stdout).toContain('All outputs as expected');
      expect(check.status).toBe(0);
    },
  );

  test("check-name '': the action passes the empty value through and gives the expected counts", async () => {
    const { inputs, result } = await runJob(emptyCheckName, github());
    expect(inputs['check-name']).toBe('');
    expect(result.code).toBe(0);
    expect(Object.fromEntries(Object.keys(emptyCheckName.expected).map((k) => [k, result.outputs[k]]))).toEqual(emptyCheckName.expected);
  });

  // The runner applies action.yml's defaults itself: an explicitly empty check-name means no check run.
  test("check-name '': no check run is created, and the checking step passes", async () => {
    const { context, result } = await runJob(emptyCheckName, github());
    expect(result.outputs['check-run-id']).toBe('');
    expect(github().requests).toHaveLength(0);
    const check = runScript(checkStep, context);
    expect(check.stdout).toContain('All outputs as expected');
    expect(check.status).toBe(0);
  });

  test('the checking step fails on a wrong count, a missing check run and an unwanted one', async () => {
    const first = await runJob(withCheckName[0]!, github());
    const outputs = first.result.outputs;
    const wrong = { ...outputs, failed: String(Number(outputs.failed) + 1), 'check-run-id': '' };
    const check = runScript(checkStep, { ...first.context, steps: { action: { outputs: wrong } } });
    expect(check.status).toBe(1);
    expect(check.stdout).toContain(`::error::failed: expected '${outputs.failed}', got '${wrong.failed}'`);
    expect(check.stdout).toContain('::error::check-run-id: expected an id');

    const second = await runJob(emptyCheckName, github());
    const unwanted = { ...second.result.outputs, 'check-run-id': '7001' };
    const check2 = runScript(checkStep, { ...second.context, steps: { action: { outputs: unwanted } } });
    expect(check2.status).toBe(1);
    expect(check2.stdout).toContain("::error::check-run-id: expected empty with check-name ''");
  });

  test('on a pull request from a fork (read-only token: the check run is refused) the checking step accepts no check run', async () => {
    const { context, result } = await runJob(withCheckName[0]!, github(), forkEvent);
    const refused = { ...result.outputs, 'check-run-id': '', 'check-run-url': '' };
    const check = runScript(checkStep, { ...context, steps: { action: { outputs: refused } } });
    expect(check.status).toBe(0);
    const onPush = runScript(checkStep, { ...context, github: pushEvent, steps: { action: { outputs: refused } } });
    expect(onPush.status).toBe(1);
  });
});
