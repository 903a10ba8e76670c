import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import {
  API_DIR,
  FactFileError,
  HISTORY_DAYS,
  isRetailFactPath,
  mergeRetailFactFiles,
  parseCatalogText,
  parseRetailFactPath,
  rebuildRetailViews
} from "./chunk-ZHTN5RPF.js";
import {
  AUTH_FAILURE,
  PushError,
  firstLine
} from "./chunk-FWUZ4LM6.js";
import {
  acquireLock,
  resolveRepoUrl,
  safeRemote
} from "./chunk-HB2N7K7K.js";
import {
  DAY,
  TEMP_PREFIX,
  boolean,
  clockFromEnv,
  compareEntries,
  defineCommand,
  entryKey,
  floorHour,
  formatLines,
  formatPretty,
  git,
  hourlyPath,
  number,
  optional,
  orderedEntry,
  parseHourlyPath,
  parseJson,
  parseSlotPath,
  parseSpotHistoryPath,
  rebuildHourly,
  required,
  spotEntryRead
} from "./chunk-CK63WHET.js";

// src/commands/sync-repos.ts
import { readFile as readFile2 } from "node:fs/promises";
import { join as join4 } from "node:path";

// src/sync/kinds.ts
var short = (oid) => oid.slice(0, 12);
function pickLarger(path, lo, hi, why) {
  return {
    keep: hi,
    conflicts: [{ path, kept: `blob ${short(hi.oid)}`, other: `blob ${short(lo.oid)}`, rule: why }]
  };
}
var opaqueKind = {
  name: "opaque",
  matches: () => true,
  merge: (path, lo, hi) => pickLarger(path, lo, hi, "not understood by the toolkit: larger blob hash kept")
};
function viewKind(name, matches) {
  return {
    name,
    matches,
    merge: (path, lo, hi) => {
      const outcome = pickLarger(path, lo, hi, "view not rebuilt from facts: larger blob hash kept");
      for (const c of outcome.conflicts) c.mootIfRebuilt = true;
      return outcome;
    }
  };
}
function kindOf(kinds, path) {
  return kinds.find((k) => k.matches(path)) ?? opaqueKind;
}

// src/sync/report.ts
var SHOWN = 50;
var cell = (s) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
var sha = (s) => s ? `\`${s.slice(0, 12)}\`` : "\u2014";
function commitCell(side, dryRun) {
  if (dryRun)
    return side.added.length + side.changed.length > 0 ? "would commit (dry run)" : "already up to date";
  if (!side.commit) return "already up to date";
  return `${sha(side.commit)} ${side.pushed ? "pushed" : "not pushed"}`;
}
function conflictRows(conflicts) {
  return conflicts.map(
    (c) => `| \`${cell(c.path)}\` | ${cell(c.key ?? "")} | ${cell(c.kept)} | ${cell(c.other)} | ${cell(c.rule)} |`
  );
}
function syncSummary(r, dryRun) {
  const lines = [
    `### sync-repos${dryRun ? " (dry run: nothing written)" : ""}`,
    "",
    `| | A | B |`,
    `|---|---|---|`,
    `| repository | ${cell(r.a.remote)} \`${cell(r.a.branch)}\` | ${cell(r.b.remote)} \`${cell(r.b.branch)}\` |`,
    `| tip before | ${sha(r.a.before)} | ${sha(r.b.before)} |`,
    `| files added | ${r.a.added.length} | ${r.b.added.length} |`,
    `| files changed | ${r.a.changed.length} | ${r.b.changed.length} |`,
    `| commit | ${commitCell(r.a, dryRun)} | ${commitCell(r.b, dryRun)} |`,
    "",
    `Merged \`data/\` tree: ${sha(r.tree)} \xB7 ${r.merged.length} file(s) merged \xB7 ${r.conflicts.length} conflict(s)${r.attempts > 1 ? ` \xB7 ${r.attempts} attempts (a branch moved during the sync)` : ""}`
  ];
  if (r.conflicts.length > 0) {
    lines.push(
      "",
      "#### Conflicts (resolved by a rule that does not depend on which side is A)",
      "",
      "| path | entry | kept | other | rule |",
      "|---|---|---|---|---|",
      ...conflictRows(r.conflicts.slice(0, SHOWN))
    );
    if (r.conflicts.length > SHOWN)
      lines.push("", `\u2026and ${r.conflicts.length - SHOWN} more (see the \`conflicts\` output).`);
  }
  return `${lines.join("\n")}
`;
}
var conflictLine = (c) => `conflict: ${c.path}${c.key ? ` [${c.key}]` : ""}: kept ${c.kept}, not ${c.other} (${c.rule})`;
function planLines(r) {
  return [
    ...r.a.added.map((p) => `add to A: ${p}`),
    ...r.b.added.map((p) => `add to B: ${p}`),
    ...r.merged.map((p) => `merge: ${p}`),
    ...r.conflicts.map(conflictLine)
  ];
}

