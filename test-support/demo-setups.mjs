// @ts-check
/**
 * One sample setup per provider: a fake server with realistic data and the inputs that read it.
 * Used by `npm run demo [provider]` and by the golden summary tests.
 */
import { startFakeEggplant } from './fakes/eggplant.mjs';
import { startFakeTesults } from './fakes/tesults.mjs';
import { startFakeTestmo } from './fakes/testmo.mjs';
import { startFakeTestomato } from './fakes/testomato.mjs';
import { budgetEggplantData, sampleEggplantData, sampleTesultsData, sampleTestmoRun, sampleTestomatoProject } from './samples.mjs';

/**
 * The inputs that read an Eggplant fake: its URL and the data's credentials, plus `extra`.
 * @param {string} url @param {{ clientId: string, clientSecret: string, realm: string }} data @param {Record<string, string>} extra
 */
export function eggplantInputs(url, data, extra) {
  return {
    provider: 'eggplant',
    'base-url': url,
    'client-id': data.clientId,
    'client-secret': data.clientSecret,
    realm: data.realm,
    ...extra,
  };
}

/** @type {Record<string, () => Promise<{ server: { url: string, requests: unknown[], close(): Promise<void> }, inputs: Record<string, string> }>>} */
export const demoSetups = {
  async testmo() {
    const server = await startFakeTestmo(sampleTestmoRun());
    return { server, inputs: { provider: 'testmo', 'base-url': server.url, 'api-key': server.token, run: '42' } };
  },
  async testomato() {
    const data = sampleTestomatoProject();
    const server = await startFakeTestomato(data);
    return { server, inputs: { provider: 'testomato', 'base-url': server.url, 'api-key': data.apiKey, project: data.projectId } };
  },
  async tesults() {
    const data = sampleTesultsData();
    const server = await startFakeTesults(data);
    return { server, inputs: { provider: 'tesults', 'base-url': server.url, 'api-key': data.token, target: 'Web app (Chrome)' } };
  },
  async eggplant() {
    const data = sampleEggplantData();
    const server = await startFakeEggplant(data);
    return {
      server,
      inputs: eggplantInputs(server.url, data, {
        job: 'jobs/12345',
        'poll-interval': '1',
      }),
    };
  },
  /** A release gate with performance budgets: `npm run demo -- eggplant-budgets`. */
  async 'eggplant-budgets'() {
    const data = budgetEggplantData();
    const server = await startFakeEggplant(data);
    return {
      server,
      inputs: eggplantInputs(server.url, data, {
        job: '24680',
        budgets: 'onLoad <= 3 s\nspeedIndex <= 2.5\npageSize <= 1.5 MB',
        'max-failures': '1',
        'poll-interval': '1',
      }),
    };
  },
};
