import type { z } from 'zod';
import { ProviderError } from '../../errors.js';
import type { ProviderHttp, RequestSpec } from '../../http/provider-http.js';
import { registerSecret } from '../../secrets.js';
import type { Log } from '../../log.js';
import type { EggplantInputs } from './inputs.js';
import { tokenSchema } from './schemas.js';

/** Renew this long before `expires_in` runs out (a tenth of its life for short-lived tokens). */
const RENEW_BEFORE_MS = 60_000;

/**
 * Eggplant's API calls with a bearer token. With client credentials, the token is exchanged
 * again when `expires_in` says it is about to run out, and once more when a call answers 401
 * (a token that expired early): a long poll outlives a token. An `api-key` token is used as it
 * is, since there is nothing to renew it with.
 */
export class EggplantSession {
  /** Epoch ms after which the token is renewed before the next call. */
  private renewAt = Number.POSITIVE_INFINITY;
  /** Bumped on every exchange, so that concurrent 401s renew once. */
  private generation = 0;
  private exchanging: Promise<void> | undefined;

  constructor(
    private readonly http: ProviderHttp,
    private readonly log: Log,
    private readonly inputs: Pick<EggplantInputs, 'apiKey' | 'clientId' | 'clientSecret'>,
    private readonly now: () => number = Date.now,
  ) {}

  get deadline(): number {
    return this.http.deadline;
  }

  private get canRenew(): boolean {
    return !this.inputs.apiKey && Boolean(this.inputs.clientId && this.inputs.clientSecret);
  }

  async signIn(): Promise<void> {
    if (this.inputs.apiKey) {
      registerSecret(this.inputs.apiKey);
      this.http.setHeader('authorization', `Bearer ${this.inputs.apiKey}`);
      return;
    }
    await this.exchange();
  }

  /** One exchange at a time; callers that saw the same token share it. */
  private renew(seen: number, why: string): Promise<void> {
    if (seen !== this.generation) return Promise.resolve();
    this.exchanging ??= (async () => {
      this.log.info(`Eggplant: ${why}; exchanging the client credentials for a new access token.`);
      await this.exchange();
    })().finally(() => {
      this.exchanging = undefined;
    });
    return this.exchanging;
  }

  private async exchange(): Promise<void> {
    const basic = Buffer.from(`${this.inputs.clientId}:${this.inputs.clientSecret}`).toString('base64');
    registerSecret(basic);
    const answer = await this.http.json(
      {
        method: 'POST',
        path: '/authorisation/token',
        noId: true,
        headers: { authorization: `Basic ${basic}` },
        body: new URLSearchParams({ grant_type: 'client_credentials' }),
      },
      tokenSchema,
    );
    registerSecret(answer.access_token);
    this.http.setHeader('authorization', `Bearer ${answer.access_token}`);
    this.generation++;
    const lifeMs = typeof answer.expires_in === 'number' && answer.expires_in > 0 ? answer.expires_in * 1000 : undefined;
    this.renewAt = lifeMs === undefined ? Number.POSITIVE_INFINITY : this.now() + lifeMs - Math.min(RENEW_BEFORE_MS, lifeMs / 10);
  }

  async json<S extends z.ZodType>(spec: RequestSpec, schema: S): Promise<z.output<S>> {
    if (this.canRenew && this.now() >= this.renewAt) await this.renew(this.generation, 'the access token is about to expire');
    const seen = this.generation;
    try {
      return await this.http.json(spec, schema);
    } catch (error) {
      if (!(error instanceof ProviderError && error.status === 401 && this.canRenew)) throw error;
      await this.renew(seen, `${spec.method ?? 'GET'} ${spec.path} answered 401 (the access token may have expired)`);
      return await this.http.json(spec, schema);
    }
  }
}
