/** Where each file of the data repository lives (DESIGN §2.2). All paths are POSIX, relative to the repository root. */
/** The retail manifest: what the app ranks endpoints by (`generated_at`). */
export declare const MANIFEST_PATH = "data/api/manifest.json";
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
