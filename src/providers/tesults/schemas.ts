import { z } from 'zod';

/** Tesults wraps every answer in `data` (success) or `error` (failure). */
export const targetsSchema = z.object({
  data: z.object({
    code: z.number().nullish(),
    targets: z.array(z.object({ id: z.string(), name: z.string() })),
    cursor: z.string().nullish(),
  }),
});

export const caseSchema = z.object({
  name: z.string(),
  suite: z.string().nullish(),
  result: z.string(),
  reason: z.union([z.string(), z.number()]).nullish(),
  desc: z.string().nullish(),
  duration: z.union([z.number(), z.string()]).nullish(),
});

export const resultsSchema = z.object({
  data: z.object({
    code: z.number().nullish(),
    results: z.object({
      runs: z.array(
        z.object({
          created_time: z.number().nullish(),
          run_url: z.string().nullish(),
          cases: z.array(caseSchema),
        }),
      ),
    }),
    cursor: z.string().nullish(),
  }),
});

export const errorBodySchema = z.object({ error: z.object({ code: z.number().nullish(), message: z.string() }) });
