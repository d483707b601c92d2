import { describe, expect, test } from '@jest/globals';
import { escapeInline, escapeName, escapeWithLinks, formatDuration, link, neutraliseReferences } from '../../src/render/markdown.js';
import { truncate, truncateBytes } from '../../src/text.js';
import { httpUrl, sanitizeReport } from '../../src/sanitize-report.js';
import { reportFromTests } from '../../src/report.js';
import { forgetSecretsForTests, registerSecret } from '../../src/secrets.js';

describe('markdown escaping', () => {
  test('HTML shows as written', () => {
    expect(escapeInline('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeInline('</details><script>')).not.toMatch(/[<>]/);
  });
  test('nothing breaks a table row or starts formatting', () => {
    const cell = escapeInline('a|b `code` *bold* _it_ [x](y) ~~s~~ \\ $x$\nnext line');
    expect(cell).not.toMatch(/[|`*_[\]~\\$\n]/);
    expect(cell).toContain('<br>');
  });
  test('names are folded to one line', () => {
    expect(escapeName('  a\n\tb  ')).toBe('a b');
  });
  test('links only for http(s), with the URL unable to close the link', () => {
    expect(link('run', 'javascript:alert(1)')).toBe('run');
    expect(link('run', 'https://x.test/a b)c')).toBe('[run](https://x.test/a%20b%29c)');
  });
  test('durations', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(1250)).toBe('1.3 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(undefined)).toBe('');
  });
  test('URLs in text are autolinks, never entity-escaped; the text around them is escaped', () => {
    expect(escapeWithLinks('see https://x.test/a?b=1&c_d=2. *and* (http://y.test/p_(q)) end')).toBe(
      'see <https://x.test/a?b=1&c_d=2>. &#42;and&#42; (<http://y.test/p_(q)>) end',
    );
    expect(escapeWithLinks('cost $5 at https://x.test/$x|y')).toBe('cost &#36;5 at <https://x.test/%24x>&#124;y');
    expect(escapeWithLinks('javascript:alert(1) and https:// alone')).toBe('javascript:alert(1) and https:// alone');
  });
});

describe('cutting and boundary sanitising', () => {
  test('cuts never split a surrogate pair', () => {
    const text = `${'a'.repeat(253)}😀😀`;
    const cut = truncate(text, 255);
    expect(cut.length).toBeLessThanOrEqual(255);
    expect(cut).toBe(`${'a'.repeat(253)}…`);
    expect(truncateBytes('ab😀cd', 6)).toBe('ab…');
    expect(truncateBytes('short', 6)).toBe('short');
  });
  test('only http(s) URLs pass; provider text is redacted where it enters', () => {
    expect(httpUrl('javascript:alert(1)')).toBeUndefined();
    expect(httpUrl(' https://x.test/a ')).toBe('https://x.test/a');
    registerSecret('sekret_token_1234567');
    try {
      const report = sanitizeReport({
        ...reportFromTests({ source: 'run sekret_token_1234567', notes: ['n sekret_token_1234567'], reportUrl: 'data:text/html,x' }, [
          { name: 'a sekret_token_1234567', status: 'failed', message: 'm sekret&#95;token&#95;1234567', url: 'javascript:x' },
        ]),
      });
      expect(report.source).toBe('run ***');
      expect(report.notes).toEqual(['n ***']);
      expect(report.reportUrl).toBeUndefined();
      expect(report.needsAttention[0]).toEqual({ name: 'a ***', status: 'failed', message: 'm ***' });
      expect([...report.everyTest()][0]).toEqual({ name: 'a ***', status: 'failed', message: 'm ***' });
    } finally {
      forgetSecretsForTests();
    }
  });
});

describe('mentions and issue references in provider text', () => {
  const ZWJ = '\u200d';
  test('@mentions and team mentions notify nobody', () => {
    expect(escapeInline('ping @octocat')).toBe(`ping @${ZWJ}octocat`);
    expect(escapeInline('@octo-org/qa first')).toBe(`@${ZWJ}octo-org/qa first`);
    expect(escapeInline('(@a) @@b')).toBe(`(@${ZWJ}a) @@${ZWJ}b`);
    expect(escapeName('line\n@who')).toBe(`line @${ZWJ}who`);
  });
  test('e-mail addresses and a lone @ stay as written', () => {
    expect(escapeInline('qa+reset@example.com')).toBe('qa+reset@example.com');
    expect(escapeInline('a @ b')).toBe('a @ b');
  });
  test('#123 and GH-123 link no issue; colours and anchors stay', () => {
    expect(escapeInline('fixes #12 and GH-7, octo/shop#3')).toBe(`fixes #${ZWJ}12 and GH-${ZWJ}7, octo/shop#${ZWJ}3`);
    expect(escapeInline('color #fff')).toBe('color #fff');
  });
  test('URLs stay whole, so links keep working', () => {
    expect(neutraliseReferences('see https://ci.example/build#42 by @bob')).toBe(`see https://ci.example/build#42 by @${ZWJ}bob`);
    expect(neutraliseReferences('http://user@host.example/x')).toBe('http://user@host.example/x');
  });
  test('link labels are neutralised too', () => {
    expect(link('run #5 by @bob', 'https://x.test/runs/5')).toBe(`[run #${ZWJ}5 by @${ZWJ}bob](https://x.test/runs/5)`);
  });
});
