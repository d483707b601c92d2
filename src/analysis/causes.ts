/**
 * Failure causes: a failure message reduced to what went wrong, so that forty failures with one
 * cause read as one row, and a run where most tests failed with one cause reads as an outage.
 *
 * Pure: no I/O. The normaliser is a single forward pass over the message (every lookahead is a
 * fixed number of characters, or consumes what it looks at), so its time is linear in the
 * message's length whatever the text; no regular expression is involved.
 *
 * Placeholders (each replaces what the contract lists, nothing else):
 * - `<n>`     a run of decimal digits (numbers, ports, durations' amounts, `:line:column`, the
 *             parts of an IP address or a version: `10.0.3.7:5432` → `<n>.<n>.<n>.<n>:<n>`);
 *             digits at a word's start or end too (`run42` → `run<n>`), not between
 *             letters (`log4j` stays)
 * - `<hex>`   `0x…`, or a word of 8 or more hexadecimal digits holding a digit and a letter
 *             (commit SHAs, object ids, request ids)
 * - `<uuid>`  `8-4-4-4-12` hexadecimal
 * - `<date>`  `YYYY-MM-DD` or `YYYY/MM/DD`, with any time and zone after it (ISO 8601 timestamps)
 * - `<time>`  `H:MM:SS` or `HH:MM:SS`, with any fraction and zone (`Z`, `+02:00`)
 * - `"<s>"`   a quoted value; the quote marks are kept (`"`, `'`, `` ` ``): `'<s>'`, `` `<s>` ``
 * - `<v>`     a URL's query value (`?id=<v>&page=<v>`)
 * The text is the message's first line with any text (terminal colour codes removed), white
 * space collapsed to single spaces; at most {@link CAUSE_MAX_CHARS} characters.
 */

/** What failures without a message share. */
export const NO_MESSAGE = '(no message)';

/** A cause is cut here (with `…`): enough to tell causes apart, small enough for a table cell. */
export const CAUSE_MAX_CHARS = 500;

const DIGIT_0 = 48;
const DIGIT_9 = 57;

function isDigit(code: number): boolean {
  return code >= DIGIT_0 && code <= DIGIT_9;
}
function isHexDigit(code: number): boolean {
  return isDigit(code) || (code >= 97 && code <= 102) || (code >= 65 && code <= 70);
}
function isWordChar(code: number): boolean {
  return isDigit(code) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95;
}
function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 11 || code === 12 || code === 0xa0 || code === 0xfeff || (code >= 0x2000 && code <= 0x200a);
}
const isQuote = (ch: string) => ch === '"' || ch === "'" || ch === '`';

