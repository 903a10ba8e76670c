/** `repo` may be `owner/name`, an https URL, a local path or a `file://` URL. */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

export function resolveRepoUrl(repo: string, serverUrl = 'https://github.com', cwd = process.cwd()): string {
  const value = repo.trim();
  if (/^(https?|file|ssh):\/\//.test(value) || /^[\w.-]+@[\w.-]+:/.test(value)) {
    if (/^https?:\/\/[^/]*@/.test(value)) {
      throw new Error('repo URL must not contain credentials; pass the token through the "token" input');
    }
    return value;
  }
  // A folder that exists here is a local repository, even when its name looks like owner/name.
  if (isAbsolute(value) || value.startsWith('.') || existsSync(resolve(cwd, value)))
    return resolve(cwd, value);
  if (/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(value)) {
    return `${serverUrl.replace(/\/$/, '')}/${value.replace(/\.git$/, '')}.git`;
  }
  throw new Error(`repo "${value}" is not owner/name, a URL or a path`);
}
