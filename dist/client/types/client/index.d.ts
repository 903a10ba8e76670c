/**
 * StakTrakr browser client: the query API when an endpoint offers it (`client.mode === 'enhanced'`),
 * endpoint racing over the static files always, freshest-endpoint selection for retail.
 */
export { parseNaive as parseUtc } from '../data/time.js';
export { type ClientOptions, type CoinData, type CurrentSpot, createClient, type HourlyResult, type Mode, type PricesQuery, type RetailManifest, type SpotSeries, StakTrakrClient, } from './client.js';
export { AllEndpointsFailed, type Failure } from './race.js';
export { type CoinHistory, type CoinLatest, type Manifest, type ManifestCoin, METALS, type Metal, type PricesResponse, type SpotPrice, } from './schemas.js';
