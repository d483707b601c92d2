// @ts-check
/** Every channel a run writes to, as text, and every form a secret could take in it. */

/**
 * @param {import('./run-action.mjs').ActionResult} result
 * @param {{ requests: { body: string, headers: Record<string, unknown> }[] }[]} githubServers  whose request bodies
 *   (check runs, comments) count as output
 * @returns {Record<string, string>}
 */
export function outputChannels(result, githubServers = []) {
  /** @type {Record<string, string>} */
  const channels = {
    // `::add-mask::<secret>` is how core.setSecret hands a secret to the runner, which consumes
    // the line and never shows it; every other line counts.
    stdout: result.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n'),
    stderr: result.stderr,
    outputs: JSON.stringify(result.outputs),
    summary: result.summary,
    'github requests': githubServers.flatMap((s) => s.requests.map((r) => r.body)).join('\n'),
  };
  for (const [file, text] of Object.entries(result.runnerTempFiles)) channels[`report file ${file}`] = text;
  return channels;
}

/** Leading characters of a secret that must not appear either: what a cut would leave. */
export const PREFIX_LENGTH = 8;

/**
 * The forms a secret takes once escaped, encoded or cut: plain, percent-encoded (upper and lower
 * case), HTML entities (decimal and hex), JSON- and Markdown-escaped, its first 8 characters in
 * each of those forms, and base64 (standard and url-safe) of it alone or wrapped (`user:secret`).
 * @param {string} secret
 * @returns {string[]}
 */
export function secretForms(secret) {
  /** @type {Set<string>} */
  const forms = new Set();
  const special = /[^A-Za-z0-9]/g;
  const texts = secret.length > PREFIX_LENGTH ? [secret, secret.slice(0, PREFIX_LENGTH)] : [secret];
  for (const text of texts) {
    const percent = encodeURIComponent(text);
    forms.add(text);
    forms.add(percent);
    forms.add(percent.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()));
    forms.add(text.replace(special, (c) => `&#${c.charCodeAt(0)};`));
    forms.add(text.replace(special, (c) => `&#x${c.charCodeAt(0).toString(16)};`));
    forms.add(text.replace(special, (c) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`));
    forms.add(JSON.stringify(text).slice(1, -1));
    forms.add(text.replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`));
  }
  const bytes = Buffer.from(secret);
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const run = encoded.slice(offset === 0 ? 0 : 4, Math.floor((offset + bytes.length) / 3) * 4);
    if (run.length >= 8) {
      forms.add(run);
      forms.add(run.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return [...forms].filter((f) => f.length >= 3);
}

/** The channels that contain any of the secrets, in any of the forms above. */
export function findSecrets(/** @type {Record<string, string>} */ channels, /** @type {string[]} */ secrets) {
  /** @type {string[]} */
  const leaks = [];
  for (const secret of secrets) {
    const forms = secretForms(secret);
    for (const [channel, text] of Object.entries(channels)) {
      const found = forms.find((f) => text.includes(f));
      if (found !== undefined) leaks.push(`${channel} contains ${secret.slice(0, 3)}… as ${JSON.stringify(found.slice(0, 12))}…`);
    }
  }
  return leaks;
}
