/** Where each file of the data repository lives (DESIGN §2.2). All paths are POSIX, relative to the repository root. */
/** The retail views the app reads (DESIGN §2.2). */
export declare const RETAIL_API_DIR = "data/api";
/** The retail manifest: what the app ranks endpoints by (`generated_at`). */
export declare const MANIFEST_PATH = "data/api/manifest.json";
/** The all-coins summary and the published dealer pages (`{slug: {vendor: url}}`). */
export declare const RETAIL_SUMMARY_PATH = "data/api/latest.json";
export declare const RETAIL_PROVIDERS_PATH = "data/api/providers.json";
/** The per-coin views of `data/api/{slug}/`. */
export type CoinView = 'latest.json' | 'history.json' | 'history-7d.json' | 'history-30d.json';
export declare const coinViewPath: (slug: string, view: CoinView) => string;
/** The retail catalog (human-edited configuration). */
export declare const RETAIL_CATALOG_PATH = "data/retail/providers.json";
/** Retail facts: `data/retail/facts/YYYY/MM/DD/<coin>.json` (src/data/retail-facts.ts). */
export declare const RETAIL_FACTS_DIR = "data/retail/facts";
/** `data/15min/YYYY/MM/DD/HHMM.json` for the slot starting at `slot`. */
export declare const slotPath: (slot: Date) => string;
/** `data/hourly/YYYY/MM/DD/HH.json` for the hour containing `d`. */
export declare const hourlyPath: (d: Date) => string;
export declare const spotHistoryPath: (year: number) => string;
/**
 * The time a 15-minute file is named for. Legacy files may have non-aligned names (`1159.json`);
 * they are still slot facts, filed under the hour of their name.
 */
export declare function parseSlotPath(path: string): Date | undefined;
export declare function parseHourlyPath(path: string): Date | undefined;
export declare function parseSpotHistoryPath(path: string): number | undefined;
/** Directory holding the slot files of one day. */
export declare const slotDayDir: (d: Date) => string;
