import { describe, expect, test } from '@jest/globals';
import { escapeInline, escapeName, formatDuration, link } from '../../src/render/markdown.js';

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
});
