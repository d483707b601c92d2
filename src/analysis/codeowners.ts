/**
 * CODEOWNERS, by GitHub's rules: one pattern and its owners per line, `#` comments (also after
 * the owners), patterns as in .gitignore except that `!` negation, `[ ]` ranges and escaping a
 * leading `#` do not work (such lines are skipped, as GitHub skips invalid lines); a line
 * without owners leaves what it matches unowned; the last matching line wins.
 *
 * Matching is bounded: patterns compile to segment lists matched by the iterative wildcard
 * algorithm (no regular expressions, no recursion), at most O(pattern × path) per line, and
 * patterns and paths have length caps.
 */

/** GitHub does not load a CODEOWNERS file of this size or larger. */
export const CODEOWNERS_MAX_BYTES = 3 * 1024 * 1024;
/** Rules read at most; later lines are not read. */
export const CODEOWNERS_MAX_RULES = 100_000;
/** A pattern or path longer than this never matches. */
const MAX_PATTERN_CHARS = 4096;
const MAX_PATH_CHARS = 4096;

/** One line that counts. */
export interface CodeOwnersRule {
  /** 1-based line number in the file. */
  line: number;
  /** As written. */
  pattern: string;
  /** `@user`, `@org/team` or an e-mail address; empty: the paths matched are unowned. */
  owners: readonly string[];
}

export interface CodeOwners {
  readonly rules: readonly CodeOwnersRule[];
  /** Lines skipped as GitHub would (invalid pattern or owner), for a warning. */
  readonly skipped: readonly { line: number; reason: string }[];
  /** The file was too large and not read (GitHub ignores it too). */
  readonly tooLarge: boolean;
  /** The owners of a repository path by the last matching rule; [] when unowned or unmatched. */
  ownersOf(path: string): readonly string[];
}

/** A segment of a pattern: `**`, a literal name, or a glob of one name (`*.ts`, `test_?`). */
type Segment = { kind: 'any-depth' } | { kind: 'literal'; text: string } | { kind: 'glob'; tokens: readonly GlobToken[] };
/** A glob's parts: literal characters, `*` (any run within a name) and `?` (one character). */
type GlobToken = string | typeof STAR | typeof ONE;
const STAR = 0;
const ONE = 1;

interface CompiledRule extends CodeOwnersRule {
  segments: readonly Segment[];
}

const OWNER = /^(?:@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\/[A-Za-z0-9._-]{1,100})?|[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{1,63})$/;

/** Parses CODEOWNERS text; never throws. */
export function parseCodeOwners(text: string): CodeOwners {
  if (Buffer.byteLength(text, 'utf8') >= CODEOWNERS_MAX_BYTES) return build([], [], true);
  const rules: CompiledRule[] = [];
  const skipped: { line: number; reason: string }[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length && rules.length < CODEOWNERS_MAX_RULES; i++) {
    const line = i + 1;
    const content = (lines[i] ?? '').trim();
    if (content === '' || content.startsWith('#')) continue;
    const tokens = splitTokens(content);
    const pattern = tokens[0] ?? '';
    const owners: string[] = [];
    for (const token of tokens.slice(1)) {
      if (token.startsWith('#')) break;
      owners.push(token);
    }
    const bad = owners.find((o) => !OWNER.test(o));
    if (bad !== undefined) {
      skipped.push({ line, reason: `\`${bad}\` is not a user, team or e-mail address` });
      continue;
    }
    const compiled = compilePattern(pattern);
    if (typeof compiled === 'string') {
      skipped.push({ line, reason: compiled });
      continue;
    }
    rules.push({ line, pattern, owners, segments: compiled });
  }
  return build(rules, skipped, false);
}

function build(rules: CompiledRule[], skipped: { line: number; reason: string }[], tooLarge: boolean): CodeOwners {
  const memo = new Map<string, readonly string[]>();
  return {
    rules: rules.map(({ line, pattern, owners }) => ({ line, pattern, owners })),
    skipped,
    tooLarge,
    ownersOf(path: string) {
      const cached = memo.get(path);
      if (cached) return cached;
      const normalized = path.replace(/^\.?\/+/, '');
      let owners: readonly string[] = [];
      if (normalized.length > 0 && normalized.length <= MAX_PATH_CHARS) {
        const segments = normalized.split('/').filter((s) => s !== '');
        // The last match wins: look from the end and stop at the first.
        for (let i = rules.length - 1; i >= 0; i--) {
          const rule = rules[i] as CompiledRule;
          if (matchSegments(rule.segments, segments)) {
            owners = rule.owners;
            break;
          }
        }
      }
      memo.set(path, owners);
      return owners;
    },
  };
}

