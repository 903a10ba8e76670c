import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import {
  GitTimeoutError,
  TEMP_PREFIX,
  currentAbortSignal,
  git,
  parseJson,
  parseNaive,
  redact,
  resolveRepoUrl
} from "./chunk-CQKT3FJX.js";

// src/git/objects.ts
var EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
var ZERO_OID = "0000000000000000000000000000000000000000";
async function resolveObject(run, spec) {
  const r = await run(["rev-parse", "--verify", "-q", spec], { okCodes: [1, 128] });
  return r.code === 0 ? r.stdout.trim() : void 0;
}
async function diffTrees(run, a, b) {
  const out = (await run(["diff-tree", "-r", "-z", "--no-renames", "--no-abbrev", a, b])).stdout;
  const fields = out.split("\0");
  const diffs = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const [modeA, modeB, oidA, oidB] = fields[i].slice(1).split(" ");
    const path = fields[i + 1];
    diffs.push({
      path,
      a: oidA === ZERO_OID ? void 0 : { mode: modeA, oid: oidA },
      b: oidB === ZERO_OID ? void 0 : { mode: modeB, oid: oidB }
    });
  }
  return diffs;
}
async function listTree(run, tree) {
  if (!tree) return [];
  const out = (await run(["ls-tree", "-z", tree])).stdout;
  return out.split("\0").filter(Boolean).map((line) => {
    const tab = line.indexOf("	");
    const [mode, type, oid] = line.slice(0, tab).split(" ");
    return { mode, type, oid, name: line.slice(tab + 1) };
  });
}
async function listBlobsRecursive(run, tree) {
  if (!tree) return [];
  const out = (await run(["ls-tree", "-r", "-z", tree])).stdout;
  return out.split("\0").filter(Boolean).map((line) => {
    const tab = line.indexOf("	");
    const [mode, , oid] = line.slice(0, tab).split(" ");
    return { path: line.slice(tab + 1), mode, oid };
  });
}
async function makeTree(run, entries) {
  const sorted = [...entries].sort((x, y) => x.name < y.name ? -1 : x.name > y.name ? 1 : 0);
  const input = sorted.map((e) => `${e.mode} ${e.type} ${e.oid}	${e.name}\0`).join("");
  return (await run(["mktree", "-z", "--missing"], { input })).stdout.trim();
}
async function hashFiles(run, files) {
  if (files.length === 0) return [];
  const out = await run(["hash-object", "-w", "--no-filters", "--stdin-paths"], {
    input: `${files.join("\n")}
`
  });
  return out.stdout.trim().split("\n");
}
async function readBlobs(dir, env, oids) {
  const unique = [...new Set(oids)];
  if (unique.length === 0) return /* @__PURE__ */ new Map();
  const out = await git(["cat-file", "--batch"], { cwd: dir, env, input: `${unique.join("\n")}
` });
  return parseBatch(out.bytes, unique);
}
function parseBatch(buf, asked) {
  const blobs = /* @__PURE__ */ new Map();
  let at = 0;
  for (const oid of asked) {
    const eol = buf.indexOf(10, at);
    const header = buf.subarray(at, eol).toString("utf8");
    const [got, type, size] = header.split(" ");
    if (type === "missing" || got !== oid) throw new Error(`object ${oid} is not available (${header})`);
    const start = eol + 1;
    const end = start + Number(size);
    blobs.set(oid, Buffer.from(buf.subarray(start, end)));
    at = end + 1;
  }
  return blobs;
}

