import { describe, expect, test } from '@jest/globals';
import {
  KNOWN_FAILURES_MAX_ENTRIES,
  classifyKnownFailures,
  flakyEntries,
  globPattern,
  isExpired,
  isInlineList,
  matchesTestName,
  parseKnownFailures,
  unknownSourceWarnings,
  type KnownFailureEntry,
} from '../../src/analysis/known-failures.js';
import { testKey } from '../../src/baseline/compare.js';
import { InputError } from '../../src/errors.js';
import type { TestResult, TestStatus } from '../../src/report.js';

const NOW = Date.UTC(2026, 4, 10, 12); // 2026-05-10 12:00 UTC
const t = (name: string, status: TestStatus, extra: Partial<TestResult> = {}): TestResult => ({ name, status, ...extra });

function problem(yaml: string): string {
  try {
    parseKnownFailures(yaml);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('parsed');
}

describe('parseKnownFailures: the file', () => {
  test('the contract’s sample, every field', () => {
    const [entry, ...rest] = parseKnownFailures(`
# .github/known-failures.yml
- test: Checkout / pays with a saved card   # the name, or folder / name
  message: ECONNRESET
  reason: Payment sandbox drops connections, https://github.com/acme/shop/issues/412
  until: 2027-01-31
  source: web
- test: "Search / *"
  reason: flaky index
`);
    expect(entry).toMatchObject({
      position: 1,
      test: 'Checkout / pays with a saved card',
      message: 'ECONNRESET',
      reason: 'Payment sandbox drops connections, https://github.com/acme/shop/issues/412',
      until: '2027-01-31',
      source: 'web',
      expiresAt: Date.UTC(2027, 1, 1),
    });
    expect(rest).toHaveLength(1);
    expect(rest[0]).toMatchObject({ position: 2, test: 'Search / *', reason: 'flaky index' });
    expect(rest[0]!.messagePattern).toBeUndefined();
    expect(rest[0]!.expiresAt).toBeUndefined();
  });

  test('an empty file, a comment, an empty list: no entries', () => {
    expect(parseKnownFailures('')).toEqual([]);
    expect(parseKnownFailures('# nothing known yet\n')).toEqual([]);
    expect(parseKnownFailures('[]')).toEqual([]);
  });

  test('inline JSON-style YAML works too', () => {
    expect(parseKnownFailures('[{test: a, reason: b}]')).toHaveLength(1);
  });

  test('errors name the entry (position and test) and the field', () => {
    expect(problem('- test: a\n  reason: r\n- test: b\n  reason: r\n  mesage: x')).toBe(
      `Input 'known-failures' entry 2 (test "b"): unknown key 'mesage' (an entry has test, message, reason, until, source).`,
    );
    expect(problem('- test: a\n  reason: r\n- reason: r')).toBe(`Input 'known-failures' entry 2: 'test' is required.`);
    expect(problem('- test: a')).toBe(`Input 'known-failures' entry 1 (test "a"): 'reason' is required.`);
    expect(problem('- test: a\n  reason:')).toBe(`Input 'known-failures' entry 1 (test "a"): 'reason' is required.`);
    expect(problem('- test: a\n  reason: "  "')).toBe(`Input 'known-failures' entry 1 (test "a"): 'reason' must not be empty.`);
    expect(problem('- test: 42\n  reason: r')).toBe(`Input 'known-failures' entry 1: 'test' must be text.`);
    expect(problem('- test: a\n  reason: r\n  until: 2026-02-30')).toBe(
      `Input 'known-failures' entry 1 (test "a"): 'until' must be a date, YYYY-MM-DD, got '2026-02-30'.`,
    );
    expect(problem('- test: a\n  reason: r\n  until: next week')).toMatch(/entry 1 \(test "a"\): 'until' must be a date, YYYY-MM-DD/);
    expect(problem('- test: a\n  reason: r\n  until: 2026-05-10T00:00:00Z')).toMatch(/'until' must be a date/);
    expect(problem('- test: Checkout\n  reason: r\n  message: "ECONN(RESET"')).toBe(
      `Input 'known-failures' entry 1 (test "Checkout"): 'message' is not a valid regular expression (RE2 syntax): missing closing ): \`ECONN(RESET\`.`,
    );
    // Backreferences and lookaround cannot run in linear time: refused when the list is read.
    expect(problem('- test: a\n  reason: r\n  message: "(?=x)"')).toMatch(
      /entry 1 \(test "a"\): 'message' is not a valid regular expression/,
    );
    expect(problem('- test: a\n  reason: r\n  message: "(a)\\\\1"')).toMatch(/'message' is not a valid regular expression/);
  });

  test('the list must be a list of maps', () => {
    expect(problem('test: a\nreason: r')).toBe(`Input 'known-failures' must be a YAML list of entries, each with test and reason.`);
    expect(problem('- just text')).toBe(`Input 'known-failures' entry 1: must be a map with test and reason.`);
    expect(problem('- [a, b]')).toBe(`Input 'known-failures' entry 1: must be a map with test and reason.`);
  });

  test('bad YAML, a duplicate key, a custom tag: input errors', () => {
    expect(problem('- test: [a\n  reason: r')).toMatch(/^Input 'known-failures' is not valid YAML: .* at line 2, column \d+\.$/);
    expect(problem('- test: a\n  test: b\n  reason: r')).toMatch(/is not valid YAML.*[Mm]ap keys must be unique/);
    expect(problem('- test: !!js/function "function () {}"\n  reason: r')).toMatch(/is not valid YAML/);
    expect(problem('- test: !custom a\n  reason: r')).toMatch(/is not valid YAML/);
  });

  test('aliases are bounded (no billion laughs)', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 8; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    const bomb = `- test: a\n  reason: r\n  until: 2027-01-01\n  source: s\n- ${lines.join('\n  ')}`;
    expect(problem(bomb)).toMatch(/is not valid YAML.*(alias|Excessive)/i);
    // A few aliases are fine.
    expect(parseKnownFailures('- &e {test: a, reason: r}\n- *e')).toHaveLength(2);
  });

  test('at most 1,000 entries and 1 MiB', () => {
    const entries = (n: number) => Array.from({ length: n }, (_, i) => `- {test: t${i}, reason: r}`).join('\n');
    expect(parseKnownFailures(entries(KNOWN_FAILURES_MAX_ENTRIES))).toHaveLength(1000);
    expect(problem(entries(1001))).toBe(`Input 'known-failures' has 1001 entries, more than 1000.`);
    expect(problem(`- test: a\n  reason: "${'x'.repeat(1024 * 1024)}"`)).toBe(
      `Input 'known-failures' is larger than 1 MiB: keep the list of known failures under that.`,
    );
  });

  test('a long test name is cut in the error', () => {
    expect(problem(`- test: ${'n'.repeat(200)}`)).toContain(`(test "${'n'.repeat(80)}…")`);
  });

  test('inline list or path', () => {
    expect(isInlineList('- test: a\n  reason: r')).toBe(true);
    expect(isInlineList('  [{test: a, reason: r}]')).toBe(true);
    expect(isInlineList('.github/known-failures.yml')).toBe(false);
  });
});

