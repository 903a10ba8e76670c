import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import {
  TEMP_PREFIX,
  git
} from "./chunk-CK63WHET.js";

// src/git/credentials.ts
function credentialEnv(remoteUrl, token) {
  if (!token || !/^https?:\/\//.test(remoteUrl)) return {};
  const origin = new URL(remoteUrl);
  const scope = `${origin.protocol}//${origin.host}/`;
  const basic = Buffer.from(`x-access-token:${token}`).toString("base64");
  return {
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: `http.${scope}.extraheader`,
    GIT_CONFIG_VALUE_0: `AUTHORIZATION: basic ${basic}`
  };
}

// src/git/workspace.ts
import { mkdtemp, readdir, rm as rm2 } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join as join2, resolve as resolve2 } from "node:path";

// src/git/lock.ts
import { link, open, readFile, rename, rm } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
var lockPath = (gitDir) => join(gitDir, "staktrakr.lock");
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}
var LockBusyError = class extends Error {
  constructor(holder) {
    super(
      holder ? `working clone is locked by pid ${holder.pid} on ${holder.host} (${holder.purpose}, since ${holder.since})` : "working clone is locked by another process"
    );
    this.holder = holder;
    this.name = "LockBusyError";
  }
  holder;
};
async function acquireLock(gitDir, purpose, clock, waitMs = 0) {
  const path = lockPath(gitDir);
  const deadline = clock.now().getTime() + waitMs;
  let recoveredStale = false;
  for (; ; ) {
    try {
      const handle = await open(path, "wx");
      const info = {
        pid: process.pid,
        host: hostname(),
        since: clock.now().toISOString(),
        purpose
      };
      await handle.writeFile(JSON.stringify(info));
      await handle.close();
      return { recoveredStale, release: () => rm(path, { force: true }) };
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
    }
    const seen = await readFile(path, "utf8").catch(() => void 0);
    if (seen === void 0) continue;
    const holder = parseLock(seen);
    if (!holder || holder.host === hostname() && !alive(holder.pid)) {
      await clearStale(path, seen);
      recoveredStale = true;
      continue;
    }
    if (clock.now().getTime() >= deadline) throw new LockBusyError(holder);
    await clock.sleep(200);
  }
}
function parseLock(text) {
  try {
    const info = JSON.parse(text);
    return typeof info.pid === "number" ? info : void 0;
  } catch {
    return void 0;
  }
}
async function clearStale(path, seen) {
  const aside = `${path}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await rename(path, aside);
  } catch {
    return;
  }
  const moved = await readFile(aside, "utf8").catch(() => void 0);
  if (moved !== seen) await link(aside, path).catch(() => void 0);
  await rm(aside, { force: true });
}

// src/git/repo-url.ts
import { existsSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
function resolveRepoUrl(repo, serverUrl = "https://github.com", cwd = process.cwd()) {
  const value = repo.trim();
  if (/^(https?|file|ssh):\/\//.test(value) || /^[\w.-]+@[\w.-]+:/.test(value)) {
    if (/^https?:\/\/[^/]*@/.test(value)) {
      throw new Error('repo URL must not contain credentials; pass the token through the "token" input');
    }
    return value;
  }
  if (isAbsolute(value) || value.startsWith(".") || existsSync(resolve(cwd, value)))
    return resolve(cwd, value);
  if (/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(value)) {
    return `${serverUrl.replace(/\/$/, "")}/${value.replace(/\.git$/, "")}.git`;
  }
  throw new Error(`repo "${value}" is not owner/name, a URL or a path`);
}

// src/git/workspace.ts
async function openWorkspace(o) {
  const remoteUrl = resolveRepoUrl(o.repo, o.serverUrl);
  const temporary = !o.workdir;
  const dir = o.workdir ? resolve2(o.workdir) : await mkdtemp(join2(tmpdir(), "staktrakr-"));
  const env = {
    ...credentialEnv(remoteUrl, o.token),
    GIT_AUTHOR_NAME: `staktrakr (${o.pollerId})`,
    GIT_AUTHOR_EMAIL: "staktrakr-bot@users.noreply.github.com",
    GIT_COMMITTER_NAME: `staktrakr (${o.pollerId})`,
    GIT_COMMITTER_EMAIL: "staktrakr-bot@users.noreply.github.com"
  };
  const run = (args, options = {}) => git(args, { ...options, cwd: dir, env });
  const fresh = await ensureClone(dir, remoteUrl, run, o);
  const lock = await acquireLock(join2(dir, ".git"), o.purpose, o.clock, o.lockWaitMs ?? 0);
  const ws = {
    dir,
    branch: o.branch,
    remoteUrl,
    pollerId: o.pollerId,
    git: run,
    head: async () => {
      const r = await run(["rev-parse", "--verify", "-q", "HEAD"], { okCodes: [1] });
      return r.code === 0 ? r.stdout.trim() : void 0;
    },
    remoteHead: async () => {
      const r = await run(["rev-parse", "--verify", "-q", `refs/remotes/origin/${o.branch}`], {
        okCodes: [1]
      });
      return r.code === 0 ? r.stdout.trim() : void 0;
    },
    fetch: async () => {
      const refspec = `+refs/heads/${o.branch}:refs/remotes/origin/${o.branch}`;
      const r = await run(["fetch", "--quiet", "--no-tags", "origin", refspec], { okCodes: [128] });
      if (r.code === 128) {
        if (/couldn't find remote ref|does not appear to be|no such ref/i.test(r.stderr)) return void 0;
        throw new Error(`git fetch from ${safeRemote(remoteUrl)} failed: ${r.stderr.trim()}`);
      }
      return ws.remoteHead();
    },
    release: async () => {
      await lock.release();
      if (temporary) await rm2(dir, { recursive: true, force: true });
    }
  };
  try {
    if (!fresh) await recover(ws, lock.recoveredStale, o);
    await levelWithRemote(ws, o, fresh);
  } catch (err) {
    await ws.release();
    throw err;
  }
  return ws;
}
function safeRemote(url) {
  return url.replace(/\/\/[^@/]*@/, "//");
}
async function ensureClone(dir, remoteUrl, run, o) {
  const entries = await readdir(dir).catch(() => void 0);
  if (entries?.includes(".git")) {
    const origin = await run(["config", "--get", "remote.origin.url"], { okCodes: [1] });
    if (origin.stdout.trim() !== remoteUrl) {
      throw new Error(
        `workdir ${dir} is a clone of ${safeRemote(origin.stdout.trim()) || "nothing"}, not ${safeRemote(remoteUrl)}; use another workdir`
      );
    }
    return false;
  }
  if (entries && entries.length > 0) {
    throw new Error(`workdir ${dir} exists, is not empty and is not a git clone`);
  }
  o.log(`Cloning ${safeRemote(remoteUrl)} (${o.branch}) into ${dir}`);
  const cloned = await git(["clone", "--quiet", "--no-checkout", "--origin", "origin", remoteUrl, dir], {
    cwd: tmpdir(),
    env: credentialEnv(remoteUrl, o.token),
    okCodes: [128]
  });
  if (cloned.code !== 0) throw new Error(`cannot clone ${safeRemote(remoteUrl)}: ${cloned.stderr.trim()}`);
  return true;
}
async function recover(ws, staleLock, o) {
  if (staleLock) {
    o.warn("A previous run on this clone was interrupted; recovering its working tree.");
    await rm2(join2(ws.dir, ".git", "index.lock"), { force: true });
    const entries = await readdir(join2(ws.dir, "data"), { recursive: true }).catch(() => []);
    for (const rel of entries) {
      if (basename(rel).startsWith(TEMP_PREFIX)) await rm2(join2(ws.dir, "data", rel), { force: true });
    }
  }
  const head = await ws.head();
  if (!head) return;
  const status = await ws.git(["status", "--porcelain", "-uall", "-z"]);
  const paths = status.stdout.split("\0").filter(Boolean).map((l) => l.slice(3));
  const real = paths.filter((p) => p.startsWith("data/"));
  if (real.length === 0) return;
  await ws.git(["add", "-A", "--", ...real]);
  await ws.git([
    "commit",
    "--quiet",
    "-m",
    `recover(${o.pollerId}): ${real.length} file(s) left uncommitted by an interrupted run`
  ]);
  o.warn(`Committed ${real.length} file(s) an interrupted run left uncommitted.`);
}
async function levelWithRemote(ws, o, fresh) {
  const remote = await ws.fetch();
  const local = fresh ? void 0 : await ws.head();
  if (!remote) {
    if (!local) await ws.git(["symbolic-ref", "HEAD", `refs/heads/${o.branch}`]);
    return;
  }
  if (!local) {
    await ws.git(["checkout", "--quiet", "-B", o.branch, remote]);
    return;
  }
  const current = (await ws.git(["symbolic-ref", "--short", "-q", "HEAD"], { okCodes: [1] })).stdout.trim();
  if (current !== o.branch) {
    throw new Error(
      `workdir ${ws.dir} has ${current || "a detached HEAD"} checked out, expected branch ${o.branch}`
    );
  }
  if (local === remote) return;
  const isAncestor = async (a, b) => (await ws.git(["merge-base", "--is-ancestor", a, b], { okCodes: [1] })).code === 0;
  if (await isAncestor(local, remote)) {
    await ws.git(["merge", "--quiet", "--ff-only", remote]);
  } else if (!await isAncestor(remote, local)) {
    const backup = await keepBackup(ws, o.clock);
    o.warn(`Local commits that never reached the remote diverged from it; kept as ${backup}.`);
    await ws.git(["checkout", "--quiet", "-B", o.branch, remote]);
  }
}
async function keepBackup(ws, clock) {
  const ref = `refs/staktrakr/backup/${clock.now().toISOString().replace(/[:.]/g, "-")}`;
  await ws.git(["update-ref", ref, "HEAD"]);
  return ref;
}

export {
  credentialEnv,
  LockBusyError,
  acquireLock,
  resolveRepoUrl,
  openWorkspace,
  safeRemote,
  keepBackup
};
