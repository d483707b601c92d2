// @ts-check
/** Every channel a run writes to, as text: for scanning for secrets. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param {import('./run-action.mjs').ActionResult} result
 * @param {{ requests: { body: string, headers: Record<string, unknown> }[] }[]} githubServers  whose request bodies count as output
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
    'github check run': githubServers.flatMap((s) => s.requests.map((r) => r.body)).join('\n'),
  };
  const temp = join(result.dir, 'runner-temp');
  for (const file of readdirSync(temp)) channels[`report file ${file}`] = readFileSync(join(temp, file), 'utf8');
  return channels;
}

/** The channels that contain any of the secrets, in any common encoding. */
export function findSecrets(/** @type {Record<string, string>} */ channels, /** @type {string[]} */ secrets) {
  /** @type {string[]} */
  const leaks = [];
  for (const secret of secrets) {
    const forms = [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')];
    for (const [channel, text] of Object.entries(channels)) {
      if (forms.some((f) => text.includes(f))) leaks.push(`${channel} contains ${secret.slice(0, 3)}…`);
    }
  }
  return leaks;
}
