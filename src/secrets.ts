import * as core from '@actions/core';

/**
 * Every credential the action handles is registered here. Registration masks it on the runner
 * (core.setSecret) and lets `redact` remove it from anything we write ourselves: the runner's
 * mask does not cover the summary file, the report file, outputs or the check run.
 */
const secrets = new Set<string>();

/** Query parameters that carry credentials in URLs (Testomato sends its key as `?apikey=`). */
const CREDENTIAL_PARAMS = /([?&](?:apikey|api_key|api-key|access_token|token|client_secret)=)[^&#\s"'<>]*/gi;

export function registerSecret(value: string | undefined): void {
  const secret = value?.trim();
  if (!secret) return;
  core.setSecret(secret);
  // Forms a secret takes when it travels inside a URL or a JSON string.
  for (const form of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) {
    if (form.length >= 3) secrets.add(form);
  }
}

export function redact(text: string): string {
  let out = text.replace(CREDENTIAL_PARAMS, '$1***');
  // Longest first, so a secret that contains another is removed whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join('***');
  }
  return out;
}

/** For tests of this module only. */
export function forgetSecretsForTests(): void {
  secrets.clear();
}
