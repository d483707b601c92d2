// @ts-check
/**
 * One sample setup per provider: a fake server with realistic data and the inputs that read it.
 * Used by `npm run demo [provider]` and by the golden summary tests.
 */
import { startFakeTestmo } from './fakes/testmo.mjs';
import { sampleTestmoRun } from './samples.mjs';

/** @type {Record<string, () => Promise<{ server: { url: string, requests: unknown[], close(): Promise<void> }, inputs: Record<string, string> }>>} */
export const demoSetups = {
  async testmo() {
    const server = await startFakeTestmo(sampleTestmoRun());
    return { server, inputs: { provider: 'testmo', 'base-url': server.url, 'api-key': server.token, run: '42' } };
  },
};
