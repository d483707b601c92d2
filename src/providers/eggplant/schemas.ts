import { z } from 'zod';

/** OAuth2's standard token answer (the Eggplant docs do not show the body). */
export const tokenSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().nullish(),
  expires_in: z.number().nullish(),
});

export const JOB_STATUSES = ['pending', 'running', 'failed', 'completed', 'cancelled', 'expired'] as const;

export const jobSchema = z.object({
  results: z.object({
    name: z.string().nullish(),
    url: z.string().nullish(),
    startedAt: z.string().nullish(),
    updatedAt: z.string().nullish(),
    type: z.string().nullish(),
    pageCount: z.number().nullish(),
    status: z.enum(JOB_STATUSES),
    sref: z.string().nullish(),
    jobTemplateUri: z.string().nullish(),
    testRunsUri: z.string().nullish(),
  }),
});

export const startedJobSchema = z.object({ results: z.object({ jobUri: z.string().regex(/^jobs\/\d+$/) }) });

const seconds = z.number().nullish();
export const testRunSchema = z.object({
  sref: z.string(),
  pageTitle: z.string().nullish(),
  url: z.string().nullish(),
  browser: z.string().nullish(),
  onLoad: seconds,
  domLoad: seconds,
  speedIndex: seconds,
  resultCode: z.union([z.number(), z.string()]).nullish(),
  severity: z.string().nullish(),
  ranAt: z.string().nullish(),
});
export type EggplantTestRun = z.infer<typeof testRunSchema>;

export const testRunsSchema = z.object({
  results: z.array(testRunSchema),
  meta: z.object({ paginationTotalResults: z.number().int().nonnegative().nullish() }).nullish(),
});

/** Eggplant's error bodies are not documented: accept the common shapes. */
export const errorBodySchema = z.object({
  message: z.string().nullish(),
  error: z.union([z.string(), z.object({ message: z.string().nullish() })]).nullish(),
  error_description: z.string().nullish(),
});
