import type { ProviderHttp } from '../../http/provider-http.js';
import type { ProviderContext } from '../types.js';
import { errorBodySchema } from './schemas.js';

/** Testmo throttles bursts and can limit a whole account after repeated 429s: a few requests at once. */
export const TESTMO_CONCURRENCY = 4;
/** Testmo's largest page for runs, results and cases. */
export const PER_PAGE = 100;

export function testmoHttp(ctx: ProviderContext<{ apiKey: string }>, notFound: string): ProviderHttp {
  return ctx.http({
    headers: { authorization: `Bearer ${ctx.inputs.apiKey}` },
    concurrency: TESTMO_CONCURRENCY,
    hints: {
      auth: 'that api-key is a valid Testmo API token and that its user can see this project.',
      notFound,
    },
    errorMessage: (body) => {
      const parsed = errorBodySchema.safeParse(body);
      if (!parsed.success) return undefined;
      const fields = Object.entries(parsed.data.errors ?? {}).map(([field, problems]) => `${field}: ${problems.join(', ')}`);
      return [parsed.data.message, ...fields].filter(Boolean).join('; ') || undefined;
    },
    // Testmo: a 429 without Retry-After means waiting at least 60 s.
    rateLimitFallbackMs: 60_000,
  });
}
