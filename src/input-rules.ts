import { z } from 'zod';
import { InputError } from './errors.js';

/** The zod rules inputs share, and the one way an input problem becomes an error. */

const TRUE = ['true', 'True', 'TRUE'];
const FALSE = ['false', 'False', 'FALSE'];

/** A boolean as `core.getBooleanInput` accepts it. */
export const bool = z.string().transform((value, ctx) => {
  if (TRUE.includes(value.trim())) return true;
  if (FALSE.includes(value.trim())) return false;
  ctx.addIssue({ code: 'custom', message: `must be true or false, got '${value}'` });
  return z.NEVER;
});

export function wholeNumber(min: number, max: number) {
  return z.string().transform((value, ctx) => {
    const n = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}, got '${value}'` });
      return z.NEVER;
    }
    return n;
  });
}

/** A whole number, or empty (undefined): for rules that are off unless given. */
export function optionalWholeNumber(min: number, max: number) {
  return z.string().transform((value, ctx) => {
    if (value.trim() === '') return undefined;
    const n = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isInteger(n) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}, or empty, got '${value}'` });
      return z.NEVER;
    }
    return n;
  });
}

export const percentage = z.string().transform((value, ctx) => {
  if (value.trim() === '') return undefined;
  const n = /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 0 && n <= 100)) {
    ctx.addIssue({ code: 'custom', message: `must be a percentage from 0 to 100, or empty, got '${value}'` });
    return z.NEVER;
  }
  return n;
});

export const text = z.string().transform((v) => v.trim());

/** Throws the one-line error every bad input gets. */
export function inputProblem(input: string, message: string): never {
  throw new InputError(`Input '${input}' ${message}.`, input, message);
}

/** Parses raw inputs with a zod object; the first issue becomes an InputError naming the input. */
export function parseWith<S extends z.ZodObject>(schema: S, raw: Record<string, string>): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    inputProblem(String(issue.path[0]), issue.message);
  }
  return parsed.data;
}

/**
 * The inputs one provider reads: their names, their zod rules, and how they become the
 * provider's typed inputs (where rules that span inputs are checked, with `inputProblem`).
 */
export interface InputSpec<I> {
  names: readonly string[];
  parse(raw: Record<string, string>): I;
}

export function defineInputs<S extends z.ZodRawShape, I>(shape: S, build: (values: z.output<z.ZodObject<S>>) => I): InputSpec<I> {
  const schema = z.object(shape);
  return {
    names: Object.keys(shape),
    parse: (raw) => build(parseWith(schema, raw)),
  };
}
