/**
 * Branch names from inputs, checked before they reach git: git's `check-ref-format` rules, plus no
 * leading `-` (an option), no leading `+` (a forced refspec) and not `HEAD`.
 */

/** Why `name` is not a usable branch name, or undefined when it is. */
export function refNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (name.length > 255) return 'is longer than 255 characters';
  if (name.startsWith('-')) return 'must not start with "-"';
  if (name.startsWith('+')) return 'must not start with "+"';
  if (name === 'HEAD' || name === '@') return `must not be "${name}"`;
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) {
    return 'must not contain spaces, control characters or any of ~ ^ : ? * [ \\';
  }
  if (name.includes('..')) return 'must not contain ".."';
  if (name.includes('@{')) return 'must not contain "@{"';
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) {
    return 'must not start or end with "/" or contain "//"';
  }
  if (name.endsWith('.')) return 'must not end with "."';
  for (const part of name.split('/')) {
    if (part.startsWith('.')) return 'no part may start with "."';
    if (part.endsWith('.lock')) return 'no part may end with ".lock"';
  }
  return undefined;
}

/** Throws an error naming `what` (the input) when `name` is not a usable branch name. */
export function assertRefName(name: string, what = 'branch'): string {
  const problem = refNameProblem(name);
  if (problem)
    throw new Error(
      `${what} "${name.replace(/[\x00-\x1f\x7f]/g, '?')}" is not a valid branch name: ${problem}`,
    );
  return name;
}
