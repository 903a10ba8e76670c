/**
 * The four metals of the spot files, as they name them (DESIGN §2.2). Defined once, here, with no zod
 * and nothing of Node: the spot schemas (spot.ts) and the browser client both use it.
 */
export declare const METALS: readonly ["Gold", "Silver", "Platinum", "Palladium"];
export type Metal = (typeof METALS)[number];
