/** Time helpers. Every naive timestamp in a data repository ("YYYY-MM-DD HH:MM:SS") means UTC. */
export interface Clock {
    now(): Date;
    sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
export declare const systemClock: Clock;
export declare const MINUTE = 60000;
export declare const HOUR: number;
export declare const DAY: number;
export declare const SLOT: number;
/** "YYYY-MM-DD HH:MM:SS" in UTC. */
export declare function formatNaive(d: Date): string;
/** "YYYY-MM-DD" in UTC. */
export declare function formatDate(d: Date): string;
export declare const NAIVE_TIMESTAMP: RegExp;
/** Parses a naive UTC timestamp (also accepts a `T` separator and an explicit UTC suffix). */
export declare function parseNaive(text: string): Date | undefined;
/** Parses a "YYYY-MM-DD" date as midnight UTC. */
export declare function parseDate(text: string): Date | undefined;
export declare const floorTo: (d: Date, step: number) => Date;
export declare const floorSlot: (d: Date) => Date;
export declare const floorHour: (d: Date) => Date;
export declare const floorDay: (d: Date) => Date;
/** ISO-8601 UTC with `Z` and no milliseconds, the form of `generated_at`. */
export declare function formatIso(d: Date): string;
