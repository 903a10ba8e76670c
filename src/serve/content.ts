/**
 * Content types and `Accept-Encoding` negotiation for the static files. Only inert formats are
 * served inline (JSON and plain text): the data tree is untrusted content on the same origin as
 * `/status`, so an `.html`, `.svg` or `.js` file pushed into it must never run in a browser. Any
 * other file is sent as an `application/octet-stream` download (`Content-Disposition: attachment`)
 * — still fetchable by scripts and mirrors, never rendered.
 */
import { extname } from 'node:path';

export interface FileType {
  type: string;
  /** Sent as a download, never rendered. */
  attachment: boolean;
  compressible: boolean;
}

const INLINE: Record<string, string> = {
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

const DOWNLOAD: FileType = { type: 'application/octet-stream', attachment: true, compressible: false };

export function fileType(path: string): FileType {
  const type = INLINE[extname(path).toLowerCase()];
  return type ? { type, attachment: false, compressible: true } : DOWNLOAD;
}

export type Encoding = 'br' | 'gzip' | 'identity';

/**
 * The best encoding the client accepts (RFC 9110 §12.5.3): brotli over gzip, honouring `q=0`
 * and `*`. Anything unparseable counts as not accepted.
 */
export function negotiateEncoding(header: string | undefined): Encoding {
  if (!header) return 'identity';
  // Clients send a handful of distinct headers: each is parsed once (bounded: the first few kept).
  let encoding = seen.get(header);
  if (encoding === undefined) {
    encoding = parseAcceptEncoding(header);
    if (seen.size < MAX_SEEN && header.length <= 200) seen.set(header, encoding);
  }
  return encoding;
}

const MAX_SEEN = 64;
const seen = new Map<string, Encoding>();

function parseAcceptEncoding(header: string): Encoding {
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    let weight = 1;
    for (const p of params) {
      const m = /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p);
      if (m) weight = Number(m[1]);
    }
    q.set(name.trim(), weight);
  }
  const accepted = (enc: string) => (q.get(enc) ?? q.get('*') ?? 0) > 0;
  if (accepted('br')) return 'br';
  if (accepted('gzip')) return 'gzip';
  return 'identity';
}
