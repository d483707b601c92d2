import { defineInputs, inputProblem, optionalWholeNumber, text } from '../../input-rules.js';

/** What a Tesults step reads: a target's latest build, or a named build. */
export interface TesultsInputs {
  apiKey: string;
  target: string;
  /** Empty: the latest run. */
  build: string;
  /** `shards`: with `build`, wait until at least this many runs (uploads) of it exist. Undefined: one is enough. */
  shards?: number;
}

export const tesultsInputs = defineInputs(
  { 'api-key': text, target: text, build: text, shards: optionalWholeNumber(1, 1000) },
  (v): TesultsInputs => {
    if (!v.target) inputProblem('target', 'is required for tesults: the target id or name');
    // The latest build is whatever arrived last: only a named build can be waited on until it is whole.
    if (v.shards !== undefined && !v.build) inputProblem('shards', 'applies only with build: the build whose runs (uploads) to wait for');
    return { apiKey: v['api-key'], target: v.target, build: v.build, shards: v.shards };
  },
);