/** `count` digits at `at`? */
function digitsAt(text: string, at: number, count: number): boolean {
  if (at + count > text.length) return false;
  for (let i = at; i < at + count; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

/** Length of a `8-4-4-4-12` UUID at `at` (not followed by a word character), else 0. */
function uuidAt(text: string, at: number): number {
  const groups = [8, 4, 4, 4, 12];
  let i = at;
  for (let g = 0; g < groups.length; g++) {
    if (g > 0) {
      if (text[i] !== '-') return 0;
      i++;
    }
    for (let n = 0; n < groups[g]!; n++, i++) if (i >= text.length || !isHexDigit(text.charCodeAt(i))) return 0;
  }
  return i < text.length && isWordChar(text.charCodeAt(i)) ? 0 : i - at;
}

/** Length of a zone after a time (`Z`, `+02:00`, `-0500`), else 0. */
function zoneAt(text: string, at: number): number {
  if (text[at] === 'Z') return at + 1 < text.length && isWordChar(text.charCodeAt(at + 1)) ? 0 : 1;
  if (text[at] !== '+' && text[at] !== '-') return 0;
  if (!digitsAt(text, at + 1, 2)) return 0;
  if (text[at + 3] === ':' && digitsAt(text, at + 4, 2)) return 6;
  if (digitsAt(text, at + 3, 2)) return 5;
  return 0;
}

/** Length of `H:MM:SS` or `HH:MM:SS` with any fraction and zone at `at`, else 0. */
function timeAt(text: string, at: number): number {
  let i = at;
  if (!digitsAt(text, i, 1)) return 0;
  i += digitsAt(text, i, 2) ? 2 : 1;
  for (let part = 0; part < 2; part++) {
    if (text[i] !== ':' || !digitsAt(text, i + 1, 2)) return 0;
    i += 3;
  }
  if (digitsAt(text, i, 1)) return 0;
  if ((text[i] === '.' || text[i] === ',') && digitsAt(text, i + 1, 1)) {
    i++;
    while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  }
  return i + zoneAt(text, i) - at;
}

/** Length of `YYYY-MM-DD` (or with `/`) and any time after it (`T` or a space) at `at`, else 0. */
function dateAt(text: string, at: number): number {
  const sep = text[at + 4];
  if (!digitsAt(text, at, 4) || (sep !== '-' && sep !== '/')) return 0;
  if (!digitsAt(text, at + 5, 2) || text[at + 7] !== sep || !digitsAt(text, at + 8, 2)) return 0;
  let i = at + 10;
  if (digitsAt(text, i, 1)) return 0;
  if (text[i] === 'T' || text[i] === ' ') {
    const time = timeAt(text, i + 1);
    // `2024-05-01T10:00Z` has no seconds: hours and minutes are enough after a date.
    const short = time === 0 && text[i] === 'T' && digitsAt(text, i + 1, 2) && text[i + 3] === ':' && digitsAt(text, i + 4, 2) ? 5 : 0;
    if (time > 0) i += 1 + time;
    else if (short > 0) i += 1 + short + zoneAt(text, i + 1 + short);
  } else {
    i += zoneAt(text, i) === 1 ? 1 : 0;
  }
  return i - at;
}

/** The first line of the message that holds any text, without terminal colour codes. */
function firstLine(message: string): string {
  let start = 0;
  while (start < message.length) {
    let end = start;
    while (end < message.length && message[end] !== '\n' && message[end] !== '\r') end++;
    const line = stripAnsi(message.slice(start, end));
    if (line.trim() !== '') return line;
    start = end + 1;
  }
  return '';
}

/** Terminal control sequences (`ESC [ … final`) removed, as Jest and Cypress colour their messages. */
function stripAnsi(line: string): string {
  if (!line.includes('\u001b')) return line;
  let out = '';
  let i = 0;
  while (i < line.length) {
    if (line[i] !== '\u001b') {
      const next = line.indexOf('\u001b', i);
      const stop = next < 0 ? line.length : next;
      out += line.slice(i, stop);
      i = stop;
      continue;
    }
    i++;
    if (line[i] === '[') {
      i++;
      while (i < line.length) {
        const code = line.charCodeAt(i++);
        if (code >= 0x40 && code <= 0x7e) break;
      }
    }
  }
  return out;
}

/**
 * A failure message's cause: its first line with the ids, numbers and values that differ from
 * one failure to the next replaced by placeholders (see the module comment). `(no message)` when
 * there is no text. Linear in the message's length.
 */
export function causeOf(message: string | undefined): string {
  if (message === undefined) return NO_MESSAGE;
  const line = firstLine(message);
  const out: string[] = [];
  let outLength = 0;
  let cut = false;
  // Pieces past the cap are dropped whole (a placeholder is never cut in two), the scan stops.
  const emit = (piece: string) => {
    if (outLength + piece.length > CAUSE_MAX_CHARS) {
      cut = true;
      if (piece.includes('<')) return;
      piece = piece.slice(0, CAUSE_MAX_CHARS - outLength);
    }
    out.push(piece);
    outLength += piece.length;
  };
  // A quote mark with no partner later on the line has none further on either: searched once.
  const unclosed = new Set<string>();
  let inUrl = false;
  let inQuery = false;
  let pendingSpace = false;
  let i = 0;

  while (i < line.length && !cut) {
    const code = line.charCodeAt(i);
    const ch = line[i]!;

    if (isSpace(code)) {
      pendingSpace = outLength > 0;
      inUrl = false;
      inQuery = false;
      i++;
      continue;
    }
    if (pendingSpace) {
      emit(' ');
      pendingSpace = false;
    }
    const prevCode = i > 0 ? line.charCodeAt(i - 1) : 32;

    if (inQuery && ch === '=') {
      let end = i + 1;
      while (end < line.length && !'&#;"\'`<>)] \t'.includes(line[end]!)) end++;
      emit(end > i + 1 ? '=<v>' : '=');
      i = end;
      continue;
    }
    if (inUrl && ch === '?') inQuery = true;

    if (isQuote(ch) && !isWordChar(prevCode) && !unclosed.has(ch)) {
      let end = i + 1;
      while (end < line.length && line[end] !== ch) end += line[end] === '\\' ? 2 : 1;
      if (end < line.length) {
        emit(`${ch}<s>${ch}`);
        i = end + 1;
        inUrl = false;
        inQuery = false;
        continue;
      }
      unclosed.add(ch);
    }

    if (!isWordChar(code)) {
      if (inUrl && '"\'`<>'.includes(ch)) inUrl = inQuery = false;
      emit(ch);
      i++;
      continue;
    }

    // A word: a run of letters, digits and `_`, or a longer token that starts at one.
    if (!isWordChar(prevCode)) {
      const uuid = uuidAt(line, i);
      if (uuid > 0) {
        emit('<uuid>');
        i += uuid;
        continue;
      }
      if (isDigit(code)) {
        const date = dateAt(line, i);
        if (date > 0) {
          emit('<date>');
          i += date;
          continue;
        }
        // `file.ts:12:34` is a line and a column, not a time.
        const time = prevCode === 58 ? 0 : timeAt(line, i);
        if (time > 0) {
          emit('<time>');
          i += time;
          continue;
        }
      }
      if ((ch === 'h' || ch === 'H') && /^https?:\/\//i.test(line.slice(i, i + 8))) inUrl = true;
    }
    let end = i;
    while (end < line.length && isWordChar(line.charCodeAt(end))) end++;
    emit(normaliseWord(line.slice(i, end)));
    i = end;
  }

  const cause = out.join('').trimEnd();
  if (cause === '') return NO_MESSAGE;
  return cut ? `${cause}…` : cause;
}

/** A word of letters, digits and `_`: hexadecimal ids whole, numbers as `<n>`. */
function normaliseWord(word: string): string {
  if (/^0[xX][0-9a-fA-F]+$/.test(word)) return '<hex>';
  let digits = 0;
  let hex = 0;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (isDigit(code)) digits++;
    if (isHexDigit(code)) hex++;
  }
  if (digits === 0) return word;
  if (digits === word.length) return '<n>';
  if (hex === word.length && word.length >= 8) return '<hex>';
  // Digits between letters name things (`log4j`, `opentest4j`, `E2E`); at a word's start or end they number them.
  let out = '';
  let i = 0;
  while (i < word.length) {
    if (!isDigit(word.charCodeAt(i))) {
      out += word[i++];
      continue;
    }
    const start = i;
    while (i < word.length && isDigit(word.charCodeAt(i))) i++;
    out += start === 0 || i === word.length ? '<n>' : word.slice(start, i);
  }
  return out;
}

/** A failed test as the grouping reads it. */
export interface FailureWithCause {
  name: string;
  cause: string;
}

/** A cause shared by several failures. */
export interface CauseGroup {
  cause: string;
  count: number;
  /** Every test's name, in the order the failures came. */
  tests: string[];
}

/**
 * The causes shared by at least `minCount` failures (2: a cause of one failure is no group),
 * largest first, ties by the cause's text.
 */
export function groupByCause(failures: Iterable<FailureWithCause>, minCount = 2): CauseGroup[] {
  const byCause = new Map<string, string[]>();
  for (const { name, cause } of failures) {
    const tests = byCause.get(cause);
    if (tests) tests.push(name);
    else byCause.set(cause, [name]);
  }
  const groups: CauseGroup[] = [];
  for (const [cause, tests] of byCause) if (tests.length >= minCount) groups.push({ cause, count: tests.length, tests });
  return groups.sort((a, b) => b.count - a.count || (a.cause < b.cause ? -1 : a.cause > b.cause ? 1 : 0));
}

/** How many groups the `failure-groups` output carries, and how many names each. */
export const FAILURE_GROUPS_MAX = 50;
export const FAILURE_GROUP_TESTS_MAX = 20;

/** The `failure-groups` output's value: the first 50 groups, the first 20 names each. */
export function failureGroupsOutput(groups: readonly CauseGroup[]): CauseGroup[] {
  return groups
    .slice(0, FAILURE_GROUPS_MAX)
    .map((g) => ({ cause: g.cause, count: g.count, tests: g.tests.slice(0, FAILURE_GROUP_TESTS_MAX) }));
}

/** Fewer failures than this with one cause are never called an outage, whatever the percentage. */
export const OUTAGE_MIN_TESTS = 5;

export interface LikelyOutage {
  cause: string;
  /** Failures with that cause. */
  count: number;
  /** The run's tests. */
  total: number;
  /** `Likely outage: 46 of 50 tests failed with <cause>`: what the summary, check-run title and `gate-reason` lead with. */
  text: string;
}

/**
 * A likely outage: the largest group's failures are at least `thresholdPercent` of the run's
 * `totalTests` and at least {@link OUTAGE_MIN_TESTS}. `thresholdPercent` 0: never. As the contract
 * says, failures with no message share one cause like any other: a run where nearly every test
 * failed without a word is as much a sign of a broken environment.
 */
export function likelyOutage(groups: readonly CauseGroup[], totalTests: number, thresholdPercent: number): LikelyOutage | undefined {
  if (!(thresholdPercent > 0) || totalTests <= 0) return undefined;
  const largest = groups[0];
  if (!largest || largest.count < OUTAGE_MIN_TESTS || largest.count * 100 < thresholdPercent * totalTests) return undefined;
  return {
    cause: largest.cause,
    count: largest.count,
    total: totalTests,
    text: `Likely outage: ${largest.count} of ${totalTests} tests failed with ${largest.cause}`,
  };
}

/** A still-failing test: its identity key and its cause now. */
export interface StillFailingCause {
  key: string;
  cause: string;
}

/**
 * The still-failing tests whose cause changed since the baseline ("still failing, new error"):
 * their keys. A test whose baseline cause is unknown (the provider did not keep the message) is
 * never marked.
 */
export function changedCauses(stillFailing: Iterable<StillFailingCause>, baselineCause: (key: string) => string | undefined): Set<string> {
  const changed = new Set<string>();
  for (const { key, cause } of stillFailing) {
    const before = baselineCause(key);
    if (before !== undefined && before !== cause) changed.add(key);
  }
  return changed;
}

/** What the writers show of a run's failure causes. */
export interface FailureCauses {
  /** Causes shared by two or more failed tests, largest first. */
  groups: CauseGroup[];
  /** Set when the run looks like a likely outage (and a verdict was reached). */
  outage?: LikelyOutage;
}

/**
 * The causes of a run's failed tests (their messages already redacted) and whether they make a
 * likely outage of a run of `totalTests` tests at `thresholdPercent` (`outage-threshold`).
 */
export function failureCauses(
  failed: Iterable<{ name: string; message?: string }>,
  totalTests: number,
  thresholdPercent: number,
): FailureCauses {
  const withCauses: FailureWithCause[] = [];
  for (const test of failed) withCauses.push({ name: test.name, cause: causeOf(test.message) });
  const groups = groupByCause(withCauses);
  const outage = likelyOutage(groups, totalTests, thresholdPercent);
  return outage ? { groups, outage } : { groups };
}

/**
 * Whether an earlier run was a likely outage, from its failed tests' causes (a test whose cause
 * is unknown is left out) and its number of tests: such a run says nothing about flakiness.
 */
export function wasLikelyOutage(causes: Iterable<string | undefined>, totalTests: number, thresholdPercent: number): boolean {
  const failures: FailureWithCause[] = [];
  for (const cause of causes) if (cause !== undefined) failures.push({ name: '', cause });
  return likelyOutage(groupByCause(failures, OUTAGE_MIN_TESTS), totalTests, thresholdPercent) !== undefined;
}

/**
 * The gate's reason led by the outage (`Likely outage: … — 46 tests failed, more than …`): only
 * when there is a reason and a verdict. The verdict itself never changes; `gate-reason` stays ''
 * on success, as the contract has it.
 */
export function reasonLedByOutage<V extends { conclusion: string; reason: string }>(verdict: V, outage: LikelyOutage | undefined): V {
  if (!outage || verdict.conclusion !== 'failure' || verdict.reason === '') return verdict;
  return { ...verdict, reason: `${outage.text} — ${verdict.reason}` };
}
