/**
 * Crash-safe file writes: temp file in the same directory, fsync, rename, fsync the directory.
 * A crash at any instant leaves the old file or the new one, never a torn or empty one.
 *
 * The tree of a data repository is data, never instructions (DESIGN §2.3 invariant 8): every read
 * and write here refuses a symbolic link anywhere between the checkout root and the file, so a link
 * committed into the repository (`data/15min/2026/12 -> /somewhere`) can neither send a write
 * outside the checkout nor bring outside bytes in. The checkout root is the `root` a caller passes,
 * else the shallowest ancestor holding `.git`; outside any checkout only what lies below the deepest
 * existing folder (the file, folders this call creates) is checked.
 */
import { closeSync, constants, openSync, readFileSync, realpathSync } from 'node:fs';
import { lstat, mkdir, open, readdir, readlink, realpath, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

/** Temp files are dotfiles: the server never serves them and `git add` skips them (see git/workspace.ts). */
export const TEMP_PREFIX = '.staktrakr-tmp-';

/** A symbolic link met at a data path; `path` is relative to the checkout root. */
export class SymlinkError extends Error {
  constructor(
    readonly path: string,
    target: string,
  ) {
    super(
      `${path} is a symbolic link (to ${target}): a data repository holds files and folders only, ` +
        'so nothing is read or written through it; remove the link from the repository',
    );
    this.name = 'SymlinkError';
  }
}

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/** The shallowest ancestor of `path` holding `.git` (a checkout or a worktree), if any. */
async function checkoutRoot(path: string): Promise<string | undefined> {
  const parts = resolve(path).split(sep);
  for (let i = 1; i < parts.length; i++) {
    const dir = parts.slice(0, i).join(sep) || sep;
    try {
      await lstat(join(dir, '.git'));
      return dir;
    } catch (err) {
      if (!isMissing(err) && (err as NodeJS.ErrnoException).code !== 'ENOTDIR') throw err;
    }
  }
  return undefined;
}

/**
 * Walks `path` from the checkout root down with lstat and throws SymlinkError at the first link.
 * With `makeDirs`, missing folders on the way are created one by one (never through a link).
 * Returns whether `path` exists.
 */
async function walkNoLinks(path: string, root: string | undefined, makeDirs: boolean): Promise<boolean> {
  const full = resolve(path);
  const base = root === undefined ? await checkoutRoot(full) : resolve(root);
  const inside = base !== undefined && (full === base || full.startsWith(base + sep));
  if (base !== undefined && !inside && root !== undefined)
    throw new Error(`${full} is outside the checkout ${base}`);
  // Outside a checkout: from the deepest folder that exists (what lies above it is not ours to judge).
  let start = inside ? base! : dirname(full);
  while (
    !inside &&
    start !== dirname(start) &&
    !(await lstat(start).then(
      () => true,
      (e) => !isMissing(e),
    ))
  )
    start = dirname(start);
  const rel = relative(start, full);
  const parts = rel === '' ? [] : rel.split(sep);
  let current = start;
  for (let i = 0; i < parts.length; i++) {
    current = join(current, parts[i]!);
    const last = i === parts.length - 1;
    try {
      const st = await lstat(current);
      if (st.isSymbolicLink()) {
        const shown = relative(start, current).split(sep).join('/');
        throw new SymlinkError(shown, await readlink(current).catch(() => '?'));
      }
    } catch (err) {
      if (!isMissing(err)) throw err;
      if (last || !makeDirs) return false;
      // A missing name is no link; its parent was checked, so this creates inside the checkout.
      await mkdir(current).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'EEXIST') throw e;
      });
    }
  }
  return true;
}

/** Real paths of checkout roots: a hint only (a mismatch below falls back to the walk); few per process. */
const realRoots = new Map<string, string>();

/**
 * Whether `folder` is reached from `root` through no link, in one realpath call instead of an lstat
 * per name: its real path is the root's real path joined with the same names only if no name on the
 * way is a link (a link to itself would be a loop). False means "not shown": the caller walks.
 */
