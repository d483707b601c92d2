import { z } from 'zod';
import type { Budget, MetricDefinition, MetricUnit } from './metrics.js';

/**
 * The `budgets` input: one `metric <= value` per line. Units: `ms`, `s` (durations), `KB`
 * (1,024 bytes), `MB` (1,048,576 bytes) for sizes. A duration or a size needs its unit: a bare
 * number there is refused with both readings (`onLoad <= 3000`: 3000 s or 3000 ms?), the commonest
 * budget mistake; unitless metrics take bare numbers. Blank lines and lines starting with `#` are ignored.
 */

const LINE = /^([A-Za-z][A-Za-z0-9_]*)\s*<=\s*(\d+(?:\.\d+)?|\.\d+)\s*([A-Za-z]+)?$/;

/** A written unit in its dimension's smallest unit (ms, bytes); it applies to metrics of that dimension only. */
const WRITTEN: Record<string, { base: number; applies: readonly MetricUnit[] }> = {
  ms: { base: 1, applies: ['ms', 's'] },
  s: { base: 1000, applies: ['ms', 's'] },
  kb: { base: 1024, applies: ['bytes'] },
  mb: { base: 1024 * 1024, applies: ['bytes'] },
};
const OWN_BASE: Record<MetricUnit, number> = { ms: 1, s: 1000, bytes: 1, number: 1 };

/** `value` written in `from`, in the metric's own unit; integer ratios keep `3000 ms` exactly `3 s`. */
function convert(value: number, fromBase: number, toBase: number): number {
  if (fromBase === toBase) return value;
  return fromBase > toBase ? value * (fromBase / toBase) : value / (toBase / fromBase);
}

const KIND: Record<MetricUnit, string> = {
  s: 'a duration (ms or s)',
  ms: 'a duration (ms or s)',
  bytes: 'a size (KB or MB)',
  number: 'a plain number, without a unit',
};

/** The two units a bare number could have been meant in, for the error that refuses it. */
const READINGS: Partial<Record<MetricUnit, readonly [string, string]>> = {
  s: ['s', 'ms'],
  ms: ['ms', 's'],
  bytes: ['KB', 'MB'],
};

const EXAMPLE: Record<MetricUnit, string> = { s: '3 s', ms: '800 ms', bytes: '2 MB', number: '2500' };

/**
 * The zod rule for `budgets` given the chosen provider's metrics (`undefined`: the provider
 * measures none). Its message names the line at fault.
 */
export function budgetsSchema(provider: string, metrics: readonly MetricDefinition[] | undefined) {
  return z.string().transform((value, ctx): Budget[] => {
    const fail = (message: string) => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    const budgets: Budget[] = [];
    const lines = value.split(/\r?\n/);
    for (const [index, rawLine] of lines.entries()) {
      const line = rawLine.trim();
      if (line === '' || line.startsWith('#')) continue;
      const where = `line ${index + 1} ('${line}')`;
      if (!metrics || metrics.length === 0) {
        return fail(`${where}: ${provider} reports no performance metrics; budgets apply to eggplant and testomato`);
      }
      const match = LINE.exec(line);
      if (!match)
        return fail(
          `${where} does not parse: write one 'metric <= value' per line, e.g. '${metrics[0]!.name} <= ${EXAMPLE[metrics[0]!.unit]}'`,
        );
      const [, name, number, unit] = match;
      const metric = metrics.find((m) => m.name.toLowerCase() === name!.toLowerCase());
      if (!metric)
        return fail(`${where} names an unknown metric '${name}' for ${provider}; known: ${metrics.map((m) => m.name).join(', ')}`);
      let limit = Number(number);
      const readings = READINGS[metric.unit];
      if (unit === undefined && readings) {
        const [a, b] = readings;
        return fail(
          `${where}: ${metric.name} is ${KIND[metric.unit]} and needs its unit: ${number} ${a} or ${number} ${b}? ` +
            `Write e.g. '${metric.name} <= ${number} ${a}'`,
        );
      }
      if (unit !== undefined) {
        const written = WRITTEN[unit.toLowerCase()];
        if (!written) return fail(`${where} has an unknown unit '${unit}': use ms, s, KB or MB`);
        if (!written.applies.includes(metric.unit))
          return fail(`${where}: ${metric.name} is ${KIND[metric.unit]}, so '${unit}' does not apply`);
        limit = convert(limit, written.base, OWN_BASE[metric.unit]);
      }
      const earlier = budgets.find((b) => b.metric.name === metric.name);
      if (earlier) return fail(`${where} repeats the budget for ${metric.name} ('${earlier.line}'): give each metric once`);
      budgets.push({ metric, limit, line });
    }
    return budgets;
  });
}
