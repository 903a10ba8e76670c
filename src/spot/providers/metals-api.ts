/** Metals-API (https://metals-api.com/documentation): `access_key` query parameter (its only auth), apilayer errors. */

import { METAL_SYMBOLS } from '../../data/spot.js';
import * as z from '../../data/zod.js';
import { fxFromRates, pricesFromRates, spreadsFromRates } from './metalpriceapi.js';
import type { DatedPrices, SpotProvider } from './provider.js';
import { apilayerFailure, type UpstreamOptions, upstream } from './upstream.js';

const rates = z.record(z.string(), z.nullable(z.number()));
const latestBody = z.object({ success: z.literal(true), timestamp: z.optional(z.number()), rates });
const seriesBody = z.object({ success: z.literal(true), rates: z.record(z.string(), rates) });

export function metalsApi(o: UpstreamOptions): SpotProvider {
  const api = upstream(
    {
      name: 'Metals-API',
      defaultBase: 'https://metals-api.com/api',
      auth: (key) => ({ params: { access_key: key } }),
      failure: apilayerFailure('api-key'),
    },
    o,
  );
  const symbols = Object.values(METAL_SYMBOLS).join(',');
  return {
    id: 'metals-api',
    displayName: 'Metals-API',
    get calls() {
      return api.calls;
    },
    async latest(fx, call) {
      const body = await api.get(
        '/latest',
        { base: 'USD', symbols: [symbols, ...fx].join(',') },
        latestBody,
        call,
      );
      const at = body.timestamp ? new Date(body.timestamp * 1000) : o.clock.now();
      return {
        prices: pricesFromRates(body.rates),
        at,
        fx: fxFromRates(body.rates, fx),
        spreads: spreadsFromRates(body.rates),
      };
    },
    async timeframe(start, end, call) {
      const body = await api.get(
        '/timeseries',
        { base: 'USD', symbols, start_date: start, end_date: end },
        seriesBody,
        call,
      );
      return Object.entries(body.rates)
        .map(([date, r]): DatedPrices => ({ date, prices: pricesFromRates(r) }))
        .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    },
  };
}
