import type { CommentMode } from '../../settings.js';
import type { CommentState } from './marker.js';

/** Whether to write (create or update) the comment, and why, for the log. */
export function decideComment(
  mode: CommentMode,
  next: CommentState,
  existing: { state?: CommentState } | undefined,
): { write: boolean; why: string } {
  switch (mode) {
    case 'off':
      return { write: false, why: 'comment is off' };
    case 'always':
      return { write: true, why: 'comment is always' };
    case 'failures':
      if (next.conclusion !== 'success') return { write: true, why: 'the gate did not pass' };
      if (existing) return { write: true, why: 'the gate passes now, and our earlier comment must not stay red' };
      return { write: false, why: 'the gate passed and there is no earlier comment (comment: failures)' };
    case 'changes': {
      if (!existing) return { write: true, why: 'there is no earlier comment' };
      const shown = existing.state;
      if (!shown) return { write: true, why: 'our earlier comment does not say what it shows' };
      if (shown.conclusion !== next.conclusion)
        return { write: true, why: `the verdict changed from ${shown.conclusion} to ${next.conclusion}` };
      if (shown.failed !== next.failed || shown.failedSet !== next.failedSet)
        return { write: true, why: 'the set of failed tests changed' };
      return { write: false, why: 'the verdict and the failed tests are what our comment already shows (comment: changes)' };
    }
  }
}