/** Splits at whitespace not escaped by a backslash; escapes stay in the tokens. */
function splitTokens(line: string): string[] {
  const tokens: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (ch === '\\' && i + 1 < line.length) {
      current += ch + line[++i];
    } else if (ch === ' ' || ch === '\t') {
      if (current) tokens.push(current);
      current = '';
    } else current += ch;
  }
  if (current) tokens.push(current);
  return tokens;
}

/**
 * A pattern → the segments a whole path must match, or why the line is invalid. gitignore's
 * rules: a leading `/` or a `/` inside anchors at the root, else the pattern matches at any
 * depth; a trailing `/` matches directories only; a match of a directory covers everything
 * inside it. GitHub's one difference: `docs/*` matches the files in docs/, not deeper ones.
 */
function compilePattern(pattern: string): Segment[] | string {
  if (pattern.length > MAX_PATTERN_CHARS) return 'the pattern is too long';
  if (pattern.startsWith('!')) return '`!` negation does not work in CODEOWNERS';
  if (pattern.startsWith('\\#')) return 'escaping a leading `#` does not work in CODEOWNERS';
  let body = pattern;
  const directoryOnly = body.endsWith('/') && !body.endsWith('\\/');
  if (directoryOnly) body = body.replace(/\/+$/, '');
  const anchored = body.startsWith('/') || body.replace(/^\/+/, '').includes('/');
  body = body.replace(/^\/+/, '');
  if (body === '') return directoryOnly ? [{ kind: 'any-depth' }] : 'the pattern is empty';
  const segments: Segment[] = [];
  for (const raw of body.split('/')) {
    if (raw === '') continue;
    if (raw === '**') {
      if (segments.at(-1)?.kind !== 'any-depth') segments.push({ kind: 'any-depth' });
      continue;
    }
    const tokens: GlobToken[] = [];
    let literal = true;
    for (let i = 0; i < raw.length; i++) {
      const ch = raw[i] as string;
      if (ch === '\\' && i + 1 < raw.length) tokens.push(raw[++i] as string);
      else if (ch === '[' || ch === ']') return '`[ ]` ranges do not work in CODEOWNERS (escape a bracket as `\\[`)';
      else if (ch === '*') {
        literal = false;
        if (tokens.at(-1) !== STAR) tokens.push(STAR);
      } else if (ch === '?') {
        literal = false;
        tokens.push(ONE);
      } else tokens.push(ch);
    }
    segments.push(literal ? { kind: 'literal', text: tokens.join('') } : { kind: 'glob', tokens });
  }
  if (!anchored && segments[0]?.kind !== 'any-depth') segments.unshift({ kind: 'any-depth' });
  const last = segments.at(-1);
  const onlyStar = last?.kind === 'glob' && last.tokens.length === 1 && last.tokens[0] === STAR;
  if (directoryOnly || (segments.length > 1 && last?.kind === 'any-depth' && body.endsWith('/**'))) {
    if (!directoryOnly) segments.pop();
    // Something inside the directory (a trailing `/**` too): one more name at least.
    segments.push({ kind: 'glob', tokens: [STAR] }, { kind: 'any-depth' });
  } else if (last?.kind !== 'any-depth' && !(onlyStar && anchored)) {
    // The path itself, or anything inside it when it names a directory.
    segments.push({ kind: 'any-depth' });
  }
  return segments;
}

/**
 * Whether the path's segments match the pattern's, `**` matching any number of segments: the
 * iterative wildcard algorithm (resume after the last `**` on a mismatch), O(pattern × path).
 */
function matchSegments(pattern: readonly Segment[], path: readonly string[]): boolean {
  let p = 0;
  let s = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (s < path.length) {
    const segment = pattern[p];
    if (segment && segment.kind !== 'any-depth' && matchName(segment, path[s] as string)) {
      p++;
      s++;
    } else if (segment?.kind === 'any-depth') {
      starAt = p++;
      resumeAt = s;
    } else if (starAt >= 0) {
      p = starAt + 1;
      s = ++resumeAt;
    } else return false;
  }
  while (pattern[p]?.kind === 'any-depth') p++;
  return p === pattern.length;
}

function matchName(segment: Exclude<Segment, { kind: 'any-depth' }>, name: string): boolean {
  if (segment.kind === 'literal') return segment.text === name;
  const tokens = segment.tokens;
  let t = 0;
  let c = 0;
  let starAt = -1;
  let resumeAt = 0;
  while (c < name.length) {
    const token = tokens[t];
    if (token === ONE || (typeof token === 'string' && token === name[c])) {
      t++;
      c++;
    } else if (token === STAR) {
      starAt = t++;
      resumeAt = c;
    } else if (starAt >= 0) {
      t = starAt + 1;
      c = ++resumeAt;
    } else return false;
  }
  while (tokens[t] === STAR) t++;
  return t === tokens.length;
}
