import { describe, expect, test } from '@jest/globals';
import {
  CAUSE_MAX_CHARS,
  NO_MESSAGE,
  causeOf,
  changedCauses,
  failureCauses,
  failureGroupsOutput,
  groupByCause,
  likelyOutage,
  reasonLedByOutage,
  wasLikelyOutage,
  type CauseGroup,
} from '../../src/analysis/causes.js';

describe('causeOf: the contract’s example and each placeholder', () => {
  test('an address, a port and a duration', () => {
    expect(causeOf('connect ECONNREFUSED 10.0.3.7:5432 after 3012 ms')).toBe('connect ECONNREFUSED <n>.<n>.<n>.<n>:<n> after <n> ms');
  });

  test('no message, an empty one, only white space', () => {
    expect(causeOf(undefined)).toBe(NO_MESSAGE);
    expect(causeOf('')).toBe(NO_MESSAGE);
    expect(causeOf(' \n\t\r\n  ')).toBe(NO_MESSAGE);
  });

  test('the first line with text; white space collapsed and trimmed', () => {
    expect(causeOf('\n\n   Error:\t\tsomething   broke  \n    at foo (a.js:1:2)')).toBe('Error: something broke');
    expect(causeOf('first\r\nsecond')).toBe('first');
  });

  test('hexadecimal ids: 0x…, SHAs, object ids; words of letters stay', () => {
    expect(causeOf('segfault at 0x7ffd5e8c')).toBe('segfault at <hex>');
    expect(causeOf('commit 3f9a2b1c4d5e6f708192a3b4c5d6e7f8091a2b3c not found')).toBe('commit <hex> not found');
    expect(causeOf('document 5f3a9c2e1b7d4a0012ab34cd missing')).toBe('document <hex> missing');
    expect(causeOf('deadbeef and cafe')).toBe('deadbeef and cafe');
    // Short mixed words keep their letters; digits at a word's end number it, between letters they name it.
    expect(causeOf('run42 on v2 with E2E and log4j, 7th')).toBe('run<n> on v<n> with E2E and log4j, <n>th');
  });

  test('UUIDs, in any case, not inside a longer word', () => {
    expect(causeOf('order 8c1f2e3a-4b5c-4d6e-8f90-a1b2c3d4e5f6 failed')).toBe('order <uuid> failed');
    expect(causeOf('order 8C1F2E3A-4B5C-4D6E-8F90-A1B2C3D4E5F6')).toBe('order <uuid>');
    expect(causeOf('id=req-8c1f2e3a-4b5c-4d6e-8f90-a1b2c3d4e5f6')).toBe('id=req-<uuid>');
    expect(causeOf('8c1f2e3a-4b5c-4d6e-8f90-a1b2c3d4e5f6x')).not.toContain('<uuid>');
  });

  test('dates and times, with fractions and zones', () => {
    expect(causeOf('at 2024-05-01T10:11:12.345Z the token expired')).toBe('at <date> the token expired');
    expect(causeOf('since 2024-05-01 10:11:12+02:00, 2024/05/01 and 2024-05-01T10:11Z')).toBe('since <date>, <date> and <date>');
    expect(causeOf('started 09:15:00 ended 23:59:59.999')).toBe('started <time> ended <time>');
    // Not a date: too many digits.
    expect(causeOf('20240-05-01')).toBe('<n>-<n>-<n>');
  });

  test('`:line:column` is two numbers, never a time', () => {
    expect(causeOf('SyntaxError: Unexpected token (src/app.ts:12:34)')).toBe('SyntaxError: Unexpected token (src/app.ts:<n>:<n>)');
    expect(causeOf('at /app/test.js:10:15:20')).toBe('at /app/test.js:<n>:<n>:<n>');
  });

  test('quoted values, all three quote marks; apostrophes inside words are not quotes', () => {
    expect(causeOf(`expected "foo bar" to equal 'baz' in \`#submit\``)).toBe(`expected "<s>" to equal '<s>' in \`<s>\``);
    expect(causeOf(`can't find 'x' and it's gone`)).toBe(`can't find '<s>' and it's gone`);
    expect(causeOf(`value "with \\"escaped\\" quotes" end`)).toBe(`value "<s>" end`);
    expect(causeOf('empty "" string')).toBe('empty "<s>" string');
    // An unclosed quote is text.
    expect(causeOf('say "hello 42')).toBe('say "hello <n>');
  });

  test('URL query values; the path’s numbers and the port are numbers', () => {
    expect(causeOf('GET https://api.acme.io:8443/v2/orders/77?session=abc-def&page=3#top returned 503')).toBe(
      'GET https://api.acme.io:<n>/v<n>/orders/<n>?session=<v>&page=<v>#top returned <n>',
    );
    expect(causeOf('GET http://x.test/a?empty=&flag returned 500')).toBe('GET http://x.test/a?empty=&flag returned <n>');
    // Outside a URL, `=` is text.
    expect(causeOf('assert a=b')).toBe('assert a=b');
  });

  test('terminal colour codes are removed', () => {
    expect(
      causeOf(
        '\u001b[2mexpect(\u001b[22m\u001b[31mreceived\u001b[39m\u001b[2m).toBe(\u001b[22m\u001b[32mexpected\u001b[39m\u001b[2m)\u001b[22m',
      ),
    ).toBe('expect(received).toBe(expected)');
  });

  test('a redaction placeholder stays whole', () => {
    expect(causeOf('401 for https://x.test/api?apikey=*** at 12:00:00')).toBe('<n> for https://x.test/api?apikey=<v> at <time>');
    expect(causeOf('token *** rejected')).toBe('token *** rejected');
  });

  test(`a cause is at most ${CAUSE_MAX_CHARS} characters, cut with an ellipsis, never inside a placeholder`, () => {
    const long = causeOf(`Error: ${'word '.repeat(200)}`);
    expect(long.length).toBeLessThanOrEqual(CAUSE_MAX_CHARS + 1);
    expect(long.endsWith('…')).toBe(true);
    const numbers = causeOf('1 '.repeat(400));
    expect(numbers).toMatch(/^(<n> )+<n>?…$|^(<n> )*<n>…$/);
    expect(numbers).not.toMatch(/<[a-z]*…$/);
    expect(causeOf('x'.repeat(CAUSE_MAX_CHARS))).toBe('x'.repeat(CAUSE_MAX_CHARS));
  });

  test('a 5 MB one-line message and a 5 MB message of quotes and digits normalise (linear scan)', () => {
    const huge = `Error: ${'a1 "b" 0x1f '.repeat(500_000)}`;
    expect(huge.length).toBeGreaterThan(5_000_000);
    expect(causeOf(huge).startsWith('Error: a<n> "<s>" <hex> a<n>')).toBe(true);
    // Unclosed quotes everywhere: each quote mark is searched for once, not once per occurrence.
    const quotes = `"${"'`x".repeat(1_700_000)}`;
    expect(causeOf(quotes).endsWith('…')).toBe(true);
    const newlineLate = `${'7'.repeat(5_000_000)}\nsecond`;
    expect(causeOf(newlineLate)).toBe('<n>');
  });
});

