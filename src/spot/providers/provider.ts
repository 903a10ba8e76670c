/** What a spot price source offers. Every call counts against `calls` (the upstream quota). */
import type { Metal } from '../../data/spot.js';

export type Prices = Partial<Record<Metal, number>>;

export interface Quote {
  prices: Prices;
  /** When the upstream says the rates were taken. */
  at: Date;
  /** Units of each currency per 1 USD, for currencies asked for. */
  fx: Record<string, number>;
}

export interface DatedPrices {
  /** `YYYY-MM-DD` for daily rates. */
  date: string;
  prices: Prices;
}

export interface TimedPrices {
  at: Date;
  prices: Prices;
}

export interface SpotProvider {
  readonly id: string;
  /** Written as `provider` in every entry. */
  readonly displayName: string;
  latest(fxCurrencies: readonly string[]): Promise<Quote>;
  /** Daily rates for [start, end] (inclusive dates), at most 365 days. */
  timeframe(start: string, end: string): Promise<DatedPrices[]>;
  /** Hourly rates in [start, end), when the plan allows; throws ProviderError('plan') otherwise. */
  hourly?(start: Date, end: Date): Promise<TimedPrices[]>;
  /** Remaining calls this period, when the upstream tells. */
  usage?(): Promise<number | undefined>;
  readonly calls: number;
}

/** Why a provider call failed: the kinds that retrying cannot fix are named so the user can act. */
export type ProviderErrorKind = 'auth' | 'quota' | 'plan' | 'unavailable' | 'malformed';

export class ProviderError extends Error {
  constructor(
    readonly provider: string,
    readonly kind: ProviderErrorKind,
    message: string,
  ) {
    super(`${provider}: ${message}`);
    this.name = 'ProviderError';
  }

  get fatal(): boolean {
    return this.kind === 'auth' || this.kind === 'quota';
  }
}

export const MAX_TIMEFRAME_DAYS = 365;
