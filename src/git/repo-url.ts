/** `repo` may be `owner/name`, an https URL, a local path or a `file://` URL. */
import { isAbsolute, resolve } from 'node:path';

export function resolveRepoUrl(repo: string, serverUrl = 'https://github.com', cwd = process.cwd()): string {
  const value = repo.trim();
  if (/^(https?|file|ssh):\/\//.test(value) || /^[\w.-]+@[\w.-]+:/.test(value)) {
    if (/^https?:\/\/[^/]*@/.test(value)) {
      throw new Error('repo URL must not contain credentials; pass the token through the "token" input');
    }
    return value;
  }
  if (/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(value) && !value.startsWith('.')) {
    return `${serverUrl.replace(/\/$/, '')}/${value.replace(/\.git$/, '')}.git`;
  }
  if (isAbsolute(value) || value.startsWith('.')) return resolve(cwd, value);
  throw new Error(`repo "${value}" is not owner/name, a URL or a path`);
}
