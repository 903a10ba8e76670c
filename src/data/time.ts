/** Time helpers. Every naive timestamp in a data repository ("YYYY-MM-DD HH:MM:SS") means UTC. */

export interface Clock {
  now(): Date;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      // The listener goes when the sleep ends, so a long poll loop on one signal does not pile them up.
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const SLOT = 15 * MINUTE;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "YYYY-MM-DD HH:MM:SS" in UTC. */
export function formatNaive(d: Date): string {
  return `${formatDate(d)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** "YYYY-MM-DD" in UTC. */
export function formatDate(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export const NAIVE_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]00:?00)?$/;

/** Parses a naive UTC timestamp (also accepts a `T` separator and an explicit UTC suffix). */
export function parseNaive(text: string): Date | undefined {
  const m = NAIVE_TIMESTAMP.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  const date = new Date(ms);
  // Reject rollovers such as 2026-02-30.
  return date.getUTCDate() === Number(d) && date.getUTCHours() === Number(h) ? date : undefined;
}

/** Parses a "YYYY-MM-DD" date as midnight UTC. */
export function parseDate(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  return parseNaive(`${text} 00:00:00`);
}

export const floorTo = (d: Date, step: number) => new Date(Math.floor(d.getTime() / step) * step);
export const floorSlot = (d: Date) => floorTo(d, SLOT);
export const floorHour = (d: Date) => floorTo(d, HOUR);
export const floorDay = (d: Date) => floorTo(d, DAY);

/** ISO-8601 UTC with `Z` and no milliseconds, the form of `generated_at`. */
export function formatIso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
