/**
 * The summary's sections for known failures and missing tests: rows already rendered, which the
 * summary fits into its budget like its other sections.
 */
import { describeEntry, type KnownFailureClassification } from '../analysis/known-failures.js';
import { missingForDisplay } from '../analysis/missing.js';
import type { Comparison } from '../baseline/types.js';
import { plural } from '../text.js';
import { escapeInline, escapeName, escapeWithLinks } from './markdown.js';

export interface RenderedSection {
  heading: string;
  /** Lines before the table (a sentence), if any. */
  intro?: string;
  /** The table's header and separator rows. */
  columns: [string, string];
  rows: string[];
  /** A line after the table when every row was shown (`…and 12 more`). */
  after?: string;
}

/** The success line's words on failures: `4 failed, all known.` when the list covered every one. */
export function passedWithKnown(failed: number, comparison: Comparison | undefined): string | undefined {
  const known = comparison?.known?.known.length ?? 0;
  if (known === 0 || failed === 0) return undefined;
  if (known === failed) return `${failed} failed, all known.`;
  return `${plural(failed, 'test')} failed (${known} known), within the gate's limits.`;
}

/** "Known failures": each failed test the list covers, with its reason. */
export function knownFailuresSection(known: KnownFailureClassification | undefined): RenderedSection | undefined {
  if (!known || known.known.length === 0) return undefined;
  return {
    heading: `#### Known failures (${known.known.length})`,
    columns: ['|  | Test | Suite | Reason |', '| --- | --- | --- | --- |'],
    rows: known.known.map(
      (k) => `| ⚠️ known | ${escapeName(k.test.name)} | ${escapeName(k.test.suite ?? '')} | ${escapeWithLinks(k.reason)} |`,
    ),
  };
}

/** The list's own news: entries expired (their failures count), passing now, matching no test. */
export function knownFailureListSection(known: KnownFailureClassification | undefined): RenderedSection | undefined {
  if (!known) return undefined;
  const rows: string[] = [];
  for (const { entry, until, tests } of known.expired) {
    const counted = tests.length
      ? `${plural(tests.length, 'failure')} counted: ${tests.slice(0, 3).join(', ')}${tests.length > 3 ? ', …' : ''}`
      : '';
    rows.push(`| ⌛ expired ${escapeInline(until)}: renew or remove it | ${escapeName(describeEntry(entry))} | ${escapeName(counted)} |`);
  }
  for (const entry of known.passingNow) rows.push(`| 🧹 passing now: remove it | ${escapeName(describeEntry(entry))} | |`);
  for (const entry of known.matchesNoTest) rows.push(`| ❓ matches no test | ${escapeName(describeEntry(entry))} | |`);
  if (rows.length === 0) return undefined;
  return { heading: `#### Known-failures list (${rows.length} to review)`, columns: ['|  | Entry | |', '| --- | --- | --- |'], rows };
}

/** "Missing since the baseline": the first 50 by name, then how many more. */
export function missingSection(comparison: Comparison | undefined): RenderedSection | undefined {
  const missing = comparison?.missing;
  if (!missing || !comparison.baseline || missing.tests.length === 0) return undefined;
  const { shown, more } = missingForDisplay(missing.tests);
  const label = escapeInline(comparison.baseline.label);
  const partial = missing.complete ? '' : ` Only the baseline's tests that did not pass could be checked, so more may be missing.`;
  return {
    heading: `#### Missing since the baseline (${missing.tests.length})`,
    intro: `${missing.tests.length} of the ${plural(missing.baselineTests, 'test')} of ${label} ${missing.tests.length === 1 ? 'is' : 'are'} absent from this run.${partial}`,
    columns: ['|  | Test |', '| --- | --- |'],
    rows: shown.map((t) => `| 👻 missing | ${escapeName(t.name)} |`),
    ...(more > 0 && { after: `_…and ${more} more._` }),
  };
}
