import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Conclusion, Verdict } from '../../gate.js';
import { failedTests, type NormalizedReport } from '../../report.js';
import { redact } from '../../secrets.js';
import type { WriterSettings } from '../../settings.js';

/**
 * The two hidden lines our comment starts with: which comment is ours (the key) and what it
 * shows (the state), so that a later run finds it and `comment: changes` can compare.
 */

const MARKER = 'remote-test-results-action';
const KEY_LINE = new RegExp(`^<!-- ${MARKER} (\\{.*\\}) -->$`);
const STATE_LINE = new RegExp(`^<!-- ${MARKER}:state (\\{.*\\}) -->$`);

/** Which comment is ours: one per check name, provider and project (or target) read. */
export interface CommentKey {
  check: string;
  provider: string;
  read: string;
}

/** What our comment shows, kept in it so that `changes` can compare without reading the text. */
export interface CommentState {
  conclusion: Conclusion;
  failed: number;
  /** SHA-256 (first 32 hex digits) of the sorted suite and name of every failed test. */
  failedSet: string;
}

export type CommentSettings = Pick<WriterSettings, 'comment' | 'prNumber' | 'githubToken' | 'commentScope'> & { provider: string };

/**
 * What the marker says was read: the provider's stable selector (a Testmo project, a Tesults
 * target, …; see Provider.describeScope), not the run or build that was found, which changes with
 * every push (`build: ${{ github.sha }}`), so that new runs update the same comment while matrix
 * jobs over targets keep their own.
 */
export function commentKey(settings: CommentSettings, check: string): CommentKey {
  return { check, provider: settings.provider, read: settings.commentScope };
}

export function commentState(report: NormalizedReport, verdict: Verdict): CommentState {
  const failed = [...new Set(failedTests(report).map((t) => redact(`${t.suite ?? ''}\u0000${t.name}`)))].sort();
  return {
    conclusion: verdict.conclusion,
    failed: failed.length,
    failedSet: createHash('sha256').update(failed.join('\n')).digest('hex').slice(0, 32),
  };
}

/** JSON that cannot end an HTML comment (`-->`) or open a tag: `<`, `>`, `&` and `-` as \u escapes. */
function hiddenJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&-]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The two hidden lines our comment starts with. */
export function markerLines(key: CommentKey, state: CommentState): string {
  return [
    `<!-- ${MARKER} ${hiddenJson({ check: key.check, provider: key.provider, read: key.read })} -->`,
    `<!-- ${MARKER}:state ${hiddenJson({ conclusion: state.conclusion, failed: state.failed, failedSet: state.failedSet })} -->`,
  ].join('\n');
}

const keySchema = z.object({ check: z.string(), provider: z.string(), read: z.string() });
const stateSchema = z.object({
  conclusion: z.enum(['success', 'failure', 'error']),
  failed: z.number().int().min(0),
  failedSet: z.string(),
});

function parseLine<T>(line: string | undefined, pattern: RegExp, schema: z.ZodType<T>): T | undefined {
  const json = line?.match(pattern)?.[1];
  if (json === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads our markers back from a comment's body: the key on its first line, the state on its
 * second. Anything else (another author's comment, a quote of ours) has no key.
 */
export function parseMarkers(body: string): { key?: CommentKey; state?: CommentState } {
  const [first, second] = body.split(/\r?\n/, 2);
  const key = parseLine(first, KEY_LINE, keySchema);
  if (!key) return {};
  return { key, state: parseLine(second, STATE_LINE, stateSchema) };
}

/** Whether a comment's key is this step's: our bodies are redacted when written, so compare with the key as written. */
export function sameKey(written: CommentKey, ours: CommentKey): boolean {
  return written.check === redact(ours.check) && written.provider === redact(ours.provider) && written.read === redact(ours.read);
}
