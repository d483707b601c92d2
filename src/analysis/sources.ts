import type { Conclusion, Verdict } from '../gate.js';
import { zeroCounts, type Counts } from '../report.js';

/**
 * One verdict over several sources (`sources`): pure functions of what each entry came to.
 * Each entry is judged alone, with its own rules; these only combine the results.
 */

const RANK: Record<Conclusion, number> = { success: 0, failure: 1, error: 2 };

/** The worst: `error` when any entry could not be judged, else `failure` when any failed, else `success`. */
export function worstConclusion(conclusions: Iterable<Conclusion>): Conclusion {
  let worst: Conclusion = 'success';
  for (const c of conclusions) if (RANK[c] > RANK[worst]) worst = c;
  return worst;
}

/** What the combined verdict needs from one entry. */
export interface JudgedEntry {
  label: string;
  verdict: Verdict;
}

/** `3 tests failed, more than max-failures (2).` → without its period, `The run …` → `the run …`: a clause of a longer sentence. */
function asClause(reason: string): string {
  const trimmed = reason.trim().replace(/\.$/, '');
  // A capital that starts an ordinary word is lowered; providers' names and acronyms keep theirs.
  return /^[A-Z][a-z]/.test(trimmed) && !/^(?:Testmo|Tesults|Testomato|Eggplant|GitHub)\b/.test(trimmed)
    ? trimmed.charAt(0).toLowerCase() + trimmed.slice(1)
    : trimmed;
}

/**
 * The verdict over every entry: the worst conclusion, and a reason naming each entry that did
 * not pass with its own reason (`web: 3 tests failed, more than max-failures (2); perf: …`).
 */
export function combinedVerdict(entries: readonly JudgedEntry[]): Verdict {
  const conclusion = worstConclusion(entries.map((e) => e.verdict.conclusion));
  if (conclusion === 'success') return { conclusion, reason: '' };
  const parts = entries
    .filter((e) => e.verdict.conclusion !== 'success')
    .map((e) => `${e.label}: ${asClause(e.verdict.reason) || e.verdict.conclusion}`);
  return { conclusion, reason: `${parts.join('; ')}.` };
}

/** The counts of every entry added up; `total` stays the sum of the other five. */
export function sumCounts(all: Iterable<Counts>): Counts {
  const sum = zeroCounts();
  for (const c of all) {
    sum.passed += c.passed;
    sum.failed += c.failed;
    sum.skipped += c.skipped;
    sum.pending += c.pending;
    sum.other += c.other;
  }
  sum.total = sum.passed + sum.failed + sum.skipped + sum.pending + sum.other;
  return sum;
}

/** `[web] checkout pays`: how a test is named once several entries share a list. */
export function labelledName(label: string, name: string): string {
  return label ? `[${label}] ${name}` : name;
}

/** Each entry's names labelled, entries in order: the lists the name outputs are cut from. */
export function* labelledNames(lists: Iterable<{ label: string; tests: Iterable<{ name: string }> }>): Generator<{ name: string }> {
  for (const { label, tests } of lists) for (const test of tests) yield { name: labelledName(label, test.name) };
}

/** One entry as the `sources` output describes it. */
export interface SourceOutput extends Counts {
  label: string;
  provider: string;
  conclusion: Conclusion;
  'run-id': string;
  'report-url': string;
  'gate-reason': string;
}

export function sourceOutput(entry: {
  label: string;
  provider: string;
  verdict: Verdict;
  counts: Counts;
  runId?: string;
  reportUrl?: string;
}): SourceOutput {
  const { counts } = entry;
  return {
    label: entry.label,
    provider: entry.provider,
    conclusion: entry.verdict.conclusion,
    total: counts.total,
    passed: counts.passed,
    failed: counts.failed,
    skipped: counts.skipped,
    pending: counts.pending,
    other: counts.other,
    'run-id': entry.runId ?? '',
    'report-url': entry.reportUrl ?? '',
    'gate-reason': entry.verdict.reason,
  };
}

/** The `sources` output: one object per entry, in order; `[]` for a single run. */
export function sourcesJson(entries: readonly Parameters<typeof sourceOutput>[0][]): string {
  return JSON.stringify(entries.map(sourceOutput));
}
