import type { ProviderHttp } from '../../http/provider-http.js';
import type { TestResult } from '../../report.js';
import { responseTimeMs } from './metrics.js';
import { jobResultsSchema, projectStatusSchema, startSchema, type ProjectStatus, type TestomatoTestStatus } from './schemas.js';

/** Testomato's resources, one reader each, and the one mapping of a check's status. */

const path = (project: string) => `/api/project/${encodeURIComponent(project)}`;

export function readProjectStatus(http: ProviderHttp, project: string): Promise<ProjectStatus> {
  return http.json({ path: `${path(project)}/status` }, projectStatusSchema);
}

export function startJob(http: ProviderHttp, project: string) {
  return http.json({ path: `${path(project)}/start` }, startSchema);
}

export function readJobResults(http: ProviderHttp, project: string, jobId: string) {
  return http.json({ path: `${path(project)}/job/${encodeURIComponent(jobId)}/results` }, jobResultsSchema);
}

/** `ok` with no failures passed; anything else failed (only `ok` is documented). */
export function isOk(status: { status?: string | null; failures?: string[] | null } | null | undefined): boolean {
  return status?.status === 'ok' && !status.failures?.length;
}

/**
 * The project status's checks as tests (the current run and the status read before a start
 * alike): a disabled check is skipped and not measured (its timings are from before it was disabled).
 */
export function statusTests(status: ProjectStatus): TestResult[] {
  return status.tests.map((t): TestResult => {
    const result = t.enabled === false ? 'skipped' : isOk(t.status) ? 'passed' : 'failed';
    const ms = responseTimeMs(t.status);
    return {
      name: t.name,
      status: result,
      url: t.url ?? undefined,
      durationMs: ms,
      message: result === 'failed' ? failureMessage(t.status, t.url) : undefined,
      rawStatus: t.enabled === false ? 'disabled' : (t.status?.status ?? undefined),
      metrics: ms === undefined || t.enabled === false ? undefined : { responseTime: ms },
      key: `test:${t.id}`,
    };
  });
}

function failureMessage(status: TestomatoTestStatus | null | undefined, url: string | null | undefined): string {
  const failures = status?.failures?.length ? status.failures.join('\n') : `status: ${status?.status ?? 'unknown'}`;
  return url ? `${failures}\nChecked URL: ${url}` : failures;
}