// src/data/commit-guard.ts
function stableJson(value) {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const record2 = value;
    return `{${Object.keys(record2).sort().map((k) => `${JSON.stringify(k)}:${stableJson(record2[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
function spotKey(item) {
  const e = item;
  if (e && typeof e.timestamp === "string" && typeof e.metal === "string") {
    const at = parseNaive(e.timestamp);
    if (at) return `${at.getTime()}|${e.metal.trim().toLowerCase()}`;
  }
  return stableJson(item);
}
var RULES = [
  [/^data\/15min\/.+\.json$/, spotKey],
  [/^data\/spot-history-\d{4}\.json$/, spotKey],
  [/^data\/hourly\/.+\.json$/, spotKey],
  [/^data\/retail\/facts\/.+\.json$/, stableJson]
];
var ruleFor = (path) => RULES.find(([re]) => re.test(path))?.[1];
var isGuardedFactFile = (path) => ruleFor(path) !== void 0;
var readableArray = (text) => {
  const parsed = parseJson(text);
  return parsed.ok && Array.isArray(parsed.value) ? parsed.value : void 0;
};
function changeProblem(path, before, after, afterIsSymlink = false) {
  if (!path.startsWith("data/")) return void 0;
  if (before !== void 0 && after === void 0) return "deletes it";
  if (afterIsSymlink) return "makes it a symbolic link";
  if (before === void 0 || after === void 0 || before === after) return void 0;
  const key = ruleFor(path);
  if (!key) return void 0;
  const old = readableArray(before);
  if (!old) return void 0;
  const next = readableArray(after);
  if (!next) return "replaces a readable fact file with one that is not a JSON array";
  const kept = new Set(next.map(key));
  const lost = old.map(key).filter((k) => !kept.has(k));
  if (lost.length === 0) return void 0;
  const shown = lost.slice(0, 3).map((k) => k.length > 120 ? `${k.slice(0, 117)}...` : k);
  return `removes ${lost.length} entr${lost.length === 1 ? "y" : "ies"} (${shown.join("; ")}${lost.length > 3 ? "; ..." : ""})`;
}

// src/git/commit.ts
var CommitRefusedError = class extends Error {
  constructor(problems) {
    super(
      `commit refused, it would lose published data: ${problems.slice(0, 5).map((p) => `${p.path} ${p.problem}`).join("; ")}${problems.length > 5 ? `; and ${problems.length - 5} more` : ""}`
    );
    this.problems = problems;
    this.name = "CommitRefusedError";
  }
  problems;
};
async function guardProblems(run, parent, tree) {
  const diffs = (await diffTrees(run, parent ? `${parent}^{tree}` : EMPTY_TREE, tree)).filter(
    (d) => d.path.startsWith("data/")
  );
  const toRead = diffs.filter((d) => d.a && d.b && isGuardedFactFile(d.path));
  const blobs = await readBlobsWith(
    run,
    toRead.flatMap((d) => [d.a.oid, d.b.oid])
  );
  const problems = [];
  for (const d of diffs) {
    const before = d.a && (blobs.get(d.a.oid) ?? "");
    const after = d.b && (blobs.get(d.b.oid) ?? "");
    const problem = changeProblem(d.path, before, after, d.b?.mode === "120000");
    if (problem) problems.push({ path: d.path, problem });
  }
  return problems;
}
async function readBlobsWith(run, oids) {
  const unique = [...new Set(oids)];
  const blobs = /* @__PURE__ */ new Map();
  if (unique.length === 0) return blobs;
  const out = (await run(["cat-file", "--batch"], { input: `${unique.join("\n")}
` })).bytes;
  let at = 0;
  for (const oid of unique) {
    const eol = out.indexOf(10, at);
    const [got, type, size] = out.subarray(at, eol).toString("utf8").split(" ");
    if (got !== oid || type !== "blob") throw new Error(`object ${oid} is not available to check`);
    const start = eol + 1;
    blobs.set(oid, out.subarray(start, start + Number(size)).toString("utf8"));
    at = start + Number(size) + 1;
  }
  return blobs;
}
async function createCommit(run, c) {
  const problems = await guardProblems(run, c.parents[0], c.tree);
  if (problems.length > 0) throw new CommitRefusedError(problems);
  const parents = c.parents.flatMap((p) => ["-p", p]);
  return (await run(["commit-tree", c.tree, ...parents], { input: c.message })).stdout.trim();
}
async function commitIndex(run, message) {
  const head = await run(["rev-parse", "--verify", "-q", "HEAD^{commit}"], { okCodes: [1] });
  const parent = head.code === 0 ? head.stdout.trim() : void 0;
  const tree = (await run(["write-tree"])).stdout.trim();
  if (parent && (await run(["rev-parse", `${parent}^{tree}`])).stdout.trim() === tree) return void 0;
  const commit = await createCommit(run, { tree, parents: parent ? [parent] : [], message });
  await run(["update-ref", "-m", "commit", "HEAD", commit, parent ?? ZERO_OID]);
  return commit;
}

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

// src/git/lock.ts
import { randomBytes } from "node:crypto";
import { readFileSync, readlinkSync } from "node:fs";
import { link, open, readFile, stat, unlink, utimes } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
var cloneLockPath = (workdir) => join(workdir, ".staktrakr.lock");
var HEARTBEAT_MS = 1e4;
var SAME_KERNEL_STALE_MS = 3 * HEARTBEAT_MS;
var OTHER_HOST_STALE_MS = 2 * 6e4;
var readTrim = (path) => {
  try {
    return readFileSync(path, "utf8").trim() || void 0;
  } catch {
    return void 0;
  }
};
function processStart(pid) {
  const stat2 = readTrim(`/proc/${pid}/stat`);
  if (!stat2) return void 0;
  return stat2.slice(stat2.lastIndexOf(")") + 2).split(" ")[19];
}
function me() {
  let pidns;
  try {
    pidns = readlinkSync("/proc/self/ns/pid");
  } catch {
  }
  return {
    pid: process.pid,
    host: hostname(),
    boot: readTrim("/proc/sys/kernel/random/boot_id"),
    pidns,
    start: processStart(process.pid)
  };
}
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}
function staleReason(holder, heartbeatAgeMs) {
  const self = me();
  if (holder.host === self.host && (!holder.boot || !self.boot || holder.boot === self.boot)) {
    if (!holder.pidns || !self.pidns || holder.pidns === self.pidns) {
      if (!Number.isInteger(holder.pid) || holder.pid <= 0 || !alive(holder.pid)) {
        return `process ${holder.pid} is gone`;
      }
      const start = holder.start && processStart(holder.pid);
      if (start && start !== holder.start) return `pid ${holder.pid} now belongs to another process`;
      return void 0;
    }
    return heartbeatAgeMs > SAME_KERNEL_STALE_MS ? `its pid namespace is gone and its heartbeat stopped ${Math.round(heartbeatAgeMs / 1e3)} s ago` : void 0;
  }
  if (holder.host === self.host) return "it was taken before the machine restarted";
  return heartbeatAgeMs > OTHER_HOST_STALE_MS ? `host ${holder.host} stopped its heartbeat ${Math.round(heartbeatAgeMs / 1e3)} s ago` : void 0;
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
async function inspect(path) {
  try {
    const [text, s] = await Promise.all([readFile(path, "utf8"), stat(path)]);
    return { text, ino: s.ino, mtimeMs: s.mtimeMs };
  } catch (err) {
    if (err.code === "ENOENT") return void 0;
    throw err;
  }
}
async function createWhole(path, text) {
  const temp = `${path}.${process.pid}-${randomBytes(6).toString("hex")}.tmp`;
  const handle = await open(temp, "wx");
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, path);
    return true;
  } catch (err) {
    if (err.code === "EEXIST") return false;
    throw err;
  } finally {
    await unlink(temp).catch(() => {
    });
  }
}
function parseLock(text) {
  try {
    const info = JSON.parse(text);
    return info && typeof info.pid === "number" && typeof info.host === "string" ? info : void 0;
  } catch {
    return void 0;
  }
}
var record = (purpose, clock) => ({
  ...me(),
  since: clock.now().toISOString(),
  purpose,
  nonce: randomBytes(12).toString("hex")
});
async function clearStale(path, seen, clock, depth = 0) {
  const holder = parseLock(seen.text);
  const key = holder?.nonce?.replace(/[^0-9a-f]/g, "") || `ino${seen.ino}-${Math.round(seen.mtimeMs)}`;
  const token = `${path}.clear-${key}`;
  const mine = record("clearing a stale lock", clock);
  if (!await createWhole(token, JSON.stringify(mine))) {
    const other = depth < 3 ? await inspect(token) : void 0;
    const info = other && parseLock(other.text);
    if (other && (!info || staleReason(info, Date.now() - other.mtimeMs))) {
      await clearStale(token, other, clock, depth + 1);
    }
    return false;
  }
  try {
    const now = await inspect(path);
    if (!now || now.ino !== seen.ino || now.text !== seen.text) return false;
    await unlink(path);
    return true;
  } finally {
    await unlink(token).catch(() => {
    });
  }
}
async function acquireLock(path, purpose, clock, options = {}) {
  const signal = currentAbortSignal();
  const deadline = clock.now().getTime() + (options.waitMs ?? 0);
  const info = record(purpose, clock);
  const text = JSON.stringify(info);
  let recoveredStale = false;
  for (; ; ) {
    signal?.throwIfAborted();
    if (await createWhole(path, text)) break;
    const seen = await inspect(path);
    if (!seen) continue;
    const holder = parseLock(seen.text);
    const stale = holder ? staleReason(holder, Date.now() - seen.mtimeMs) : "unreadable";
    if (stale) {
      if (await clearStale(path, seen, clock)) recoveredStale = true;
      else await clock.sleep(10 + Math.random() * 40, signal);
      continue;
    }
    if (clock.now().getTime() >= deadline) throw new LockBusyError(holder);
    await clock.sleep(100 + Math.random() * 150, signal);
  }
  const heartbeat = setInterval(() => {
    const now = /* @__PURE__ */ new Date();
    void utimes(path, now, now).catch(() => {
    });
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();
  return {
    path,
    recoveredStale,
    release: async () => {
      clearInterval(heartbeat);
      const now = await inspect(path).catch(() => void 0);
      if (now?.text === text) await unlink(path).catch(() => {
      });
    }
  };
}

// src/git/workspace.ts
import { existsSync } from "node:fs";
import { appendFile, mkdir, mkdtemp, readdir, readFile as readFile2, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, dirname, join as join2, resolve } from "node:path";

// src/git/refs.ts
function refNameProblem(name) {
  if (name.length === 0) return "is empty";
  if (name.length > 255) return "is longer than 255 characters";
  if (name.startsWith("-")) return 'must not start with "-"';
  if (name.startsWith("+")) return 'must not start with "+"';
  if (name === "HEAD" || name === "@") return `must not be "${name}"`;
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) {
    return "must not contain spaces, control characters or any of ~ ^ : ? * [ \\";
  }
  if (name.includes("..")) return 'must not contain ".."';
  if (name.includes("@{")) return 'must not contain "@{"';
  if (name.startsWith("/") || name.endsWith("/") || name.includes("//")) {
    return 'must not start or end with "/" or contain "//"';
  }
  if (name.endsWith(".")) return 'must not end with "."';
  for (const part of name.split("/")) {
    if (part.startsWith(".")) return 'no part may start with "."';
    if (part.endsWith(".lock")) return 'no part may end with ".lock"';
  }
  return void 0;
}
function assertRefName(name, what = "branch") {
  const problem = refNameProblem(name);
  if (problem)
    throw new Error(
      `${what} "${name.replace(/[\x00-\x1f\x7f]/g, "?")}" is not a valid branch name: ${problem}`
    );
  return name;
}

// src/git/workspace.ts
var READY = "staktrakr-ready";
async function openWorkspace(o) {
  const remoteUrl = resolveRepoUrl(o.repo, o.serverUrl);
  assertRefName(o.branch);
  const temporary = !o.workdir;
  const dir = o.workdir ? resolve(o.workdir) : await mkdtemp(join2(tmpdir(), "staktrakr-"));
  const env = {
    ...credentialEnv(remoteUrl, o.token),
    // git never looks above the workdir for a repository (a broken `.git` must not find a parent's).
    GIT_CEILING_DIRECTORIES: dirname(dir),
    GIT_AUTHOR_NAME: `staktrakr (${o.pollerId})`,
    GIT_AUTHOR_EMAIL: "staktrakr-bot@users.noreply.github.com",
    GIT_COMMITTER_NAME: `staktrakr (${o.pollerId})`,
    GIT_COMMITTER_EMAIL: "staktrakr-bot@users.noreply.github.com"
  };
  const run = (args, options = {}) => git(args, { timeoutMs: o.gitTimeoutMs, ...options, cwd: dir, env });
  let lock;
  const release = async () => {
    await lock?.release();
    if (temporary) await rm(dir, { recursive: true, force: true });
  };
  try {
    await mkdir(dir, { recursive: true });
    lock = await acquireLock(cloneLockPath(dir), o.purpose, o.clock, { waitMs: o.lockWaitMs ?? 0 });
    const fresh = await ensureClone(dir, remoteUrl, run, o);
    const ws = {
      dir,
      branch: o.branch,
      remoteUrl,
      pollerId: o.pollerId,
      git: run,
      head: async () => {
        const r = await run(["rev-parse", "--verify", "-q", "HEAD^{commit}"], { okCodes: [1] });
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
        const r = await run(["fetch", "--quiet", "--no-tags", "--", "origin", refspec], {
          okCodes: [128]
        }).catch((err) => {
          throw err instanceof GitTimeoutError ? new Error(`git fetch from ${safeRemote(remoteUrl)} ${err.message.replace(/^git fetch /, "")}`) : err;
        });
        if (r.code === 128) {
          if (/couldn't find remote ref|no such ref/i.test(r.stderr)) return void 0;
          throw new Error(`git fetch from ${safeRemote(remoteUrl)} failed: ${safeRemote(r.stderr.trim())}`);
        }
        return ws.remoteHead();
      },
      release
    };
    if (!fresh) await recover(ws, lock.recoveredStale, o);
    await levelWithRemote(ws, o, fresh);
    if (fresh) await writeFile(join2(dir, ".git", READY), `${remoteUrl}
`);
    return ws;
  } catch (err) {
    await release();
    throw err;
  }
}
function safeRemote(url) {
  return redact(url);
}
var isLockFile = (name) => name.startsWith(".staktrakr.lock");
async function cloneState(dir, remoteUrl, entries, run) {
  const origin = await run(["config", "--get", "remote.origin.url"], { okCodes: [1, 128] }).catch(
    () => void 0
  );
  const url = origin?.code === 0 ? origin.stdout.trim() : "";
  const head = await run(["rev-parse", "--verify", "-q", "HEAD^{commit}"], { okCodes: [1, 128] }).catch(
    () => void 0
  );
  const commits = head?.code === 0;
  if (url && url !== remoteUrl) return `a clone of ${safeRemote(url)}, not ${safeRemote(remoteUrl)}`;
  if (url) return commits || existsSync(join2(dir, ".git", READY)) ? "complete" : "half-made";
  return !commits && entries.length === 1 ? "half-made" : `a git repository without an origin, not a clone of ${safeRemote(remoteUrl)}`;
}
async function ensureClone(dir, remoteUrl, run, o) {
  const entries = (await readdir(dir)).filter((n) => !isLockFile(n));
  if (entries.includes(".git")) {
    const state = await cloneState(dir, remoteUrl, entries, run);
    if (state === "complete") return false;
    if (state !== "half-made") throw new Error(`workdir ${dir} is ${state}; use another workdir`);
    o.warn(`workdir ${dir} holds a clone an interrupted first run left half-made; cloning again`);
    for (const name of entries) await rm(join2(dir, name), { recursive: true, force: true });
  } else if (entries.length > 0) {
    throw new Error(`workdir ${dir} exists, is not empty and is not a git clone`);
  }
  o.log(`Cloning ${safeRemote(remoteUrl)} (${o.branch}) into ${dir}`);
  await run(["init", "--quiet"]);
  await run(["config", "remote.origin.url", remoteUrl]);
  await run(["config", "remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*"]);
  await appendFile(join2(dir, ".git", "info", "exclude"), "/.staktrakr.lock*\n");
  return true;
}
async function recover(ws, staleLock, o) {
  if (staleLock) {
    o.warn("A previous run on this clone was interrupted; recovering its working tree.");
    const entries = await readdir(join2(ws.dir, "data"), { recursive: true }).catch(() => []);
    for (const rel of entries) {
      if (basename(rel).startsWith(TEMP_PREFIX)) await rm(join2(ws.dir, "data", rel), { force: true });
    }
  }
  await rm(join2(ws.dir, ".git", "index.lock"), { force: true });
  const head = await ws.head();
  if (!head) return;
  await ws.git(["reset", "--quiet", "HEAD", "--", "data"], { okCodes: [1] });
  const status = await ws.git(["status", "--porcelain", "-z", "-uall", "--no-renames", "--", "data"]);
  const missing = [];
  const keep = [];
  const cut = [];
  for (const line of status.stdout.split("\0").filter(Boolean)) {
    const [code, path] = [line.slice(0, 2), line.slice(3)];
    if (basename(path).startsWith(TEMP_PREFIX)) continue;
    if (code === " D") missing.push(path);
    else if (code === " M" || code === " T") {
      const before = (await ws.git(["cat-file", "blob", `HEAD:${path}`])).stdout;
      const after = await readFile2(join2(ws.dir, path), "utf8").catch(() => void 0);
      if (changeProblem(path, before, after)) cut.push(path);
      else keep.push(path);
    } else keep.push(path);
  }
  if (cut.length > 0) {
    const stamp = o.clock.now().toISOString().replace(/[:.]/g, "-");
    for (const [i, path] of cut.entries()) {
      const blob = (await ws.git(["hash-object", "-w", "--no-filters", "--", path])).stdout.trim();
      await ws.git(["update-ref", `refs/staktrakr/recovered/${stamp}-${i}`, blob]);
    }
    o.warn(
      `${cut.length} fact file(s) in the working clone had lost entries; restored from HEAD (their cut versions kept under refs/staktrakr/recovered/${stamp}-*): ${listed(cut)}`
    );
  }
  if (missing.length + cut.length > 0) {
    await ws.git(["checkout", "--quiet", "--", ...missing, ...cut]);
  }
  if (missing.length > 0) {
    o.warn(`Restored ${missing.length} file(s) missing from the working clone from HEAD: ${listed(missing)}`);
  }
  if (keep.length === 0) return;
  await ws.git(["add", "--", ...keep]);
  const commit = await commitIndex(
    ws.git,
    `recover(${o.pollerId}): ${keep.length} file(s) left uncommitted by an interrupted run`
  );
  if (commit) o.warn(`Committed ${keep.length} file(s) an interrupted run left uncommitted.`);
}
var listed = (paths) => `${paths.slice(0, 5).join(", ")}${paths.length > 5 ? ` and ${paths.length - 5} more` : ""}`;
async function levelWithRemote(ws, o, fresh) {
  const remote = await ws.fetch();
  const local = fresh ? void 0 : await ws.head();
  if (!remote) {
    if (!local) await ws.git(["symbolic-ref", "HEAD", `refs/heads/${o.branch}`]);
    return;
  }
  if (!local) {
    await ws.git(["checkout", "--quiet", "-B", o.branch, remote, "--"]);
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
    await ws.git(["checkout", "--quiet", "-B", o.branch, remote, "--"]);
  }
}
async function keepBackup(ws, clock) {
  const ref = `refs/staktrakr/backup/${clock.now().toISOString().replace(/[:.]/g, "-")}`;
  await ws.git(["update-ref", ref, "HEAD"]);
  return ref;
}

export {
  EMPTY_TREE,
  resolveObject,
  diffTrees,
  listTree,
  listBlobsRecursive,
  makeTree,
  hashFiles,
  readBlobs,
  createCommit,
  commitIndex,
  credentialEnv,
  cloneLockPath,
  LockBusyError,
  acquireLock,
  assertRefName,
  openWorkspace,
  safeRemote,
  keepBackup
};
