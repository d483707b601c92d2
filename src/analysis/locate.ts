/**
 * Locating failed tests in the repository (contract: "Source locations and owners"). Pure: the
 * tracked files come in, a path and line come out, and only a path of the repository can ever
 * come out. Every rule needs exactly one tracked file; two candidates are no answer, never a guess.
 *
 * Kept free of imports and of syntax Node cannot strip, so scripts/bench.mjs can load it as is.
 */

/** Characters of each message or details text that are scanned for frames. */
export const MAX_SCANNED_CHARS = 64 * 1024;
/** Frames tried per failed test, in the order they appear. */
export const MAX_FRAMES = 100;
/** A path candidate longer than this (characters or segments) is not a path anyone tracks. */
const MAX_PATH_CHARS = 1024;
const MAX_PATH_SEGMENTS = 64;
/** Lines beyond this are not believed (a frame's `:line` is digits, not a promise). */
const MAX_LINE = 10_000_000;

/** Folders of installed dependencies: a frame inside one is never the test's source. */
const DEPENDENCY_FOLDERS = new Set(['node_modules', 'site-packages', 'dist-packages', 'vendor', 'bower_components', '.yarn', '.pnpm']);
/** Absolute prefixes of installed tools and system libraries, lower-cased: outside any checkout. */
const SYSTEM_PREFIXES = ['/usr/', '/opt/hostedtoolcache/', '/nix/store/', '/system/', '/library/', 'c:/program files', 'c:/windows/'];

/** The tracked files, indexed once for many lookups. */
export interface TrackedFileIndex {
  /** Every tracked path, as given (`/`-separated, relative to the repository's root). */
  readonly paths: ReadonlySet<string>;
  /** Tracked paths by file name (`CartTest.java`). */
  readonly byName: ReadonlyMap<string, readonly string[]>;
  /** Tracked paths by file name without its last extension (`CartTest`). */
  readonly byStem: ReadonlyMap<string, readonly string[]>;
  /** Answers already given, by lookup: frames repeat across failures. */
  readonly memo: Map<string, string | undefined>;
}

/** What is known of one failed test. */
export interface FailureToLocate {
  /** The file the provider gives with the test (Testmo automation `file`, Tesults `_file`). */
  file?: string;
  /** Its line (Testmo automation `line`, Tesults `_line`). */
  line?: number;
  /** The failure message, details, stack trace: scanned in this order for frames. */
  texts?: readonly (string | undefined)[];
  /** Suite or class name (`com.acme.cart.CartTest`, `tests.test_cart`). */
  suite?: string;
  /** Folder (`Tests/Registration`). */
  folder?: string;
}

/** A failed test's place in the repository. */
export interface SourceLocation {
  /** A tracked path, always. */
  path: string;
  /** 1-based; absent when only the file is known (annotations then use line 1). */
  line?: number;
  /** Which rule found it. */
  via: 'provider' | 'frame' | 'suite';
}

/** Builds the index: linear in the number of paths. Paths that are not repository-relative are left out. */
export function indexTrackedFiles(paths: Iterable<string>): TrackedFileIndex {
  const set = new Set<string>();
  const byName = new Map<string, string[]>();
  const byStem = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, path: string) => {
    const bucket = map.get(key);
    if (bucket) bucket.push(path);
    else map.set(key, [path]);
  };
  for (const raw of paths) {
    const path = raw.startsWith('./') ? raw.slice(2) : raw;
    if (!path || path.startsWith('/') || path.endsWith('/') || set.has(path)) continue;
    if (path === '..' || path.startsWith('../') || path.includes('/../')) continue;
    set.add(path);
    const name = path.slice(path.lastIndexOf('/') + 1);
    add(byName, name, path);
    const dot = name.lastIndexOf('.');
    add(byStem, dot > 0 ? name.slice(0, dot) : name, path);
  }
  return { paths: set, byName, byStem, memo: new Map() };
}

/**
 * Where a failed test is, by the contract's rules in order: the provider's file and line; the
 * first frame in its texts naming a tracked file; its folder or suite read as a class or module
 * name. Undefined when no rule names exactly one tracked file.
 */
export function locateFailure(index: TrackedFileIndex, failure: FailureToLocate): SourceLocation | undefined {
  if (failure.file) {
    const path = resolvePath(index, failure.file);
    if (path) return withLine({ path, via: 'provider' }, failure.line);
  }
  let frames = 0;
  for (const text of failure.texts ?? []) {
    if (!text) continue;
    for (const frame of framesIn(text.length > MAX_SCANNED_CHARS ? text.slice(0, MAX_SCANNED_CHARS) : text)) {
      if (frames++ >= MAX_FRAMES) return locateBySuite(index, failure);
      const path = frame.kind === 'path' ? resolvePath(index, frame.path) : resolveJavaFrame(index, frame.qualifiedName, frame.file);
      if (path) return withLine({ path, via: 'frame' }, frame.line);
    }
  }
  return locateBySuite(index, failure);
}