async function reachedWithoutLinks(folder: string, root: string): Promise<boolean> {
  const [full, base] = [resolve(folder), resolve(root)];
  if (full !== base && !full.startsWith(base + sep)) return false;
  try {
    let realBase = realRoots.get(base);
    if (realBase === undefined) {
      realBase = await realpath(base);
      if (realRoots.size >= 64) realRoots.clear();
      realRoots.set(base, realBase);
    }
    return (await realpath(full)) === join(realBase, relative(base, full));
  } catch {
    return false;
  }
}

/**
 * Random hex digits for temporary names and lock nonces: unique, not secret. (Loading node:crypto
 * for them cost every short run about 3 ms.)
 */
export const randomHex = (digits: number): string =>
  Array.from({ length: digits }, () => ((Math.random() * 16) | 0).toString(16)).join('');

export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  root?: string,
): Promise<void> {
  await walkNoLinks(path, root, true);
  const dir = dirname(path);
  const temp = join(dir, `${TEMP_PREFIX}${basename(path)}-${process.pid}-${randomHex(8)}`);
  // O_EXCL never follows a link at the temp name; rename replaces a name, it never writes through it.
  const handle = await open(
    temp,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
  );
  try {
    await handle.writeFile(content);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  await syncDir(dir);
}

/** Creates `path` only if it does not exist yet. Returns false (and writes nothing) when it does. */
export async function createFileAtomic(
  path: string,
  content: string | Uint8Array,
  root?: string,
): Promise<boolean> {
  if (await exists(path, root)) return false;
  await writeFileAtomic(path, content, root);
  return true;
}

async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some filesystems refuse fsync on directories; the rename is still atomic.
  }
}

export async function exists(path: string, root?: string): Promise<boolean> {
  return walkNoLinks(path, root, false);
}

/** Reads a file as UTF-8 (never through a link), or undefined when it does not exist. */
export async function readTextIfExists(path: string, root?: string): Promise<string | undefined> {
  // The common case in one call: the folder is reached without a link, and O_NOFOLLOW refuses a
  // linked file (then the walk names the link).
  const folderClear = root !== undefined && (await reachedWithoutLinks(dirname(path), root));
  if (!folderClear && !(await walkNoLinks(path, root, false))) return undefined;
  try {
    const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      return await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (isMissing(err)) return undefined;
    if ((err as NodeJS.ErrnoException).code === 'ELOOP') await walkNoLinks(path, root, false);
    throw err;
  }
}

/**
 * `readTextIfExists` for a pass over many small files (a poll reads days of spot slot files): the
 * usual case — the folder reached without a link, the file no link — is checked and read with
 * synchronous calls, each a few microseconds on a cached file where an asynchronous one waits its
 * turn in the thread pool. Anything else (a missing folder, a link) takes `readTextIfExists`.
 */
export async function readSmallTextIfExists(path: string, root: string): Promise<string | undefined> {
  const [folder, base] = [resolve(dirname(path)), resolve(root)];
  let clear = false;
  if (folder === base || folder.startsWith(base + sep)) {
    try {
      let realBase = realRoots.get(base);
      if (realBase === undefined) {
        realBase = realpathSync.native(base);
        if (realRoots.size >= 64) realRoots.clear();
        realRoots.set(base, realBase);
      }
      clear = realpathSync.native(folder) === join(realBase, relative(base, folder));
    } catch {
      clear = false;
    }
  }
  if (!clear) return readTextIfExists(path, root);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    if (isMissing(err)) return undefined;
    return readTextIfExists(path, root); // a link: the walk names it
  }
  try {
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/** Names in a folder (never through a link; a link inside is refused by name), or [] when it does not exist. */
export async function readDirNames(path: string, root?: string): Promise<string[]> {
  const clear = root !== undefined && (await reachedWithoutLinks(path, root));
  if (!clear && !(await walkNoLinks(path, root, false))) return [];
  try {
    const entries = await readdir(path, { withFileTypes: true });
    for (const e of entries) if (e.isSymbolicLink()) await walkNoLinks(join(path, e.name), root, false);
    return entries.map((e) => e.name);
  } catch (err) {
    if (isMissing(err)) return [];
    throw err;
  }
}
