/**
 * Headers every answer carries, errors and 304s included: CORS for the app, `nosniff` so a
 * browser never guesses an active type, and a CSP that forbids everything (data and API answers
 * are never documents). `/status` replaces the CSP with its own self-only policy.
 */
export const CORS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Cache-Control, If-None-Match, If-Modified-Since',
  'Access-Control-Expose-Headers': 'ETag, Last-Modified, Retry-After',
} as const;

export const DATA_CSP = "default-src 'none'; frame-ancestors 'none'";

export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  ...CORS,
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': DATA_CSP,
};

/** The common headers as `writeHead`'s flat [name, value, …] form. */
export const COMMON_FLAT: readonly string[] = Object.entries(COMMON_HEADERS).flat();

/** A complete raw HTTP/1.1 answer for sockets that never became a request (CONNECT, parse errors). */
export function rawAnswer(status: number, reason: string, text: string, extra: Record<string, string> = {}) {
  const body = `${text}\n`;
  const headers = {
    ...COMMON_HEADERS,
    ...extra,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    Connection: 'close',
  };
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return `HTTP/1.1 ${status} ${reason}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}