// src/git/multi-remote.ts
import { appendFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
function scopedCredentialEnv(remotes) {
  const env = {};
  let n = 0;
  for (const { url, token } of remotes) {
    if (!token || !/^https?:\/\//.test(url)) continue;
    const basic = Buffer.from(`x-access-token:${token}`).toString("base64");
    env[`GIT_CONFIG_KEY_${n}`] = `http.${url}.extraheader`;
    env[`GIT_CONFIG_VALUE_${n}`] = `AUTHORIZATION: basic ${basic}`;
    n++;
  }
  if (n > 0) env.GIT_CONFIG_COUNT = String(n);
  return env;
}
var quote = (value) => `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
async function openMultiRemoteClone(o) {
  const remotes = new Map(
    o.remotes.map((r) => [
      r.name,
      { name: r.name, url: resolveRepoUrl(r.repo, o.serverUrl), branch: r.branch }
    ])
  );
  const dir = await mkdtemp(join(tmpdir(), "staktrakr-sync-"));
  const env = {
    ...scopedCredentialEnv(o.remotes.map((r) => ({ url: remotes.get(r.name).url, token: r.token }))),
    GIT_AUTHOR_NAME: `staktrakr (${o.pollerId})`,
    GIT_AUTHOR_EMAIL: "staktrakr-bot@users.noreply.github.com",
    GIT_COMMITTER_NAME: `staktrakr (${o.pollerId})`,
    GIT_COMMITTER_EMAIL: "staktrakr-bot@users.noreply.github.com"
  };
  const run = (args, options = {}) => git(args, { ...options, cwd: dir, env });
  const remote = (name) => {
    const r = remotes.get(name);
    if (!r) throw new Error(`unknown remote ${name}`);
    return r;
  };
  await run(["init", "--quiet", "--bare"]);
  const lock = await acquireLock(dir, o.purpose, o.clock);
  const config = [
    "[gc]\n	auto = 0",
    "[maintenance]\n	auto = false",
    ...[...remotes.values()].map(
      (r) => `[remote ${JSON.stringify(r.name)}]
	url = ${quote(r.url)}
	promisor = true
	partialclonefilter = blob:none`
    )
  ];
  await appendFile(join(dir, "config"), `${config.join("\n")}
`);
  return {
    dir,
    env,
    git: run,
    remote,
    fetch: async (name) => {
      const r = remote(name);
      const tracking = `refs/remotes/${r.name}/${r.branch}`;
      const f = await run(
        [
          "fetch",
          "--quiet",
          "--no-tags",
          "--filter=blob:none",
          r.name,
          `+refs/heads/${r.branch}:${tracking}`
        ],
        { okCodes: [128] }
      );
      if (f.code === 128) {
        if (/couldn't find remote ref|no such ref/i.test(f.stderr)) return void 0;
        throw new Error(`git fetch from ${safeRemote(r.url)} failed: ${firstLine(f.stderr)}`);
      }
      return (await run(["rev-parse", "--verify", "-q", tracking])).stdout.trim();
    },
    fetchObjects: async (name, oids) => {
      if (oids.length === 0) return;
      await run(
        [
          "-c",
          "fetch.negotiationAlgorithm=noop",
          "fetch",
          "--quiet",
          "--no-tags",
          "--no-write-fetch-head",
          "--recurse-submodules=no",
          "--filter=blob:none",
          "--stdin",
          remote(name).name
        ],
        { input: `${[...new Set(oids)].join("\n")}
` }
      );
    },
    push: async (name, commit) => {
      const r = remote(name);
      const p = await run(["push", "--quiet", "--porcelain", r.name, `${commit}:refs/heads/${r.branch}`], {
        okCodes: [1, 128]
      });
      if (p.code === 0) return { pushed: true };
      const why = `${p.stderr}
${p.stdout}`.trim();
      if (AUTH_FAILURE.test(why)) {
        throw new PushError(
          `push to ${safeRemote(r.url)} was refused: check that the token may write to it (${firstLine(why)})`
        );
      }
      return { pushed: false, reason: firstLine(why) };
    },
    release: async () => {
      await lock.release();
      await rm(dir, { recursive: true, force: true });
    }
  };
}

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

// src/sync/merge.ts
import { mkdtemp as mkdtemp2, rm as rm2 } from "node:fs/promises";
import { tmpdir as tmpdir2 } from "node:os";
import { join as join3 } from "node:path";

// src/sync/overlay.ts
var DATA_PREFIX = "data/";
var TreeOverlay = class {
  constructor(clone, base, baseRemote) {
    this.clone = clone;
    this.base = base;
    this.baseRemote = baseRemote;
  }
  clone;
  base;
  baseRemote;
  changes = /* @__PURE__ */ new Map();
  listings = /* @__PURE__ */ new Map();
  fetched = /* @__PURE__ */ new Set();
  get git() {
    return this.clone.git;
  }
  set(path, blob) {
    this.changes.set(path, blob);
  }
  changed() {
    return this.changes;
  }
  /** The blob at a repository path (`data/...`) in the merged tree, if any. */
  async get(path) {
    const change = this.changes.get(path);
    if (change) return change;
    const { dir, name } = split(path);
    const entry = (await this.baseListing(dir)).find((e) => e.name === name && e.type === "blob");
    return entry && { mode: entry.mode, oid: entry.oid, remote: this.baseRemote };
  }
  /** Names of the blobs directly inside a directory (`data/15min/2026/02/25`). */
  async list(dir) {
    const names = new Set((await this.baseListing(dir)).filter((e) => e.type === "blob").map((e) => e.name));
    for (const path of this.changes.keys()) {
      const s = split(path);
      if (s.dir === dir) names.add(s.name);
    }
    return [...names].sort();
  }
  /** Repository paths of every blob below a directory. */
  async listRecursive(dir) {
    const sub = await this.subtree(dir);
    const paths = new Set((await listBlobsRecursive(this.clone.git, sub)).map((e) => `${dir}/${e.path}`));
    for (const path of this.changes.keys()) if (path.startsWith(`${dir}/`)) paths.add(path);
    return [...paths].sort();
  }
  /** Makes sure the blobs are local: one fetch per remote for those not fetched yet. */
  async prefetch(blobs) {
    const byRemote = /* @__PURE__ */ new Map();
    for (const b of blobs) {
      if (!b.remote || this.fetched.has(b.oid)) continue;
      byRemote.set(b.remote, [...byRemote.get(b.remote) ?? [], b.oid]);
    }
    for (const [remote, oids] of byRemote) {
      await this.clone.fetchObjects(remote, oids);
      for (const oid of oids) this.fetched.add(oid);
    }
  }
  async read(blobs) {
    await this.prefetch(blobs);
    return readBlobs(
      this.clone.dir,
      this.clone.env,
      blobs.map((b) => b.oid)
    );
  }
  /** Writes the merged `data/` tree and returns its hash. */
  async write() {
    const dirs = /* @__PURE__ */ new Map();
    for (const [path, blob] of this.changes) {
      const { dir, name } = split(path);
      if (!dirs.has(dir)) dirs.set(dir, /* @__PURE__ */ new Map());
      dirs.get(dir).set(name, blob);
      for (let d = dir; d !== "data"; d = split(d).dir)
        if (!dirs.has(split(d).dir)) dirs.set(split(d).dir, /* @__PURE__ */ new Map());
    }
    const build = async (dir) => {
      const entries = new Map((await this.baseListing(dir)).map((e) => [e.name, e]));
      for (const [name, blob] of dirs.get(dir) ?? []) {
        if (entries.get(name)?.type === "tree")
          throw new Error(`${dir}/${name} is a directory on one side and a file on the other`);
        entries.set(name, { mode: blob.mode, type: "blob", oid: blob.oid, name });
      }
      for (const child of dirs.keys()) {
        if (child === dir || split(child).dir !== dir) continue;
        const name = split(child).name;
        if (entries.get(name) && entries.get(name).type !== "tree") {
          throw new Error(`${child} is a file on one side and a directory on the other`);
        }
        entries.set(name, { mode: "040000", type: "tree", oid: await build(child), name });
      }
      return makeTree(this.clone.git, [...entries.values()]);
    };
    if (this.changes.size === 0 && this.base) return this.base;
    return build("data");
  }
  subtree(dir) {
    if (!this.base) return Promise.resolve(void 0);
    if (dir === "data") return Promise.resolve(this.base);
    return resolveObject(this.clone.git, `${this.base}:${dir.slice(DATA_PREFIX.length)}`);
  }
  baseListing(dir) {
    let listing = this.listings.get(dir);
    if (!listing) {
      listing = this.subtree(dir).then((tree) => listTree(this.clone.git, tree));
      this.listings.set(dir, listing);
    }
    return listing;
  }
};
function split(path) {
  const i = path.lastIndexOf("/");
  return { dir: path.slice(0, i), name: path.slice(i + 1) };
}

// src/sync/scratch.ts
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join as join2 } from "node:path";
var ScratchTree = class {
  constructor(root, overlay) {
    this.root = root;
    this.overlay = overlay;
  }
  root;
  overlay;
  /** Bytes each path had when it entered the scratch (from the tree or from a merge). */
  before = /* @__PURE__ */ new Map();
  /** Paths whose bytes came from a merge rather than from the tree: changes even if no rebuild touches them. */
  merged = /* @__PURE__ */ new Set();
  async put(path, bytes) {
    await this.write(path, bytes);
    this.merged.add(path);
  }
  async materialize(paths) {
    const wanted = [];
    for (const path of new Set(paths)) {
      if (this.before.has(path)) continue;
      const blob = await this.overlay.get(path);
      if (blob) wanted.push([path, blob]);
    }
    const bytes = await this.overlay.read(wanted.map(([, b]) => b));
    for (const [path, blob] of wanted) await this.write(path, bytes.get(blob.oid));
  }
  async list(dir) {
    return (await this.overlay.list(dir)).map((name) => `${dir}/${name}`);
  }
  listRecursive(dir) {
    return this.overlay.listRecursive(dir);
  }
  /**
   * Moves what the scratch holds now into the overlay. Returns the paths a rebuild had in view (read
   * from the tree for it, or written by it) and the final bytes of every changed path.
   */
  async collect() {
    const rebuilt = new Set([...this.before.keys()].filter((p) => !this.merged.has(p)));
    const finals = /* @__PURE__ */ new Map();
    const entries = await readdir(this.root, { recursive: true, withFileTypes: true });
    for (const e of entries) {
      if (!e.isFile() || e.name.startsWith(TEMP_PREFIX)) continue;
      const abs = join2(e.parentPath, e.name);
      const path = abs.slice(this.root.length + 1).split("\\").join("/");
      const bytes = await readFile(abs);
      const before = this.before.get(path);
      const changedByRebuild = !before?.equals(bytes);
      if (changedByRebuild) rebuilt.add(path);
      if (changedByRebuild || this.merged.has(path)) finals.set(path, bytes);
    }
    const paths = [...finals.keys()];
    const oids = await hashFiles(
      this.overlay.git,
      paths.map((p) => join2(this.root, p))
    );
    for (const [i, path] of paths.entries()) {
      const mode = (await this.overlay.get(path))?.mode ?? "100644";
      this.overlay.set(path, { mode: mode === "100755" ? mode : "100644", oid: oids[i] });
    }
    return { rebuilt, finals };
  }
  async write(path, bytes) {
    const abs = join2(this.root, path);
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(abs, bytes);
    this.before.set(path, bytes);
  }
};

// src/sync/merge.ts
async function mergeDataTrees(o) {
  const differing = (await diffTrees(o.clone.git, o.a.tree ?? EMPTY_TREE, o.b.tree ?? EMPTY_TREE)).map(
    (d) => ({
      ...d,
      path: `${DATA_PREFIX}${d.path}`
    })
  );
  if (differing.length === 0) return { tree: o.a.tree ?? EMPTY_TREE, differing, conflicts: [] };
  const overlay = new TreeOverlay(o.clone, o.a.tree, o.a.remote);
  await overlay.prefetch(
    differing.flatMap((d) => [
      ...d.a ? [{ ...d.a, remote: o.a.remote }] : [],
      ...d.b ? [{ ...d.b, remote: o.b.remote }] : []
    ])
  );
  const root = await mkdtemp2(join3(tmpdir2(), "staktrakr-merge-"));
  try {
    const scratch = new ScratchTree(root, overlay);
    const both = differing.filter((d) => d.a && d.b);
    const bytes = await overlay.read(both.flatMap((d) => [d.a, d.b]));
    const pending = [];
    for (const d of differing) {
      if (!d.a) overlay.set(d.path, { ...d.b, remote: o.b.remote });
      if (!d.a || !d.b) continue;
      const [lo, hi] = [d.a, d.b].map((v) => ({ ...v, bytes: bytes.get(v.oid) })).sort((x, y) => x.oid < y.oid ? -1 : 1);
      const outcome = await kindOf(o.kinds, d.path).merge(d.path, lo, hi);
      pending.push(...outcome.conflicts);
      if ("bytes" in outcome) await scratch.put(d.path, outcome.bytes);
      else overlay.set(d.path, { mode: outcome.keep.mode, oid: outcome.keep.oid });
    }
    const paths = differing.map((d) => d.path);
    for (const family of o.views) await family.rebuild(paths, scratch);
    const { rebuilt, finals } = await scratch.collect();
    const conflicts = pending.filter((c) => !(c.mootIfRebuilt && rebuilt.has(c.path))).map(({ path, key, kept, other, rule, settle }) => {
      const final = finals.get(path);
      const settled = settle && final ? settle(final) : kept;
      return { path, key, kept: settled, other: settled === other ? kept : other, rule };
    });
    return { tree: await overlay.write(), differing, conflicts };
  } finally {
    await rm2(root, { recursive: true, force: true });
  }
}

// src/sync/spot-kinds.ts
var FACT_RE = /^data\/(15min|fx)\//;
function readability(bytes) {
  const parsed = parseJson(bytes.toString("utf8"));
  if (!parsed.ok) return 0;
  if (!Array.isArray(parsed.value)) return 1;
  return 1 + parsed.value.filter((e) => spotEntryRead.safeParse(e).success).length;
}
var slotFactKind = {
  name: "spot fact",
  matches: (path) => FACT_RE.test(path),
  merge: (path, lo, hi) => {
    const [rl, rh] = [readability(lo.bytes), readability(hi.bytes)];
    if (rl === rh)
      return pickLarger(path, lo, hi, "two versions of an immutable fact: larger blob hash kept");
    const [keep, drop] = rl > rh ? [lo, hi] : [hi, lo];
    const rule = Math.min(rl, rh) === 0 ? "readable version beats a torn one" : "version with more readable entries kept";
    return {
      keep,
      conflicts: [{ path, kept: `blob ${short(keep.oid)}`, other: `blob ${short(drop.oid)}`, rule }]
    };
  }
};
function items(bytes) {
  const parsed = parseJson(bytes.toString("utf8"));
  if (!parsed.ok || !Array.isArray(parsed.value)) return void 0;
  return parsed.value.map((raw) => {
    const r = spotEntryRead.safeParse(raw);
    const value = r.success ? orderedEntry(r.data) : raw;
    const json = JSON.stringify(value);
    return { key: r.success ? entryKey(r.data) : `raw:${json}`, value, json };
  });
}
var describe = (value) => {
  const e = value;
  return typeof e.spot === "number" ? `${e.spot} (${e.source}/${e.provider})` : JSON.stringify(value);
};
function unionSpot(path, lo, hi, format) {
  const [a, b] = [items(lo.bytes), items(hi.bytes)];
  if (!a || !b) {
    if (!a && !b)
      return { ...pickLarger(path, lo, hi, "both versions unreadable: larger blob hash kept"), keys: [] };
    const [keep, drop] = a ? [lo, hi] : [hi, lo];
    const c = {
      path,
      kept: `blob ${short(keep.oid)}`,
      other: `blob ${short(drop.oid)}`,
      rule: "readable version beats a torn one"
    };
    return { keep, conflicts: [c], keys: [] };
  }
  const byKey = /* @__PURE__ */ new Map();
  const conflicts = [];
  for (const item of [...a, ...b]) {
    const have = byKey.get(item.key);
    if (!have || have.json === item.json) {
      byKey.set(item.key, item);
      continue;
    }
    const [keep, drop] = have.json > item.json ? [have, item] : [item, have];
    byKey.set(item.key, keep);
    conflicts.push({
      path,
      key: item.key,
      kept: describe(keep.value),
      other: describe(drop.value),
      rule: "one key, two values: the value sorting last kept"
    });
  }
  const all = [...byKey.values()];
  const entries = all.filter((i) => !i.key.startsWith("raw:")).map((i) => i.value);
  const raw = all.filter((i) => i.key.startsWith("raw:")).sort((x, y) => x.json < y.json ? -1 : 1);
  const bytes = Buffer.from(format([...entries.sort(compareEntries), ...raw.map((i) => i.value)]));
  return { bytes, conflicts, keys: conflicts };
}
var spotHistoryKind = {
  name: "spot history",
  matches: (path) => parseSpotHistoryPath(path) !== void 0,
  merge: (path, lo, hi) => unionSpot(path, lo, hi, formatLines)
};
var hourlyKind = {
  name: "hourly view",
  matches: (path) => parseHourlyPath(path) !== void 0,
  merge: (path, lo, hi) => {
    const merged = unionSpot(path, lo, hi, formatPretty);
    for (const c of merged.keys) {
      c.settle = (final) => {
        const kept = items(final)?.find((i) => i.key === c.key);
        return kept ? describe(kept.value) : c.kept;
      };
    }
    return merged;
  }
};
var spotHourlyFamily = {
  name: "hourly views",
  rebuild: async (differing, scratch) => {
    const hours = /* @__PURE__ */ new Map();
    for (const path of differing) {
      const t = parseSlotPath(path) ?? parseHourlyPath(path);
      if (t) hours.set(floorHour(t).getTime(), floorHour(t));
    }
    for (const hour of hours.values()) {
      const hourly = hourlyPath(hour);
      const slotDir = `data/15min/${split(hourly).dir.slice("data/hourly/".length)}`;
      const prefix = String(hour.getUTCHours()).padStart(2, "0");
      const slots = (await scratch.list(slotDir)).filter((p) => split(p).name.startsWith(prefix));
      await scratch.materialize([hourly, ...slots]);
      await rebuildHourly(scratch.root, hour);
    }
  }
};
var spotKinds = [slotFactKind, spotHistoryKind, hourlyKind];

// src/sync/sync.ts
var SIDES = ["a", "b"];
async function syncRepos(o) {
  const maxAttempts = o.maxAttempts ?? 8;
  const random = o.random ?? Math.random;
  const clone = await openMultiRemoteClone({
    remotes: SIDES.map((name) => ({ name, ...o[name] })),
    pollerId: o.pollerId,
    purpose: "sync-repos",
    clock: o.clock,
    serverUrl: o.serverUrl
  });
  const remoteOf = (side) => safeRemote(clone.remote(side).url);
  const kinds = [...spotKinds, ...o.kinds ?? []];
  const views = [spotHourlyFamily, ...o.views ?? []];
  const conflicts = /* @__PURE__ */ new Map();
  const start = {};
  const commits = {};
  const pushed = /* @__PURE__ */ new Set();
  const changesMemo = /* @__PURE__ */ new Map();
  const changes = (before, after) => {
    const key = `${before}..${after}`;
    if (!changesMemo.has(key)) changesMemo.set(key, sideChanges(clone.git, before, after));
    return changesMemo.get(key);
  };
  try {
    for (let attempt = 1; ; attempt++) {
      for (const side of SIDES) if (!pushed.has(side)) delete commits[side];
      const tips = { a: await clone.fetch("a"), b: await clone.fetch("b") };
      const data = {
        a: tips.a && await resolveObject(clone.git, `${tips.a}:data`),
        b: tips.b && await resolveObject(clone.git, `${tips.b}:data`)
      };
      for (const side of SIDES) {
        start[side] ??= { tip: tips[side], data: data[side] };
        if (attempt === 1)
          o.log(
            `${side.toUpperCase()}: ${remoteOf(side)} ${o[side].branch} at ${tips[side]?.slice(0, 12) ?? "(no branch yet)"}`
          );
      }
      const merged = await mergeDataTrees({
        clone,
        a: { tree: data.a, remote: "a" },
        b: { tree: data.b, remote: "b" },
        kinds,
        views
      });
      for (const c of merged.conflicts) conflicts.set(`${c.path}|${c.key ?? ""}`, c);
      o.log(
        `Attempt ${attempt}: ${merged.differing.length} differing path(s); merged data/ tree ${merged.tree.slice(0, 12)}`
      );
      const rejected = [];
      for (const side of SIDES) {
        if (data[side] === merged.tree || o.dryRun) continue;
        const change = await changes(data[side], merged.tree);
        const other = side === "a" ? "b" : "a";
        const message = `sync(${o.pollerId}): union with ${remoteOf(other)} ${o[other].branch}: ${change.added.length} added, ${change.changed.length} changed, ${merged.conflicts.length} conflict(s)`;
        const commit = await commitOnTop(clone.git, tips[side], merged.tree, message);
        commits[side] = commit;
        pushed.delete(side);
        if (!o.push) continue;
        const outcome = await clone.push(side, commit);
        if (outcome.pushed) {
          pushed.add(side);
          o.log(`Pushed ${commit.slice(0, 12)} to ${remoteOf(side)} ${o[side].branch}`);
        } else rejected.push(`${side.toUpperCase()} (${outcome.reason})`);
      }
      if (rejected.length === 0) {
        return {
          a: await sideResult("a", merged.tree),
          b: await sideResult("b", merged.tree),
          tree: merged.tree,
          merged: await mergedPaths(merged.tree),
          conflicts: [...conflicts.values()].sort(
            (x, y) => x.path + (x.key ?? "") < y.path + (y.key ?? "") ? -1 : 1
          ),
          attempts: attempt
        };
      }
      if (attempt >= maxAttempts) {
        throw new PushError(`push still rejected after ${attempt} attempts: ${rejected.join("; ")}`);
      }
      const wait = Math.round((o.backoffMs ?? 400) * 2 ** Math.min(attempt - 1, 5) * (0.5 + random()));
      o.warn(`Push rejected for ${rejected.join("; ")}; fetching both sides and merging again in ${wait} ms`);
      await o.clock.sleep(wait);
    }
  } finally {
    await clone.release();
  }
  async function sideResult(side, tree) {
    const change = await changes(start[side]?.data, tree);
    return {
      remote: remoteOf(side),
      branch: o[side].branch,
      before: start[side]?.tip,
      ...change,
      commit: commits[side],
      pushed: pushed.has(side)
    };
  }
  async function mergedPaths(tree) {
    const [a, b] = [await changes(start.a?.data, tree), await changes(start.b?.data, tree)];
    const added = /* @__PURE__ */ new Set([...a.added, ...b.added]);
    const conflicted = new Set([...conflicts.values()].map((c) => c.path));
    return [.../* @__PURE__ */ new Set([...a.changed, ...b.changed])].filter((p) => !added.has(p) && !conflicted.has(p)).sort();
  }
}
async function sideChanges(run, before, after) {
  const added = [];
  const changed = [];
  for (const d of await diffTrees(run, before ?? EMPTY_TREE, after)) {
    const path = `${DATA_PREFIX}${d.path}`;
    if (!d.b) throw new Error(`refusing to sync: the merged tree would delete ${path}`);
    (d.a ? changed : added).push(path);
  }
  return { added, changed };
}
async function commitOnTop(run, tip, data, message) {
  const entries = (await listTree(run, tip && `${tip}^{tree}`)).filter((e) => e.name !== "data");
  const root = await makeTree(run, [...entries, { mode: "040000", type: "tree", oid: data, name: "data" }]);
  const parents = tip ? ["-p", tip] : [];
  return (await run(["commit-tree", root, ...parents, "-m", message])).stdout.trim();
}

// src/commands/sync-repos.ts
var CATALOG = "data/retail/providers.json";
var retailFacts = {
  name: "retail facts",
  matches: isRetailFactPath,
  merge: (path, lo, hi) => {
    try {
      const merged = mergeRetailFactFiles(lo.bytes.toString("utf8"), hi.bytes.toString("utf8"));
      return { bytes: Buffer.from(merged), conflicts: [] };
    } catch (e) {
      if (!(e instanceof FactFileError)) throw e;
      return pickLarger(path, lo, hi, `unreadable fact entry (${e.message}): larger blob hash kept`);
    }
  }
};
function retailViews(now, staleHours, warn) {
  return {
    name: "retail views",
    rebuild: async (differing, scratch) => {
      if (!differing.some((p) => isRetailFactPath(p) || p.startsWith(`${API_DIR}/`) || p === CATALOG)) return;
      await scratch.materialize([CATALOG]);
      const catalogText = await readFile2(join4(scratch.root, CATALOG), "utf8").catch(() => void 0);
      if (catalogText === void 0) return warn(`no ${CATALOG}: retail views not rebuilt`);
      const facts = (await scratch.listRecursive("data/retail/facts")).flatMap((p) => {
        const f = parseRetailFactPath(p);
        return f && f.day.getTime() <= now.getTime() ? [{ p, t: f.day.getTime() }] : [];
      });
      const newest = Math.max(0, ...facts.map((f) => f.t));
      const recent = facts.filter((f) => f.t >= newest - (HISTORY_DAYS + 1) * DAY).map((f) => f.p);
      await scratch.materialize([...recent, ...await scratch.listRecursive(API_DIR)]);
      await rebuildRetailViews({
        root: scratch.root,
        catalog: parseCatalogText(catalogText, CATALOG),
        now,
        staleHours
      });
    }
  };
}
var sync_repos_default = defineCommand({
  name: "sync-repos",
  description: "Make two data repositories identical without deleting or overwriting data: union the facts, rebuild the views, push both.",
  inputs: {
    "repo-a": {
      description: "First data repository: owner/name, https URL, local path or file:// URL.",
      schema: required()
    },
    "repo-b": {
      description: "Second data repository: owner/name, https URL, local path or file:// URL.",
      schema: required()
    },
    "branch-a": { description: "Branch of repo-a.", default: "main", schema: required() },
    "branch-b": { description: "Branch of repo-b.", default: "main", schema: required() },
    token: {
      description: "Token that may push to both repositories (never written anywhere).",
      env: ["GITHUB_TOKEN"],
      secret: true,
      schema: optional()
    },
    "token-a": {
      description: "Token for repo-a only; overrides token.",
      env: ["SYNC_TOKEN_A"],
      secret: true,
      schema: optional()
    },
    "token-b": {
      description: "Token for repo-b only; overrides token.",
      env: ["SYNC_TOKEN_B"],
      secret: true,
      schema: optional()
    },
    push: { description: "Push the sync commits.", default: "true", schema: boolean() },
    "dry-run": {
      description: "Print the plan (added, merged, conflicting paths) and write nothing.",
      default: "false",
      schema: boolean()
    },
    "poller-id": {
      description: "Name of this job in commit messages.",
      default: "sync",
      env: ["POLLER_ID"],
      schema: required()
    },
    "stale-hours": {
      description: "Hours a dealer's last in-stock price is carried in rebuilt retail views (as the retail poller).",
      default: "24",
      schema: number(0.25, 24 * 30)
    }
  },
  outputs: {
    "added-to-a": "Number of files added to repo-a.",
    "added-to-b": "Number of files added to repo-b.",
    merged: "Number of files both held with different content, merged without conflict.",
    conflicts: "JSON array of conflicts: {path, key?, kept, other, rule}; [] when none.",
    "commit-a": "Sync commit on repo-a (empty when none was needed or on a dry run).",
    "commit-b": "Sync commit on repo-b (empty when none was needed or on a dry run).",
    tree: "Hash of the merged data/ tree both repositories hold after the sync."
  },
  async run(i, rt) {
    const clock = clockFromEnv(process.env);
    const dryRun = i["dry-run"];
    const result = await syncRepos({
      a: { repo: i["repo-a"], branch: i["branch-a"], token: i["token-a"] ?? i.token },
      b: { repo: i["repo-b"], branch: i["branch-b"], token: i["token-b"] ?? i.token },
      push: i.push,
      dryRun,
      pollerId: i["poller-id"],
      clock,
      kinds: [retailFacts, viewKind("retail views", (p) => p.startsWith(`${API_DIR}/`))],
      views: [retailViews(clock.now(), i["stale-hours"], (m) => rt.warning(m))],
      log: (m) => rt.info(m),
      warn: (m) => rt.warning(m)
    });
    if (dryRun) for (const line of planLines(result)) rt.info(`plan: ${line}`);
    else for (const c of result.conflicts) rt.warning(conflictLine(c));
    await rt.summary(syncSummary(result, dryRun));
    return {
      "added-to-a": result.a.added.length,
      "added-to-b": result.b.added.length,
      merged: result.merged.length,
      conflicts: JSON.stringify(result.conflicts),
      "commit-a": result.a.commit ?? "",
      "commit-b": result.b.commit ?? "",
      tree: result.tree
    };
  }
});

export {
  sync_repos_default
};
