import { z } from 'zod';
import { maxSlowerSchema, slowerThanHistoryProblem, slowerThanSchema } from './analysis/durations.js';
import { isInlineList, parseKnownFailures } from './analysis/known-failures.js';
import { maxMissingSchema } from './analysis/missing.js';
import { budgetsSchema } from './budgets/parse.js';
import { parseMaxAge } from './freshness.js';
import { missingSecretsSchema } from './github/event.js';
import { bool, inputProblem, optionalWholeNumber, parseWith, percentage, text, wholeNumber } from './input-rules.js';
import { providerNames, providers, type ProviderName } from './providers/registry.js';
import {
  COMMENT_MODES,
  TREND_VIEWS,
  type BaselineSettings,
  type CommentMode,
  type KnownFailuresSource,
  type Settings,
  type TrendView,
} from './settings.js';

/**
 * Defaults for inputs that are absent (a local run), as `action.yml` declares them. The runner
 * applies action.yml's defaults itself, so an input that is present but empty was set empty on
 * purpose: only inputs whose empty value means nothing fall back to their default then.
 */
export const INPUT_DEFAULTS: Record<string, string> = {
  'wait-timeout': '600',
  'poll-interval': '10',
  'request-timeout': '30',
  'max-failures': '0',
  'fail-on-empty': 'true',
  'fail-step': 'true',
  summary: 'true',
  'check-name': 'Test results',
  annotations: 'true',
  'max-annotations': '50',
  'locate-tests': 'true',
  start: 'false',
  baseline: 'previous',
  'fail-on': 'failures',
  history: '0',
  trend: 'table',
  'missing-secrets': 'fail',
  'outage-threshold': '80',
  'quarantine-flaky': 'false',
};

/** Inputs whose empty value means something of its own: `check-name: ''` is "no check run". */
const EMPTY_IS_A_VALUE = new Set(['check-name']);

/** Inputs holding credentials: masked before anything else runs. */
export const SECRET_INPUTS = ['api-key', 'client-id', 'client-secret', 'github-token'] as const;

/** Longer than any run, build or job id a provider gives. */
const BASELINE_ID_MAX = 1000;

/** `base-url`: an http(s) origin. A path, credentials or a query are refused with what to use instead. */
const origin = z.string().transform((value, ctx) => {
  const trimmed = value.trim();
  if (trimmed === '') return '';
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    ctx.addIssue({ code: 'custom', message: `must be an http(s) URL, got '${trimmed}'` });
    return z.NEVER;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: `must be an http(s) URL, got '${url.protocol}…'` });
    return z.NEVER;
  }
  if (url.username || url.password) {
    // Never echoed: the value holds a credential.
    ctx.addIssue({
      code: 'custom',
      message: 'must not carry credentials (user:password@); give them in api-key or client-id/client-secret',
    });
    return z.NEVER;
  }
  if (url.pathname.replace(/\/+$/, '') !== '' || url.search || url.hash) {
    ctx.addIssue({ code: 'custom', message: `must be an origin without a path; use '${url.origin}'` });
    return z.NEVER;
  }
  return url.origin;
});

