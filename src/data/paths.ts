/** Where each file of the data repository lives (DESIGN §2.2). All paths are POSIX, relative to the repository root. */

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (d: Date) => `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;

/** The retail views the app reads (DESIGN §2.2). */
export const RETAIL_API_DIR = 'data/api';
/** The retail manifest: what the app ranks endpoints by (`generated_at`). */
export const MANIFEST_PATH = `${RETAIL_API_DIR}/manifest.json`;
/** The all-coins summary and the published dealer pages (`{slug: {vendor: url}}`). */
export const RETAIL_SUMMARY_PATH = `${RETAIL_API_DIR}/latest.json`;
export const RETAIL_PROVIDERS_PATH = `${RETAIL_API_DIR}/providers.json`;
/** The per-coin views of `data/api/{slug}/`. */
export type CoinView = 'latest.json' | 'history.json' | 'history-7d.json' | 'history-30d.json';
export const coinViewPath = (slug: string, view: CoinView) => `${RETAIL_API_DIR}/${slug}/${view}`;
/** The retail catalog (human-edited configuration). */
export const RETAIL_CATALOG_PATH = 'data/retail/providers.json';
/** Retail facts: `data/retail/facts/YYYY/MM/DD/<coin>.json` (src/data/retail-facts.ts). */
export const RETAIL_FACTS_DIR = 'data/retail/facts';

/** `data/15min/YYYY/MM/DD/HHMM.json` for the slot starting at `slot`. */
export const slotPath = (slot: Date) =>
  `data/15min/${ymd(slot)}/${pad(slot.getUTCHours())}${pad(slot.getUTCMinutes())}.json`;

/** `data/hourly/YYYY/MM/DD/HH.json` for the hour containing `d`. */
export const hourlyPath = (d: Date) => `data/hourly/${ymd(d)}/${pad(d.getUTCHours())}.json`;

export const spotHistoryPath = (year: number) => `data/spot-history-${year}.json`;

const SLOT_RE = /^data\/15min\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})(\d{2})\.json$/;
const HOURLY_RE = /^data\/hourly\/(\d{4})\/(\d{2})\/(\d{2})\/(\d{2})\.json$/;
const HISTORY_RE = /^data\/spot-history-(\d{4})\.json$/;

const utc = (y: string, mo: string, d: string, h: string, mi = '0') =>
  new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi)));

/**
 * The time a 15-minute file is named for. Legacy files may have non-aligned names (`1159.json`);
 * they are still slot facts, filed under the hour of their name.
 */
export function parseSlotPath(path: string): Date | undefined {
  const m = SLOT_RE.exec(path);
  return m ? utc(m[1]!, m[2]!, m[3]!, m[4]!, m[5]!) : undefined;
}

export function parseHourlyPath(path: string): Date | undefined {
  const m = HOURLY_RE.exec(path);
  return m ? utc(m[1]!, m[2]!, m[3]!, m[4]!) : undefined;
}

export function parseSpotHistoryPath(path: string): number | undefined {
  const m = HISTORY_RE.exec(path);
  return m ? Number(m[1]) : undefined;
}

/** Directory holding the slot files of one day. */
export const slotDayDir = (d: Date) => `data/15min/${ymd(d)}`;
