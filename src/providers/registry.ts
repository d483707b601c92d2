import { eggplant } from './eggplant/index.js';
import { tesults } from './tesults/index.js';
import { testmo } from './testmo/index.js';
import { testomato } from './testomato/index.js';
import type { Provider } from './types.js';

/** Every provider the action knows. A new provider is one folder and one line here. */
export const providers = {
  testomato,
  tesults,
  testmo,
  eggplant,
} satisfies Record<string, Provider>;

export type ProviderName = keyof typeof providers;
export const providerNames = Object.keys(providers) as ProviderName[];
