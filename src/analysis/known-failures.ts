/**
 * Known failures: a reviewed, expiring list of failures the team already knows about, kept out
 * of the gate. This module parses and validates the list (YAML text, wherever it came from) and
 * classifies a run's tests against it. Pure: no I/O (reading the file is src/known-failures-file.ts).
 *
 * Regular expressions run on RE2JS, a JavaScript port of RE2: matching is linear in the text
 * whatever the pattern (`(a+)+$` included), and nothing native is built, so the bundle runs on
 * the runner's Node as it is. RE2 syntax is JavaScript's without backreferences and lookaround;
 * a pattern using them is refused when the list is read, not when a message is matched.
 */
import { RE2JS } from 're2js';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { testKey } from '../baseline/compare.js';
import { inputProblem } from '../input-rules.js';
import type { TestResult } from '../report.js';

/** The list's bounds: what a reviewed file of known failures never needs more of. */
export const KNOWN_FAILURES_MAX_BYTES = 1024 * 1024;
export const KNOWN_FAILURES_MAX_ENTRIES = 1000;
/** YAML aliases expand: a few are convenient, many are a billion-laughs attack. */
export const KNOWN_FAILURES_MAX_ALIASES = 100;
/**
 * Characters of failure messages all of an analysis's regular-expression matches may read
 * together. Each match is linear, but entries × failures × message length is not bounded by
 * anything else; a match that would go past this is cut off (no match, and a warning).
 */
export const MESSAGE_MATCH_BUDGET_CHARS = 32 * 1024 * 1024;

/** One entry of the list, validated and compiled. */
export interface KnownFailureEntry {
  /** 1-based position in the list; 0 for entries made by `quarantine-flaky`. */
  position: number;
  /** The `test` glob as written (or the flaky test's name). */
  test: string;
  message?: string;
  reason: string;
  /** `YYYY-MM-DD`: the entry applies through that day, UTC. */
  until?: string;
  /** Only for the `sources` entry of this label. */
  source?: string;
  /** Compiled `test`: the whole name, or `folder / name`. */
  readonly testPattern: RE2JS;
  readonly messagePattern?: RE2JS;
  /** Epoch ms at which the entry stops applying (the day after `until`, 00:00 UTC). */
  readonly expiresAt?: number;
}

const ENTRY_KEYS = ['test', 'message', 'reason', 'until', 'source'] as const;

const entrySchema = z.strictObject({
  test: z.string({ error: 'must be text' }).refine((v) => v.trim() !== '', 'must not be empty'),
  message: z.string({ error: 'must be text (a regular expression)' }).optional(),
  reason: z.string({ error: 'must be text' }).refine((v) => v.trim() !== '', 'must not be empty'),
  until: z.string({ error: 'must be a date, YYYY-MM-DD' }).optional(),
  source: z.string({ error: 'must be text (a label of `sources`)' }).optional(),
});

/** Where an entry is, for an error or a warning: `entry 3 (test "Checkout / *")`. */
export function describeEntry(entry: Pick<KnownFailureEntry, 'position' | 'test'>): string {
  const test = entry.test.length > 80 ? `${entry.test.slice(0, 80)}…` : entry.test;
  return entry.position > 0 ? `entry ${entry.position} (test ${JSON.stringify(test)})` : `quarantined flaky test ${JSON.stringify(test)}`;
}

/** Epoch ms of the day after a valid `YYYY-MM-DD`, else undefined. */
function endOfDay(date: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const start = Date.UTC(y, mo - 1, d);
  const back = new Date(start);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return Date.UTC(y, mo - 1, d + 1);
}

/** A `test` glob as a whole-text pattern: `*` is any text (slashes and line breaks too), the rest literal. */
export function globPattern(glob: string): RE2JS {
  return RE2JS.compile(glob.split('*').map(RE2JS.quote).join('.*'), RE2JS.DOTALL);
}

/** A `message` pattern; the RE2 error when it does not compile. */
function compileMessage(pattern: string): RE2JS | string {
  try {
    return RE2JS.compile(RE2JS.translateRegExp(pattern));
  } catch (error) {
    return error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
  }
}

/**
 * The list from YAML text: a sequence of maps. `input` names the input in errors
 * (`known-failures`). Any problem is an InputError naming the entry and the field.
 */
