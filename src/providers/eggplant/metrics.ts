import type { ProviderMetrics } from '../../budgets/metrics.js';

/**
 * What Eggplant measures per page and browser (a test run): durations in seconds, `pageSize`
 * in bytes, `speedIndex` and `objectCount` as given. Any of them may be null.
 */
export const eggplantMetrics = {
  metrics: [
    { name: 'dataStartDuration', unit: 's' },
    { name: 'renderStart', unit: 's' },
    { name: 'domLoad', unit: 's' },
    { name: 'onLoad', unit: 's' },
    { name: 'visuallyComplete', unit: 's' },
    { name: 'downloadDuration', unit: 's' },
    { name: 'speedIndex', unit: 'number' },
    { name: 'pageSize', unit: 'bytes' },
    { name: 'objectCount', unit: 'number' },
  ],
  shownWithoutBudgets: ['onLoad', 'speedIndex'],
} as const satisfies ProviderMetrics;

export type EggplantMetricName = (typeof eggplantMetrics.metrics)[number]['name'];