describe('causeOf: real messages of each framework', () => {
  // Each pair: two failures of the same cause differing only in ids, ports, times; they must agree.
  const same: [string, string, string, string][] = [
    [
      'Jest: network error',
      'FetchError: request to http://10.0.3.7:8080/api/users?id=17 failed, reason: connect ECONNREFUSED 10.0.3.7:8080',
      'FetchError: request to http://10.0.3.9:8081/api/users?id=902 failed, reason: connect ECONNREFUSED 10.0.3.9:8081',
      'FetchError: request to http://<n>.<n>.<n>.<n>:<n>/api/users?id=<v> failed, reason: connect ECONNREFUSED <n>.<n>.<n>.<n>:<n>',
    ],
    [
      'Jest: timeout',
      'thrown: "Exceeded timeout of 5000 ms for a test.\nAdd a timeout value to this test to increase the timeout, if this is a long-running test."',
      'thrown: "Exceeded timeout of 30000 ms for a test.\nAdd a timeout value to this test to increase the timeout, if this is a long-running test."',
      'thrown: "Exceeded timeout of <n> ms for a test.',
    ],
    [
      'pytest: requests connection error',
      "requests.exceptions.ConnectionError: HTTPConnectionPool(host='staging.acme.io', port=443): Max retries exceeded with url: /api/v1/orders/12 (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f9c2d1e3a90>: Failed to establish a new connection: [Errno 111] Connection refused'))",
      "requests.exceptions.ConnectionError: HTTPConnectionPool(host='staging-2.acme.io', port=8443): Max retries exceeded with url: /api/v1/orders/9 (Caused by NewConnectionError('<urllib3.connection.HTTPConnection object at 0x7f11aa22bb30>: Failed to establish a new connection: [Errno 111] Connection refused'))",
      "requests.exceptions.ConnectionError: HTTPConnectionPool(host='<s>', port=<n>): Max retries exceeded with url: /api/v<n>/orders/<n> (Caused by NewConnectionError('<s>'))",
    ],
    [
      'pytest: assertion on a status code',
      'AssertionError: assert 502 == 200\n +  where 502 = <Response [502]>.status_code',
      'AssertionError: assert 504 == 200\n +  where 504 = <Response [504]>.status_code',
      'AssertionError: assert <n> == <n>',
    ],
    [
      'JUnit: socket timeout',
      'java.net.SocketTimeoutException: Connect timed out after 10000ms to staging.acme.io/10.1.2.3:443',
      'java.net.SocketTimeoutException: Connect timed out after 15000ms to staging.acme.io/10.1.2.4:443',
      'java.net.SocketTimeoutException: Connect timed out after <n>ms to staging.acme.io/<n>.<n>.<n>.<n>:<n>',
    ],
    [
      'JUnit: assertion diff',
      'org.opentest4j.AssertionFailedError: expected: <200> but was: <503>',
      'org.opentest4j.AssertionFailedError: expected: <201> but was: <500>',
      'org.opentest4j.AssertionFailedError: expected: <<n>> but was: <<n>>',
    ],
    [
      'Playwright: navigation',
      'page.goto: net::ERR_CONNECTION_REFUSED at https://staging.acme.io/checkout?cart=8c1f2e3a-4b5c-4d6e-8f90-a1b2c3d4e5f6\nCall log:\n  - navigating to "https://staging.acme.io/checkout", waiting until "load"',
      'page.goto: net::ERR_CONNECTION_REFUSED at https://staging.acme.io/checkout?cart=11111111-2222-4333-8444-555555555555',
      'page.goto: net::ERR_CONNECTION_REFUSED at https://staging.acme.io/checkout?cart=<v>',
    ],
    [
      'Playwright: locator timeout',
      "locator.click: Timeout 30000ms exceeded.\nCall log:\n  - waiting for getByRole('button', { name: 'Pay' })",
      'locator.click: Timeout 15000ms exceeded.',
      'locator.click: Timeout <n>ms exceeded.',
    ],
    [
      'Cypress: element never found',
      'AssertionError: Timed out retrying after 4000ms: Expected to find element: `[data-cy=submit-42]`, but never found it.',
      'AssertionError: Timed out retrying after 10000ms: Expected to find element: `[data-cy=pay]`, but never found it.',
      'AssertionError: Timed out retrying after <n>ms: Expected to find element: `<s>`, but never found it.',
    ],
    [
      'Cypress: cy.request failed',
      'CypressError: `cy.request()` failed trying to load:\n\nhttps://staging.acme.io/api/login',
      'CypressError: `cy.request()` failed trying to load:\n\nhttps://staging.acme.io/api/cart',
      'CypressError: `<s>` failed trying to load:',
    ],
    [
      'Eggplant: page load',
      'Page https://shop.acme.io/product/1842 did not load within 30 s (onLoad 31.42 s > 30 s) at 2025-03-04T05:06:07Z',
      'Page https://shop.acme.io/product/77 did not load within 30 s (onLoad 30.07 s > 30 s) at 2025-03-04T05:09:01Z',
      'Page https://shop.acme.io/product/<n> did not load within <n> s (onLoad <n>.<n> s > <n> s) at <date>',
    ],
    [
      'Eggplant: DNS',
      'Navigation failed: getaddrinfo ENOTFOUND shop-7.staging.acme.io (request 5f3a9c2e1b7d4a0012ab34cd)',
      'Navigation failed: getaddrinfo ENOTFOUND shop-12.staging.acme.io (request 0a1b2c3d4e5f60718293a4b5)',
      'Navigation failed: getaddrinfo ENOTFOUND shop-<n>.staging.acme.io (request <hex>)',
    ],
  ];
  test.each(same)('%s', (_framework, first, second, cause) => {
    expect(causeOf(first)).toBe(cause);
    expect(causeOf(second)).toBe(cause);
  });

  test('different causes stay apart', () => {
    const causes = new Set(
      [
        'connect ECONNREFUSED 10.0.3.7:5432',
        'connect ETIMEDOUT 10.0.3.7:5432',
        'expect(received).toBe(expected) // Object.is equality',
        'expect(received).toEqual(expected) // deep equality',
        'AssertionError: assert <n> == <n>',
      ].map(causeOf),
    );
    expect(causes.size).toBe(5);
  });
});

