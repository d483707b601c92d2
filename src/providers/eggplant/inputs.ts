import { bool, defineInputs, inputProblem, text } from '../../input-rules.js';

/** What an Eggplant step reads: one job, or a job it starts from a template. */
export interface EggplantInputs {
  /** An access token already issued; else client-id and client-secret are exchanged for one. */
  apiKey: string;
  clientId: string;
  clientSecret: string;
  realm: string;
  /** The job's number (`123` from `123` or `jobs/123`); empty with start. */
  job: string;
  start: boolean;
  /** `jobTemplates/6789`; empty without start. */
  jobTemplate: string;
}

/** `123` or `jobs/123` → `123`. */
export function jobNumber(value: string): string | undefined {
  return value.match(/^(?:jobs\/)?(\d+)$/)?.[1];
}

export const eggplantInputs = defineInputs(
  { 'api-key': text, 'client-id': text, 'client-secret': text, realm: text, job: text, start: bool, 'job-template': text },
  (v): EggplantInputs => {
    if (!v.realm) inputProblem('realm', 'is required for eggplant: your account realm');
    if (!v['api-key'] && !(v['client-id'] && v['client-secret'])) {
      inputProblem(
        v['client-id'] ? 'client-secret' : 'client-id',
        'is required for eggplant: give client-id and client-secret, or an access token as api-key',
      );
    }
    const common = { apiKey: v['api-key'], clientId: v['client-id'], clientSecret: v['client-secret'], realm: v.realm, start: v.start };
    if (v.start) {
      if (!/^(jobTemplates\/)?\d+$/.test(v['job-template'])) {
        inputProblem(
          'job-template',
          v['job-template']
            ? `must be a job template id (6789 or jobTemplates/6789), got '${v['job-template']}'`
            : 'is required for eggplant with start: true',
        );
      }
      if (v.job) inputProblem('job', 'cannot be combined with start: true (start runs a new job)');
      const template = v['job-template'].startsWith('jobTemplates/') ? v['job-template'] : `jobTemplates/${v['job-template']}`;
      return { ...common, job: '', jobTemplate: template };
    }
    const job = jobNumber(v.job);
    if (!job) {
      inputProblem(
        'job',
        v.job
          ? `must be an Eggplant job id (123 or jobs/123), got '${v.job}'`
          : 'is required for eggplant (or start: true with job-template)',
      );
    }
    return { ...common, job, jobTemplate: '' };
  },
);
