import { passRateOf } from '../../baseline/compare.js';
import { mediansByMetric } from '../../budgets/judge.js';
import type { BaselineRequest, BaselineRun, BaselineRuns } from '../../baseline/types.js';
import type { ProviderHttp } from '../../http/provider-http.js';
import type { ProviderReport } from '../../report.js';
import { shareWithBaseline, sharedByReport } from '../shared.js';
import type { ProviderContext } from '../types.js';
import type { TestomatoInputs } from './inputs.js';
import { responseTimeMs, testomatoMetrics } from './metrics.js';
import { projectStatusSchema } from './schemas.js';

const STATUS_BEFORE_START = 'testomato:status-before-start';
type BeforeStart = { run: BaselineRun } | { error: unknown };

/**
 * With `start: true` and `baseline: previous`: the project's status just before the job is
 * started is what the job replaces. Never throws: a status that cannot be read is the
 * baseline's problem (a warning later), not the job's.
 */
export async function readStatusBeforeStart(ctx: ProviderContext<TestomatoInputs>, http: ProviderHttp, project: string): Promise<void> {
  if (ctx.baseline.baseline.kind !== 'previous') return;
  let before: BeforeStart;
  try {
    const status = await http.json({ path: `/api/project/${project}/status` }, projectStatusSchema);
    const tests: BaselineRun['tests'] = new Map();
    // Response times as the current run's tests carry them (a disabled check is not measured).
    const measured: { metrics?: Record<string, number> }[] = [];
    for (const t of status.tests) {
      const ok = t.status?.status === 'ok' && !t.status.failures?.length;
      tests.set(`test:${t.id}`, { status: t.enabled === false ? 'skipped' : ok ? 'passed' : 'failed', name: t.name });
      const ms = responseTimeMs(t.status);
      if (ms !== undefined && t.enabled !== false) measured.push({ metrics: { responseTime: ms } });
    }
    const lastRun = status.project?.lastRun ?? undefined;
    before = {
      run: {
        id: lastRun ? `status-${lastRun}` : 'status',
        label: 'the project status before the start',
        createdAt: lastRun ? lastRun * 1000 : undefined,
        passRate: passRateOf([...tests.values()].map((t) => t.status)),
        tests,
        unlisted: 'absent',
        medians: mediansByMetric(
          measured,
          testomatoMetrics.metrics.map((m) => m.name),
        ),
      },
    };
  } catch (error) {
    before = { error };
  }
  shareWithBaseline(ctx, STATUS_BEFORE_START, before);
}

/** Testomato keeps no job listing: the only baseline is the status read before a start. */
export async function readTestomatoBaseline(
  ctx: ProviderContext<TestomatoInputs>,
  current: Promise<ProviderReport>,
  request: BaselineRequest,
): Promise<BaselineRuns> {
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
  const before = await sharedByReport<BeforeStart>(ctx, STATUS_BEFORE_START, current);
  if (!before) return { history: [], warnings, none: 'No baseline: the project status was not read before the start.' };
  if ('error' in before) throw before.error;
  return { baseline: before.run, history: [], warnings };
}
