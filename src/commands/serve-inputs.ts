/** serve's inputs, also read by the daemon, which starts serve in a child process when SERVE=1. */
import { availableParallelism } from 'node:os';
import * as z from '../data/zod.js';
import {
  baseUrls,
  headerName,
  type InputSpecs,
  identifier,
  integer,
  path,
  secretInput,
} from '../runtime/inputs.js';
import { accessLogMode } from '../serve/access-log.js';
import { SERVE_DEFAULTS } from '../serve/server.js';

const WORKERS = 'expected auto (one per CPU) or a number of processes, 1 to 256';
const workers = z.pipe(
  z.string().check(z.trim(), z.regex(/^(auto|\d{1,3})$/, WORKERS)),
  z
    .transform((s: string) => (s === 'auto' ? availableParallelism() : Number(s)))
    .check(z.refine((n) => n >= 1 && n <= 256, WORKERS)),
);
const seconds = (description: string, max: number, dflt: string) => ({
  description,
  default: dflt,
  schema: integer(0, max),
});

export const serveInputs = {
  dir: { description: 'The data checkout to serve.', env: ['API_EXPORT_DIR'], default: '.', schema: path() },
  host: { description: 'Address to listen on.', default: SERVE_DEFAULTS.host, schema: identifier(255) },
  port: { description: 'Port to listen on.', env: ['PORT'], default: '8080', schema: integer(0, 65535) },
  'cache-control': {
    description: 'Cache-Control header of data files.',
    default: SERVE_DEFAULTS.cacheControl,
    schema: identifier(200),
  },
  'rate-limit': {
    description: 'Requests per minute per client on /api/*.',
    env: ['RATE_LIMIT'],
    default: String(SERVE_DEFAULTS.rateLimitPerMinute),
    schema: integer(1, 1_000_000),
  },
  follow: seconds('Fetch and fast-forward the checkout every this many seconds (0: off).', 86_400, '0'),
  'spot-max-age': seconds(
    '/health is 503 when the newest spot entry is older (seconds; 0: no check).',
    10_000_000,
    '7200',
  ),
  'manifest-max-age': seconds(
    '/health is 503 when manifest.generated_at is older (seconds; 0: no check).',
    10_000_000,
    '7200',
  ),
  'client-ip-header': {
    description: 'Header with the client address set by a trusted proxy (e.g. fly-client-ip).',
    schema: z.optional(headerName()),
  },
  'status-endpoints': {
    description: 'Other endpoints (base URLs, comma- or newline-separated) whose freshness /status shows.',
    schema: baseUrls(),
  },
  workers: {
    description:
      'Server processes sharing the port: auto (one per CPU) or a number; 1 serves in this process.',
    env: ['WEB_CONCURRENCY'],
    default: 'auto',
    schema: workers,
  },
  'access-log': {
    description:
      'Access log: on, off, or sample:N (one request in N). Lines are written in 4 KiB chunks without blocking serving; when the output falls behind by 1 MiB, lines are dropped and counted.',
    env: ['ACCESS_LOG'],
    default: 'on',
    schema: accessLogMode,
  },
  token: secretInput(
    'Token for fetching a private remote when following (never written anywhere).',
    'GITHUB_TOKEN',
  ),
} satisfies InputSpecs;
