import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { InputError } from '../errors.js';
import { inputNames, parseInputs, SECRET_INPUTS, withDefault } from '../inputs.js';
import type { Settings } from '../settings.js';

/**
 * `sources`: several runs in one step. A YAML list of maps, each a `label` and any of the inputs
 * that say what to read or how to judge it; what an entry leaves out comes from the step's own
 * inputs, and each merged entry goes through the very parse a single run does (parseInputs).
 *
 * Errors name the entry (label, else position) and the key, never the value: an entry may hold
 * credentials, and an error line is printed before anything could mask them.
 */

export const SOURCES_MAX = 20;
/** The `sources` text at most, in UTF-8 bytes: 20 entries with budgets fit many times over. */
export const SOURCES_MAX_BYTES = 64 * 1024;
/** Aliases the YAML may expand: enough for a shared block, never a billion laughs. */
export const SOURCES_MAX_ALIASES = 20;
export const LABEL = /^[A-Za-z0-9._-](?:[A-Za-z0-9 ._-]{0,38}[A-Za-z0-9._-])?$/;

/** The inputs an entry may set (the contract's list): what to read, and how to judge it. */
export const ENTRY_KEYS = [
  'provider',
  'api-key',
  'base-url',
  'project',
  'job',
  'run',
  'automation-run',
  'source',
  'milestone',
  'tags',
  'target',
  'build',
  'start',
  'job-template',
  'client-id',
  'client-secret',
  'realm',
  'max-age',
  'baseline',
  'history',
  'max-failures',
  'fail-on',
  'min-pass-rate',
  'budgets',
  'fail-on-empty',
  'max-missing',
  'known-failures',
  'slower-than',
  'max-slower',
  // Added beside the contract's list: they too say what to read or how to judge it.
  'baseline-tags',
  'shards',
  'min-tests',
] as const;

/**
 * Inputs bound to the step's provider: an entry naming another provider does not inherit them,
 * so that no credential is ever sent to another provider's host, nor a request to another's origin.
 */
export const PROVIDER_BOUND = ['api-key', 'client-id', 'client-secret', 'base-url'] as const;

/** One run of the step: a single run has the empty label. */
export interface RunEntry {
  label: string;
  settings: Settings;
}

/** What the step runs: one run without `sources`, else one per entry (`labelled`). */
export interface StepPlan {
  labelled: boolean;
  entries: RunEntry[];
}

function sourcesProblem(detail: string): never {
  throw new InputError(`Input 'sources' ${detail}.`, 'sources', detail);
}

/** `entry 2 ("web")`, or `entry 2` before its label is known to be usable. */
function entryName(position: number, label?: string): string {
  return label === undefined ? `entry ${position}` : `entry ${position} ("${label}")`;
}

/** The document, parsed in YAML's safe mode: core schema, no custom tags, one document, within its size. */
function parseYaml(text: string): Document {
  if (Buffer.byteLength(text, 'utf8') > SOURCES_MAX_BYTES) sourcesProblem(`is larger than ${SOURCES_MAX_BYTES / 1024} KiB`);
  const doc = parseDocument(text, { schema: 'core', customTags: [], merge: false, uniqueKeys: true, prettyErrors: true, strict: true });
  // An unknown tag (`!!js/function`, `!custom`) is only a warning to the library: here it is an error.
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    // The library's message quotes the text around the fault: only the position and the kind are told.
    const at = problem.linePos?.[0];
    const where = at ? `line ${at.line}, column ${at.col}` : 'somewhere';
    sourcesProblem(`is not valid YAML here (${where}: ${problem.code}); write a list of maps, each with a label`);
  }
  return doc;
}

function toPlain(doc: Document): unknown {
  try {
    return doc.toJS({ maxAliasCount: SOURCES_MAX_ALIASES });
  } catch {
    return sourcesProblem(`expands more than ${SOURCES_MAX_ALIASES} YAML aliases`);
  }
}

/**
 * Every credential written in `sources`, for masking before anything else: read from whatever
 * parses, even when the rest turns out invalid. Never throws.
 */
export function sourceSecrets(text: string): string[] {
  if (!text.trim() || Buffer.byteLength(text, 'utf8') > SOURCES_MAX_BYTES) return [];
  const found: string[] = [];
  try {
    const doc = parseDocument(text, { schema: 'core', customTags: [], merge: false, prettyErrors: false });
    const entries = doc.contents;
    if (!isSeq(entries)) return [];
    for (const item of entries.items) {
      // An alias is followed one step, to the node it names: `api-key: *token` is masked too.
      const entry = isAlias(item) ? item.resolve(doc) : item;
      if (!isMap(entry)) continue;
      for (const pair of entry.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        const value = isAlias(pair.value) ? pair.value.resolve(doc) : pair.value;
        if ((SECRET_INPUTS as readonly string[]).includes(key) && isScalar(value) && value.value != null) found.push(String(value.value));
      }
    }
  } catch {
    // Nothing parses: the input error that follows shows none of the text.
  }
  return found;
}