describe('matching: test glob and message', () => {
  const entry = (yaml: string) => parseKnownFailures(yaml)[0]!;

  test('a glob matches whole and case-sensitive; * is any text, slashes included', () => {
    const p = globPattern('Checkout / *card');
    expect(p.testExact('Checkout / pays with a saved card')).toBe(true);
    expect(p.testExact('Checkout / card')).toBe(true);
    expect(p.testExact('checkout / pays with a saved card')).toBe(false);
    expect(p.testExact('Checkout / pays with a saved card twice')).toBe(false);
    expect(p.testExact('My Checkout / card')).toBe(false);
    expect(globPattern('*').testExact('a / b / c\nd')).toBe(true);
    // Regular-expression characters in a glob are literal.
    expect(globPattern('a.b (c) [d] +?').testExact('a.b (c) [d] +?')).toBe(true);
    expect(globPattern('a.b').testExact('axb')).toBe(false);
  });

  test('against the name and against folder / name', () => {
    const byName = entry('- {test: pays with a saved card, reason: r}');
    const byPath = entry('- {test: Checkout / pays with a saved card, reason: r}');
    const test = { name: 'pays with a saved card', suite: 'Checkout' };
    expect(matchesTestName(byName, test)).toBe(true);
    expect(matchesTestName(byPath, test)).toBe(true);
    expect(matchesTestName(byPath, { name: 'pays with a saved card' })).toBe(false);
    expect(matchesTestName(byPath, { name: 'pays with a saved card', suite: 'Cart' })).toBe(false);
  });

  test('message: a regular expression found anywhere in the message, case-sensitive', () => {
    const e = entry('- {test: "*", message: "ECONN(RESET|REFUSED) \\\\d+", reason: r}');
    const run = (message?: string) => classifyKnownFailures([e], [t('x', 'failed', { message })], [], { now: NOW }).known.length;
    expect(run('Error: read ECONNRESET 42 at socket')).toBe(1);
    expect(run('Error: econnreset 42')).toBe(0);
    expect(run('Error: assertion failed')).toBe(0);
    // No message: only an entry without `message`, or one matching the empty text, applies.
    expect(run(undefined)).toBe(0);
    expect(classifyKnownFailures([entry('- {test: "*", reason: r}')], [t('x', 'failed')], [], { now: NOW }).known).toHaveLength(1);
  });

  test('JavaScript-style named groups are accepted', () => {
    const e = entry('- {test: "*", message: "status (?<code>5\\\\d\\\\d)", reason: r}');
    expect(classifyKnownFailures([e], [t('x', 'failed', { message: 'status 503' })], [], { now: NOW }).known).toHaveLength(1);
  });

  test('(a+)+$ against a 1 MB message completes, with the right answers (linear-time engine)', () => {
    const e = entry('- {test: "*", message: "(a+)+$", reason: r}');
    const aaa = 'a'.repeat(1024 * 1024);
    const miss = classifyKnownFailures([e], [t('x', 'failed', { message: `${aaa}!` })], [], { now: NOW });
    expect(miss.known).toHaveLength(0);
    expect(miss.warnings).toEqual([]);
    const hit = classifyKnownFailures([e], [t('x', 'failed', { message: aaa })], [], { now: NOW });
    expect(hit.known).toHaveLength(1);
  });
});

