import { NoVerdictError } from '../../errors.js';
import { PageGuard } from '../../http/pagination.js';
import type { ProviderHttp } from '../../http/provider-http.js';
import { reportFromTests, type ProviderReport, type TestResult, type TestStatus } from '../../report.js';
import { defineProvider } from '../types.js';
import { shareWithBaseline } from '../shared.js';
import { readTesultsBaseline, TESULTS_TARGET } from './baseline.js';
import { tesultsInputs } from './inputs.js';
import { errorBodySchema, resultsSchema, targetsSchema } from './schemas.js';

const STATUS: Record<string, TestStatus> = { pass: 'passed', fail: 'failed', unknown: 'skipped' };
/** How many target names an "unknown target" error lists. */
const NAMES_SHOWN = 20;

export const tesults = defineProvider({
  label: 'Tesults',
  defaultBaseUrl: 'https://www.tesults.com',
  inputs: tesultsInputs,
  describeScope: (inputs) => `target ${inputs.target}`,
  describeTarget: (inputs) => `target ${inputs.target}${inputs.build ? ` build ${inputs.build}` : ''}`,
  readBaseline: readTesultsBaseline,

  async fetchReport(ctx): Promise<ProviderReport> {
    const { inputs } = ctx;
    const http = ctx.http({
      headers: { authorization: `Bearer ${inputs.apiKey}` },
      hints: {
        auth: "that api-key is a Tesults API token (from the project's configuration, not a target's upload token).",
        notFound: `that target '${inputs.target}'${inputs.build ? ` and build '${inputs.build}'` : ''} exist.`,
      },
      errorMessage: (body) => errorBodySchema.safeParse(body).data?.error.message,
    });

    const target = await resolveTarget(http, inputs.target);
    shareWithBaseline(ctx, TESULTS_TARGET, target);
    const answer = await http.json(
      { path: '/api/results', query: { target: target.id, limit: 1, build: inputs.build || undefined } },
      resultsSchema,
    );
    const run = answer.data.results.runs[0];
    const source = `target "${target.name}"${inputs.build ? ` build ${inputs.build}` : ' latest run'}`;
    if (!run) {
      if (inputs.build)
        throw new NoVerdictError(`Tesults has no run for build '${inputs.build}' in target "${target.name}". Check the build name.`);
      return reportFromTests({ source, notes: [] }, []);
    }
    const notes: string[] = [];
    const tests: TestResult[] = [];
    for (const c of run.cases) {
      // The [build] case is the build's own record, not a test.
      if (c.suite === '[build]') {
        notes.push(`Build: ${c.name} (${c.result})${c.desc ? ` — ${c.desc}` : ''}`);
        continue;
      }
      const status = STATUS[c.result.toLowerCase()] ?? 'other';
      const duration = typeof c.duration === 'string' ? Number(c.duration) : c.duration;
      tests.push({
        name: c.name,
        suite: c.suite ?? undefined,
        status,
        durationMs: typeof duration === 'number' && Number.isFinite(duration) ? duration : undefined,
        message: c.reason !== undefined && c.reason !== null && String(c.reason).trim() ? String(c.reason) : undefined,
        rawStatus: c.result,
      });
    }
    return reportFromTests(
      {
        source,
        reportUrl: run.run_url ?? undefined,
        notes,
        finishedAt: run.created_time ?? undefined,
        runId: inputs.build || undefined,
        createdAt: run.created_time ?? undefined,
      },
      tests,
    );
  },
});

/** A target by id or by name, through `/api/targets` and every page of its cursor. */
async function resolveTarget(http: ProviderHttp, wanted: string): Promise<{ id: string; name: string }> {
  const guard = new PageGuard('Tesults', 'GET /api/targets', http.deadline);
  const all: { id: string; name: string }[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await http.json({ path: '/api/targets', query: { limit: 100, cursor }, noId: true }, targetsSchema);
    for (const t of page.data.targets) {
      if (t.id === wanted) return t;
      all.push(t);
    }
    const next = page.data.cursor ?? undefined;
    if (!next) break;
    guard.visit(next);
    cursor = next;
  }
  const byName = all.find((t) => t.name === wanted) ?? all.find((t) => t.name.toLowerCase() === wanted.toLowerCase());
  if (byName) return byName;
  const names = all
    .slice(0, NAMES_SHOWN)
    .map((t) => `"${t.name}"`)
    .join(', ');
  const more = all.length > NAMES_SHOWN ? ` and ${all.length - NAMES_SHOWN} more` : '';
  throw new NoVerdictError(
    `Tesults has no target with the id or name '${wanted}'. ${all.length ? `Targets this token can read: ${names}${more}.` : 'This token can read no targets.'} Check the target input.`,
  );
}
