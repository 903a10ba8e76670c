/** StakTrakr browser client: endpoint racing for spot, freshest-endpoint selection for retail. */
export { parseNaive as parseUtc } from '../data/time.js';
export { type ClientOptions, type CoinData, type CurrentSpot, createClient, type HourlyResult, type PricesQuery, StakTrakrClient, } from './client.js';
export { AllEndpointsFailed, type Failure } from './race.js';
export { type CoinHistory, type CoinLatest, METALS, type Metal, type PricesResponse, type SpotPrice, } from './schemas.js';
