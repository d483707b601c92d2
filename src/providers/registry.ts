import { eggplant } from './eggplant/index.js';
import { tesults } from './tesults/index.js';
import { testmo } from './testmo/index.js';
import { testomato } from './testomato/index.js';
import type { Provider } from './types.js';

/**
 * A provider of any inputs type. Each provider's inputs are parsed by its own spec and handed back
 * to the same provider only, which TypeScript cannot express without existential types.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProvider = Provider<any>;

/** Every provider the action knows. A new provider is one folder and one line here. */
export const providers: Record<'testomato' | 'tesults' | 'testmo' | 'eggplant', AnyProvider> = {
  testomato,
  tesults,
  testmo,
  eggplant,
};

export type ProviderName = keyof typeof providers;
export const providerNames = Object.keys(providers) as ProviderName[];
