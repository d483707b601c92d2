import type { z } from 'zod';

/** `result[3].status_id: expected number, received string` — the first mismatch, by field path. */
export function describeMismatch(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unknown mismatch';
  const path = issue.path.reduce<string>((acc, key) => {
    if (typeof key === 'number') return `${acc}[${key}]`;
    return acc ? `${acc}.${String(key)}` : String(key);
  }, '');
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `${path || '(the body)'}: ${issue.message}${more}`;
}
