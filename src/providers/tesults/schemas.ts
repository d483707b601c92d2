import { z } from 'zod';

/** Tesults wraps every answer in `data` (success) or `error` (failure). */
export const targetsSchema = z.object({
  data: z.object({
    code: z.number().nullish(),
    // Ids come as strings or numbers.
    targets: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String), name: z.string() })),
    cursor: z.string().nullish(),
  }),
});

export const caseSchema = z.object({
  name: z.string(),
  suite: z.string().nullish(),
  result: z.string(),
  // Reporters upload a string, an object (the tesults library's own tests) or any JSON value.
  reason: z.unknown().optional(),
  /** The test framework's own word (Playwright: passed, failed, timedOut, skipped, interrupted). */
  rawResult: z.string().nullish(),
  desc: z.string().nullish(),
  duration: z.union([z.number(), z.string()]).nullish(),
  /** Epoch ms, where a reporter sends them: the duration when `duration` is absent. */
  start: z.union([z.number(), z.string()]).nullish(),
  end: z.union([z.number(), z.string()]).nullish(),
  // Custom fields reporters set for the test's source (`_file`, `_line`): read leniently, as any value may be uploaded.
  _file: z.unknown().optional(),
  _line: z.unknown().optional(),
});

export const runSchema = z.object({
  created_time: z.number().nullish(),
  run_url: z.string().nullish(),
  cases: z.array(caseSchema),
});

export const resultsSchema = z.object({
  data: z.object({
    code: z.number().nullish(),
    results: z.object({ runs: z.array(runSchema) }),
    cursor: z.string().nullish(),
  }),
});

export type TesultsRun = z.output<typeof runSchema>;
export type TesultsCase = z.output<typeof caseSchema>;

export const errorBodySchema = z.object({ error: z.object({ code: z.number().nullish(), message: z.string() }) });
