/**
 * `repo` may be `owner/name`, an http(s) URL, an ssh URL or scp-like remote without a password, a
 * local path or a `file://` URL. A credential in any spelling — userinfo in any scheme and case,
 * `git+https://`, `user:T@host:path`, `?access_token=T` — is refused, and no message quotes the value.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
const SCHEMES = ['https', 'http', 'ssh', 'file'];
const SCP = /^[\w.-]+@\w[\w.-]*:/;
const OWNER_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const MAX = 1024;

export const REPO_EXPECTED = 'owner/name, an https:// URL, a local path or a file:// URL';
const TOKEN_INPUT = 'pass the token through the "token" input';
const CREDENTIALS = `must not contain credentials (user:password@, a token as user name, ?token=): ${TOKEN_INPUT}`;
const QUERY = `must not have a ?query or #fragment: ${TOKEN_INPUT}`;

/** Why the text cannot name a repository, or undefined. Syntax only: no disk or network. */
export function repoProblem(repo: string): string | undefined {
  const value = repo.trim();
  if (!value) return 'is required';
  if (value.length > MAX) return `is longer than ${MAX} characters`;
  if (/\p{Cc}/u.test(value)) return 'must be one line without control characters';
  if (value.startsWith('-')) return `must not start with "-" (expected ${REPO_EXPECTED})`;
  const scheme = SCHEME.exec(value);
  if (scheme) {
    const rest = value.slice(scheme[0].length);
    const authority = rest.slice(0, rest.search(/[/?#\\]|$/));
    const user = authority.includes('@') ? authority.slice(0, authority.lastIndexOf('@')) : undefined;
    const kind = scheme[1]!.toLowerCase();
    // ssh names an account (git@); any other scheme's userinfo can only be a credential.
    if (user !== undefined && (kind !== 'ssh' || user.includes(':'))) return CREDENTIALS;
    if (/[?#]/.test(rest)) return QUERY;
    if (!SCHEMES.includes(kind)) return `has an unsupported scheme (expected ${REPO_EXPECTED})`;
    // URL parsers and git's curl disagree on where a host ends around \ and spaces: refuse both.
    if (/[\\\s]/.test(rest)) return `is not a valid URL (expected ${REPO_EXPECTED})`;
    try {
      new URL(value);
    } catch {
      return `is not a valid URL (expected ${REPO_EXPECTED})`;
    }
    return undefined;
  }
  if (isAbsolute(value) || value.startsWith('.')) return undefined;
  // scp-like remote (user@host:path): a colon inside the user part is a password.
  const at = value.indexOf('@');
  if (at >= 0 && at < value.search(/\/|$/)) {
    if (value.slice(0, at).includes(':')) return CREDENTIALS;
    if (/[?#]/.test(value)) return QUERY;
    if (!SCP.test(value)) return `is not ${REPO_EXPECTED}`;
    return undefined;
  }
  // Anything else is owner/name or a folder here; a folder name with @ or : is written ./name.
  if (/[@:]/.test(value)) return `is not ${REPO_EXPECTED}`;
  return undefined;
}

/** The git remote for `repo`; throws (without quoting it) when it is not one. */
export function resolveRepoUrl(repo: string, serverUrl = 'https://github.com', cwd = process.cwd()): string {
  const problem = repoProblem(repo);
  if (problem) throw new Error(`repo ${problem}`);
  const value = repo.trim();
  const scheme = SCHEME.exec(value);
  // git looks transports up by name, case-sensitively: HTTPS:// → https://.
  if (scheme) return `${scheme[1]!.toLowerCase()}://${value.slice(scheme[0].length)}`;
  if (SCP.test(value)) return value;
  // A folder that exists here is a local repository, even when its name looks like owner/name.
  if (isAbsolute(value) || value.startsWith('.') || existsSync(resolve(cwd, value)))
    return resolve(cwd, value);
  if (OWNER_NAME.test(value)) return `${serverUrl.replace(/\/$/, '')}/${value.replace(/\.git$/, '')}.git`;
  throw new Error(`repo is not ${REPO_EXPECTED}`);
}
