/**
 * Redaction by construction: `redactUrl` turns any URL (any scheme, any case, scp-like git remotes
 * too) into a form safe to show, and `redact` does it to every URL in a text and replaces every
 * registered secret value. Every line the runtime prints goes through a `Redactor`.
 */

/** Query (or fragment) parameter names that carry a credential: token, api_key, X-Amz-Signature, … */
export const SECRET_PARAM = /token|key|secret|passw|pwd|auth|signature|sig$|credential|session|bearer/i;

const MASK = '***';

/** `scheme://`, any case: https, HTTPS, git+https, ssh, file, ws, … */
const SCHEME = /^([a-z][a-z0-9+.-]*:\/\/)/i;

/** A secret parameter's value in a `?a=b&c=d` (or `#…`) part becomes `***`. */
function redactParams(part: string): string {
  return part.replace(/([?#&;])([^=&;#]*)=([^&;#]*)/g, (whole, sep: string, name: string) => {
    let decoded = name;
    try {
      decoded = decodeURIComponent(name.replace(/\+/g, ' '));
    } catch {
      // A malformed escape: judge the raw name.
    }
    return SECRET_PARAM.test(decoded) ? `${sep}${name}=${MASK}` : whole;
  });
}

/**
 * The URL with its userinfo replaced by `***` and the values of secret-named parameters masked.
 * Works on the text itself (no normalisation), so it also handles what `new URL` refuses.
 */
export function redactUrl(url: string): string {
  const scheme = SCHEME.exec(url);
  if (scheme) {
    const rest = url.slice(scheme[1]!.length);
    // The authority ends at the first / ? # (or \, which WHATWG parsers treat as /); its last @ ends the userinfo.
    const end = rest.search(/[/?#\\]/);
    const authority = end < 0 ? rest : rest.slice(0, end);
    const at = authority.lastIndexOf('@');
    const host = at < 0 ? authority : `${MASK}@${authority.slice(at + 1)}`;
    return scheme[1] + host + redactParams(end < 0 ? '' : rest.slice(end));
  }
  // scp-like git remote: user:password@host:path.
  const scp = /^([^\s@/:]+):([^\s@/]+)@([^\s@/:]+:)/.exec(url);
  if (scp) return `${MASK}@${scp[3]}${redactParams(url.slice(scp[0].length))}`;
  return redactParams(url);
}

/** URLs with a scheme, and scp-like remotes holding a password, as they appear inside free text. */
const URL_IN_TEXT =
  /[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+|(?<![\w.:@/-])[\w.-]+:[^\s@/"'`]+@[\w.-]+:[^\s"'<>`]*/gi;

/** Every secret value replaced by `***` (in the order given), then every URL in the text redacted. */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join(MASK);
  return out.replace(URL_IN_TEXT, (u) => redactUrl(u));
}

/** The secrets of one run (inputs marked secret, values a command masks), applied to every line printed. */
export class Redactor {
  /** Longest first, so a secret that contains another is masked whole. */
  private secrets: string[] = [];

  add(value: string): void {
    const forms = [encodeURIComponent(value), Buffer.from(`x-access-token:${value}`).toString('base64')];
    // Very short values would mask innocent text everywhere; nobody's token is that short.
    if (value.length >= 4) forms.push(value);
    const all = new Set([...this.secrets, ...forms.filter((f) => f.length >= 4)]);
    this.secrets = [...all].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    return redact(text, this.secrets);
  }
}
