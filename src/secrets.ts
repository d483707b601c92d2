import * as core from '@actions/core';

/**
 * Every credential the action handles is registered here. Registration masks it on the runner
 * (core.setSecret) and lets `redact` remove it from anything we write ourselves: the runner's
 * mask does not cover the summary file, the report file, outputs or the check run.
 *
 * Provider text is redacted once, where it enters (see redact-report.ts), before anything
 * escapes, cuts or encodes it; the writers redact their final text again as a safety net.
 */
interface SecretMatcher {
  secret: string;
  /** The secret in any mix of plain, percent-, entity- and JSON-escaped characters, or a long enough prefix of it. */
  pattern: RegExp;
  /** Base64 (and base64url) runs that appear whenever the secret is base64-encoded, alone or wrapped (`user:secret`). */
  base64: string[];
  /** The shortest part of the secret `pattern` matches, as written: in a text with no escapes, nothing matches without it. */
  head: string;
}

const matchers = new Map<string, SecretMatcher>();
let ordered: SecretMatcher[] = [];
/** Any secret's head or base64 run as written; see `redact`. */
let literalHit: RegExp | undefined;

/** A cut secret: this many leading characters at the end of a text, or before an ellipsis, are redacted. */
export const PREFIX_MIN = 8;
/** A prefix this long (share of the secret) is redacted wherever it appears. */
const PREFIX_SHARE = 0.75;

/**
 * A credential's value in a URL query, up to the next parameter: percent-, entity- or
 * JSON-escaped characters do not end it, an escaped `&` does.
 */
const PARAM_VALUE = String.raw`(?:%(?!26)[0-9A-Fa-f]{2}|&#(?!0*38;)[0-9]+;|&#[xX](?!0*26;)[0-9A-Fa-f]+;|\\u(?!0026)[0-9A-Fa-f]{4}|[^&#\s"'<>%\\])*`;
const CREDENTIAL_PARAMS = new RegExp(
  String.raw`((?:[?&]|&amp;|%3[Ff]|%26)(?:apikey|api_key|api-key|access_token|token|client_secret)(?:=|%3[Dd]))` + PARAM_VALUE,
  'g',
);

export function registerSecret(value: string | undefined): void {
  const secret = value?.trim();
  if (!secret) return;
  core.setSecret(secret);
  if (secret.length < 3 || matchers.has(secret)) return;
  const head = Array.from(secret).slice(0, PREFIX_MIN).join('');
  matchers.set(secret, { secret, pattern: secretPattern(secret), base64: base64Runs(secret), head });
  // Longest first, so a secret that contains another is removed whole.
  ordered = [...matchers.values()].sort((a, b) => b.secret.length - a.secret.length);
  literalHit = new RegExp(
    ordered
      .flatMap((m) => [m.head, ...m.base64])
      .map(escapeRegExp)
      .join('|'),
  );
}

/** Every escaped form of a character starts with one of these (entities, %xx, backslash escapes). */
const ESCAPE_START = /[&%\\]/;
/** Every credential parameter starts with one of these. */
const PARAM_START = /[?&%]/;
const EITHER_START = /[?&%\\]/;

/**
 * The patterns are costly, and a run redacts every test's name and message several times, so a
 * text is searched only where a match is possible. With no escape in it, a secret can only appear
 * as written, starting with its head, and its base64 only as its runs; a credential parameter
 * needs a `?`, `&` or `%`. Most texts hold none of these and are returned after two scans.
 */
export function redact(text: string): string {
  if (!EITHER_START.test(text) && !literalHit?.test(text)) return text;
  let out = PARAM_START.test(text) ? text.replace(CREDENTIAL_PARAMS, '$1***') : text;
  for (const { pattern, base64, head } of ordered) {
    if (ESCAPE_START.test(out) || out.includes(head))
      out = out.replace(pattern, (match: string, long?: string, whole?: string, offset?: number, all?: string) => {
        if (whole !== undefined || long !== undefined) return '***';
        // A shorter prefix only where the text was cut: at its end or before an ellipsis.
        const end = (offset ?? 0) + match.length;
        const after = (all ?? '').slice(end, end + 3);
        return after === '' || after.startsWith('…') || after === '...' ? '***' : match;
      });
    for (const run of base64) if (out.includes(run)) out = out.split(run).join('***');
  }
  return out;
}

