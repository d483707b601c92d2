import { defineInputs, inputProblem, text } from '../../input-rules.js';

/** What a Testmo step reads: a test run, by id. */
export interface TestmoInputs {
  apiKey: string;
  runId: string;
}

export const testmoInputs = defineInputs({ 'api-key': text, run: text }, (v): TestmoInputs => {
  if (!v['api-key']) inputProblem('api-key', 'is required for testmo: an API token from your Testmo profile');
  if (!/^\d+$/.test(v.run)) {
    inputProblem('run', v.run ? `must be a Testmo run id (a number), got '${v.run}'` : 'is required for testmo: the id of the run to read');
  }
  return { apiKey: v['api-key'], runId: v.run };
});
