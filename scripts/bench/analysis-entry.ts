// What scripts/bench/analysis.mjs times: the pure analyses, bundled on their own.
export { causeOf } from '../../src/analysis/causes.js';
export { classifyKnownFailures, parseKnownFailures } from '../../src/analysis/known-failures.js';
