// Prints the README's Inputs and Outputs tables as action.yml defines them; the test suite fails
// when the README drifts from this. Usage: node scripts/readme-tables.mjs [inputs|outputs]
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const action = parse(readFileSync(new URL('../action.yml', import.meta.url), 'utf8'));
const cell = (text) => String(text).replace(/\|/g, '\\|');

export function inputRows() {
  return Object.entries(action.inputs).map(([name, spec]) => {
    const def = spec.required ? 'required' : spec.default === '' ? "`''`" : `\`${spec.default}\``;
    return `| \`${name}\` | ${cell(def)} | ${cell(spec.description)} |`;
  });
}

export function outputRows() {
  return Object.entries(action.outputs).map(([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const which = process.argv[2] ?? 'inputs';
  console.log((which === 'outputs' ? outputRows() : inputRows()).join('\n'));
}