const commonSchema = z.object({
  provider: z.string().transform((value, ctx) => {
    const name = value.trim().toLowerCase();
    if (!(providerNames as readonly string[]).includes(name)) {
      ctx.addIssue({
        code: 'custom',
        message:
          value.trim() === ''
            ? `is required: one of ${providerNames.join(', ')}`
            : `must be one of ${providerNames.join(', ')}, got '${value}'`,
      });
      return z.NEVER;
    }
    return name as ProviderName;
  }),
  'base-url': origin,
  'wait-timeout': wholeNumber(0, 86400),
  'poll-interval': wholeNumber(1, 3600),
  'max-age': z.string().transform((value, ctx) => {
    const parsed = parseMaxAge(value);
    if (parsed && 'problem' in parsed) {
      ctx.addIssue({ code: 'custom', message: parsed.problem });
      return z.NEVER;
    }
    return parsed;
  }),
  'request-timeout': wholeNumber(1, 600),
  'max-failures': wholeNumber(0, Number.MAX_SAFE_INTEGER),
  'min-pass-rate': percentage,
  'min-tests': optionalWholeNumber(1, Number.MAX_SAFE_INTEGER),
  'fail-on-empty': bool,
  'fail-step': bool,
  summary: bool,
  'check-name': text,
  annotations: bool,
  'max-annotations': wholeNumber(0, 1000),
  'locate-tests': bool,
  'github-token': text,
  'commit-sha': z.string().transform((value, ctx) => {
    const sha = value.trim();
    if (sha && !/^[0-9a-f]{40}$/i.test(sha)) {
      ctx.addIssue({ code: 'custom', message: `must be a full 40-character commit SHA, got '${value}'` });
      return z.NEVER;
    }
    return sha.toLowerCase();
  }),
  'report-file': text,
  // Parsed against the chosen provider's metrics in parseInputs.
  budgets: z.string(),
  comment: z.string().transform((value, ctx) => {
    const mode = value.trim().toLowerCase() || 'off';
    if (!(COMMENT_MODES as readonly string[]).includes(mode)) {
      ctx.addIssue({ code: 'custom', message: `must be one of ${COMMENT_MODES.join(', ')}, got '${value}'` });
      return z.NEVER;
    }
    return mode as CommentMode;
  }),
  'pr-number': z.string().transform((value, ctx) => {
    if (value.trim() === '') return undefined;
    const n = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < 1) {
      ctx.addIssue({ code: 'custom', message: `must be a pull request number (a whole number from 1), or empty, got '${value}'` });
      return z.NEVER;
    }
    return n;
  }),
  baseline: z.string().transform((value, ctx): BaselineSettings['baseline'] => {
    const wanted = value.trim();
    if (wanted.toLowerCase() === 'previous') return { kind: 'previous' };
    if (wanted.toLowerCase() === 'none') return { kind: 'none' };
    // Any text: a Tesults build name may hold spaces and punctuation (`build 2.9`); each provider
    // checks the id's form when it reads it. Only what no id holds is refused.
    if (/[\u0000-\u001f\u007f]/.test(wanted) || wanted.length > BASELINE_ID_MAX) {
      ctx.addIssue({
        code: 'custom',
        message: `must be previous, none or a run, build or job id: one line of at most ${BASELINE_ID_MAX} characters`,
      });
      return z.NEVER;
    }
    return { kind: 'id', id: wanted };
  }),
  'fail-on': z.string().transform((value, ctx) => {
    const rule = value.trim().toLowerCase();
    if (rule !== 'failures' && rule !== 'new-failures') {
      ctx.addIssue({ code: 'custom', message: `must be failures or new-failures, got '${value}'` });
      return z.NEVER;
    }
    return rule;
  }),
  history: wholeNumber(0, 20),
  // Checked against provider and baseline in parseInputs.
  'baseline-tags': text,
  // Checked against history in parseInputs.
  'slower-than': slowerThanSchema,
  'max-slower': maxSlowerSchema,
  trend: z.string().transform((value, ctx) => {
    const view = value.trim().toLowerCase() || 'table';
    if (!(TREND_VIEWS as readonly string[]).includes(view)) {
      ctx.addIssue({ code: 'custom', message: `must be one of ${TREND_VIEWS.join(', ')}, got '${value}'` });
      return z.NEVER;
    }
    return view as TrendView;
  }),
  'missing-secrets': missingSecretsSchema,
  'outage-threshold': z.string().transform((value, ctx) => {
    const n = /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
    if (!(n >= 0 && n <= 100)) {
      ctx.addIssue({ code: 'custom', message: `must be a percentage from 0 to 100 (0: never), got '${value}'` });
      return z.NEVER;
    }
    return n;
  }),
  'max-missing': maxMissingSchema,
  // A path, or the YAML list itself (parsed in parseInputs: its errors name the entry).
  'known-failures': z.string(),
  'quarantine-flaky': bool,
});

/** `known-failures`: the list written inline is parsed now; a path is read before any provider request. */
function knownFailuresList(value: string): KnownFailuresSource {
  if (value.trim() === '') return { kind: 'none' };
  if (isInlineList(value)) return { kind: 'inline', entries: parseKnownFailures(value, 'known-failures') };
  return { kind: 'file', path: value.trim() };
}

/** Testmo's CLI allows only these characters in a tag (as the `tags` input checks). */
const TESTMO_TAG = /^[A-Za-z0-9_-]+$/;

/** `baseline-tags`: Testmo only, and only where it narrows something (`baseline: previous`). */
function parseBaselineTags(value: string, provider: ProviderName, baseline: BaselineSettings['baseline']): string[] {
  const tags = value
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (tags.length === 0) return [];
  if (provider !== 'testmo') {
    const instead = provider === 'tesults' ? "; for tesults, set baseline to the base commit's build name" : '';
    inputProblem('baseline-tags', `applies only to testmo (Testmo runs carry tags)${instead}`);
  }
  if (baseline.kind !== 'previous') {
    inputProblem(
      'baseline-tags',
      `applies only with baseline: previous (it narrows which earlier run is the baseline); baseline is ${baseline.kind === 'id' ? `the id ${baseline.id}` : 'none'}`,
    );
  }
  for (const tag of tags) {
    if (!TESTMO_TAG.test(tag))
      inputProblem('baseline-tags', `may hold only letters, digits, '_' and '-' (as Testmo tags do), got '${tag}'`);
  }
  return tags;
}

/** `quarantine-flaky` judges flakiness over `history`: without it, it would quietly do nothing. */
function quarantineFlaky(on: boolean, history: number): boolean {
  if (on && history === 0) inputProblem('quarantine-flaky', 'needs history (1 to 20 earlier runs) to find flaky tests; history is 0');
  return on;
}

/** Inputs of the step as a whole, never of one run: `sources` (src/inputs/sources.ts) lists the runs. */
export const STEP_INPUTS = ['sources'] as const;

