import { z } from 'zod';

/**
 * A web address GitHub gave: an http(s) URL on one line, else undefined. It is logged and set as
 * an output, so nothing GitHub answers may start a workflow command or a second output line.
 */
export const githubWebUrl = z
  .string()
  .nullish()
  .transform((value) => {
    if (!value || /[\s\u0000-\u001f\u007f\u2028\u2029]/.test(value)) return undefined;
    try {
      const { protocol } = new URL(value);
      return protocol === 'https:' || protocol === 'http:' ? value : undefined;
    } catch {
      return undefined;
    }
  });
