export interface ManifestCoin {
    /** As listed: a caller that puts it in a path or a URL checks it is a plain slug first. */
    slug: string;
    name?: string;
    metal?: string;
    weight?: number;
}
/** The instant a manifest (parsed JSON) is of — `generated_at`, older files `updated` — or why there is none. */
export declare function manifestInstant(value: unknown): Date | string;
/** The coins a manifest lists (`coins`, else the keys of `coins_meta`), with what `coins_meta` says of each. */
export declare function manifestCoins(value: unknown): ManifestCoin[];
