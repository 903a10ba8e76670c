/**
 * A strict reader of the one request shape the fast path answers (fast-path.ts): a complete
 * HTTP/1.1 `GET` or `HEAD` of an origin-form target, CRLF line endings, visible ASCII only, a Host,
 * no body and nothing that changes how the connection is framed. Anything else, or any doubt,
 * is "not mine" (undefined) and the bytes go to node:http untouched, which answers or refuses them
 * as it always did — so this reader never has to be right about a hostile request, only to
 * recognise a plain one.
 */

export interface PlainRequest {
  head: boolean;
  /** The raw target: `/` then visible ASCII, exactly as sent. */
  target: string;
  /** Header values as node:http would hand them over (OWS trimmed); undefined when absent. */
  acceptEncoding?: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  /** The configured client-address header (a trusted proxy's), when asked for and present. */
  clientIp?: string;
  /** `Connection: close`: answer, then end the connection. */
  close: boolean;
  /** Offset just past this request in the buffer. */
  end: number;
}

/** Headers above this are left to node:http (which answers 431 past its own, larger bound). */
export const MAX_PLAIN_HEAD = 8 * 1024;

const REQUEST_LINE = /^(GET|HEAD) (\/[\x21-\x7e]*) HTTP\/1\.1$/;
// RFC 9110 token, a colon, optional whitespace, a value of visible ASCII with inner spaces/tabs.
// No CR, LF, NUL, other control bytes or obs-text anywhere: those are node:http's to judge.
const FIELD = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[\t ]*((?:[\x21-\x7e](?:[\t\x20-\x7e]*[\x21-\x7e])?)?)[\t ]*$/;

/** Headers that change framing, the protocol or the connection: never handled here. */
const FOREIGN = new Set(['content-length', 'transfer-encoding', 'expect', 'upgrade', 'te', 'trailer']);

/**
 * The plain request starting at `start` in `buf`, when it is complete and in the shape above;
 * undefined for anything else (incomplete included). `ipHeader` is lower case.
 */
export function readPlainRequest(buf: Buffer, start: number, ipHeader?: string): PlainRequest | undefined {
  const limit = Math.min(buf.length, start + MAX_PLAIN_HEAD);
  const stop = buf.indexOf('\r\n\r\n', start, 'latin1');
  if (stop < 0 || stop + 4 > limit) return undefined;
  const lines = buf.toString('latin1', start, stop).split('\r\n');
  const first = REQUEST_LINE.exec(lines[0]!);
  if (!first) return undefined;
  const request: PlainRequest = {
    head: first[1] === 'HEAD',
    target: first[2]!,
    close: false,
    end: stop + 4,
  };
  let host = false;
  let connection = false;
  for (let i = 1; i < lines.length; i++) {
    const field = FIELD.exec(lines[i]!);
    if (!field) return undefined;
    const name = field[1]!.toLowerCase();
    const value = field[2]!;
    if (FOREIGN.has(name)) return undefined;
    // A repeated header node:http would merge or pick from: left to it.
    if (name === 'host') {
      if (host || !value) return undefined;
      host = true;
    } else if (name === 'connection') {
      const v = value.toLowerCase();
      if (connection || (v !== 'keep-alive' && v !== 'close')) return undefined;
      connection = true;
      request.close = v === 'close';
    } else if (name === 'accept-encoding') {
      if (request.acceptEncoding !== undefined) return undefined;
      request.acceptEncoding = value;
    } else if (name === 'if-none-match') {
      if (request.ifNoneMatch !== undefined) return undefined;
      request.ifNoneMatch = value;
    } else if (name === 'if-modified-since') {
      if (request.ifModifiedSince !== undefined) return undefined;
      request.ifModifiedSince = value;
    } else if (name === ipHeader) {
      if (request.clientIp !== undefined) return undefined;
      request.clientIp = value;
    }
  }
  return host ? request : undefined;
}