describe('classifyKnownFailures', () => {
  const list = parseKnownFailures(`
- test: Checkout / pays with a saved card
  message: ECONNRESET
  reason: Payment sandbox drops connections
- test: "Search / *"
  reason: index rebuilt nightly
  until: 2026-05-10
- test: Login / old flow
  reason: legacy
  until: 2026-05-09
- test: Profile / avatar upload
  reason: CDN
- test: Gone / test
  reason: removed long ago
- test: "*"
  message: "^Timeout"
  reason: timeouts everywhere
  source: mobile
`);

  const failed = [
    t('pays with a saved card', 'failed', { suite: 'Checkout', message: 'read ECONNRESET' }),
    t('finds shoes', 'failed', { suite: 'Search', message: 'expected 3 results' }),
    t('old flow', 'failed', { suite: 'Login', message: 'boom' }),
    t('new bug', 'failed', { suite: 'Cart', message: 'Timeout 3000 ms' }),
  ];
  const others = [t('avatar upload', 'passed', { suite: 'Profile' }), t('finds socks', 'passed', { suite: 'Search' }), t('x', 'skipped')];

  test('known, expired, passing now, matching nothing; through the until day, UTC', () => {
    const c = classifyKnownFailures(list, failed, others, { now: NOW });
    expect(c.known.map((k) => [k.test.name, k.reason])).toEqual([
      ['pays with a saved card', 'Payment sandbox drops connections'],
      ['finds shoes', 'index rebuilt nightly'],
    ]);
    expect([...c.knownKeys]).toEqual([testKey(failed[0]!), testKey(failed[1]!)]);
    expect(c.expired.map((e) => [e.entry.position, e.until, e.tests])).toEqual([[3, '2026-05-09', ['Login / old flow']]]);
    expect(c.passingNow.map((e) => e.position)).toEqual([4]);
    expect(c.matchesNoTest.map((e) => e.position)).toEqual([5]);
    expect(c.warnings).toEqual([]);
  });

  test('`until` applies through the last millisecond of its day and not after', () => {
    const lastMoment = Date.UTC(2026, 4, 10, 23, 59, 59, 999);
    const search = list[1]!;
    expect(isExpired(search, lastMoment)).toBe(false);
    expect(isExpired(search, lastMoment + 1)).toBe(true);
    const c = classifyKnownFailures(list, failed, others, { now: lastMoment + 1 });
    expect(c.known.map((k) => k.test.name)).toEqual(['pays with a saved card']);
    expect(c.expired.map((e) => [e.entry.position, e.tests])).toEqual([
      [2, ['Search / finds shoes']],
      [3, ['Login / old flow']],
    ]);
  });

  test('an expired entry that matches nothing is still listed with no tests', () => {
    const c = classifyKnownFailures(list, [], [], { now: NOW });
    expect(c.expired.map((e) => [e.entry.position, e.tests])).toEqual([[3, []]]);
  });

  test('a message that does not match: the failure counts, and the entry is neither passing nor unmatched', () => {
    const c = classifyKnownFailures(list, [t('pays with a saved card', 'failed', { suite: 'Checkout', message: 'card declined' })], [], {
      now: NOW,
    });
    expect(c.known).toEqual([]);
    expect(c.passingNow.map((e) => e.position)).not.toContain(1);
    expect(c.matchesNoTest.map((e) => e.position)).not.toContain(1);
  });

  test('a test that passes in one case and fails in another is not passing now', () => {
    const e = parseKnownFailures('- {test: "Search / *", reason: r}');
    const c = classifyKnownFailures(e, [t('a', 'failed', { suite: 'Search' })], [t('b', 'passed', { suite: 'Search' })], { now: NOW });
    expect(c.passingNow).toEqual([]);
    expect(c.known).toHaveLength(1);
  });

  test('an entry whose tests are only skipped is neither passing now nor matching nothing', () => {
    const e = parseKnownFailures('- {test: x, reason: r}');
    const c = classifyKnownFailures(e, [], [t('x', 'skipped')], { now: NOW });
    expect(c.passingNow).toEqual([]);
    expect(c.matchesNoTest).toEqual([]);
  });

  test('source: only for that entry of sources', () => {
    const mobile = classifyKnownFailures(list, failed, others, { now: NOW, source: 'mobile' });
    expect(mobile.known.map((k) => [k.test.name, k.entry.position])).toEqual([
      ['pays with a saved card', 1],
      ['finds shoes', 2],
      ['new bug', 6],
    ]);
    const web = classifyKnownFailures(list, failed, others, { now: NOW, source: 'web' });
    expect(web.known.map((k) => k.test.name)).not.toContain('new bug');
    expect(web.matchesNoTest.map((e) => e.position)).toEqual([5]);
    expect(unknownSourceWarnings(list, ['web', 'mobile'])).toEqual([]);
    expect(unknownSourceWarnings(list, ['web'])).toEqual([
      `Known failures: entry 6 (test "*") is for source 'mobile', which no entry of sources has: it applies to nothing`,
    ]);
    expect(unknownSourceWarnings(list, [])).toEqual([
      `Known failures: entry 6 (test "*") is for source 'mobile', and this step has no sources: it applies to nothing`,
    ]);
  });

  test('the first entry that applies gives the reason', () => {
    const e = parseKnownFailures('- {test: "*", message: nope, reason: first}\n- {test: "*", reason: second}\n- {test: a, reason: third}');
    const c = classifyKnownFailures(e, [t('a', 'failed', { message: 'x' })], [], { now: NOW });
    expect(c.known.map((k) => k.reason)).toEqual(['second']);
    expect(c.matchesNoTest).toEqual([]);
  });

  test('a match cut off by the bound counts as no match, with a warning naming the entry (once)', () => {
    const e = parseKnownFailures('- {test: "*", message: ECONNRESET, reason: r}');
    const tests = [
      t('first', 'failed', { message: 'ECONNRESET' }),
      t('second', 'failed', { message: `ECONNRESET ${'x'.repeat(100)}` }),
      t('third', 'failed', { message: 'ECONNRESET' }),
      t('fourth', 'failed', { message: '' }),
    ];
    const c = classifyKnownFailures(e, tests, [], { now: NOW, matchBudgetChars: 50 });
    expect(c.known.map((k) => k.test.name)).toEqual(['first']);
    expect(c.warnings).toEqual([
      'Known failures: entry 1 (test "*"): matching its message against "second" was cut off (the bound of 50 characters of messages matched in all was reached); counted as no match',
    ]);
    // Without a bound problem, all three match.
    expect(classifyKnownFailures(e, tests, [], { now: NOW }).known).toHaveLength(3);
  });
});

