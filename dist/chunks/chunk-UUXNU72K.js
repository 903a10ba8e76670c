import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import {
  API_DIR,
  DEFAULT_RETIRE_AFTER_DAYS,
  FactFileError,
  HISTORY_DAYS,
  isRetailFactPath,
  mergeRetailFactFiles,
  parseCatalogText,
  parseRetailFactPath,
  rebuildRetailViews
} from "./chunk-GYSICLWJ.js";
import {
  AUTH_FAILURE,
  PushError,
  firstLine
} from "./chunk-HOYX6GTW.js";
import {
  EMPTY_TREE,
  assertRefName,
  createCommit,
  diffTrees,
  hashFiles,
  listBlobsRecursive,
  listTree,
  makeTree,
  readBlobs,
  resolveObject,
  safeRemote
} from "./chunk-NFWXATBW.js";
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
  identifier,
  integer,
  optional,
  orderedEntry,
  parseHourlyPath,
  parseJson,
  parseSlotPath,
  parseSpotHistoryPath,
  rebuildHourly,
  refName,
  repository,
  resolveRepoUrl,
  spotEntryRead
} from "./chunk-CQKT3FJX.js";

// src/commands/sync-repos.ts
import { readFile as readFile2 } from "node:fs/promises";
import { join as join4 } from "node:path";

// src/sync/kinds.ts
var short = (oid) => oid.slice(0, 12);
var blobName = (v) => `blob ${short(v.oid)}`;
var same = (result, decisions = []) => ({
  a: result,
  b: result,
  decisions,
  conflicts: []
});
function choose(path, a, b, from, rule, describe = blobName) {
  const [kept, dropped] = from === "a" ? [a, b] : [b, a];
  return same(kept, [{ path, from, kept: describe(kept), other: describe(dropped), rule }]);
}
function leaveAlone(path, a, b, rule, describe = blobName) {
  return { a, b, decisions: [], conflicts: [{ path, a: describe(a), b: describe(b), rule }] };
}
var unknownKind = {
  name: "unknown file",
  matches: () => true,
  merge: (path, a, b) => leaveAlone(path, a, b, "unknown file (no declared rule): left as it is on both sides")
};
function stampOf(bytes, fields) {
  let value;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch {
    return void 0;
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return void 0;
  for (const f of fields) {
    const v = value[f];
    const t = typeof v === "string" ? Date.parse(v) : Number.NaN;
    if (Number.isFinite(t)) return t;
  }
  return void 0;
}
function viewKind(name, matches) {
  const FIELDS = ["generated_at", "updated", "window_start", "scraped_at"];
  return {
    name,
    matches,
    merge: (path, a, b) => {
      const [ta, tb] = [stampOf(a.bytes, FIELDS), stampOf(b.bytes, FIELDS)];
      const outcome = ta !== void 0 && tb !== void 0 && ta !== tb ? choose(path, a, b, ta > tb ? "a" : "b", "view: the newer by its own timestamp, then rebuilt") : leaveAlone(path, a, b, "view not rebuilt from facts and no newer version: left as it is");
      for (const c of outcome.conflicts) c.mootIfRebuilt = true;
      return outcome;
    }
  };
}
function kindOf(kinds, path) {
  return kinds.find((k) => k.matches(path)) ?? unknownKind;
}
var sameResult = (x, y) => x === y || (Buffer.isBuffer(x) ? Buffer.isBuffer(y) && x.equals(y) : !Buffer.isBuffer(y) && x.oid === y.oid && x.mode === y.mode);

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
var rows = (items, row) => items.slice(0, SHOWN).map((x) => `| ${row(x).map(cell).join(" | ")} |`);
var more = (n, output) => n > SHOWN ? ["", `\u2026and ${n - SHOWN} more (see the \`${output}\` output).`] : [];
var code = (p) => `\`${p}\``;
function syncSummary(r, dryRun) {
  const tree = r.trees.a === r.trees.b ? `Merged \`data/\` tree: ${sha(r.trees.a)}` : `\`data/\` trees: A ${sha(r.trees.a)}, B ${sha(r.trees.b)} (differ only where a conflict is left alone)`;
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
    `${tree} \xB7 ${r.merged.length} file(s) merged \xB7 ${r.decisions.length} decision(s) \xB7 ${r.conflicts.length} conflict(s) \xB7 ${r.skipped.length} symlink(s)/submodule(s) not copied${r.attempts > 1 ? ` \xB7 ${r.attempts} attempts (a branch moved during the sync)` : ""}`
  ];
  if (r.decisions.length > 0)
    lines.push(
      "",
      "#### Decisions (one side's bytes or value replaced the other's, by the family's rule)",
      "",
      "| path | entry | kept (from) | replaced | rule |",
      "|---|---|---|---|---|",
      ...rows(r.decisions, (d) => [
        code(d.path),
        d.key ?? "",
        `${d.kept} (${d.from.toUpperCase()})`,
        d.other,
        d.rule
      ]),
      ...more(r.decisions.length, "decisions")
    );
  if (r.conflicts.length > 0)
    lines.push(
      "",
      "#### Conflicts (no rule decides: each side keeps its own version)",
      "",
      "| path | entry | A | B | rule |",
      "|---|---|---|---|---|",
      ...rows(r.conflicts, (c) => [code(c.path), c.key ?? "", c.a, c.b, c.rule]),
      ...more(r.conflicts.length, "conflicts")
    );
  if (r.skipped.length > 0)
    lines.push(
      "",
      "#### Not copied (symlinks and submodules are never copied between repositories)",
      "",
      "| path | A | B |",
      "|---|---|---|",
      ...rows(r.skipped, (k) => [code(k.path), k.a, k.b]),
      ...more(r.skipped.length, "skipped")
    );
  return `${lines.join("\n")}
`;
}
var conflictLine = (c) => `conflict: ${c.path}${c.key ? ` [${c.key}]` : ""}: A ${c.a}, B ${c.b}: each side keeps its own (${c.rule})`;
var decisionLine = (d) => `decision: ${d.path}${d.key ? ` [${d.key}]` : ""}: kept ${d.kept} from ${d.from.toUpperCase()}, replacing ${d.other} (${d.rule})`;
var skippedLine = (k) => `not copied: ${k.path} (A: ${k.a}, B: ${k.b})`;
function planLines(r) {
  return [
    ...r.a.added.map((p) => `add to A: ${p}`),
    ...r.b.added.map((p) => `add to B: ${p}`),
    ...r.merged.map((p) => `merge: ${p}`),
    ...r.decisions.map(decisionLine),
    ...r.conflicts.map(conflictLine),
    ...r.skipped.map(skippedLine)
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
      { name: r.name, url: resolveRepoUrl(r.repo, o.serverUrl), branch: assertRefName(r.branch) }
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
  try {
    await run(["init", "--quiet", "--bare"]);
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
  } catch (err) {
    await rm(dir, { recursive: true, force: true });
    throw err;
  }
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
          "--",
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
          "--",
          remote(name).name
        ],
        { input: `${[...new Set(oids)].join("\n")}
` }
      );
    },
    push: async (name, commit) => {
      const r = remote(name);
      const p = await run(
        ["push", "--quiet", "--porcelain", "--", r.name, `${commit}:refs/heads/${r.branch}`],
        {
          okCodes: [1, 128]
        }
      );
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
    // A private temporary clone: no other process knows it, so it needs no lock.
    release: () => rm(dir, { recursive: true, force: true })
  };
}