/** An entry's value as an input's text: scalars only. */
function asInput(value: unknown): string | undefined {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * An input error of an entry, told without the text at fault: quoted values (`got '…'`, `('…')`)
 * are dropped, and what remains loses every part of the given values.
 */
function withoutValues(detail: string, given: string[]): string {
  let out = detail
    .replace(/,? got '[\s\S]*'$/, '')
    .replace(/ \('[\s\S]*?'\)/g, '')
    .replace(/; use '[\s\S]*'$/, '');
  const parts = new Set<string>();
  for (const value of given) {
    for (const part of [value, value.trim(), ...value.split(/[\s,;=<>()'"]+/)]) if (part.trim().length >= 3) parts.add(part.trim());
  }
  for (const part of [...parts].sort((a, b) => b.length - a.length)) out = out.split(part).join('…');
  return out;
}

/** The entries of `sources`, merged over the step's inputs and parsed as single runs are. */
function parseEntries(text: string, step: Record<string, string>): RunEntry[] {
  const list = toPlain(parseYaml(text));
  if (!Array.isArray(list)) sourcesProblem('must be a YAML list of maps, each with a label');
  if (list.length === 0) sourcesProblem('lists no entry; leave it empty for a single run');
  if (list.length > SOURCES_MAX) sourcesProblem(`has ${list.length} entries, more than ${SOURCES_MAX}`);
  const known = new Set(inputNames());
  const labels = new Map<string, number>();
  const entries: RunEntry[] = [];
  for (const [index, item] of list.entries()) {
    const position = index + 1;
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      sourcesProblem(`${entryName(position)} must be a map with a label`);
    const fields = item as Record<string, unknown>;
    const rawLabel = fields.label;
    if (rawLabel === undefined || rawLabel === null || rawLabel === '') sourcesProblem(`${entryName(position)} has no label`);
    const label = asInput(rawLabel);
    if (label === undefined || !LABEL.test(label)) {
      sourcesProblem(
        `${entryName(position)} has a label that is not 1 to 40 letters, digits, spaces, '.', '_' or '-' (no space at either end)`,
      );
    }
    const name = entryName(position, label);
    const earlier = labels.get(label.toLowerCase());
    if (earlier !== undefined) sourcesProblem(`${name} has the same label as entry ${earlier}: labels must be unique`);
    labels.set(label.toLowerCase(), position);

    const merged: Record<string, string> = { ...step };
    delete merged.sources;
    const ownProvider = typeof fields.provider === 'string' ? fields.provider.trim().toLowerCase() : '';
    if (ownProvider && ownProvider !== (step.provider ?? '').trim().toLowerCase()) {
      for (const key of PROVIDER_BOUND) merged[key] = withDefault(key, undefined);
    }
    for (const [key, value] of Object.entries(fields)) {
      if (key === 'label') continue;
      if (!(ENTRY_KEYS as readonly string[]).includes(key)) {
        sourcesProblem(
          known.has(key)
            ? `${name}: '${key}' applies to the whole step, not to one entry; set it on the step`
            : `${name}: '${key}' is not an input an entry may set`,
        );
      }
      if (!known.has(key)) sourcesProblem(`${name}: '${key}' is not supported by this version of the action`);
      const input = asInput(value);
      if (input === undefined) sourcesProblem(`${name}: '${key}' must be text, a number or true/false`);
      merged[key] = withDefault(key, input);
    }
    try {
      entries.push({ label, settings: parseInputs(merged) });
    } catch (error) {
      if (!(error instanceof InputError) || error.input === undefined || error.detail === undefined) throw error;
      const own = error.input in fields;
      // The value at fault and every credential are kept out, wherever the rule's text quotes them.
      const given = [merged[error.input] ?? '', ...SECRET_INPUTS.map((key) => merged[key] ?? '')];
      const detail = withoutValues(error.detail, given);
      const inherited = merged[error.input] !== '' && !own;
      sourcesProblem(`${name}: '${error.input}' ${detail}${inherited ? " (the step's own input, which this entry inherits)" : ''}`);
    }
  }
  return entries;
}

/** The runs a step's inputs ask for: one, or one per `sources` entry. Throws one InputError. */
export function parseStep(raw: Record<string, string>): StepPlan {
  const text = raw.sources ?? '';
  if (text.trim() === '') return { labelled: false, entries: [{ label: '', settings: parseInputs(raw) }] };
  return { labelled: true, entries: parseEntries(text, raw) };
}
