import { decideMissingSecrets, type EventFacts, type MissingSecretsDecision, type MissingSecretsMode } from './github/event.js';
import { InputError } from './errors.js';
import type { CredentialState } from './providers/types.js';
import type { Settings } from './settings.js';

/** What the step does about its credentials: go on, or skip (`conclusion: skipped`) for `reason`. */
export type StepCredentialDecision = { action: 'proceed' } | { action: 'skip'; reason: string };

/** The event facts the decision reads; outside a runner (unit tests, a local run) nothing is withheld. */
export type CredentialEvent = Pick<EventFacts, 'name' | 'secretsWithheld' | 'withheldWhy'>;
export const NO_EVENT: CredentialEvent = { name: '', secretsWithheld: false };

/**
 * The step's decision over the credential of each source it reads (one without `sources`).
 * A skip needs every credential empty on a run whose secrets GitHub withholds: one credential
 * present means the secrets reached this run, so an empty one beside it is a mistake to report,
 * never a reason to skip. Returns the decision, or the message of the input error.
 */
export function decideStepCredentials(
  mode: MissingSecretsMode,
  event: CredentialEvent,
  credentials: readonly CredentialState[],
): StepCredentialDecision | { action: 'input-error'; message: string } {
  const decisions: MissingSecretsDecision[] = credentials.map((c) =>
    decideMissingSecrets({ mode, credentialEmpty: c.empty, event, credential: c.input, credentialHint: c.hint }),
  );
  const error = decisions.find((d) => d.action === 'input-error');
  if (error) return error;
  const skips = decisions.filter((d) => d.action === 'skip');
  if (skips.length === 0) return { action: 'proceed' };
  if (skips.length === decisions.length) return skips[0]!;
  const empty = credentials.filter((c) => c.empty).map((c) => c.input);
  return {
    action: 'input-error',
    message:
      `Input '${empty[0]}' is empty for ${skips.length} of ${decisions.length} sources while the others have their credential: ` +
      'missing-secrets: skip skips the step only when every credential is empty (secrets withheld); give each source its secret.',
  };
}

/**
 * The step's runs (one, or one per `sources` entry, by label) judged on their credentials: the
 * reason to skip the step, or undefined to go on. Throws the InputError of an empty credential
 * that may not be skipped, naming the entry. Every other input was validated before
 * (parseInputs), so a typo is never hidden by a skip.
 */
export function credentialsSkip(
  runs: readonly { label: string; settings: Pick<Settings, 'credential' | 'missingSecrets'> }[],
  event: CredentialEvent,
): string | undefined {
  if (runs.length === 0) return undefined;
  const mode = runs[0]!.settings.missingSecrets;
  runs.forEach((run, i) => {
    const own = decideStepCredentials(mode, event, [run.settings.credential]);
    if (own.action !== 'input-error') return;
    throw new InputError(run.label ? `Input 'sources' entry ${i + 1} ("${run.label}"): ${own.message}` : own.message);
  });
  const decision = decideStepCredentials(
    mode,
    event,
    runs.map((r) => r.settings.credential),
  );
  if (decision.action === 'input-error') throw new InputError(decision.message);
  return decision.action === 'skip' ? decision.reason : undefined;
}
