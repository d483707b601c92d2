import { describe, expect, test } from '@jest/globals';
import { testKey } from '../../src/baseline/compare.js';
import { AutomationTests, countsFromRun } from '../../src/providers/testmo/automation.js';
import { carriesAllTags, isAutomationRunCompleted, newest } from '../../src/providers/testmo/finding.js';
import { DEFAULT_STATUSES } from '../../src/providers/testmo/results.js';
import { automationRunAnswerSchema, automationRunSchema, automationTestSchema } from '../../src/providers/testmo/schemas.js';

const statuses = new Map(DEFAULT_STATUSES.map((s) => [s.id, s]));

describe('automation test rows: the plausible spellings (unverified) all read the same', () => {
  const expected = { rowId: 5, name: 'logs in', folder: 'auth / login', statusId: 3, elapsedUs: 1500 };
  test.each([
    { id: 5, name: 'logs in', folder: 'auth / login', status_id: 3, elapsed: 1500 },
    { id: 5, title: 'logs in', folder_name: 'auth / login', status: 3, duration: 1500 },
    { id: 5, test_name: 'logs in', path: ['auth', 'login'], status_id: '3', elapsed: 1500 },
    { id: 5, name: 'logs in', folder: ['auth', 'login'], status: '3', duration: 1500, key: 17, repository_case_id: null },
  ])('%j', (row) => {
    expect(automationTestSchema.parse(row)).toMatchObject(expected);
  });
  test('a row without any status id is a schema mismatch naming status_id', () => {
    const parsed = automationTestSchema.safeParse({ id: 5, name: 'x' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(['status_id']);
  });
  test('no name, no folder: left for the caller to name by key or id', () => {
    expect(automationTestSchema.parse({ id: 9, status_id: 2, key: 'abc' })).toMatchObject({
      rowId: 9,
      name: undefined,
      folder: undefined,
      key: 'abc',
    });
  });
});

describe('counts from the run itself (tests endpoint 404)', () => {
  const run = (extra: Record<string, unknown>) => automationRunSchema.parse({ id: 7, project_id: 1, name: 'CI', tags: [], ...extra });
  test('status counters mapped through the statuses; untested counted once, as pending', () => {
    const r = run({ status1_count: 2, status2_count: 10, status3_count: 3, status5_count: 1, status6_count: 4, untested_count: 2 });
    const { counts, byStatus } = countsFromRun(r, statuses);
    expect(counts).toEqual({ total: 20, passed: 10, failed: 3, skipped: 4, pending: 2, other: 1 });
    expect(byStatus.map(([status, n]) => `${status}:${n}`)).toEqual(['passed:10', 'failed:3', 'other:1', 'skipped:4', 'pending:2']);
  });
  test('untested_count alone still counts as pending', () => {
    expect(countsFromRun(run({ status2_count: 1, untested_count: 3 }), statuses).counts).toMatchObject({ total: 4, pending: 3 });
  });
  test('a counter that is not a count is a schema mismatch naming it', () => {
    const parsed = automationRunSchema.safeParse({ id: 7, project_id: 1, name: 'CI', tags: [], status3_count: 'many' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path).toEqual(['status3_count']);
  });
});

describe('the automation run answer', () => {
  test('other expands (sources, configs, milestones, users) come along without harm', () => {
    const parsed = automationRunAnswerSchema.parse({
      result: { id: 7, project_id: 1, name: 'CI', tags: ['abc'], is_completed: true, status2_count: 3, threads: [], fields: [] },
      expands: {
        statuses: DEFAULT_STATUSES,
        automation_sources: [{ id: 2, name: 'backend-ci' }],
        configs: [],
        milestones: [{ id: 5, name: 'R1' }],
        users: [{ id: 1, name: 'CI bot' }],
      },
    });
    expect(parsed.result).toMatchObject({ id: 7, tags: ['abc'], is_completed: true, statusCounts: [[2, 3]] });
    expect(parsed.expands!.statuses).toHaveLength(DEFAULT_STATUSES.length);
  });
});

describe('choosing the newest run', () => {
  test('every tag must be carried, not just one', () => {
    expect(carriesAllTags({ tags: ['a', 'b', 'c'] }, ['a', 'c'])).toBe(true);
    expect(carriesAllTags({ tags: ['a'] }, ['a', 'c'])).toBe(false);
    expect(carriesAllTags({ tags: [] }, [])).toBe(true);
  });
  test('by created_at, then by id', () => {
    const rows = [
      { id: 1, name: 'a', tags: [], created_at: '2026-11-20T08:00:00Z' },
      { id: 3, name: 'b', tags: [], created_at: '2026-11-21T08:00:00Z' },
      { id: 2, name: 'c', tags: [], created_at: '2026-11-21T08:00:00Z' },
    ];
    expect(newest(rows)!.id).toBe(3);
    expect(newest([])).toBeUndefined();
  });
  test('completed: is_completed, else a status other than running (4)', () => {
    expect(isAutomationRunCompleted({ is_completed: false, status: 2 })).toBe(false);
    expect(isAutomationRunCompleted({ is_completed: true, status: 4 })).toBe(true);
    expect(isAutomationRunCompleted({ status: 4 })).toBe(false);
    expect(isAutomationRunCompleted({ status: 3 })).toBe(true);
  });
});

describe('automation tests: their identity across runs', () => {
  const row = (extra: Record<string, unknown>) =>
    automationTestSchema.parse({ id: 1, name: 'logs in', folder: 'auth', status_id: 3, ...extra });
  test('the repository case where Testmo links one; else no key, so folder and name match', () => {
    const tests = new AutomationTests(statuses);
    tests.add(row({ id: 1, repository_case_id: 704, key: 'k1' }));
    tests.add(row({ id: 2, name: 'logs out', repository_case_id: null, key: 'k2' }));
    const [linked, plain] = [...tests.every()];
    expect(testKey(linked!)).toBe('case:704');
    expect(testKey(plain!)).toBe('auth\u001flogs out');
  });
  test('a baseline run keeps its failures’ messages (for their causes) but no places', () => {
    const tests = new AutomationTests(statuses, false);
    tests.add(row({ message: '<p>boom</p>', file: 'tests/login.spec.ts', line: 12 }));
    const kept = [...tests.every()][0]!;
    expect(kept.message).toBe('boom');
    expect([kept.file, kept.line]).toEqual([undefined, undefined]);
    const shown = new AutomationTests(statuses);
    shown.add(row({ message: '<p>boom</p>', file: 'tests/login.spec.ts', line: 12 }));
    expect([...shown.every()][0]).toMatchObject({ message: 'boom', file: 'tests/login.spec.ts', line: 12 });
  });
});

describe('automation test rows as the CLI and community clients have them', () => {
  test('a row without id (automation_test_id, numeric status) is a test, counted once by that id', () => {
    const tests = new AutomationTests(statuses);
    const row = { automation_test_id: 41, name: 'pays', folder: 'checkout', status: 3 };
    tests.add(automationTestSchema.parse(row));
    tests.add(automationTestSchema.parse(row));
    expect(tests.counts()).toMatchObject({ total: 1, failed: 1 });
    expect(tests.duplicates).toBe(1);
  });
  test('rows with no id at all are each a test, never an error', () => {
    const tests = new AutomationTests(statuses);
    tests.add(automationTestSchema.parse({ name: 'a', status_id: 2 }));
    tests.add(automationTestSchema.parse({ name: 'b', status_id: 3 }));
    tests.add(automationTestSchema.parse({ name: 'b', status_id: 3 }));
    expect(tests.counts()).toMatchObject({ total: 3, passed: 1, failed: 2 });
  });
  test("JUnit's <failure>/<error> text from the Failure and Error fields when there is no message", () => {
    const tests = new AutomationTests(statuses);
    tests.add(
      automationTestSchema.parse({
        id: 1,
        name: 'pays',
        status_id: 3,
        fields: [
          { type: 1, name: 'Browser', value: 'chrome' },
          { type: 4, name: 'Failure', value: 'expected <5> but was <3>\n  at CartTest.java:42' },
          { type: 3, name: 'Error', value: '<p>Timeout &amp; retry</p>' },
        ],
      }),
    );
    tests.add(
      automationTestSchema.parse({
        id: 2,
        name: 'own message',
        status_id: 3,
        message: '<b>boom</b>',
        fields: [{ type: 4, name: 'Failure', value: 'x' }],
      }),
    );
    const [fromFields, own] = tests.needsAttention();
    expect(fromFields!.message).toBe('expected <5> but was <3>\n  at CartTest.java:42\n\nTimeout & retry');
    expect(own!.message).toBe('boom');
  });
  test('file and line stay on the test', () => {
    const tests = new AutomationTests(statuses);
    tests.add(automationTestSchema.parse({ id: 1, name: 'pays', status_id: 3, file: 'tests/cart.test.ts', line: '42' }));
    tests.add(automationTestSchema.parse({ id: 2, name: 'lists', status_id: 2, file: 'tests/list.test.ts' }));
    const [failed, passed] = [...tests.every()];
    expect(failed).toMatchObject({ file: 'tests/cart.test.ts', line: 42 });
    expect(passed).toMatchObject({ file: 'tests/list.test.ts' });
    expect(passed!.line).toBeUndefined();
  });
});