function withLine(location: SourceLocation, line: number | undefined): SourceLocation {
  return line !== undefined && Number.isInteger(line) && line >= 1 && line <= MAX_LINE ? { ...location, line } : location;
}

function locateBySuite(index: TrackedFileIndex, failure: FailureToLocate): SourceLocation | undefined {
  for (const name of [failure.folder, failure.suite]) {
    if (!name) continue;
    const path = resolveModuleName(index, name.trim());
    if (path) return { path, via: 'suite' };
  }
  return undefined;
}

type Frame = { at: number; line?: number } & ({ kind: 'path'; path: string } | { kind: 'java'; qualifiedName: string; file: string });

// Each form is anchored on text that cannot repeat inside its own match, so scanning stays linear.
// Python: File "tests/test_cart.py", line 42
const PYTHON_FRAME = /File "([^"\n]{1,1024})", line (\d{1,9})/g;
// .NET: in /src/Tests/CartTests.cs:line 42 (or C:\src\...)
const DOTNET_FRAME = / in ((?:[A-Za-z]:)?[^\n:]{1,1024}):line (\d{1,9})/g;
// Java, Kotlin, Scala, Groovy: at com.acme.cart.CartTest.total(CartTest.java:42)
const JVM_FRAME = /\bat ((?:[\w$]{1,256}\.){1,64}[\w$<>-]{1,256})\(([\w$-]{1,256}\.(?:java|kt|kts|groovy|scala))(?::(\d{1,9}))?\)/g;
// path:line and path:line:column (JS/TS, pytest, Go, Ruby, Rust, Swift…): a token ending in a
// file name with an extension, then `:digits`. The look-behind starts a token only at its first character.
const PATH_LINE = /(?<![\w.\-/\\@+~%])((?:[A-Za-z]:[\\/])?[\w.\-/\\@+~%]{0,1024}\.[A-Za-z][A-Za-z0-9]{0,9}):(\d{1,9})/g;

/** The frames of one text, in the order they appear. */
function framesIn(text: string): Frame[] {
  const frames: Frame[] = [];
  const collect = (pattern: RegExp, make: (m: RegExpExecArray) => Frame | undefined) => {
    pattern.lastIndex = 0;
    let count = 0;
    for (let m = pattern.exec(text); m && count < MAX_FRAMES; m = pattern.exec(text)) {
      const frame = make(m);
      if (frame) {
        frames.push(frame);
        count++;
      }
    }
  };
  collect(PYTHON_FRAME, (m) => ({ kind: 'path', at: m.index, path: m[1] ?? '', line: Number(m[2]) }));
  collect(DOTNET_FRAME, (m) => ({ kind: 'path', at: m.index, path: m[1] ?? '', line: Number(m[2]) }));
  collect(JVM_FRAME, (m) => ({
    kind: 'java',
    at: m.index,
    qualifiedName: m[1] ?? '',
    file: m[2] ?? '',
    ...(m[3] ? { line: Number(m[3]) } : {}),
  }));
  collect(PATH_LINE, (m) => ({ kind: 'path', at: m.index, path: m[1] ?? '', line: Number(m[2]) }));
  // A Python or .NET frame is also seen by no other form; a path:line inside a JVM frame's
  // parentheses (`CartTest.java:42`) is the same frame, found again: keep the JVM reading.
  frames.sort((a, b) => a.at - b.at);
  return frames.filter((f, i) => {
    const previous = frames[i - 1];
    return !(f.kind === 'path' && previous?.kind === 'java' && f.at - previous.at < 2048 && f.path === previous.file);
  });
}

/** `file:///home/x/a.ts`, `C:\a\b.cs`, `./src/a.ts` → segments, and whether the path was absolute. */
function splitPath(raw: string): { segments: string[]; absolute: boolean } | undefined {
  let text = raw.trim();
  if (text.length === 0 || text.length > MAX_PATH_CHARS) return undefined;
  text = text.replace(/\\/g, '/');
  const scheme = /^(?:file|webpack(?:-internal)?):\/\//.exec(text);
  if (scheme) text = text.slice(scheme[0].length);
  // `//host/path` is a URL's authority or a network share, not a checkout.
  if (!scheme && /^\/\/[^/]/.test(text)) return undefined;
  const drive = /^[A-Za-z]:\//.test(text);
  const absolute = drive || text.startsWith('/');
  const lower = text.toLowerCase();
  if (absolute && SYSTEM_PREFIXES.some((p) => lower.startsWith(p))) return undefined;
  const segments: string[] = [];
  for (const segment of (drive ? text.slice(3) : text).split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      // Leading `..` climbs out of wherever the tests ran: what follows may still be in the repository.
      if (segments.length > 0) segments.pop();
      continue;
    }
    if (DEPENDENCY_FOLDERS.has(segment)) return undefined;
    segments.push(segment);
  }
  if (segments.length === 0 || segments.length > MAX_PATH_SEGMENTS) return undefined;
  return { segments, absolute: absolute || Boolean(scheme) };
}

