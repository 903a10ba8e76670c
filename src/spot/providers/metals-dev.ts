/** metals.dev (https://metals.dev/docs): `api_key` query parameter (its only auth); prices in USD per troy ounce. */

import type { Metal } from '../../data/spot.js';
import * as z from '../../data/zod.js';
import type { DatedPrices, Prices, ProviderErrorKind, SpotProvider } from './provider.js';
import { type UpstreamOptions, upstream } from './upstream.js';

const metals = z.object({
  gold: z.optional(z.number()),
  silver: z.optional(z.number()),
  platinum: z.optional(z.number()),
  palladium: z.optional(z.number()),
});
const latestBody = z.object({
  status: z.literal('success'),
  metals,
  currencies: z.optional(z.record(z.string(), z.number())),
  timestamps: z.optional(z.partial(z.object({ metal: z.optional(z.string()) }))),
});
const seriesBody = z.object({
  status: z.literal('success'),
  rates: z.record(z.string(), z.object({ metals })),
});
const failureBody = z.object({
  status: z.literal('failure'),
  error_code: z.optional(z.number()),
  error_message: z.optional(z.string()),
});

const NAMES: Record<keyof z.infer<typeof metals>, Metal> = {
  gold: 'Gold',
  silver: 'Silver',
  platinum: 'Platinum',
  palladium: 'Palladium',
};

function pricesOf(m: z.infer<typeof metals>): Prices {
  const out: Prices = {};
  for (const [k, metal] of Object.entries(NAMES)) {
    const v = m[k as keyof typeof NAMES];
    if (v !== undefined) out[metal] = v;
  }
  return out;
}

function failure(
  status: number,
  raw: unknown,
  path: string,
): { kind: ProviderErrorKind; message: string } | undefined {
  const parsed = failureBody.safeParse(raw);
  if (!parsed.success && status !== 401 && status !== 403) return undefined;
  const text = parsed.success
    ? (parsed.data.error_message ?? `error ${parsed.data.error_code}`)
    : `HTTP ${status}`;
  const said = `${path}: ${text}`;
  if (status === 401 || /key/i.test(text))
    return { kind: 'auth', message: `the API key was refused — check api-key (${said})` };
  if (/quota|limit/i.test(text)) return { kind: 'quota', message: `the request quota is used up (${said})` };
  if (status === 403 || /plan|subscription/i.test(text))
    return { kind: 'plan', message: `your plan does not include this endpoint (${said})` };
  return { kind: 'malformed', message: said };
}

export function metalsDev(o: UpstreamOptions): SpotProvider {
  const api = upstream(
    {
      name: 'metals.dev',
      defaultBase: 'https://api.metals.dev/v1',
      auth: (key) => ({ params: { api_key: key } }),
      failure,
    },
    o,
  );
  return {
    id: 'metals-dev',
    displayName: 'metals.dev',
    get calls() {
      return api.calls;
    },
    async latest(fx, call) {
      const body = await api.get('/latest', { currency: 'USD', unit: 'toz' }, latestBody, call);
      const fxRates: Record<string, number> = {};
      // metals.dev gives USD per unit of each currency; we record units per USD.
      for (const cur of fx) {
        const v = body.currencies?.[cur];
        if (v && v > 0) fxRates[cur] = 1 / v;
      }
      const at = body.timestamps?.metal ? new Date(body.timestamps.metal) : o.clock.now();
      return {
        prices: pricesOf(body.metals),
        at: Number.isNaN(at.getTime()) ? o.clock.now() : at,
        fx: fxRates,
      };
    },
    async timeframe(start, end, call) {
      const body = await api.get('/timeseries', { start_date: start, end_date: end }, seriesBody, call);
      return Object.entries(body.rates)
        .map(([date, r]): DatedPrices => ({ date, prices: pricesOf(r.metals) }))
        .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    },
  };
}