export function parseKnownFailures(yamlText: string, input = 'known-failures'): KnownFailureEntry[] {
  const fail = (message: string): never => inputProblem(input, message);
  if (Buffer.byteLength(yamlText, 'utf8') > KNOWN_FAILURES_MAX_BYTES)
    fail('is larger than 1 MiB: keep the list of known failures under that');
  // The core schema only: no custom or language tags, so a value is text, a number, a boolean or null.
  const doc = parseDocument(yamlText, {
    schema: 'core',
    customTags: [],
    uniqueKeys: true,
    prettyErrors: true,
  });
  const problem = doc.errors[0] ?? doc.warnings[0];
  // The first line only: it says what and where (`at line 2, column 3`); the excerpt after it is left out.
  if (problem) fail(`is not valid YAML: ${problem.message.split('\n')[0]!.replace(/:$/, '')}`);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: KNOWN_FAILURES_MAX_ALIASES });
  } catch (error) {
    fail(`is not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) fail('must be a YAML list of entries, each with test and reason');
  const list = value as unknown[];
  if (list.length > KNOWN_FAILURES_MAX_ENTRIES) fail(`has ${list.length} entries, more than ${KNOWN_FAILURES_MAX_ENTRIES}`);

  return list.map((raw, index) => {
    const position = index + 1;
    const rawTest =
      raw && typeof raw === 'object' && typeof (raw as { test?: unknown }).test === 'string' ? (raw as { test: string }).test : undefined;
    const where = rawTest === undefined ? `entry ${position}` : describeEntry({ position, test: rawTest });
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail(`${where}: must be a map with test and reason`);
    const parsed = entrySchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      if (issue.code === 'unrecognized_keys') {
        fail(`${where}: unknown key '${issue.keys[0]}' (an entry has ${ENTRY_KEYS.join(', ')})`);
      }
      const field = String(issue.path[0]);
      const missing = (raw as Record<string, unknown>)[field] == null;
      fail(`${where}: '${field}' ${missing ? 'is required' : issue.message}`);
    }
    const entry = parsed.data!;
    let expiresAt: number | undefined;
    if (entry.until !== undefined) {
      expiresAt = endOfDay(entry.until.trim());
      if (expiresAt === undefined) fail(`${where}: 'until' must be a date, YYYY-MM-DD, got '${entry.until}'`);
    }
    let messagePattern: RE2JS | undefined;
    if (entry.message !== undefined) {
      const compiled = compileMessage(entry.message);
      if (typeof compiled === 'string') fail(`${where}: 'message' is not a valid regular expression (RE2 syntax): ${compiled}`);
      messagePattern = compiled as RE2JS;
    }
    return {
      position,
      test: entry.test,
      ...(entry.message !== undefined && { message: entry.message }),
      reason: entry.reason.trim(),
      ...(entry.until !== undefined && { until: entry.until.trim() }),
      ...(entry.source !== undefined && { source: entry.source.trim() }),
      testPattern: globPattern(entry.test),
      ...(messagePattern && { messagePattern }),
      ...(expiresAt !== undefined && { expiresAt }),
    };
  });
}

/**
 * Whether the `known-failures` input holds the list itself rather than a path: a YAML list
 * starts with `-` or `[` (a path in the workspace never does in practice).
 */
export function isInlineList(value: string): boolean {
  const first = value.trimStart()[0];
  return first === '-' || first === '[';
}

/**
 * `quarantine-flaky`: each failed test found flaky becomes an entry matching exactly that test (its
 * folder and name), with the reason `flaky in the last N runs` (`runs`: how many runs flakiness
 * was judged over). Put them after the list's own entries, so that a reason the team wrote wins.
 */
export function flakyEntries(flaky: Iterable<Pick<TestResult, 'name' | 'suite'>>, runs: number): KnownFailureEntry[] {
  const entries: KnownFailureEntry[] = [];
  for (const test of flaky) {
    const full = test.suite ? `${test.suite} / ${test.name}` : test.name;
    entries.push({ position: 0, test: full, reason: `flaky in the last ${runs} runs`, testPattern: RE2JS.compile(RE2JS.quote(full)) });
  }
  return entries;
}

/** A test as matching reads it. */
export type MatchableTest = Pick<TestResult, 'name' | 'suite' | 'key' | 'message'>;

/** `test` matches the whole name, or the whole `folder / name`. */
export function matchesTestName(entry: Pick<KnownFailureEntry, 'testPattern'>, test: Pick<TestResult, 'name' | 'suite'>): boolean {
  if (entry.testPattern.testExact(test.name)) return true;
  return test.suite !== undefined && test.suite !== '' && entry.testPattern.testExact(`${test.suite} / ${test.name}`);
}

/** Whether the entry has stopped applying at `now` (epoch ms). */
export function isExpired(entry: Pick<KnownFailureEntry, 'expiresAt'>, now: number): boolean {
  return entry.expiresAt !== undefined && now >= entry.expiresAt;
}

/** A failed test that is a known failure: still failed in the counts, left out of the gate. */
export interface KnownFailure {
  key: string;
  test: MatchableTest;
  entry: KnownFailureEntry;
  reason: string;
}

export interface KnownFailureClassification {
  /** Failed tests matched by an entry that applies: the first such entry in the list wins. */
  known: KnownFailure[];
  /** Their identity keys: what the gate leaves out. */
  knownKeys: Set<string>;
  /** Entries past their `until`, with the failed tests they would have covered (these count). */
  expired: { entry: KnownFailureEntry; until: string; tests: string[] }[];
  /** Entries whose tests are in the run and none failed, some passed: "passing now: remove it". */
  passingNow: KnownFailureEntry[];
  /** Entries that match no test of the run by name: "matches no test". */
  matchesNoTest: KnownFailureEntry[];
  /** Matches cut off by the bound (counted as no match), each naming its entry. */
  warnings: string[];
}

export interface ClassifyOptions {
  /** The `sources` label being classified; entries with another `source` are left out. Undefined: no `sources`. */
  source?: string;
  /** Epoch ms: what `until` is judged against. */
  now: number;
  /** Characters of messages the regular expressions may read in all; default {@link MESSAGE_MATCH_BUDGET_CHARS}. */
  matchBudgetChars?: number;
}

const displayName = (test: Pick<TestResult, 'name' | 'suite'>) => (test.suite ? `${test.suite} / ${test.name}` : test.name);

/**
 * The run's tests against the list. `failed`: the failed tests (with their messages, already
 * redacted). `others`: every other test of the run (any status), for "passing now" and
 * "matches no test"; only names, folders and statuses are read.
 */
export function classifyKnownFailures(
  entries: readonly KnownFailureEntry[],
  failed: Iterable<MatchableTest>,
  others: Iterable<Pick<TestResult, 'name' | 'suite' | 'status'>>,
  options: ClassifyOptions,
): KnownFailureClassification {
  const applicable = entries.filter((e) => e.source === undefined || e.source === options.source);
  const live = applicable.filter((e) => !isExpired(e, options.now));
  const expiredEntries = applicable.filter((e) => isExpired(e, options.now));
  const fullBudget = options.matchBudgetChars ?? MESSAGE_MATCH_BUDGET_CHARS;
  let budget = fullBudget;
  const warnings: string[] = [];
  const warned = new Set<KnownFailureEntry>();

  const messageMatches = (entry: KnownFailureEntry, test: MatchableTest): boolean => {
    if (!entry.messagePattern) return true;
    const message = test.message ?? '';
    if (message.length > budget) {
      budget = 0;
      if (!warned.has(entry)) {
        warned.add(entry);
        warnings.push(
          `Known failures: ${describeEntry(entry)}: matching its message against ${JSON.stringify(displayName(test))} was cut off (the bound of ${fullBudget} characters of messages matched in all was reached); counted as no match`,
        );
      }
      return false;
    }
    budget -= message.length;
    return entry.messagePattern.test(message);
  };

  // Per entry: whether its name matched a failed test, any test, a passed test.
  const nameMatchedFailed = new Set<KnownFailureEntry>();
  const nameMatchedAny = new Set<KnownFailureEntry>();
  const nameMatchedPassed = new Set<KnownFailureEntry>();
  const expiredTests = new Map<KnownFailureEntry, string[]>();
  const known: KnownFailure[] = [];
  const knownKeys = new Set<string>();

  for (const test of failed) {
    let matched: KnownFailureEntry | undefined;
    for (const entry of live) {
      if (!matchesTestName(entry, test)) continue;
      nameMatchedAny.add(entry);
      nameMatchedFailed.add(entry);
      if (!matched && messageMatches(entry, test)) matched = entry;
    }
    if (matched) {
      const key = testKey(test);
      known.push({ key, test, entry: matched, reason: matched.reason });
      knownKeys.add(key);
      continue;
    }
    for (const entry of expiredEntries) {
      if (matchesTestName(entry, test) && messageMatches(entry, test)) {
        const list = expiredTests.get(entry) ?? [];
        list.push(displayName(test));
        expiredTests.set(entry, list);
        break;
      }
    }
  }
  for (const test of others) {
    for (const entry of live) {
      if (nameMatchedPassed.has(entry) || !matchesTestName(entry, test)) continue;
      nameMatchedAny.add(entry);
      if (test.status === 'passed') nameMatchedPassed.add(entry);
    }
  }

  return {
    known,
    knownKeys,
    expired: expiredEntries.map((entry) => ({ entry, until: entry.until!, tests: expiredTests.get(entry) ?? [] })),
    // Entries made by quarantine-flaky come from this run's failures: never "remove it".
    passingNow: live.filter((e) => e.position > 0 && nameMatchedPassed.has(e) && !nameMatchedFailed.has(e)),
    matchesNoTest: live.filter((e) => e.position > 0 && !nameMatchedAny.has(e)),
    warnings,
  };
}

/**
 * Warnings for entries naming a `source` that no `sources` entry has (they apply nowhere).
 * `labels`: the `sources` labels; empty when the step has no `sources`.
 */
export function unknownSourceWarnings(entries: readonly KnownFailureEntry[], labels: readonly string[]): string[] {
  const known = new Set(labels);
  return entries
    .filter((e) => e.source !== undefined && !known.has(e.source))
    .map((e) =>
      labels.length === 0
        ? `Known failures: ${describeEntry(e)} is for source '${e.source}', and this step has no sources: it applies to nothing`
        : `Known failures: ${describeEntry(e)} is for source '${e.source}', which no entry of sources has: it applies to nothing`,
    );
}
