/** Builds the providers named in the `providers` input, checking keys before any call is made. */

import { InputError } from '../../data/errors.js';
import type { Clock } from '../../data/time.js';
import type { FetchLike } from '../../http/fetch.js';
import { metalPriceApi } from './metalpriceapi.js';
import { metalsApi } from './metals-api.js';
import { metalsDev } from './metals-dev.js';
import type { SpotProvider } from './provider.js';
import { replay } from './replay.js';

export const PROVIDER_IDS = ['metalpriceapi', 'metals-dev', 'metals-api', 'replay'] as const;
export type KeyedId = Exclude<(typeof PROVIDER_IDS)[number], 'replay'>;

const KEY_INPUT: Record<KeyedId, string> = {
  metalpriceapi: 'api-key',
  'metals-dev': 'metals-dev-api-key',
  'metals-api': 'metals-api-key',
};

export interface ProviderSettings {
  keys: Partial<Record<KeyedId, string | undefined>>;
  /** Per provider: a self-hosted proxy, or a loopback peer in tests. */
  baseUrls?: Partial<Record<KeyedId, string | undefined>>;
  clock: Clock;
  fetch?: FetchLike;
  onRetry?: (message: string) => void;
}

export function buildProviders(ids: string[], s: ProviderSettings): SpotProvider[] {
  if (ids.length === 0) throw new InputError('input "providers": name at least one provider');
  return ids.map((id) => {
    if (id === 'replay') return replay(s.clock);
    if (!Object.hasOwn(KEY_INPUT, id))
      throw new InputError(`input "providers": unknown provider "${id}" (known: ${PROVIDER_IDS.join(', ')})`);
    const key = s.keys[id as KeyedId];
    if (!key) throw new InputError(`input "${KEY_INPUT[id as KeyedId]}" is required by provider ${id}`);
    const options = {
      apiKey: key,
      baseUrl: s.baseUrls?.[id as KeyedId],
      clock: s.clock,
      fetch: s.fetch,
      onRetry: s.onRetry,
    };
    return id === 'metalpriceapi'
      ? metalPriceApi(options)
      : id === 'metals-dev'
        ? metalsDev(options)
        : metalsApi(options);
  });
}
