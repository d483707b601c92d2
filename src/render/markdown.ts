/**
 * Text from providers is data: escaped so that it renders as written and cannot break a
 * table, open an HTML element or a link, or start Markdown formatting.
 */
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '|': '&#124;',
  '`': '&#96;',
  '*': '&#42;',
  _: '&#95;',
  '[': '&#91;',
  ']': '&#93;',
  '~': '&#126;',
  '\\': '&#92;',
  $: '&#36;',
};

/** U+200D: invisible, and enough to stop GitHub from reading a mention or an issue reference. */
const ZERO_WIDTH_JOINER = '\u200d';

/**
 * Provider text must not notify people or link issues when GitHub renders it (a pull-request
 * comment would mention `@someone` for real): a zero-width joiner after an `@` that could start
 * a mention (not one inside a word, so e-mail addresses stay as written), and after `#` or `GH-`
 * before a number (issue references).
 */
export function neutraliseReferences(text: string): string {
  // Nothing to neutralise without these (the common case: most names hold none).
  if (!/[@#]|gh-/i.test(text)) return text;
  // URLs are left whole (`…/build#42` must keep working); GitHub reads no mention inside one.
  return text
    .split(/(https?:\/\/[^\s<>"'`|]+)/i)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/(^|[^A-Za-z0-9])@(?=[A-Za-z0-9])/g, `$1@${ZERO_WIDTH_JOINER}`)
            .replace(/#(?=\d)/g, `#${ZERO_WIDTH_JOINER}`)
            .replace(/\b(GH-)(?=\d)/gi, `$1${ZERO_WIDTH_JOINER}`),
    )
    .join('');
}

/** One line of inline text (a table cell, a summary line): newlines become `<br>`. */
export function escapeInline(text: string): string {
  return neutraliseReferences(text)
    .replace(/[&<>"'|`*_[\]~\\$]/g, (c) => ENTITIES[c]!)
    .replace(/\r\n?|\n/g, '<br>')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/**
 * An http(s) URL inside provider text: up to whitespace or a character that cannot be in an
 * autolink or a table cell. Trailing punctuation is trimmed afterwards, as GitHub does.
 */
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`|\\\u0000-\u001f\u007f]+/gi;

/** Where a URL found in text ends: without trailing punctuation, and without a `)` it does not open. */
function trimUrl(url: string): string {
  let end = url.length;
  for (;;) {
    const last = url[end - 1];
    if (last && '.,:;!?*_~]}'.includes(last)) end--;
    else if (last === ')' && count(url.slice(0, end), '(') < count(url.slice(0, end), ')')) end--;
    else break;
  }
  return url.slice(0, end);
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

/**
 * A URL as an autolink (`<https://…>`): its text is taken literally, so `&` and `_` stay as
 * they are (never entities) and the link works; only `$`, which could start math, is
 * percent-encoded.
 */
export function autolink(url: string): string {
  return `<${url.replace(/\$/g, '%24')}>`;
}

/** Inline text (as escapeInline) in which every http(s) URL is a working link. */
export function escapeWithLinks(text: string): string {
  let out = '';
  let from = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const url = trimUrl(match[0]);
    if (url.length <= 'https://'.length) continue;
    out += escapeInline(text.slice(from, match.index)) + autolink(url);
    from = match.index + url.length;
  }
  return out + escapeInline(text.slice(from));
}

/** A name: one line, whitespace folded. */
export function escapeName(text: string): string {
  return escapeInline(text.replace(/\s+/g, ' ').trim());
}

/** `[label](url)` for http(s) URLs only; anything else is shown as text. */
export function link(label: string, url: string | undefined): string {
  if (!url || !/^https?:\/\//i.test(url)) return escapeInline(label);
  // Percent-encode what could end the link or the table cell (encodeURIComponent keeps parentheses).
  const safeUrl = url.replace(/[()<>\s"'`|\\[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${escapeInline(label)}](${safeUrl})`;
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}