describe('groupByCause', () => {
  const f = (name: string, cause: string) => ({ name, cause });

  test('only causes of two or more failures; largest first, ties by cause; names in failure order', () => {
    const groups = groupByCause([f('a', 'X'), f('b', 'Y'), f('c', 'X'), f('d', 'Z'), f('e', 'Y'), f('g', 'W'), f('h', 'X')]);
    expect(groups).toEqual([
      { cause: 'X', count: 3, tests: ['a', 'c', 'h'] },
      { cause: 'Y', count: 2, tests: ['b', 'e'] },
    ]);
    expect(groupByCause([f('a', 'B'), f('b', 'A'), f('c', 'B'), f('d', 'A')]).map((g) => g.cause)).toEqual(['A', 'B']);
    expect(groupByCause([f('a', 'X'), f('b', 'Y')])).toEqual([]);
    expect(groupByCause([])).toEqual([]);
  });

  test('30 failures differing in ids and ports are one group', () => {
    const failures = Array.from({ length: 30 }, (_, i) => f(`t${i}`, causeOf(`connect ECONNREFUSED 10.0.${i}.7:${5000 + i}`)));
    failures.push(f('x', causeOf('expected 1 to be 2')), f('y', causeOf('expected 3 to be 4')), f('z', causeOf('boom')));
    const groups = groupByCause(failures);
    expect(groups.map((g) => [g.cause, g.count])).toEqual([
      ['connect ECONNREFUSED <n>.<n>.<n>.<n>:<n>', 30],
      ['expected <n> to be <n>', 2],
    ]);
  });

  test('failure-groups output: the first 50 groups, the first 20 names each', () => {
    const failures = [];
    for (let g = 0; g < 60; g++)
      for (let t = 0; t < 2 + (g === 0 ? 30 : 0); t++) failures.push(f(`g${g}-t${t}`, `cause ${String(g).padStart(2, '0')}`));
    const out = failureGroupsOutput(groupByCause(failures));
    expect(out).toHaveLength(50);
    expect(out[0]).toEqual({ cause: 'cause 00', count: 32, tests: Array.from({ length: 20 }, (_, t) => `g0-t${t}`) });
    expect(out[1]).toEqual({ cause: 'cause 01', count: 2, tests: ['g1-t0', 'g1-t1'] });
    expect(Object.keys(out[0]!)).toEqual(['cause', 'count', 'tests']);
  });
});

