import { z } from 'zod';

/** Only the fields the action reads; Testmo's own client (`@testmo/testmo-api`) names them all. */

export const statusSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  system_name: z.string().nullish(),
  is_untested: z.boolean().nullish(),
  is_passed: z.boolean().nullish(),
  is_failed: z.boolean().nullish(),
});
export type TestmoStatus = z.infer<typeof statusSchema>;

export const runSchema = z.object({
  result: z.object({
    id: z.number().int(),
    project_id: z.number().int(),
    name: z.string(),
    total_count: z.number().int().nonnegative(),
    untested_count: z.number().int().nullish(),
    milestone_id: z.number().int().nullish(),
    config_id: z.number().int().nullish(),
    is_closed: z.boolean().nullish(),
    created_at: z.string().nullish(),
    closed_at: z.string().nullish(),
  }),
  expands: z.object({ statuses: z.array(statusSchema).nullish() }).nullish(),
});

function page<T extends z.ZodType>(item: T) {
  return z.object({
    page: z.number().int().nullable(),
    next_page: z.number().int().nullable(),
    last_page: z.number().int().nullable(),
    per_page: z.number().int(),
    total: z.number().int().nullish(),
    result: z.array(item),
  });
}

export const resultPageSchema = page(
  z.object({
    id: z.number().int(),
    test_id: z.number().int(),
    case_id: z.number().int().nullable(),
    status_id: z.number().int(),
    is_latest: z.boolean().nullish(),
    note: z.string().nullish(),
    elapsed: z.number().nullish(),
  }),
);
export type TestmoResult = z.infer<typeof resultPageSchema>['result'][number];

export const casePageSchema = page(
  z.object({
    id: z.number().int(),
    name: z.string(),
    folder_id: z.number().int().nullish(),
  }),
).extend({
  expands: z.object({ folders: z.array(z.object({ id: z.number().int(), name: z.string() })).nullish() }).nullish(),
});

export const errorBodySchema = z.object({
  message: z.string().optional(),
  errors: z.record(z.string(), z.array(z.string())).optional(),
});
