/** What a spot price source offers. Every call counts against `calls` (the upstream quota). */
import type { Prices, Spreads } from '../../data/spot.js';
import type { RetryInfo } from '../../http/fetch.js';

export type { Prices };

export interface Quote {
  prices: Prices;
  /** When the upstream says the rates were taken. */
  at: Date;
  /** Units of each currency per 1 USD, for currencies asked for. */
  fx: Record<string, number>;
  /** Bid/ask per metal, when the provider's answer has them. */
  spreads?: Spreads;
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

/** Per call: the run's deadline (its share for this phase) as an abort signal, and who allows retries. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Asked before each retry (each one is charged): the run's budget and deadline decide. */
  retry?: (info: RetryInfo) => boolean;
}

/**
 * How an hourly range is asked for: Unix `start`/`end` (only the hours needed), or the older
 * `start_date`/`end_date` form (whole days) that some plans and API versions still serve.
 */
export type HourlyForm = 'unix' | 'dates';

export interface Usage {
  /** Calls left this period. */
  remaining: number;
  /** The plan's calls per period, when told. */
  total?: number;
}

export interface SpotProvider {
  readonly id: string;
  /** Written as `provider` in every entry. */
  readonly displayName: string;
  latest(fxCurrencies: readonly string[], o?: CallOptions): Promise<Quote>;
  /** Daily rates for [start, end] (inclusive dates), at most 365 days. One call. */
  timeframe(start: string, end: string, o?: CallOptions): Promise<DatedPrices[]>;
  /** Hourly rates in [start, end), when the plan allows; throws ProviderError('plan') otherwise. */
  hourly?(start: Date, end: Date, form: HourlyForm, o?: CallOptions): Promise<TimedPrices[]>;
  /** Upstream calls one `hourly` costs (MetalPriceAPI: one per metal). */
  readonly hourlyCost?: number;
  /** This period's quota, when the upstream tells; costs no quota. */
  usage?(o?: CallOptions): Promise<Usage | undefined>;
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