describe('quarantine-flaky', () => {
  test('flaky failed tests become exact entries with the reason, after the file’s own', () => {
    const flaky = flakyEntries([{ name: 'pays *', suite: 'Checkout' }, { name: 'top' }], 6);
    expect(flaky.map((e) => [e.position, e.test, e.reason])).toEqual([
      [0, 'Checkout / pays *', 'flaky in the last 6 runs'],
      [0, 'top', 'flaky in the last 6 runs'],
    ]);
    const own: KnownFailureEntry[] = parseKnownFailures('- {test: top, reason: "tracked in #12"}');
    const c = classifyKnownFailures(
      [...own, ...flaky],
      [t('pays *', 'failed', { suite: 'Checkout' }), t('pays twice', 'failed', { suite: 'Checkout' }), t('top', 'failed')],
      [],
      { now: NOW },
    );
    // Exact: `*` in a flaky test's name is not a wildcard.
    expect(c.known.map((k) => [k.test.name, k.reason])).toEqual([
      ['pays *', 'flaky in the last 6 runs'],
      ['top', 'tracked in #12'],
    ]);
    // Entries made from this run's failures are never "remove it" or "matches no test".
    const none = classifyKnownFailures(flaky, [], [t('top', 'passed')], { now: NOW });
    expect(none.passingNow).toEqual([]);
    expect(none.matchesNoTest).toEqual([]);
  });
});
