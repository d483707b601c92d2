import type { TestResult, TestStatus } from '../../report.js';
import type { TesultsCase, TesultsRun } from './schemas.js';

const STATUS: Record<string, TestStatus> = { pass: 'passed', fail: 'failed', unknown: 'skipped' };
/**
 * Framework words that mean the test ran and did not pass. Reporters upload such tests as
 * `unknown` (Playwright's timed-out and interrupted tests), which must not pass a gate as skipped.
 */
const RAN_AND_DID_NOT_PASS = new Set(['timedout', 'interrupted', 'failed', 'error', 'broken']);
/**
 * Framework words that mean the test did not run. Tesults' Playwright reporter uploads skipped
 * tests as `pass` with such a word, which must not count as passed.
 */
const DID_NOT_RUN = new Set(['skipped', 'pending', 'todo', 'disabled']);

/** The build's own record, not a test. */
export function isBuildCase(c: TesultsCase): boolean {
  return c.suite === '[build]';
}

/** `reason` as text: a string as it is, any other JSON value as JSON. */
export function reasonText(reason: unknown): string | undefined {
  if (reason === undefined || reason === null) return undefined;
  const text = typeof reason === 'string' ? reason : (JSON.stringify(reason) ?? String(reason));
  return text.trim() ? text : undefined;
}

function milliseconds(value: number | string | null | undefined): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** A case's duration in ms: `duration`, else `end − start` (both epoch ms) when end is not before start. */
export function caseDurationMs(c: Pick<TesultsCase, 'duration' | 'start' | 'end'>): number | undefined {
  const duration = milliseconds(c.duration);
  if (duration !== undefined) return duration;
  const start = milliseconds(c.start);
  const end = milliseconds(c.end);
  return start !== undefined && end !== undefined && end >= start ? end - start : undefined;
}

/** One case as a test, by the contract's mapping. */
export function caseToTest(c: TesultsCase): TestResult {
  const reason = reasonText(c.reason);
  const raw = c.rawResult?.trim();
  let status = STATUS[c.result.toLowerCase()] ?? 'other';
  let message = reason;
  let rawStatus = c.result;
  if (status === 'skipped' && raw && RAN_AND_DID_NOT_PASS.has(raw.toLowerCase())) {
    status = 'failed';
    message = reason ? `${raw}: ${reason}` : `${raw} (uploaded to Tesults as ${c.result})`;
    rawStatus = raw;
  } else if (status === 'passed' && raw && DID_NOT_RUN.has(raw.toLowerCase())) {
    status = 'skipped';
    rawStatus = raw;
  }
  return {
    name: c.name,
    suite: c.suite ?? undefined,
    status,
    durationMs: caseDurationMs(c),
    message,
    rawStatus,
    ...sourcePlace(c._file, c._line),
  };
}

/** `_file` and `_line` where they are a path and a positive line (a number or digits). */
function sourcePlace(file: unknown, line: unknown): { file?: string; line?: number } {
  if (typeof file !== 'string' || !file.trim()) return {};
  const n = typeof line === 'number' ? line : typeof line === 'string' && /^\d{1,9}$/.test(line.trim()) ? Number(line) : undefined;
  return n !== undefined && Number.isInteger(n) && n >= 1 ? { file: file.trim(), line: n } : { file: file.trim() };
}

/** What the runs of one build hold: each test once (its latest result), and the build records. */
export interface MergedRuns {
  tests: TestResult[];
  notes: string[];
}

/**
 * Every run of a build (the shards of one build are separate runs), merged: a test in more
 * than one run counts once, with its result from the latest run (by `created_time`; in the
 * order read, newest first, when equal). Within one run, cases of the same suite and name are
 * distinct tests.
 */
export function mergeRuns(runs: TesultsRun[]): MergedRuns {
  // Oldest first, so that a later run's result replaces an earlier one.
  const ordered = runs
    .map((run, i) => ({ run, i }))
    .sort((a, b) => (a.run.created_time ?? 0) - (b.run.created_time ?? 0) || b.i - a.i)
    .map((x) => x.run);
  const tests = new Map<string, TestResult>();
  const notes = new Set<string>();
  for (const run of ordered) {
    const seen = new Map<string, number>();
    for (const c of run.cases) {
      if (isBuildCase(c)) {
        notes.add(`Build: ${c.name} (${c.result})${c.desc ? ` — ${c.desc}` : ''}`);
        continue;
      }
      const identity = `${c.suite ?? ''}\u0000${c.name}`;
      const occurrence = seen.get(identity) ?? 0;
      seen.set(identity, occurrence + 1);
      const key = `${identity}\u0000${occurrence}`;
      tests.set(key, caseToTest(c));
    }
  }
  return { tests: [...tests.values()], notes: [...notes] };
}
