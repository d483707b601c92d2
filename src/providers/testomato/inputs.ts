import { bool, defineInputs, inputProblem, text } from '../../input-rules.js';

/** What a Testomato step reads: a project's current status, one job, or a job it starts. */
export interface TestomatoInputs {
  apiKey: string;
  project: string;
  /** Empty: the project's status, or the started job. */
  job: string;
  start: boolean;
}

export const testomatoInputs = defineInputs({ 'api-key': text, project: text, job: text, start: bool }, (v): TestomatoInputs => {
  if (!v.project) inputProblem('project', 'is required for testomato: the project id from its address');
  if (v.start && v.job) inputProblem('job', 'cannot be combined with start: true (start runs a new job)');
  return { apiKey: v['api-key'], project: v.project, job: v.job, start: v.start };
});
