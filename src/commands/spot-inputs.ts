/** spot-poll's provider inputs: which providers, in what order, their keys, addresses and the monthly quota. */
import * as z from '../data/zod.js';
import { namesFrom, optional, optionalBaseUrl, secretInput } from '../runtime/inputs.js';
import { PROVIDER_IDS } from '../spot/providers/index.js';

export const providerInputs = {
  'api-key': secretInput('MetalPriceAPI key (sent in a header).', 'METAL_PRICE_API_KEY', 'METALPRICEAPI_KEY'),
  'metals-dev-api-key': secretInput('metals.dev key, when that provider is listed.', 'METALS_DEV_API_KEY'),
  'metals-api-key': secretInput('Metals-API key, when that provider is listed.', 'METALS_API_KEY'),
  providers: {
    description: `Providers tried in order on failure: ${PROVIDER_IDS.join(', ')}.`,
    default: 'metalpriceapi',
    schema: namesFrom(PROVIDER_IDS),
  },
  'api-base-url': {
    description: "Override MetalPriceAPI's base URL (self-hosted proxy, the EU server, tests).",
    schema: optionalBaseUrl(),
  },
  'metals-dev-base-url': {
    description: "Override metals.dev's base URL.",
    schema: optionalBaseUrl(),
  },
  'metals-api-base-url': {
    description: "Override Metals-API's base URL.",
    schema: optionalBaseUrl(),
  },
  'api-budget': {
    description:
      'Upstream calls per month the plan allows (MetalPriceAPI free: 100). Empty: read from /usage (free, at most once a day). See README "Quota".',
    schema: z.pipe(
      optional(),
      z.transform((s: string | undefined, ctx) => {
        if (!s) return undefined;
        const n = Number(s);
        if (Number.isInteger(n) && n >= 1 && n <= 1e9) return n;
        return z.fail(ctx, 'must be a whole number of calls per month, or empty');
      }),
    ),
  },
};