// src/sync/config-kind.ts
var CONFIG_FILES = ["data/retail/providers.json"];
var ABSENT = /* @__PURE__ */ Symbol("absent");
var isObject = (v) => !!v && typeof v === "object" && !Array.isArray(v);
var canon = (v) => v === ABSENT ? "(absent)" : isObject(v) ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canon(v[k])}`).join(",")}}` : Array.isArray(v) ? `[${v.map(canon).join(",")}]` : JSON.stringify(v);
var eq = (x, y) => canon(x) === canon(y);
var show = (v) => {
  const s = v === ABSENT ? "(absent)" : JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
};
var idList = (v) => {
  if (!Array.isArray(v) || !v.every((x) => isObject(x) && typeof x.id === "string")) return void 0;
  const m = new Map(v.map((x) => [x.id, x]));
  return m.size === v.length ? m : void 0;
};
var ThreeWay = class {
  constructor(hasBase) {
    this.hasBase = hasBase;
  }
  hasBase;
  decisions = [];
  conflicts = [];
  merge(key, base, a, b) {
    if (eq(a, b)) return { a, b: a };
    if (isObject(a) && isObject(b)) return this.objects(key, isObject(base) ? base : {}, a, b);
    const [la, lb] = [idList(a), idList(b)];
    if (la && lb) return this.lists(key, idList(base) ?? /* @__PURE__ */ new Map(), la, lb);
    if (this.hasBase && eq(a, base)) return this.take("b", key, b, a);
    if (this.hasBase && eq(b, base)) return this.take("a", key, a, b);
    if (!this.hasBase && (a === ABSENT || b === ABSENT)) {
      const v = a === ABSENT ? b : a;
      return { a: v, b: v };
    }
    this.conflicts.push({ key, a: show(a), b: show(b) });
    return { a, b };
  }
  take(from, key, kept, other) {
    this.decisions.push({
      key,
      from,
      kept: show(kept),
      other: show(other),
      rule: "configuration: one side's edit since the merge base kept"
    });
    return { a: kept, b: kept };
  }
  objects(key, base, a, b) {
    const out = { a: {}, b: {} };
    for (const k of /* @__PURE__ */ new Set([...Object.keys(a), ...Object.keys(b)])) {
      const at = (o) => Object.hasOwn(o, k) ? o[k] : ABSENT;
      const m = this.merge(key ? `${key}.${k}` : k, at(base), at(a), at(b));
      if (m.a !== ABSENT) out.a[k] = m.a;
      if (m.b !== ABSENT) out.b[k] = m.b;
    }
    return out;
  }
  lists(key, base, a, b) {
    const out = { a: [], b: [] };
    for (const id of /* @__PURE__ */ new Set([...a.keys(), ...b.keys()])) {
      const at = (m2) => m2.has(id) ? m2.get(id) : ABSENT;
      const m = this.merge(`${key}[id=${id}]`, at(base), at(a), at(b));
      if (m.a !== ABSENT) out.a.push(m.a);
      if (m.b !== ABSENT) out.b.push(m.b);
    }
    return out;
  }
};
var format = (v) => Buffer.from(`${JSON.stringify(v, null, 2)}
`);
var configKind = {
  name: "configuration",
  matches: (path) => CONFIG_FILES.includes(path),
  merge: async (path, a, b, ctx) => {
    const read = (bytes) => {
      const p = parseJson(bytes.toString("utf8"));
      return p.ok ? p.value : void 0;
    };
    const [va, vb] = [read(a.bytes), read(b.bytes)];
    if (va === void 0 || vb === void 0)
      return leaveAlone(path, a, b, "configuration unreadable on a side: each side keeps its own");
    const baseBytes = await ctx.base(path);
    const base = baseBytes ? read(baseBytes) : ABSENT;
    const merge = new ThreeWay(baseBytes !== null && base !== void 0);
    const m = merge.merge("", base ?? ABSENT, va, vb);
    const keep = (v, value) => {
      const bytes = format(value);
      return bytes.equals(v.bytes) ? v : bytes;
    };
    const rule = baseBytes === null ? "configuration without common history: a key with two values, each side keeps its own" : "configuration: both sides edited this key since the merge base: each side keeps its own";
    const resultA = keep(a, m.a);
    return {
      a: resultA,
      b: merge.conflicts.length ? keep(b, m.b) : resultA,
      decisions: merge.decisions.map((d) => ({ path, ...d })),
      conflicts: merge.conflicts.map((c) => ({ path, ...c, rule }))
    };
  }
};

