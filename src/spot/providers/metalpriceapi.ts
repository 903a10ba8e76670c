/**
 * MetalPriceAPI (https://metalpriceapi.com/documentation): key in the `X-API-KEY` header, never the URL.
 * Rates come as units per USD (`XAU`: oz per USD) and, on current plans, as USD per unit (`USDXAU`);
 * the `USD<SYM>` keys are preferred and the plain ones inverted only when those are absent.
 */

import { METAL_SYMBOLS, METALS, type Spreads } from '../../data/spot.js';
import { formatDate } from '../../data/time.js';
import * as z from '../../data/zod.js';
import type { DatedPrices, Prices, SpotProvider, TimedPrices } from './provider.js';
import { apilayerFailure, type UpstreamOptions, upstream } from './upstream.js';

export const METALPRICEAPI_BASE = 'https://api.metalpriceapi.com/v1';

const rates = z.record(z.string(), z.nullable(z.number()));
const latestBody = z.object({ success: z.literal(true), timestamp: z.optional(z.number()), rates });
const timeframeBody = z.object({ success: z.literal(true), rates: z.record(z.string(), rates) });
const hourlyBody = z.object({
  success: z.literal(true),
  rates: z.array(z.object({ timestamp: z.number(), rates })),
});
const usageBody = z.object({
  success: z.literal(true),
  result: z.partial(z.object({ remaining: z.number(), total: z.number() })),
});

/** USD per troy ounce from a rates object: `USD<SYM>` first, else 1 / `<SYM>`. */
export function usdPerOunce(r: Record<string, number | null>, symbol: string): number | undefined {
  const direct = r[`USD${symbol}`];
  const inverse = r[symbol];
  // Zero or negative values are passed on as they are, so that validation names them and writes nothing.
  if (typeof direct === 'number') return direct;
  if (typeof inverse === 'number') return inverse > 0 ? 1 / inverse : inverse;
  return undefined;
}

export function pricesFromRates(r: Record<string, number | null>): Prices {
  const out: Prices = {};
  for (const metal of METALS) {
    const v = usdPerOunce(r, METAL_SYMBOLS[metal]);
    if (v !== undefined) out[metal] = v;
  }
  return out;
}

/**
 * Bid and ask per metal when the answer holds them (plans that include them; keys as Metals-API
 * documents them: `USDXAU-BID`/`USDXAU-ASK`, or their inverses `XAU-BID`/`XAU-ASK`). Never asked
 * for: a plan without them must not fail the live call.
 */
export function spreadsFromRates(r: Record<string, number | null>): Spreads {
  const out: Spreads = {};
  for (const metal of METALS) {
    const bid = usdPerOunce(r, `${METAL_SYMBOLS[metal]}-BID`);
    const ask = usdPerOunce(r, `${METAL_SYMBOLS[metal]}-ASK`);
    if (bid !== undefined || ask !== undefined)
      out[metal] = { ...(bid !== undefined && { bid }), ...(ask !== undefined && { ask }) };
  }
  return out;
}

export function fxFromRates(
  r: Record<string, number | null>,
  currencies: readonly string[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const cur of currencies) {
    const v = r[cur];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) out[cur] = v;
  }
  return out;
}

const SYMBOLS = Object.values(METAL_SYMBOLS).join(',');

export function metalPriceApi(o: UpstreamOptions): SpotProvider {
  const api = upstream(
    {
      name: 'MetalPriceAPI',
      defaultBase: METALPRICEAPI_BASE,
      auth: (key) => ({ headers: { 'X-API-KEY': key } }),
      failure: apilayerFailure('api-key / METAL_PRICE_API_KEY'),
    },
    o,
  );
  return {
    id: 'metalpriceapi',
    displayName: 'MetalPriceAPI',
    get calls() {
      return api.calls;
    },
    hourlyCost: METALS.length,
    async latest(fx, call) {
      const body = await api.get(
        '/latest',
        { base: 'USD', currencies: [SYMBOLS, ...fx].join(',') },
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
        '/timeframe',
        { base: 'USD', currencies: SYMBOLS, start_date: start, end_date: end },
        timeframeBody,
        call,
      );
      return Object.entries(body.rates)
        .map(([date, r]): DatedPrices => ({ date, prices: pricesFromRates(r) }))
        .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    },
    async hourly(start, end, form, call) {
      // One currency per call (the endpoint's rule): four calls for one contiguous range.
      const byTime = new Map<number, Prices>();
      const range: Record<string, string> =
        form === 'unix'
          ? { start: String(start.getTime() / 1000), end: String(end.getTime() / 1000 - 1) }
          : { start_date: formatDate(start), end_date: formatDate(new Date(end.getTime() - 1)) };
      for (const metal of METALS) {
        const params = { base: 'USD', ...range, currency: METAL_SYMBOLS[metal] };
        const body = await api.get('/hourly', params, hourlyBody, call);
        for (const row of body.rates) {
          const t = row.timestamp * 1000;
          if (t < start.getTime() || t >= end.getTime()) continue; // the date form answers whole days
          const v = usdPerOunce(row.rates, METAL_SYMBOLS[metal]);
          if (v === undefined) continue;
          const prices = byTime.get(t) ?? {};
          prices[metal] = v;
          byTime.set(t, prices);
        }
      }
      return [...byTime.entries()]
        .sort(([a], [b]) => a - b)
        .map(([t, prices]): TimedPrices => ({ at: new Date(t), prices }));
    },
    async usage(call) {
      // /usage does not count against the quota.
      try {
        const { result } = await api.get('/usage', {}, usageBody, { ...call, free: true });
        return result.remaining === undefined
          ? undefined
          : { remaining: result.remaining, total: result.total };
      } catch {
        return undefined;
      }
    },
  };
}