/** For tests of this module only. */
export function forgetSecretsForTests(): void {
  matchers.clear();
  ordered = [];
  literalHit = undefined;
}

const NAMED_ENTITIES: Record<string, string[]> = {
  '&': ['amp'],
  '<': ['lt'],
  '>': ['gt'],
  '"': ['quot'],
  "'": ['apos'],
  _: ['lowbar', 'UnderBar'],
  '-': ['dash', 'hyphen'],
  '.': ['period'],
  ':': ['colon'],
  '/': ['sol'],
  '+': ['plus'],
  '=': ['equals'],
  '#': ['num'],
  $: ['dollar'],
  '%': ['percnt'],
  '@': ['commat'],
  '!': ['excl'],
  '?': ['quest'],
  '*': ['ast', 'midast'],
  '[': ['lsqb', 'lbrack'],
  ']': ['rsqb', 'rbrack'],
  '^': ['Hat'],
  '`': ['grave', 'DiacriticalGrave'],
  '{': ['lcub', 'lbrace'],
  '}': ['rcub', 'rbrace'],
  '|': ['verbar', 'vert', 'VerticalLine'],
  '~': ['tilde'],
  '\\': ['bsol'],
  ',': ['comma'],
  ';': ['semi'],
  '(': ['lpar'],
  ')': ['rpar'],
};

/** A hexadecimal number, any case, optional leading zeros. */
function hexPattern(n: number, width?: number): string {
  const digits = n.toString(16).toUpperCase();
  const body = [...digits].map((d) => (/[A-F]/.test(d) ? `[${d}${d.toLowerCase()}]` : d)).join('');
  return width ? `${'0'.repeat(Math.max(0, width - digits.length))}${body}` : `0*${body}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** One character of a secret, as it may appear once escaped for HTML, Markdown, a URL or JSON. */
function charPattern(char: string): string {
  const code = char.codePointAt(0)!;
  const forms = [escapeRegExp(char), `&#0*${code};`, `&#[xX]${hexPattern(code)};`];
  for (const name of NAMED_ENTITIES[char] ?? []) forms.push(`&${name};`);
  forms.push([...Buffer.from(char, 'utf8')].map((byte) => `%${hexPattern(byte, 2)}`).join(''));
  const units = Array.from({ length: char.length }, (_, i) => char.charCodeAt(i));
  forms.push(units.map((unit) => `\\\\[uU]${hexPattern(unit, 4)}`).join(''));
  // Markdown and JSON backslash escapes of punctuation.
  if (/[!-/:-@[-`{-~]/.test(char)) forms.push(`\\\\${escapeRegExp(char)}`);
  return `(?:${forms.join('|')})`;
}

/**
 * The secret or a prefix of at least PREFIX_MIN characters of it. Two empty groups mark how far
 * it matched: group 1 once PREFIX_SHARE of it matched, group 2 once all of it did.
 */
function secretPattern(secret: string): RegExp {
  const chars = Array.from(secret).map(charPattern);
  const min = Math.min(chars.length, PREFIX_MIN);
  if (min === chars.length) return new RegExp(`${chars.join('')}()()`, 'g');
  const share = Math.max(min, Math.ceil(chars.length * PREFIX_SHARE));
  // Built from the end: each further character is optional, nested inside the one before.
  let tail = '()';
  for (let i = chars.length - 1; i >= min; i--) tail = `(?:${chars[i]}${i + 1 === share ? '()' : ''}${tail})?`;
  return new RegExp(`${chars.slice(0, min).join('')}${share === min ? '()' : ''}${tail}`, 'g');
}

/**
 * Base64 of the secret at each of the three byte alignments: whatever wraps it (`user:secret`
 * for HTTP Basic), its encoding contains one of these runs. Runs shorter than 8 are skipped.
 */
function base64Runs(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const runs = new Set<string>();
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const first = offset === 0 ? 0 : 4;
    const last = Math.floor((offset + bytes.length) / 3) * 4;
    const run = encoded.slice(first, last);
    if (run.length >= 8) {
      runs.add(run);
      runs.add(run.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return [...runs];
}
