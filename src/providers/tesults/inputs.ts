import { defineInputs, inputProblem, text } from '../../input-rules.js';

/** What a Tesults step reads: a target's latest build, or a named build. */
export interface TesultsInputs {
  apiKey: string;
  target: string;
  /** Empty: the latest run. */
  build: string;
}

export const tesultsInputs = defineInputs({ 'api-key': text, target: text, build: text }, (v): TesultsInputs => {
  if (!v.target) inputProblem('target', 'is required for tesults: the target id or name');
  if (!v['api-key']) inputProblem('api-key', "is required for tesults: an API token from the project's configuration");
  return { apiKey: v['api-key'], target: v.target, build: v.build };
});