describe('likelyOutage', () => {
  const groups = (...counts: [string, number][]): CauseGroup[] =>
    counts.map(([cause, count]) => ({ cause, count, tests: Array.from({ length: count }, (_, i) => `${cause} ${i}`) }));

  test('46 of 50 with one cause at the default 80%', () => {
    expect(likelyOutage(groups(['connect ECONNREFUSED <n>.<n>.<n>.<n>:<n>', 46]), 50, 80)).toEqual({
      cause: 'connect ECONNREFUSED <n>.<n>.<n>.<n>:<n>',
      count: 46,
      total: 50,
      text: 'Likely outage: 46 of 50 tests failed with connect ECONNREFUSED <n>.<n>.<n>.<n>:<n>',
    });
  });

  test('exactly at the threshold is an outage; just under is not', () => {
    expect(likelyOutage(groups(['X', 40]), 50, 80)?.count).toBe(40);
    expect(likelyOutage(groups(['X', 39]), 50, 80)).toBeUndefined();
  });

  test('3 of 50: none; 0: never; fewer than 5 tests: never, even at 100%', () => {
    expect(likelyOutage(groups(['X', 3]), 50, 80)).toBeUndefined();
    expect(likelyOutage(groups(['X', 50]), 50, 0)).toBeUndefined();
    expect(likelyOutage(groups(['X', 4]), 4, 50)).toBeUndefined();
    expect(likelyOutage(groups(['X', 5]), 5, 100)?.text).toBe('Likely outage: 5 of 5 tests failed with X');
    expect(likelyOutage([], 50, 80)).toBeUndefined();
    expect(likelyOutage(groups(['X', 5]), 0, 80)).toBeUndefined();
  });

  test('failures with no message share one cause like any other (the contract makes no exception)', () => {
    expect(likelyOutage(groups([NO_MESSAGE, 50]), 50, 80)?.text).toBe('Likely outage: 50 of 50 tests failed with (no message)');
    // Only the largest cause is judged: a smaller one never makes an outage the largest does not.
    expect(likelyOutage(groups([NO_MESSAGE, 30], ['Y', 10]), 40, 25)?.cause).toBe(NO_MESSAGE);
    expect(likelyOutage(groups([NO_MESSAGE, 30], ['Y', 10]), 40, 80)).toBeUndefined();
  });
});

