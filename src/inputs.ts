import * as core from '@actions/core';
import { z } from 'zod';
import { InputError } from './errors.js';
import { providerNames, providers, type ProviderName } from './providers/registry.js';

/** Every input, typed. Parsed once, before any request. */
export interface Settings {
  provider: ProviderName;
  apiKey: string;
  /** Origin of the provider's API, without a trailing slash. */
  baseUrl: string;
  project: string;
  job: string;
  run: string;
  target: string;
  build: string;
  start: boolean;
  jobTemplate: string;
  clientId: string;
  clientSecret: string;
  realm: string;
  waitTimeoutS: number;
  pollIntervalS: number;
  requestTimeoutS: number;
  maxFailures: number;
  minPassRate?: number;
  failOnEmpty: boolean;
  failStep: boolean;
  summary: boolean;
  checkName: string;
  annotations: boolean;
  maxAnnotations: number;
  githubToken: string;
  /** Commit for the check run; empty: detected from the event. */
  commitSha: string;
  reportFile: string;
  /** Pull-request comment mode. */
  comment: CommentMode;
  /** Pull request to comment on; undefined: detected from the event. */
  prNumber?: number;
}

export const COMMENT_MODES = ['off', 'always', 'failures', 'changes'] as const;
export type CommentMode = (typeof COMMENT_MODES)[number];

/** Defaults when an input is absent or empty; `action.yml` declares the same ones. */
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
  start: 'false',
};

/** Inputs holding credentials: masked before anything else runs. */
export const SECRET_INPUTS = ['api-key', 'client-secret', 'github-token'] as const;

const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

const bool = z.string().transform((value, ctx) => {
  if (TRUE.includes(value)) return true;
  if (FALSE.includes(value)) return false;
  ctx.addIssue({ code: 'custom', message: `must be true or false, got '${value}'` });
  return z.NEVER;
});

function wholeNumber(min: number, max: number) {
  return z.string().transform((value, ctx) => {
    const n = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}, got '${value}'` });
      return z.NEVER;
    }
    return n;
  });
}

const percentage = z.string().transform((value, ctx) => {
  if (value.trim() === '') return undefined;
  const n = /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 0 && n <= 100)) {
    ctx.addIssue({ code: 'custom', message: `must be a percentage from 0 to 100, or empty, got '${value}'` });
    return z.NEVER;
  }
  return n;
});

const httpUrl = z.string().transform((value, ctx) => {
  if (value === '') return '';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `must be an http(s) URL, got '${value}'` });
    return z.NEVER;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: `must be an http(s) URL, got '${value}'` });
    return z.NEVER;
  }
  return value.replace(/\/+$/, '');
});

const text = z.string().transform((v) => v.trim());

const rawSchema = z.object({
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
  'api-key': text,
  'base-url': httpUrl,
  project: text,
  job: text,
  run: text,
  target: text,
  build: text,
  start: bool,
  'job-template': text,
  'client-id': text,
  'client-secret': text,
  realm: text,
  'wait-timeout': wholeNumber(0, 86400),
  'poll-interval': wholeNumber(1, 3600),
  'request-timeout': wholeNumber(1, 600),
  'max-failures': wholeNumber(0, Number.MAX_SAFE_INTEGER),
  'min-pass-rate': percentage,
  'fail-on-empty': bool,
  'fail-step': bool,
  summary: bool,
  'check-name': text,
  annotations: bool,
  'max-annotations': wholeNumber(0, 1000),
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
  // Optional here only so that callers built before these inputs existed still parse.
  comment: z
    .string()
    .optional()
    .transform((value = '', ctx) => {
      const mode = value.trim().toLowerCase() || 'off';
      if (!(COMMENT_MODES as readonly string[]).includes(mode)) {
        ctx.addIssue({ code: 'custom', message: `must be one of ${COMMENT_MODES.join(', ')}, got '${value}'` });
        return z.NEVER;
      }
      return mode as CommentMode;
    }),
  'pr-number': z
    .string()
    .optional()
    .transform((value = '', ctx) => {
      if (value.trim() === '') return undefined;
      const n = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
      if (!Number.isSafeInteger(n) || n < 1) {
        ctx.addIssue({ code: 'custom', message: `must be a pull request number (a whole number from 1), or empty, got '${value}'` });
        return z.NEVER;
      }
      return n;
    }),
});

export type RawInputs = Record<keyof z.input<typeof rawSchema>, string>;
const INPUT_NAMES = Object.keys(rawSchema.shape) as (keyof RawInputs)[];

/** Reads every input the way the runner passes them (`INPUT_<NAME>`), defaults applied. */
export function readRawInputs(): RawInputs {
  const raw = {} as RawInputs;
  for (const name of INPUT_NAMES) {
    const value = core.getInput(name, { trimWhitespace: false });
    raw[name] = value.trim() === '' ? (INPUT_DEFAULTS[name] ?? '') : value;
  }
  return raw;
}

/** Validates every input; throws one InputError naming the first bad input. */
export function parseInputs(raw: RawInputs): Settings {
  const parsed = rawSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`Input '${String(issue.path[0])}' ${issue.message}.`);
  }
  const r = parsed.data;
  const provider = providers[r.provider];
  const settings: Settings = {
    provider: r.provider,
    apiKey: r['api-key'],
    baseUrl: r['base-url'] || (provider.defaultBaseUrl ?? ''),
    project: r.project,
    job: r.job,
    run: r.run,
    target: r.target,
    build: r.build,
    start: r.start,
    jobTemplate: r['job-template'],
    clientId: r['client-id'],
    clientSecret: r['client-secret'],
    realm: r.realm,
    waitTimeoutS: r['wait-timeout'],
    pollIntervalS: r['poll-interval'],
    requestTimeoutS: r['request-timeout'],
    maxFailures: r['max-failures'],
    minPassRate: r['min-pass-rate'],
    failOnEmpty: r['fail-on-empty'],
    failStep: r['fail-step'],
    summary: r.summary,
    checkName: r['check-name'],
    annotations: r.annotations,
    maxAnnotations: r['max-annotations'],
    githubToken: r['github-token'],
    commitSha: r['commit-sha'],
    reportFile: r['report-file'],
    comment: r.comment,
    prNumber: r['pr-number'],
  };
  const problem = provider.checkSettings(settings);
  if (problem) throw new InputError(`Input '${problem.input}' ${problem.message}.`);
  return settings;
}