// src/sync/merge.ts
import { mkdtemp as mkdtemp2, rm as rm2 } from "node:fs/promises";
import { tmpdir as tmpdir2 } from "node:os";
import { join as join3 } from "node:path";

// src/sync/overlay.ts
var DATA_PREFIX = "data/";
var TreeOverlay = class {
  constructor(clone, base, baseRemote, fetched = /* @__PURE__ */ new Set()) {
    this.clone = clone;
    this.base = base;
    this.baseRemote = baseRemote;
    this.fetched = fetched;
  }
  clone;
  base;
  baseRemote;
  fetched;
  changes = /* @__PURE__ */ new Map();
  listings = /* @__PURE__ */ new Map();
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
    const entry = (await this.baseListing(dir)).find((e) => e.name === name && isFile(e));
    return entry && { mode: entry.mode, oid: entry.oid, remote: this.baseRemote };
  }
  /** Names of the blobs directly inside a directory (`data/15min/2026/02/25`). */
  async list(dir) {
    const names = new Set((await this.baseListing(dir)).filter(isFile).map((e) => e.name));
    for (const path of this.changes.keys()) {
      const s = split(path);
      if (s.dir === dir) names.add(s.name);
    }
    return [...names].sort();
  }
  /** Repository paths of every blob below a directory. */
  async listRecursive(dir) {
    const sub = await this.subtree(dir);
    const blobs = (await listBlobsRecursive(this.clone.git, sub)).filter((e) => isFileMode(e.mode));
    const paths = new Set(blobs.map((e) => `${dir}/${e.path}`));
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
  /** A directory's tree, found through its parents' (cached) listings: no git process per lookup. */
  async subtree(dir) {
    if (!this.base) return void 0;
    if (dir === "data") return this.base;
    const { dir: parent, name } = split(dir);
    return (await this.baseListing(parent)).find((e) => e.name === name && e.type === "tree")?.oid;
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
var isFileMode = (mode) => mode === "100644" || mode === "100755";
var isFile = (e) => e.type === "blob" && isFileMode(e.mode);
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
   * Moves what the scratch holds now into the given overlays (one side's, or both when the sides read
   * the same tree). Returns the paths a rebuild had in view (read from the tree for it, or written by
   * it) and the final bytes of every path in view.
   */
  async collect(targets) {
    const rebuilt = new Set([...this.before.keys()].filter((p) => !this.merged.has(p)));
    const finals = /* @__PURE__ */ new Map();
    const changed = [];
    const entries = await readdir(this.root, { recursive: true, withFileTypes: true });
    for (const e of entries) {
      if (!e.isFile() || e.name.startsWith(TEMP_PREFIX)) continue;
      const abs = join2(e.parentPath, e.name);
      const path = abs.slice(this.root.length + 1).split("\\").join("/");
      const bytes = await readFile(abs);
      finals.set(path, bytes);
      const changedByRebuild = !this.before.get(path)?.equals(bytes);
      if (changedByRebuild) rebuilt.add(path);
      if (changedByRebuild || this.merged.has(path)) changed.push(path);
    }
    const oids = await hashFiles(
      this.overlay.git,
      changed.map((p) => join2(this.root, p))
    );
    for (const [i, path] of changed.entries()) {
      const mode = (await this.overlay.get(path))?.mode ?? "100644";
      for (const t of targets) t.set(path, { mode: mode === "100755" ? mode : "100644", oid: oids[i] });
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
var SIDES = ["a", "b"];
var KIND_OF_MODE = { "120000": "symlink", "160000": "submodule" };
var what = (m) => !m ? "absent" : KIND_OF_MODE[m.mode] ?? "file";
async function mergeDataTrees(o) {
  const differing = (await diffTrees(o.clone.git, o.a.tree ?? EMPTY_TREE, o.b.tree ?? EMPTY_TREE)).map(
    (d) => ({ ...d, path: `${DATA_PREFIX}${d.path}` })
  );
  const trees = { a: o.a.tree ?? EMPTY_TREE, b: o.b.tree ?? EMPTY_TREE };
  if (differing.length === 0) return { trees, differing, decisions: [], conflicts: [], skipped: [] };
  const fetched = /* @__PURE__ */ new Set();
  const ov = {
    a: new TreeOverlay(o.clone, o.a.tree, o.a.remote, fetched),
    b: new TreeOverlay(o.clone, o.b.tree, o.b.remote, fetched)
  };
  const remoteOf = { a: o.a.remote, b: o.b.remote };
  const skipped = [];
  const links = new Set(
    differing.filter((d) => ![d.a, d.b].every((m) => !m || isFileMode(m.mode))).map((d) => d.path)
  );
  const underLink = (path) => [...links].some((l) => path.startsWith(`${l}/`));
  const files = differing.filter((d) => {
    if (!links.has(d.path) && !underLink(d.path)) return true;
    skipped.push({
      path: d.path,
      a: links.has(d.path) ? what(d.a) : d.a ? "file" : "below a symlink or submodule",
      b: links.has(d.path) ? what(d.b) : d.b ? "file" : "below a symlink or submodule"
    });
    return false;
  });
  await ov.a.prefetch(
    files.flatMap((d) => SIDES.flatMap((s) => d[s] ? [{ ...d[s], remote: remoteOf[s] }] : []))
  );
  const both = files.filter((d) => d.a && d.b);
  const bytes = await ov.a.read(both.flatMap((d) => [d.a, d.b]));
  const ctx = baseContext(o);
  const outcomes = /* @__PURE__ */ new Map();
  for (const d of both) {
    const v = (s) => ({ ...d[s], bytes: bytes.get(d[s].oid) });
    outcomes.set(d.path, await kindOf(o.kinds, d.path).merge(d.path, v("a"), v("b"), ctx));
  }
  const perSide = [...outcomes.values()].some((x) => !sameResult(x.a, x.b));
  const paths = files.map((d) => d.path);
  const roots = [];
  const finals = {};
  const rebuilt = {};
  try {
    for (const side of perSide ? SIDES : ["a"]) {
      const targets = perSide ? [ov[side]] : [ov.a, ov.b];
      const root = await mkdtemp2(join3(tmpdir2(), "staktrakr-merge-"));
      roots.push(root);
      const scratch = new ScratchTree(root, ov[side]);
      for (const d of files) {
        if (!d.a || !d.b) {
          const [from, to] = d.a ? ["a", "b"] : ["b", "a"];
          ov[to].set(d.path, { ...d[from], remote: remoteOf[from] });
          continue;
        }
        const outcome = outcomes.get(d.path);
        const put = async (result) => {
          if (Buffer.isBuffer(result)) return scratch.put(d.path, result);
          const remote = result.oid === d.a.oid ? remoteOf.a : remoteOf.b;
          for (const t of targets) t.set(d.path, { mode: result.mode, oid: result.oid, remote });
        };
        await put(outcome[side]);
      }
      for (const family of o.views) await family.rebuild(paths, scratch);
      const collected = await scratch.collect(targets);
      finals[side] = collected.finals;
      rebuilt[side] = collected.rebuilt;
    }
  } finally {
    for (const root of roots) await rm2(root, { recursive: true, force: true });
  }
  const settled = (path) => perSide ? !!rebuilt.a?.has(path) && !!rebuilt.b?.has(path) && !!finals.a?.get(path)?.equals(finals.b.get(path)) : !!rebuilt.a?.has(path);
  const pending = [...outcomes.values()];
  const decisions = pending.flatMap((x) => x.decisions).map(strip);
  const conflicts = pending.flatMap((x) => x.conflicts).filter((c) => !(c.mootIfRebuilt && settled(c.path))).map(strip);
  const out = { a: await ov.a.write(), b: await ov.b.write() };
  const reported = /* @__PURE__ */ new Set([...conflicts.map((c) => c.path), ...skipped.map((k) => k.path)]);
  for (const d of await diffTrees(o.clone.git, out.a, out.b)) {
    const path = `${DATA_PREFIX}${d.path}`;
    if (reported.has(path)) continue;
    const name = (m) => m ? `blob ${m.oid.slice(0, 12)}` : "absent";
    conflicts.push({
      path,
      a: name(d.a),
      b: name(d.b),
      rule: "rebuilt by each side from its own conflicting facts"
    });
  }
  return { trees: out, differing, decisions, conflicts, skipped };
}
function strip({ mootIfRebuilt: _, ...rest }) {
  return rest;
}
function baseContext(o) {
  return {
    base: async (path) => {
      if (o.base === null) return null;
      if (!o.base.tree) return void 0;
      const oid = await resolveObject(o.clone.git, `${o.base.tree}:${path.slice(DATA_PREFIX.length)}`);
      if (!oid) return void 0;
      await o.clone.fetchObjects(o.base.remote, [oid]);
      return (await readBlobs(o.clone.dir, o.clone.env, [oid])).get(oid);
    }
  };
}

// src/sync/union.ts
function unionKeyed(path, a, b, rule) {
  const [ia, ib] = [rule.items(a.bytes), rule.items(b.bytes)];
  if (!ia || !ib) return void 0;
  const byKey = /* @__PURE__ */ new Map();
  for (const item of ia) byKey.set(item.key, { ...byKey.get(item.key), a: item });
  for (const item of ib) byKey.set(item.key, { ...byKey.get(item.key), b: item });
  const outA = [];
  const outB = [];
  const decisions = [];
  const conflicts = [];
  for (const [key, { a: x, b: y }] of byKey) {
    if (!x || !y || x.json === y.json) {
      outA.push(x ?? y);
      outB.push(x ?? y);
      continue;
    }
    const pick = rule.prefer?.(x, y);
    if (pick) {
      const [kept, dropped] = pick.side === "a" ? [x, y] : [y, x];
      outA.push(kept);
      outB.push(kept);
      const desc = { kept: rule.describe(kept), other: rule.describe(dropped) };
      decisions.push({ path, key, from: pick.side, ...desc, rule: pick.rule });
      continue;
    }
    outA.push(x);
    outB.push(y);
    conflicts.push({
      path,
      key,
      a: rule.describe(x),
      b: rule.describe(y),
      rule: "one key, two values, no rule to choose: each side keeps its own"
    });
  }
  const bytesA = Buffer.from(rule.format(outA));
  const bytesB = conflicts.length ? Buffer.from(rule.format(outB)) : bytesA;
  return {
    a: bytesA.equals(a.bytes) ? a : bytesA,
    b: bytesB.equals(b.bytes) ? b : bytesB,
    decisions,
    conflicts
  };
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
  merge: (path, a, b) => {
    const [ra, rb] = [readability(a.bytes), readability(b.bytes)];
    if (ra === rb)
      return leaveAlone(path, a, b, "two readable versions of an immutable fact: each side keeps its own");
    const rule = Math.min(ra, rb) === 0 ? "readable version beats a torn one" : "version with more readable entries kept";
    return choose(path, a, b, ra > rb ? "a" : "b", rule);
  }
};
function spotItems(bytes) {
  const parsed = parseJson(bytes.toString("utf8"));
  if (!parsed.ok || !Array.isArray(parsed.value)) return void 0;
  return parsed.value.map((raw) => {
    const r = spotEntryRead.safeParse(raw);
    const value = r.success ? orderedEntry(r.data) : raw;
    const json = JSON.stringify(value);
    return { key: r.success ? entryKey(r.data) : `raw:${json}`, value, json };
  });
}
var describeSpot = (item) => {
  const e = item.value;
  return typeof e.spot === "number" ? `${e.spot} (${e.source}/${e.provider})` : item.json;
};
var spotRule = (format2) => ({
  items: spotItems,
  describe: describeSpot,
  format: (all) => {
    const entries = all.filter((i) => !i.key.startsWith("raw:")).map((i) => i.value);
    const raw = all.filter((i) => i.key.startsWith("raw:")).sort((x, y) => x.json < y.json ? -1 : 1);
    return format2([...entries.sort(compareEntries), ...raw.map((i) => i.value)]);
  }
});
function unionSpot(path, a, b, format2) {
  const merged = unionKeyed(path, a, b, spotRule(format2));
  if (merged) return merged;
  const [ra, rb] = [spotItems(a.bytes) !== void 0, spotItems(b.bytes) !== void 0];
  if (ra === rb) return leaveAlone(path, a, b, "both versions unreadable: each side keeps its own");
  return choose(path, a, b, ra ? "a" : "b", "readable version beats a torn one");
}
var spotHistoryKind = {
  name: "spot history",
  matches: (path) => parseSpotHistoryPath(path) !== void 0,
  merge: (path, a, b) => unionSpot(path, a, b, formatLines)
};
var hourlyKind = {
  name: "hourly view",
  matches: (path) => parseHourlyPath(path) !== void 0,
  merge: (path, a, b) => {
    const merged = unionSpot(path, a, b, formatPretty);
    for (const c of merged.conflicts) c.mootIfRebuilt = true;
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

// src/sync/state-kinds.ts
var STATE_SNAPSHOTS = ["data/api/goldback-spot.json"];
var STAMPS = ["scraped_at", "generated_at"];
var describeStamp = (bytes) => {
  const field = STAMPS.find((f) => stampOf(bytes, [f]) !== void 0);
  return field ? `${field} ${new Date(stampOf(bytes, [field])).toISOString()}` : "no readable timestamp";
};
var stateSnapshotKind = {
  name: "state snapshot",
  matches: (path) => STATE_SNAPSHOTS.includes(path),
  merge: (path, a, b) => {
    const [ta, tb] = [stampOf(a.bytes, STAMPS), stampOf(b.bytes, STAMPS)];
    const describe = (v) => describeStamp(v.bytes);
    if (ta === tb)
      return leaveAlone(
        path,
        a,
        b,
        "state snapshot: no newer version by its own timestamp: each side keeps its own",
        describe
      );
    if (ta === void 0 || tb === void 0)
      return choose(
        path,
        a,
        b,
        ta === void 0 ? "b" : "a",
        "state snapshot: the version with a readable timestamp kept",
        describe
      );
    return choose(
      path,
      a,
      b,
      ta > tb ? "a" : "b",
      "state snapshot: the newer by its own timestamp kept",
      describe
    );
  }
};
var DAILY_LOG_RE = /^data\/goldback-\d{4}\.json$/;
function logItems(bytes) {
  const parsed = parseJson(bytes.toString("utf8"));
  if (!parsed.ok || !Array.isArray(parsed.value)) return void 0;
  return parsed.value.map((value) => {
    const json = JSON.stringify(value);
    const date = value?.date;
    const ok = typeof date === "string" && /^\d{4}-\d{2}-\d{2}$/.test(date);
    return { key: ok ? date : `raw:${json}`, value, json };
  });
}
var scrapedAt = (item) => {
  const t = Date.parse(String(item.value.scraped_at));
  return Number.isFinite(t) ? t : void 0;
};
var dailyLogKind = {
  name: "daily log",
  matches: (path) => DAILY_LOG_RE.test(path),
  merge: (path, a, b) => unionKeyed(path, a, b, {
    items: logItems,
    // Newest date first, as the original wrote it; unreadable entries kept verbatim at the end.
    format: (items) => {
      const dated = items.filter((i) => !i.key.startsWith("raw:")).sort((x, y) => x.key < y.key ? 1 : -1);
      const raw = items.filter((i) => i.key.startsWith("raw:")).sort((x, y) => x.json < y.json ? -1 : 1);
      return formatPretty([...dated, ...raw].map((i) => i.value));
    },
    prefer: (x, y) => {
      const [tx, ty] = [scrapedAt(x), scrapedAt(y)];
      if (tx === void 0 || ty === void 0 || tx === ty) return void 0;
      return { side: tx > ty ? "a" : "b", rule: "daily log: the later scrape of a date kept" };
    },
    describe: (i) => {
      const v = i.value;
      return `g1_usd ${String(v.g1_usd)} scraped_at ${String(v.scraped_at)}`;
    }
  }) ?? readableOrLeft(path, a, b)
};
function readableOrLeft(path, a, b) {
  const [ra, rb] = [logItems(a.bytes) !== void 0, logItems(b.bytes) !== void 0];
  if (ra === rb) return leaveAlone(path, a, b, "both versions unreadable: each side keeps its own");
  return choose(path, a, b, ra ? "a" : "b", "readable version beats a torn one");
}

// src/sync/sync.ts
var SIDES2 = ["a", "b"];
async function syncRepos(o) {
  const maxAttempts = o.maxAttempts ?? 8;
  const random = o.random ?? Math.random;
  const clone = await openMultiRemoteClone({
    remotes: SIDES2.map((name) => ({ name, ...o[name] })),
    pollerId: o.pollerId,
    purpose: "sync-repos",
    clock: o.clock,
    serverUrl: o.serverUrl
  });
  const remoteOf = (side) => safeRemote(clone.remote(side).url);
  const kinds = [stateSnapshotKind, dailyLogKind, configKind, ...spotKinds, ...o.kinds ?? []];
  const views = [spotHourlyFamily, ...o.views ?? []];
  const start = {};
  const commits = {};
  const decisions = /* @__PURE__ */ new Map();
  const pushed = /* @__PURE__ */ new Set();
  const changesMemo = /* @__PURE__ */ new Map();
  const changes = (before, after) => {
    const key = `${before}..${after}`;
    if (!changesMemo.has(key)) changesMemo.set(key, sideChanges(clone.git, before, after));
    return changesMemo.get(key);
  };
  try {
    for (let attempt = 1; ; attempt++) {
      for (const side of SIDES2) if (!pushed.has(side)) delete commits[side];
      const tips = { a: await clone.fetch("a"), b: await clone.fetch("b") };
      const data = {
        a: tips.a && await resolveObject(clone.git, `${tips.a}:data`),
        b: tips.b && await resolveObject(clone.git, `${tips.b}:data`)
      };
      for (const side of SIDES2) {
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
        base: await mergeBase(clone.git, tips.a, tips.b),
        kinds,
        views
      });
      for (const d of merged.decisions) decisions.set(`${d.path}|${d.key ?? ""}`, d);
      o.log(
        `Attempt ${attempt}: ${merged.differing.length} differing path(s); data/ trees A ${merged.trees.a.slice(0, 12)}, B ${merged.trees.b.slice(0, 12)}`
      );
      const rejected = [];
      for (const side of SIDES2) {
        const tree = merged.trees[side];
        if (data[side] === tree || !data[side] && tree === EMPTY_TREE || o.dryRun) continue;
        const change = await changes(data[side], tree);
        const other = side === "a" ? "b" : "a";
        const message = `sync(${o.pollerId}): union with ${remoteOf(other)} ${o[other].branch}: ${change.added.length} added, ${change.changed.length} changed, ${merged.conflicts.length} conflict(s) left alone`;
        const commit = await commitOnTop(clone.git, tips[side], tree, message);
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
        const conflicts = [...merged.conflicts].sort(byPath);
        return {
          a: await sideResult("a", merged.trees.a),
          b: await sideResult("b", merged.trees.b),
          trees: merged.trees,
          merged: await mergedPaths(merged.trees, conflicts),
          decisions: [...decisions.values()].sort(byPath),
          conflicts,
          skipped: merged.skipped,
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
  async function mergedPaths(trees, conflicts) {
    const [a, b] = [await changes(start.a?.data, trees.a), await changes(start.b?.data, trees.b)];
    const added = /* @__PURE__ */ new Set([...a.added, ...b.added]);
    const conflicted = new Set(conflicts.map((c) => c.path));
    return [.../* @__PURE__ */ new Set([...a.changed, ...b.changed])].filter((p) => !added.has(p) && !conflicted.has(p)).sort();
  }
}
var byPath = (x, y) => x.path + (x.key ?? "") < y.path + (y.key ?? "") ? -1 : 1;
async function mergeBase(run, a, b) {
  if (!a || !b) return null;
  const r = await run(["merge-base", a, b], { okCodes: [1] });
  const base = r.stdout.trim();
  if (r.code !== 0 || !base) return null;
  return { tree: await resolveObject(run, `${base}:data`), remote: "a" };
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
  return createCommit(run, { tree: root, parents: tip ? [tip] : [], message });
}

// src/commands/sync-repos.ts
var CATALOG = "data/retail/providers.json";
var retailFacts = {
  name: "retail facts",
  matches: isRetailFactPath,
  merge: (path, a, b) => {
    try {
      const merged = Buffer.from(mergeRetailFactFiles(a.bytes.toString("utf8"), b.bytes.toString("utf8")));
      return { a: merged, b: merged, decisions: [], conflicts: [] };
    } catch (e) {
      if (!(e instanceof FactFileError)) throw e;
      return leaveAlone(path, a, b, `unreadable fact entry (${e.message}): each side keeps its own`);
    }
  }
};
function retailViews(now, retireAfterDays, warn) {
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
        retireAfterDays
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
      schema: repository()
    },
    "repo-b": {
      description: "Second data repository: owner/name, https URL, local path or file:// URL.",
      schema: repository()
    },
    "branch-a": { description: "Branch of repo-a.", default: "main", schema: refName() },
    "branch-b": { description: "Branch of repo-b.", default: "main", schema: refName() },
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
      schema: identifier()
    },
    "retire-after-days": {
      description: "Days without a reading after which a dealer leaves rebuilt retail views (as the retail poller).",
      default: String(DEFAULT_RETIRE_AFTER_DAYS),
      schema: integer(1, HISTORY_DAYS)
    }
  },
  outputs: {
    "added-to-a": "Number of files added to repo-a.",
    "added-to-b": "Number of files added to repo-b.",
    merged: "Number of files both held with different content, merged without conflict.",
    decisions: "JSON array of every place where one side's bytes or value replaced the other's: {path, key?, from, kept, other, rule}; [] when none.",
    conflicts: "JSON array of true conflicts, left as they are on both sides: {path, key?, a, b, rule}; [] when none.",
    skipped: "JSON array of symlinks and submodules not copied between the repositories: {path, a, b}; [] when none.",
    "commit-a": "Sync commit on repo-a (empty when none was needed or on a dry run).",
    "commit-b": "Sync commit on repo-b (empty when none was needed or on a dry run).",
    tree: "Hash of the data/ tree repo-a holds after the sync (repo-b holds the same unless a conflict was left alone).",
    "tree-b": "Hash of the data/ tree repo-b holds after the sync."
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
      views: [retailViews(clock.now(), i["retire-after-days"], (m) => rt.warning(m))],
      log: (m) => rt.info(m),
      warn: (m) => rt.warning(m)
    });
    if (dryRun) for (const line of planLines(result)) rt.info(`plan: ${line}`);
    else {
      for (const d of result.decisions) rt.info(decisionLine(d));
      for (const c of result.conflicts) rt.warning(conflictLine(c));
      for (const k of result.skipped) rt.warning(skippedLine(k));
    }
    await rt.summary(syncSummary(result, dryRun));
    return {
      "added-to-a": result.a.added.length,
      "added-to-b": result.b.added.length,
      merged: result.merged.length,
      decisions: JSON.stringify(result.decisions),
      conflicts: JSON.stringify(result.conflicts),
      skipped: JSON.stringify(result.skipped),
      "commit-a": result.a.commit ?? "",
      "commit-b": result.b.commit ?? "",
      tree: result.trees.a,
      "tree-b": result.trees.b
    };
  }
});

export {
  sync_repos_default
};