/** Every input name the action reads: the common ones, each provider's own, and the step's. */
export function inputNames(): string[] {
  const names = new Set<string>([...Object.keys(commonSchema.shape), ...STEP_INPUTS]);
  for (const provider of Object.values(providers)) for (const name of provider.inputs.names) names.add(name);
  return [...names];
}

/** An input as the runner passes it (`INPUT_<NAME>`); undefined when absent. */
function fromEnvironment(name: string): string | undefined {
  return process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
}

/** What an input of one run takes when it is empty: its default, unless empty means something of its own. */
export function withDefault(name: string, value: string | undefined): string {
  const useDefault = value === undefined || (value.trim() === '' && !EMPTY_IS_A_VALUE.has(name));
  return useDefault ? (INPUT_DEFAULTS[name] ?? '') : value;
}

/** Reads every input, defaults applied as described at INPUT_DEFAULTS. */
export function readRawInputs(read: (name: string) => string | undefined = fromEnvironment): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const name of inputNames()) {
    raw[name] = withDefault(name, read(name));
  }
  return raw;
}

/**
 * Inputs sent as an HTTP header value: the bearer tokens (Testomato's key travels in the query
 * instead), Eggplant's realm and the GitHub token. Client id and secret are base64-encoded first.
 */
function headerBorneInputs(provider: ProviderName): string[] {
  return [...(provider === 'testomato' ? [] : ['api-key']), ...(provider === 'eggplant' ? ['realm'] : []), 'github-token'];
}

/**
 * A header value holds printable ASCII only: a `…` pasted from a shortened token would otherwise
 * fail every request, after retries, as "could not be sent". The value is never echoed.
 */
function headerSafe(name: string, value: string): void {
  const chars = Array.from(value.trim());
  const at = chars.findIndex((c) => c < ' ' || c > '~');
  if (at < 0) return;
  const code = chars[at]!.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  inputProblem(
    name,
    `holds a character an HTTP header cannot carry (U+${code}, character ${at + 1} of ${chars.length}); ` +
      'copy the value again in full, without line breaks or typographic characters',
  );
}

/**
/**
 * Validates the inputs of one run — the step's own, or a `sources` entry merged over them: one
 * parse path for both. Throws one InputError naming the first bad input. An empty credential is
 * not one of them: the step judges it over every run, with the event (src/missing-secrets.ts).
 */
export function parseInputs(raw: Record<string, string>): Settings {
  const common = parseWith(commonSchema, raw);
  const provider = providers[common.provider];
  const baseUrl = common['base-url'] || provider.defaultBaseUrl || '';
  if (!baseUrl) inputProblem('base-url', `is required for ${common.provider}: ${provider.baseUrlHint ?? 'the API origin'}`);
  for (const name of headerBorneInputs(common.provider)) headerSafe(name, raw[name] ?? '');
  const providerInputs = provider.inputs.parse(raw);
  const slowerThanError = slowerThanHistoryProblem(common['slower-than'], common.history).error;
  if (slowerThanError) inputProblem('slower-than', slowerThanError.replace(/^Input 'slower-than' /, '').replace(/\.$/, ''));
  const settings: Settings = {
    provider: common.provider,
    providerInputs,
    credential: provider.credential(providerInputs),
    missingSecrets: common['missing-secrets'],
    request: {
      baseUrl,
      waitTimeoutS: common['wait-timeout'],
      pollIntervalS: common['poll-interval'],
      requestTimeoutS: common['request-timeout'],
    },
    gate: {
      maxFailures: common['max-failures'],
      failOn: common['fail-on'],
      minPassRate: common['min-pass-rate'],
      minTests: common['min-tests'],
      failOnEmpty: common['fail-on-empty'],
      maxAge: common['max-age'],
      maxMissing: common['max-missing'],
    },
    budgets: parseWith(z.object({ budgets: budgetsSchema(common.provider, provider.metrics?.metrics) }), raw).budgets,
    baseline: {
      baseline: common.baseline,
      history: common.history,
      tags: parseBaselineTags(common['baseline-tags'], common.provider, common.baseline),
    },
    durations: { slowerThan: common['slower-than'], maxSlower: common['max-slower'] },
    causes: { outageThreshold: common['outage-threshold'] },
    knownFailures: {
      list: knownFailuresList(common['known-failures']),
      quarantineFlaky: quarantineFlaky(common['quarantine-flaky'], common.history),
    },
    writers: {
      failStep: common['fail-step'],
      summary: common.summary,
      checkName: common['check-name'],
      annotations: common.annotations,
      maxAnnotations: common['max-annotations'],
      locateTests: common['locate-tests'],
      githubToken: common['github-token'],
      commitSha: common['commit-sha'],
      reportFile: common['report-file'],
      comment: common.comment,
      prNumber: common['pr-number'],
      commentScope: (provider.describeScope ?? provider.describeTarget)(providerInputs),
      trend: common.trend,
    },
  };
  return settings;
}
