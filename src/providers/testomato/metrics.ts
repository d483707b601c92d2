import type { ProviderMetrics } from '../../budgets/metrics.js';
import type { TestomatoTestStatus } from './schemas.js';

/**
 * What Testomato measures per check: `responseTime` in ms, from the `Total` timing of the
 * project status, else `processTime` (seconds).
 */
export const testomatoMetrics = {
  metrics: [{ name: 'responseTime', unit: 'ms' }],
} as const satisfies ProviderMetrics;

/** A check's `responseTime` in ms: its `Total` timing, else `processTime` (seconds). */
export function responseTimeMs(status: TestomatoTestStatus | null | undefined): number | undefined {
  const total = status?.response?.timing?.find((t) => (t.metric ?? t.metrics) === 'Total')?.value;
  if (typeof total === 'number') return total;
  const seconds = status?.response?.processTime;
  return typeof seconds === 'number' ? Math.round(seconds * 1000) : undefined;
}
