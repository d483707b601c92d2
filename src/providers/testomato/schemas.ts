import { z } from 'zod';

/**
 * Testomato's answers, with the variants its docs and OpenAPI description disagree on:
 * `shortMsg`/`shortMessage`, `metric`/`metrics`, and `false` for an absent size or template.
 */
const timingSchema = z.object({
  metric: z.string().nullish(),
  metrics: z.string().nullish(),
  value: z.number().nullish(),
});

const testStatusSchema = z.object({
  status: z.string().nullish(),
  failures: z.array(z.string()).nullish(),
  response: z
    .object({
      processTime: z.number().nullish(),
      size: z.union([z.number(), z.literal(false)]).nullish(),
      timing: z.array(timingSchema).nullish(),
    })
    .nullish(),
});

export const projectStatusSchema = z.object({
  project: z
    .object({
      id: z.string().nullish(),
      status: z.string().nullish(),
      msg: z.string().nullish(),
      shortMsg: z.union([z.string(), z.number()]).nullish(),
      shortMessage: z.union([z.string(), z.number()]).nullish(),
      lastRun: z.number().nullish(),
    })
    .nullish(),
  total: z.number().nullish(),
  failed: z.number().nullish(),
  tests: z.array(
    z.object({
      id: z.string(),
      enabled: z.boolean().nullish(),
      name: z.string(),
      url: z.string().nullish(),
      run: z.string().nullish(),
      templateId: z.union([z.string(), z.literal(false)]).nullish(),
      status: testStatusSchema.nullish(),
    }),
  ),
});
export type TestomatoTestStatus = z.infer<typeof testStatusSchema>;
export type ProjectStatus = z.infer<typeof projectStatusSchema>;

// Older published examples list `areas: [null]`: a job with no areas.
const areaSchema = z.union([
  z.null(),
  z.string(),
  z.object({ name: z.string().nullish(), _id: z.union([z.object({ $id: z.string() }), z.string()]).nullish() }),
]);

export const jobResultsSchema = z.object({
  jobId: z.string().nullish(),
  startedAt: z.number().nullish(),
  duration: z.number().nullish(),
  // Absent in older published examples of a finished job: only `false` means unfinished.
  processed: z.boolean().nullish(),
  total: z.number().nullish(),
  failed: z.number().nullish(),
  areas: z.array(areaSchema).nullish(),
  // A job still running may answer without results yet: polled, not a shape error.
  results: z
    .array(
      z.object({
        areaId: z.string().nullish(),
        testId: z.string().nullish(),
        testName: z.string(),
        status: z.string().nullish(),
        failures: z.array(z.string()).nullish(),
      }),
    )
    .nullish(),
});

export const startSchema = z.object({
  projectId: z.string().nullish(),
  jobId: z.string(),
  start: z.string(),
});

export const errorBodySchema = z.object({ message: z.string() });
