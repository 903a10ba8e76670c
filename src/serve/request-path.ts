/**
 * Turns a request target into a safe path relative to the served root, or a 4xx answer.
 * The original server died on a malformed `%` and served `/.git/config`; here every hostile form
 * (bad escapes, encoded or double-encoded traversal, backslashes, NUL and control bytes, dotfiles)
 * is refused before the filesystem is touched. Symlinks are checked later, on the real path.
 */

export type RequestPath = { ok: true; path: string } | { ok: false; status: 400 | 404; reason: string };

const bad = (reason: string): RequestPath => ({ ok: false, status: 400, reason });

// Control bytes, DEL, backslash: never part of a legitimate data path, raw or decoded.
const FORBIDDEN = /[\u0000-\u001f\u007f\\]/;

/** `target` is the request line's target (`req.url`); the query string is ignored. */
export function resolveRequestPath(target: string): RequestPath {
  const raw = target.split('?', 1)[0]!.split('#', 1)[0]!;
  if (!raw.startsWith('/')) return bad('path must start with "/"');
  if (FORBIDDEN.test(raw)) return bad('path holds a backslash or a control byte');
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return bad('malformed percent-escape');
  }
  if (FORBIDDEN.test(decoded)) return bad('path holds an encoded backslash or control byte');
  // No data file name holds '%': one left after decoding means a double-encoded path.
  if (decoded.includes('%')) return bad('double-encoded path');
  if (decoded === '/') return { ok: true, path: '/' };
  const segments = decoded.slice(1).split('/');
  const last = segments.length - 1;
  for (const [i, segment] of segments.entries()) {
    if (segment === '.' || segment === '..') return bad('path traversal');
    // A trailing slash names a directory, which is never listed: 404 below, not 400.
    if (segment === '' && i !== last) return bad('empty path segment');
    if (segment.startsWith('.')) return { ok: false, status: 404, reason: 'dotfiles are never served' };
  }
  return { ok: true, path: decoded };
}