/**
 * The one tracked file a path names: itself; else the one tracked path ending with it (tests run
 * in a sub-folder); else, for an absolute path, its longest suffix that is tracked.
 */
function resolvePath(index: TrackedFileIndex, raw: string): string | undefined {
  const key = `p:${raw}`;
  if (index.memo.has(key)) return index.memo.get(key);
  const split = splitPath(raw);
  let found: string | undefined;
  if (split) {
    const { segments, absolute } = split;
    const joined = segments.join('/');
    if (!absolute) found = index.paths.has(joined) ? joined : uniqueEndingWith(index.byName, segments.at(-1) ?? '', joined);
    else {
      for (let i = 0; i < segments.length && !found; i++) {
        const suffix = segments.slice(i).join('/');
        if (index.paths.has(suffix)) found = suffix;
      }
    }
  }
  index.memo.set(key, found);
  return found;
}

/** The one path in the bucket equal to `tail` or ending with `/tail`; undefined for none or several. */
function uniqueEndingWith(buckets: ReadonlyMap<string, readonly string[]>, key: string, tail: string, strip?: (p: string) => string) {
  let found: string | undefined;
  for (const path of buckets.get(key) ?? []) {
    const candidate = strip ? strip(path) : path;
    if (
      candidate === tail ||
      (candidate.length > tail.length && candidate.endsWith(tail) && candidate[candidate.length - tail.length - 1] === '/')
    ) {
      if (found !== undefined) return undefined;
      found = path;
    }
  }
  return found;
}

/**
 * `com.acme.cart.CartTest.total` in `CartTest.java` → the tracked path ending with
 * `com/acme/cart/CartTest.java`: the package (the segments before the class) gives the folders.
 */
function resolveJavaFrame(index: TrackedFileIndex, qualifiedName: string, file: string): string | undefined {
  const key = `j:${qualifiedName}(${file}`;
  if (index.memo.has(key)) return index.memo.get(key);
  const stem = file.slice(0, file.lastIndexOf('.'));
  const segments = qualifiedName.split('.');
  // The class is the segment named as the file (a Kotlin file's `CartTestKt`, a nested `CartTest$Inner`),
  // else the first capitalised one, as packages are lower-case by convention.
  let classAt = segments.findIndex((s) => s === stem || s === `${stem}Kt` || s.startsWith(`${stem}$`));
  if (classAt < 0) classAt = segments.findIndex((s) => /^[A-Z]/.test(s));
  const packageSegments = classAt > 0 ? segments.slice(0, classAt) : [];
  const tail = [...packageSegments, file].join('/');
  const found = packageSegments.some((s) => DEPENDENCY_FOLDERS.has(s)) ? undefined : uniqueEndingWith(index.byName, file, tail);
  index.memo.set(key, found);
  return found;
}

/**
 * A class or module name (`com.acme.cart.CartTest`, `tests.test_cart`, `Tests/Registration`) →
 * the one tracked path whose end, without its extension, is that name with `/` between the parts.
 * A pytest id (`tests/test_cart.py::TestCart`) names its file before the first `::`.
 */
function resolveModuleName(index: TrackedFileIndex, name: string): string | undefined {
  if (name.length === 0 || name.length > MAX_PATH_CHARS) return undefined;
  const nodeId = name.indexOf('::');
  if (nodeId > 0) return resolvePath(index, name.slice(0, nodeId));
  if (/\s/.test(name)) return undefined;
  const key = `m:${name}`;
  if (index.memo.has(key)) return index.memo.get(key);
  const parts = name.split(/[./\\]/).filter((p) => p !== '');
  const tries = [parts];
  // A class inside a Python module (`tests.test_cart.TestCart`): the module is the file.
  if (parts.length > 1 && /^[A-Z]/.test(parts.at(-1) ?? '')) tries.push(parts.slice(0, -1));
  let found: string | undefined;
  for (const attempt of tries) {
    const last = (attempt.at(-1) ?? '').split('$')[0] ?? '';
    if (!last || attempt.length > MAX_PATH_SEGMENTS || attempt.some((p) => DEPENDENCY_FOLDERS.has(p))) continue;
    const tail = [...attempt.slice(0, -1), last].join('/');
    found = uniqueEndingWith(index.byStem, last, tail, withoutExtension);
    if (found) break;
  }
  index.memo.set(key, found);
  return found;
}

function withoutExtension(path: string): string {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot > slash + 1 ? path.slice(0, dot) : path;
}
