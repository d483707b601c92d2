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

/** `tags`: Testmo's client types them as strings; tolerate `{name}` objects too. */
const tagsSchema = z
  .array(z.union([z.string(), z.object({ name: z.string() }).transform((t) => t.name)]))
  .nullish()
  .transform((tags) => tags ?? []);

/** A test run (`@testmo/testmo-api` Run), as `GET /runs/{id}` and the project's run listing give it. */
export const runRecordSchema = z.object({
  id: z.number().int(),
  project_id: z.number().int(),
  name: z.string(),
  total_count: z.number().int().nonnegative(),
  untested_count: z.number().int().nullish(),
  milestone_id: z.number().int().nullish(),
  config_id: z.number().int().nullish(),
  tags: tagsSchema,
  is_closed: z.boolean().nullish(),
  created_at: z.string().nullish(),
  closed_at: z.string().nullish(),
});
export type TestmoRun = z.infer<typeof runRecordSchema>;

export const runSchema = z.object({
  result: runRecordSchema,
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
export type TestmoResultPage = z.output<typeof resultPageSchema>;
export type TestmoResult = TestmoResultPage['result'][number];

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

export const runListSchema = page(runRecordSchema);

/** `status1_count` … `status24_count` (Testmo's AutomationRun model), as [status id, count] pairs. */
const STATUS_COUNT_KEY = /^status(\d+)_count$/;

/** An automation run (`@testmo/testmo-api` AutomationRun): what CI submitted through Testmo's CLI. */
export const automationRunSchema = z
  .looseObject({
    id: z.number().int(),
    project_id: z.number().int(),
    source_id: z.number().int().nullish(),
    name: z.string(),
    milestone_id: z.number().int().nullish(),
    tags: tagsSchema,
    /** 2 success, 3 failure, 4 running. */
    status: z.number().int().nullish(),
    is_completed: z.boolean().nullish(),
    elapsed: z.number().nullish(),
    untested_count: z.number().int().nonnegative().nullish(),
    total_count: z.number().int().nonnegative().nullish(),
    created_at: z.string().nullish(),
    completed_at: z.string().nullish(),
  })
  .transform((run, ctx) => {
    const statusCounts: [number, number][] = [];
    for (const [key, value] of Object.entries(run)) {
      const m = STATUS_COUNT_KEY.exec(key);
      if (!m || value === null || value === undefined) continue;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
        ctx.addIssue({ code: 'custom', path: [key], message: `expected a count, got ${JSON.stringify(value)}` });
        continue;
      }
      statusCounts.push([Number(m[1]), value]);
    }
    return {
      id: run.id,
      project_id: run.project_id,
      source_id: run.source_id,
      name: run.name,
      milestone_id: run.milestone_id,
      tags: run.tags,
      status: run.status,
      is_completed: run.is_completed,
      untested_count: run.untested_count,
      total_count: run.total_count,
      created_at: run.created_at,
      completed_at: run.completed_at,
      statusCounts,
    };
  });
export type TestmoAutomationRun = z.output<typeof automationRunSchema>;

export const automationRunAnswerSchema = z.object({
  result: automationRunSchema,
  // Other expands (automation_sources, configs, milestones, users) may come along: only statuses is read.
  expands: z.object({ statuses: z.array(statusSchema).nullish() }).nullish(),
});
export const automationRunListSchema = page(automationRunSchema);

export const automationSourceListSchema = page(z.object({ id: z.number().int(), name: z.string(), is_retired: z.boolean().nullish() }));

const numberLike = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);

/** Testmo's field types (`@testmo/testmo-api` CreateAutomationField): 3 is HTML; 1, 2 and 4 are text. */
const HTML_FIELD = 3;
/** The fields where Testmo's CLI puts JUnit's `<failure>` and `<error>` text. */
const FAILURE_FIELDS = new Set(['failure', 'error']);

const fieldSchema = z.object({
  type: numberLike.nullish(),
  name: z.string().nullish(),
  value: z.string().nullish(),
});

/**
 * One test of an automation run (`GET /automation/runs/{id}/tests`). Only `repository_case_id` is
 * documented, and a row may lack `id` (a community client types rows with `automation_test_id`
 * instead); the other spellings are *unverified*, so each plausible one is accepted: name
 * `name` | `title` | `test_name`; folder `folder` | `folder_name` | `path` (a string, or an
 * array of folder names); status `status_id` | `status`; duration `elapsed` | `duration`
 * (microseconds, as every Testmo duration); `file` and `line` as the CLI submits them. The
 * failure text is the row's `message` (or `note`), else its fields named `Failure` or `Error`
 * (where the CLI puts JUnit's `<failure>`/`<error>` text). The fake Testmo serves `name`,
 * `folder` (a string), `status_id`, `elapsed`, `key`, `repository_case_id`, `id`, and where a
 * test asks for them `file`, `line`, `fields`, or `automation_test_id` instead of `id`.
 */
export const automationTestSchema = z
  .object({
    id: z.number().int().nullish(),
    automation_test_id: z.number().int().nullish(),
    name: z.string().nullish(),
    title: z.string().nullish(),
    test_name: z.string().nullish(),
    folder: z.union([z.string(), z.array(z.string())]).nullish(),
    folder_name: z.string().nullish(),
    path: z.union([z.string(), z.array(z.string())]).nullish(),
    status_id: numberLike.nullish(),
    status: numberLike.nullish(),
    elapsed: z.number().nullish(),
    duration: z.number().nullish(),
    key: z.union([z.string(), z.number()]).nullish(),
    repository_case_id: z.number().int().nullish(),
    file: z.string().nullish(),
    line: numberLike.nullish(),
    note: z.string().nullish(),
    message: z.string().nullish(),
    fields: z.array(fieldSchema).nullish(),
  })
  .superRefine((t, ctx) => {
    if ((t.status_id ?? t.status) === undefined || (t.status_id ?? t.status) === null) {
      ctx.addIssue({ code: 'custom', path: ['status_id'], message: 'a test needs a status id (status_id or status)' });
    }
  })
  .transform((t) => {
    const folder = t.folder ?? t.folder_name ?? t.path;
    const failureFields = (t.fields ?? []).filter((f) => f.value?.trim() && FAILURE_FIELDS.has(f.name?.trim().toLowerCase() ?? ''));
    return {
      /** The row's own id, where it has one: only to count a row handed back twice once. */
      rowId: t.id ?? t.automation_test_id ?? undefined,
      name: t.name ?? t.title ?? t.test_name ?? undefined,
      folder: Array.isArray(folder) ? folder.filter(Boolean).join(' / ') || undefined : folder || undefined,
      statusId: (t.status_id ?? t.status)!,
      elapsedUs: t.elapsed ?? t.duration ?? undefined,
      key: t.key === null || t.key === undefined ? undefined : String(t.key),
      caseId: t.repository_case_id ?? undefined,
      file: t.file?.trim() || undefined,
      line: t.line !== null && t.line !== undefined && t.line > 0 ? t.line : undefined,
      /** HTML (Testmo messages and notes are). */
      message: t.message ?? t.note ?? undefined,
      /** The CLI's failure fields, each as its type says (HTML or text). */
      failureFields: failureFields.map((f) => ({ html: Number(f.type) === HTML_FIELD, text: f.value! })),
    };
  });
export type TestmoAutomationTest = z.output<typeof automationTestSchema>;
export const automationTestPageSchema = page(automationTestSchema);