describe('changedCauses: still failing, new error', () => {
  test('marks a changed cause; an unknown baseline cause is never marked', () => {
    const before = new Map([
      ['a', 'connect ECONNREFUSED <n>.<n>.<n>.<n>:<n>'],
      ['b', 'expected <n> to be <n>'],
    ]);
    const changed = changedCauses(
      [
        { key: 'a', cause: 'connect ECONNREFUSED <n>.<n>.<n>.<n>:<n>' },
        { key: 'b', cause: 'TypeError: Cannot read properties of undefined (reading "<s>")' },
        { key: 'c', cause: 'anything' },
      ],
      (key) => before.get(key),
    );
    expect([...changed]).toEqual(['b']);
  });
});

describe('failureCauses: a run’s groups and its likely outage', () => {
  const failed = (n: number, message: (i: number) => string | undefined) =>
    Array.from({ length: n }, (_, i) => ({ name: `t${i}`, message: message(i) }));

  test('46 of 50 failing with one cause, ids and ports aside, is a likely outage', () => {
    const tests = [...failed(46, (i) => `connect ECONNREFUSED 10.0.3.${i}:${5400 + i}`), ...failed(2, () => 'boom')];
    const { groups, outage } = failureCauses(tests, 50, 80);
    expect(groups.map((g) => g.count)).toEqual([46, 2]);
    expect(outage?.text).toBe('Likely outage: 46 of 50 tests failed with connect ECONNREFUSED <n>.<n>.<n>.<n>:<n>');
  });

  test('3 of 50: a group, no outage; threshold 0: never', () => {
    expect(
      failureCauses(
        failed(3, () => 'timeout after 30000 ms'),
        50,
        80,
      ),
    ).toEqual({
      groups: [{ cause: 'timeout after <n> ms', count: 3, tests: ['t0', 't1', 't2'] }],
    });
    expect(
      failureCauses(
        failed(50, () => 'x'),
        50,
        0,
      ).outage,
    ).toBeUndefined();
  });

  test('history: a run is judged from its failures’ causes; unknown causes are left out', () => {
    expect(wasLikelyOutage(Array(45).fill('ECONNREFUSED'), 50, 80)).toBe(true);
    expect(wasLikelyOutage([...Array(39).fill('ECONNREFUSED'), ...Array(11).fill(undefined)], 50, 80)).toBe(false);
    expect(wasLikelyOutage(Array(4).fill('x'), 4, 50)).toBe(false);
    expect(wasLikelyOutage(Array(50).fill('x'), 50, 0)).toBe(false);
  });
});

describe('reasonLedByOutage: the verdict is unchanged, the reason leads with the outage', () => {
  const outage = likelyOutage([{ cause: 'X', count: 46, tests: [] }], 50, 80);

  test('a failed gate’s reason', () => {
    const verdict = { conclusion: 'failure', reason: '46 tests failed, more than max-failures (0).' };
    expect(reasonLedByOutage(verdict, outage)).toEqual({
      conclusion: 'failure',
      reason: 'Likely outage: 46 of 50 tests failed with X — 46 tests failed, more than max-failures (0).',
    });
  });

  test('success keeps its empty reason; no outage, no change', () => {
    const passed = { conclusion: 'success', reason: '' };
    expect(reasonLedByOutage(passed, outage)).toBe(passed);
    const failedGate = { conclusion: 'failure', reason: 'Something.' };
    expect(reasonLedByOutage(failedGate, undefined)).toBe(failedGate);
  });
});
