/**
 * Exchange-rate facts, recorded by the spot poller beside each live slot so that the query API can
 * answer in currencies other than USD: `data/fx/YYYY/MM/DD/HHMM.json`, create-only like slot facts.
 * `rates[CUR]` is units of CUR per 1 USD.
 */
import * as z from './zod.js';

export const fxPath = (slotFile: string) => slotFile.replace(/^data\/15min\//, 'data/fx/');

export const fxFact = z.object({
  timestamp: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)),
  base: z.literal('USD'),
  provider: z.string().check(z.minLength(1)),
  rates: z.record(z.string().check(z.regex(/^[A-Z]{3}$/)), z.number().check(z.positive())),
});
export type FxFact = z.infer<typeof fxFact>;
