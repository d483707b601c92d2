import { bool, defineInputs, inputProblem, text } from '../../input-rules.js';

/** What an Eggplant step reads: one job, the newest job of a template, or a job it starts from a template. */
export interface EggplantInputs {
  /** An access token already issued; else client-id and client-secret are exchanged for one. */
  apiKey: string;
  clientId: string;
  clientSecret: string;
  realm: string;
  /** The job's number (`123` from `123` or `jobs/123`); empty with start or latest. */
  job: string;
  /** `job: latest`: the newest job of `jobTemplate`. */
  latest: boolean;
  start: boolean;
  /** `jobTemplates/6789`; empty unless start or latest. */
  jobTemplate: string;
}

/** `123` or `jobs/123` → `123`. */
export function jobNumber(value: string): string | undefined {
  return value.match(/^(?:jobs\/)?(\d+)$/)?.[1];
}

/** `6789` or `jobTemplates/6789` → `jobTemplates/6789`, after checking it is one; `why` says what needs it. */
function jobTemplateUri(value: string, why: string): string {
  if (!/^(jobTemplates\/)?\d+$/.test(value)) {
    inputProblem(
      'job-template',
      value ? `must be a job template id (6789 or jobTemplates/6789), got '${value}'` : `is required for eggplant with ${why}`,
    );
  }
  return value.startsWith('jobTemplates/') ? value : `jobTemplates/${value}`;
}

export const eggplantInputs = defineInputs(
  { 'api-key': text, 'client-id': text, 'client-secret': text, realm: text, job: text, start: bool, 'job-template': text },
  (v): EggplantInputs => {
    if (!v.realm) inputProblem('realm', 'is required for eggplant: your account realm');
    // A client-secret without its client-id is a mistake in the workflow, not a withheld secret.
    if (!v['api-key'] && v['client-secret'] && !v['client-id']) {
      inputProblem(
        'client-id',
        'is required for eggplant with client-secret: give client-id and client-secret, or an access token as api-key',
      );
    }
    const common = { apiKey: v['api-key'], clientId: v['client-id'], clientSecret: v['client-secret'], realm: v.realm, start: v.start };
    if (v.start) {
      if (v.job) inputProblem('job', 'cannot be combined with start: true (start runs a new job)');
      return { ...common, job: '', latest: false, jobTemplate: jobTemplateUri(v['job-template'], 'start: true') };
    }
    if (v.job.toLowerCase() === 'latest') {
      return {
        ...common,
        job: '',
        latest: true,
        jobTemplate: jobTemplateUri(v['job-template'], 'job: latest (the newest job of that template)'),
      };
    }
    const job = jobNumber(v.job);
    if (!job) {
      inputProblem(
        'job',
        v.job
          ? `must be an Eggplant job id (123 or jobs/123) or latest, got '${v.job}'`
          : 'is required for eggplant (a job id, or latest with job-template, or start: true with job-template)',
      );
    }
    return { ...common, job, latest: false, jobTemplate: '' };
  },
);
