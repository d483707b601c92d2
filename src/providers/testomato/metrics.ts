import type { ProviderMetrics } from '../../budgets/metrics.js';

/**
 * What Testomato measures per check: `responseTime` in ms, from the `Total` timing of the
 * project status, else `processTime` (seconds).
 */
export const testomatoMetrics = {
  metrics: [{ name: 'responseTime', unit: 'ms' }],
} as const satisfies ProviderMetrics;
