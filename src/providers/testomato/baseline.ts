import { passRateOf } from '../../baseline/compare.js';
import { compactTest } from '../../baseline/compact.js';
import type { BaselineRun, BaselineRuns } from '../../baseline/types.js';
import { mediansByMetric } from '../../budgets/judge.js';
import type { ProviderHttp } from '../../http/provider-http.js';
import type { ProviderContext } from '../types.js';
import { readProjectStatus, statusTests } from './api.js';
import type { TestomatoInputs } from './inputs.js';
import { testomatoMetrics } from './metrics.js';

/** The project's status read just before a start, or why it could not be read (the baseline's warning, not the job's). */
export type StatusBeforeStart = { run: BaselineRun } | { error: unknown };

/**
 * With `start: true` and `baseline: previous`: the project's status just before the job is
 * started is what the job replaces. Never throws: a status that cannot be read is the
 * baseline's problem (a warning later), not the job's.
 */
export async function readStatusBeforeStart(http: ProviderHttp, project: string): Promise<StatusBeforeStart> {
  try {
    const status = await readProjectStatus(http, project);
    const checks = statusTests(status);
    const tests: BaselineRun['tests'] = new Map(checks.map((t) => [t.key!, compactTest(t)]));
    const lastRun = status.project?.lastRun ?? undefined;
    return {
      run: {
        id: lastRun ? `status-${lastRun}` : 'status',
        label: 'the project status before the start',
        createdAt: lastRun ? lastRun * 1000 : undefined,
        passRate: passRateOf(checks.map((t) => t.status)),
        tests,
        unlisted: 'absent',
        // Response times as the current run's tests carry them (a disabled check is not measured).
        medians: mediansByMetric(
          checks,
          testomatoMetrics.metrics.map((m) => m.name),
        ),
      },
    };
  } catch (error) {
    return { error };
  }
}

/** Testomato keeps no job listing: the only baseline is the status read before a start. */
export async function readTestomatoBaseline(
  ctx: ProviderContext<TestomatoInputs>,
  known: Promise<StatusBeforeStart | undefined>,
): Promise<BaselineRuns> {
  const request = ctx.baseline;
  const warnings = request.history > 0 ? ['Testomato keeps no earlier jobs to list: history is ignored.'] : [];
  if (request.baseline.kind === 'id') {
    return { history: [], warnings, none: 'No baseline: Testomato has no earlier run to name by id; use previous with start: true.' };
  }
  if (!ctx.inputs.start || request.baseline.kind !== 'previous') {
    return {
      history: [],
      warnings,
      none: 'No baseline: Testomato keeps no earlier run to compare with unless start is true (the status read just before starting).',
    };
  }
  const before = await known;
  if (!before) return { history: [], warnings, none: 'No baseline: the project status was not read before the start.' };
  if ('error' in before) throw before.error;
  return { baseline: before.run, history: [], warnings };
}
