import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import {
  chainedVerify,
  checkVerifyInputs,
  repositoryInputs,
  verifyInputs,
  withWorkspace
} from "./chunk-EXVGOU3G.js";
import {
  DEFAULT_RETIRE_AFTER_DAYS,
  HISTORY_DAYS,
  appendObservations,
  goldbackLogPath,
  observation,
  parseCatalogText,
  parseGoldbackLog,
  parseShard,
  rateObservations,
  readRate,
  rebuildRetailViews,
  recordRate,
  targets
} from "./chunk-GYSICLWJ.js";
import {
  publish
} from "./chunk-HOYX6GTW.js";
import {
  HttpError,
  jsonBody,
  request,
  safeUrl
} from "./chunk-EWXOWQRA.js";
import {
  CommandFailure,
  DAY,
  InputError,
  METALS,
  boolean,
  clockFromEnv,
  defineCommand,
  external_exports,
  formatDate,
  formatIso,
  formatNaive,
  identifier,
  integer,
  list,
  listOf,
  oneOf,
  optional,
  optionalBaseUrl,
  optionalPath,
  optionalWebUrl,
  optionalWsUrl,
  parseJson,
  readTextIfExists,
  required,
  round2,
  slotFactsBetween
} from "./chunk-CQKT3FJX.js";

// src/commands/retail-poll.ts
import { homedir } from "node:os";
import { join as join4 } from "node:path";

// src/http/outbound.ts
import { promises as dns } from "node:dns";
import { BlockList, isIPv4, isIPv6 } from "node:net";
var REFUSED_REASON = "refused: internal address";
var V4_INTERNAL = [
  ["0.0.0.0", 8],
  // "this network", unspecified
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  // CGNAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  // link-local, cloud metadata 169.254.169.254
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  // IETF protocol assignments
  ["192.0.2.0", 24],
  // documentation
  ["192.88.99.0", 24],
  // 6to4 relay anycast
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  // benchmarking
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  // multicast
  ["240.0.0.0", 4]
  // reserved, broadcast
];
var V6_INTERNAL = [
  ["::", 128],
  // unspecified
  ["::1", 128],
  ["100::", 64],
  // discard
  ["2001::", 32],
  // Teredo (addresses hidden inside; no shop lives there)
  ["2001:db8::", 32],
  // documentation
  ["64:ff9b:1::", 48],
  // local-use NAT64
  ["::ffff:0:0:0", 96],
  // IPv4-translated (SIIT)
  ["fc00::", 7],
  // unique local
  ["fe80::", 10],
  // link-local
  ["fec0::", 10],
  // old site-local
  ["ff00::", 8]
  // multicast
];
var internal = new BlockList();
for (const [net, prefix] of V4_INTERNAL) internal.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of V6_INTERNAL) internal.addSubnet(net, prefix, "ipv6");
function ipv6Groups(address) {
  let text = address.toLowerCase();
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number);
    text = `${text.slice(0, quad.index)}${(a << 8 | b).toString(16)}:${(c << 8 | d).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const part = (s) => s ? s.split(":").map((g) => Number.parseInt(g, 16)) : [];
  const left = part(head);
  const right = part(tail);
  return tail === void 0 ? left : [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
}
var v4Of = (hi, lo) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
function embeddedV4(address) {
  const g = ipv6Groups(address);
  const zeros = (from, to) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && (g[5] === 65535 || g[5] === 0)) return v4Of(g[6], g[7]);
  if (g[0] === 100 && g[1] === 65435 && zeros(2, 6)) return v4Of(g[6], g[7]);
  if (g[0] === 8194) return v4Of(g[1], g[2]);
  return void 0;
}
function isPublicAddress(ip) {
  const address = ip.replace(/^\[|\]$/g, "");
  if (isIPv4(address)) return !internal.check(address, "ipv4");
  if (!isIPv6(address)) return false;
  if (internal.check(address, "ipv6")) return false;
  const v4 = embeddedV4(address);
  return v4 === void 0 || !internal.check(v4, "ipv4");
}
function parseAllowHosts(text) {
  const entries = (typeof text === "string" ? text.split(",") : text).map((s) => s.trim()).filter(Boolean);
  return entries.map((entry) => {
    const wildcard = entry.startsWith("*.");
    let url;
    try {
      url = new URL(`http://${wildcard ? entry.slice(2) : entry}`);
    } catch {
    }
    const plain = url && url.username === "" && url.password === "" && url.pathname === "/" && url.search === "" && url.hash === "" && !/[/?#@]/.test(entry);
    if (!url || !plain) {
      throw new Error(
        `"${entry}" is not a host[:port] pattern (e.g. "mirror.internal:8080" or "*.shop.lan")`
      );
    }
    const host = url.hostname.replace(/\.$/, "");
    return { host: wildcard ? `*.${host}` : host, port: url.port ? Number(url.port) : void 0 };
  });
}
var systemLookup = (host) => dns.lookup(host, { all: true, verbatim: true });
var CACHE_SIZE = 1e3;
var defaultPort = (protocol) => protocol === "https:" || protocol === "wss:" ? 443 : 80;
var OutboundPolicy = class {
  constructor(options = {}) {
    this.options = options;
  }
  options;
  cache = /* @__PURE__ */ new Map();
  /** Decides whether `url` may be fetched. Never throws. */
  async vet(url) {
    let u;
    try {
      u = new URL(url);
    } catch {
      return { allowed: false, why: "not a URL" };
    }
    if (!["http:", "https:", "ws:", "wss:"].includes(u.protocol))
      return { allowed: false, why: `${u.protocol} is not http(s)` };
    if (u.username || u.password) return { allowed: false, why: "credentials in the URL" };
    const host = u.hostname.toLowerCase().replace(/\.$/, "");
    const port = u.port ? Number(u.port) : defaultPort(u.protocol);
    if (this.allowListed(host, port)) return { allowed: true };
    const key = `${host}:${port}`;
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < (this.options.cacheMs ?? 6e4)) return hit.verdict;
    const verdict = this.check(host);
    this.cache.delete(key);
    this.cache.set(key, { at: now, verdict });
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value);
    return verdict;
  }
  allowListed(host, port) {
    return (this.options.allowHosts ?? []).some(
      (p) => (p.port === void 0 || p.port === port) && (p.host.startsWith("*.") ? host.endsWith(p.host.slice(1)) : p.host === host)
    );
  }
  async check(host) {
    const literal = host.replace(/^\[|\]$/g, "");
    if (isIPv4(literal) || isIPv6(literal)) {
      return isPublicAddress(literal) ? { allowed: true, address: literal } : { allowed: false, why: `${host} is an internal address` };
    }
    if (host === "localhost" || host.endsWith(".localhost") || !host.includes("."))
      return { allowed: false, why: `${host} is a local name` };
    let addresses;
    const timeoutMs = this.options.lookupTimeoutMs ?? 1e4;
    let timer;
    try {
      addresses = await Promise.race([
        (this.options.lookup ?? systemLookup)(host),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
        })
      ]);
    } catch (err) {
      return { allowed: false, why: `${host} does not resolve (${err.message})` };
    } finally {
      clearTimeout(timer);
    }
    if (addresses.length === 0) return { allowed: false, why: `${host} has no address` };
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad) return { allowed: false, why: `${host} resolves to the internal address ${bad.address}` };
    return { allowed: true, address: addresses[0].address };
  }
};

// src/retail/goldback-poll.ts
import { join as join2 } from "node:path";

// src/http/outbound-proxy.ts
import { createServer, request as httpRequest } from "node:http";
import { connect } from "node:net";
var IDLE_MS = 6e4;
var MAX_CONNECTIONS = 512;
var MAX_REFUSED = 200;
var HOP_BY_HOP = ["proxy-connection", "proxy-authorization", "keep-alive", "connection"];
async function startPolicyProxy(policy) {
  const refused = [];
  const refuse = (url) => {
    if (refused.length < MAX_REFUSED) refused.push(url);
  };
  const sockets = /* @__PURE__ */ new Set();
  const track = (s) => {
    if (sockets.has(s)) return;
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
    s.setTimeout?.(IDLE_MS, () => s.destroy());
    s.on("error", () => s.destroy());
  };
  const open = async (url, port2) => {
    const verdict = await policy.vet(url);
    if (!verdict.allowed) {
      refuse(url);
      return void 0;
    }
    const host = verdict.address ?? new URL(url).hostname.replace(/^\[|\]$/g, "");
    const upstream = connect({ host, port: port2, timeout: IDLE_MS });
    track(upstream);
    return upstream;
  };
  const server = createServer(async (req, res) => {
    track(req.socket);
    let target;
    try {
      target = new URL(req.url ?? "");
    } catch {
      res.writeHead(400).end();
      return;
    }
    const port2 = Number(target.port || 80);
    const verdict = await policy.vet(target.href);
    if (!verdict.allowed || target.protocol !== "http:") {
      refuse(target.href);
      res.writeHead(403, { "content-type": "text/plain" }).end("refused by the outbound policy");
      return;
    }
    const headers = { ...req.headers };
    for (const h of HOP_BY_HOP) delete headers[h];
    const upstream = httpRequest({
      host: verdict.address ?? target.hostname.replace(/^\[|\]$/g, ""),
      port: port2,
      method: req.method,
      path: `${target.pathname}${target.search}`,
      headers,
      timeout: IDLE_MS
    });
    upstream.on("response", (answer2) => {
      res.writeHead(answer2.statusCode ?? 502, answer2.headers);
      answer2.pipe(res);
    });
    upstream.on("timeout", () => upstream.destroy(new Error("timeout")));
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    req.pipe(upstream);
  });
  server.on("connect", async (req, client, head) => {
    track(client);
    const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(req.url ?? "");
    const port2 = Number(m?.[2]);
    const upstream = m && port2 > 0 && port2 < 65536 ? await open(`http://${m[1]}:${port2}/`, port2) : void 0;
    if (!upstream) {
      client.end("HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    upstream.once("connect", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.once("error", () => client.end("HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n"));
    upstream.once("timeout", () => upstream.destroy());
  });
  server.on("upgrade", async (req, client, head) => {
    track(client);
    let target;
    try {
      target = new URL(req.url ?? "");
    } catch {
    }
    const port2 = Number(target?.port || 80);
    const upstream = target ? await open(target.href, port2) : void 0;
    if (!upstream || !target) {
      client.end("HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    upstream.once("connect", () => {
      const lines = [`${req.method} ${target.pathname}${target.search} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        if (!HOP_BY_HOP.slice(0, 2).includes(req.rawHeaders[i].toLowerCase()))
          lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      }
      upstream.write(`${lines.join("\r\n")}\r
\r
`);
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.once("error", () => client.destroy());
  });
  server.maxConnections = MAX_CONNECTIONS;
  server.keepAliveTimeout = IDLE_MS;
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    refused,
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    })
  };
}

// src/retail/browser.ts
import { existsSync } from "node:fs";

// src/retail/playwright-loader.ts
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
var PLAYWRIGHT_VERSION = "1.65.1";
var PlaywrightMissingError = class extends Error {
  name = "PlaywrightMissingError";
};
var SPECIFIER = "playwright-core";
var unwrap = (mod) => mod.chromium ? mod : mod.default;
var notFound = (err) => ["ERR_MODULE_NOT_FOUND", "MODULE_NOT_FOUND"].includes(err.code ?? "");
async function loadPlaywright(dirs = []) {
  try {
    return unwrap(await import(
      /* webpackIgnore: true */
      SPECIFIER
    ));
  } catch (err) {
    if (!notFound(err)) throw err;
  }
  for (const dir of dirs) {
    let resolved;
    try {
      resolved = createRequire(join(dir, "package.json")).resolve(SPECIFIER);
    } catch {
      continue;
    }
    return unwrap(await import(
      /* webpackIgnore: true */
      pathToFileURL(resolved).href
    ));
  }
  const looked = dirs.length ? ` (also looked in ${dirs.join(", ")})` : "";
  throw new PlaywrightMissingError(
    `playwright-core is not installed${looked}. Install it beside the action or CLI with "npm install --no-save playwright-core@${PLAYWRIGHT_VERSION}" (no browser download is needed: a system Chrome/Chromium or browser-ws-endpoint is used), or choose fetcher: firecrawl.`
  );
}
async function provisionPlaywright(cacheDir, log) {
  const dir = join(cacheDir, "staktrakr-playwright", PLAYWRIGHT_VERSION);
  try {
    await loadPlaywright([dir]);
    return [dir];
  } catch (err) {
    if (!(err instanceof PlaywrightMissingError)) throw err;
  }
  log(`Installing playwright-core@${PLAYWRIGHT_VERSION} into ${dir} (once per machine; no browser download)`);
  const { execFile } = await import("node:child_process");
  await new Promise(
    (resolve, reject) => execFile(
      "npm",
      [
        "install",
        "--no-save",
        "--no-audit",
        "--no-fund",
        "--prefix",
        dir,
        `${SPECIFIER}@${PLAYWRIGHT_VERSION}`
      ],
      (error, _out, stderr) => error ? reject(
        new PlaywrightMissingError(
          `could not install playwright-core: ${stderr.trim() || error.message}`
        )
      ) : resolve()
    )
  );
  return [dir];
}

// src/retail/browser.ts
var LAUNCH_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  // WebRTC's UDP would go around the outbound policy's proxy.
  "--force-webrtc-ip-handling-policy=disable_non_proxied_udp"
];
var SYSTEM_BROWSERS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/opt/google/chrome/chrome",
  "/snap/bin/chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium"
];
var BrowserUnavailableError = class extends Error {
  name = "BrowserUnavailableError";
};
function findSystemBrowser(candidates = SYSTEM_BROWSERS) {
  return candidates.find((p) => existsSync(p));
}
async function openBrowser(options = {}) {
  const { chromium } = await loadPlaywright(options.playwrightDirs);
  const log = options.log ?? (() => {
  });
  if (options.browserPath && !existsSync(options.browserPath)) {
    throw new BrowserUnavailableError(`browser-path ${options.browserPath} does not exist`);
  }
  const executablePath = options.browserPath ?? findSystemBrowser(options.candidates);
  if (executablePath) {
    log(`browser: ${executablePath}`);
    const proxy = options.proxyServer ? { server: options.proxyServer } : void 0;
    return chromium.launch({ executablePath, headless: true, args: LAUNCH_ARGS, proxy, timeout: 6e4 });
  }
  if (options.wsEndpoint) {
    log(`browser: remote ${safeUrl(options.wsEndpoint)}`);
    try {
      return new URL(options.wsEndpoint).pathname.includes("/playwright") ? await chromium.connect(options.wsEndpoint, { timeout: 6e4 }) : await chromium.connectOverCDP(options.wsEndpoint, { timeout: 6e4 });
    } catch (err) {
      throw new BrowserUnavailableError(
        `could not connect to the remote browser at ${safeUrl(options.wsEndpoint)}: ${err.message.split("\n")[0].replaceAll(options.wsEndpoint, safeUrl(options.wsEndpoint))}`
      );
    }
  }
  throw new BrowserUnavailableError(
    "no browser: set browser-path (CHROME_PATH), install Chrome or Chromium, or set browser-ws-endpoint (BROWSERLESS_URL)"
  );
}

// src/retail/plausibility.ts
var BULLION_BAND = {
  gold: [0.9, 1.35],
  platinum: [0.9, 1.45],
  palladium: [0.9, 1.45],
  silver: [0.9, 1.75]
};
var GOLDBACK_RATE_BAND = [0.65, 3];
var GOLDBACK_MELT_BAND = [1.2, 5.5];
var GOLDBACK_G1_OZ = 1e-3;
var METAL_KEY = {
  gold: "Gold",
  silver: "Silver",
  platinum: "Platinum",
  palladium: "Palladium"
};
var usable = (n) => typeof n === "number" && Number.isFinite(n) && n > 0;
function priceBand(coin, refs) {
  if (coin.metal === "goldback") {
    if (usable(refs.goldbackG1Usd)) {
      const value = refs.goldbackG1Usd * coin.weight_oz;
      return band(
        value,
        GOLDBACK_RATE_BAND,
        `Goldback rate $${value.toFixed(2)} (G1 ${refs.goldbackG1Usd} \xD7 ${coin.weight_oz})`
      );
    }
    const gold = refs.spot.Gold;
    if (!usable(gold)) return "no gold spot price or Goldback rate to check a Goldback price against";
    const melt2 = gold * GOLDBACK_G1_OZ * coin.weight_oz;
    return band(
      melt2,
      GOLDBACK_MELT_BAND,
      `gold content $${melt2.toFixed(2)} (gold ${gold} \xD7 ${coin.weight_oz}/1000 oz)`
    );
  }
  const spot = refs.spot[METAL_KEY[coin.metal]];
  if (!usable(spot)) return `no ${coin.metal} spot price to check the price against`;
  const melt = spot * coin.weight_oz;
  return band(
    melt,
    BULLION_BAND[coin.metal],
    `melt $${melt.toFixed(2)} (${coin.metal} ${spot} \xD7 ${coin.weight_oz} oz)`
  );
}
function band(value, [lo, hi], basis) {
  return { low: round2(value * lo), high: round2(value * hi), basis };
}
function outsideBand(price, b) {
  if (price >= b.low && price <= b.high) return void 0;
  return `price $${price.toFixed(2)} is outside the plausible $${b.low.toFixed(2)}\u2013$${b.high.toFixed(2)} around ${b.basis}`;
}

// src/retail/extract.ts
var CHECK = /check|wire|\bach\b|bank|cash|e-?check/i;
var CARD = /card|credit|debit|paypal|visa|amex|master|discover|affirm|klarna|installment/i;
var NOT_UNIT = /as low as|starting (at|from)|\bfrom\b|low as|bulk|per oz|\/ ?oz|you save|save \$|\boff\b|spot|premium|\bmsrp\b|retail|was\b|reg\.?\b|list price|buyback|we buy|sell to us|\b(tube|roll|box|pack|bundle|lot|set|case) of\b|\d+-?pack\b|per (tube|roll|box)/i;
var QTY_HEADER = /qty|quantity|units?|amount|pieces|tier|count|how many|^#$|buy/i;
var NOT_FOUND = /page (not|cannot be) found|\b404\b|not found|no longer available|does ?n[o']t exist|could ?n[o']t (be )?found|can(no|')t find|product (is )?unavailable|discontinued/i;
var BOT_CHECK = /just a moment|attention required|access denied|verify (that )?you are (a )?human|are you a robot|checking (if the site connection is secure|your browser)|enable javascript and cookies|press (&|and) hold|pardon our interruption|unusual traffic|security check|captcha/i;
function parseMoney(text) {
  const m = /(?:US\s?\$|\$|\bUSD\s?)\s?(\d[\d,]*(?:\.\d{1,2})?)|\b(\d[\d,]*(?:\.\d{1,2})?)\s?USD\b/.exec(
    text
  );
  if (!m) return null;
  const n = Number((m[1] ?? m[2]).replace(/,/g, ""));
  return Number.isFinite(n) && n > 0 ? round2(n) : null;
}
function tierStart(text) {
  const m = /(\d[\d,]*)\s*(?:[-–—]|to|\+|or more|and up|\s*$)/i.exec(text.trim());
  return m && parseMoney(text) === null && !text.includes("$") ? Number(m[1].replace(/,/g, "")) : null;
}
var FRACTIONS = { "\xBD": 0.5, "\xBC": 0.25, "\xBE": 0.75, "\u2152": 0.1 };
var UNIT_OZ = {
  oz: 1,
  ozt: 1,
  ounce: 1,
  ounces: 1,
  g: 1 / 31.1035,
  gram: 1 / 31.1035,
  grams: 1 / 31.1035,
  kg: 32.1507,
  kilo: 32.1507,
  kilogram: 32.1507
};
function titleWeights(title) {
  const out = [];
  const re = /(?:(\d+)\s*\/\s*(\d+)(?:th)?|([½¼¾⅒])|(\d+(?:\.\d+)?))\s*-?\s*(troy\s+)?(ozt|oz|ounces?|grams?|g|kilograms?|kilo|kg)\b/gi;
  for (const m of title.matchAll(re)) {
    const value = m[1] ? Number(m[1]) / Number(m[2]) : m[3] ? FRACTIONS[m[3]] : Number(m[4]);
    const unit = m[6].toLowerCase().replace(/s$/, "");
    out.push(value * (UNIT_OZ[unit] ?? UNIT_OZ[`${unit}s`] ?? 1));
  }
  return out;
}
function goldbackDenominations(title) {
  const out = [];
  const frac = (s) => s === "\xBD" ? 0.5 : s.includes("/") ? Number(s.split("/")[0]) / Number(s.split("/")[1]) : Number(s);
  for (const m of title.matchAll(/\bG\s?(\d+(?:\/\d+)?|½)(?=\b|\s|$)/g)) out.push(frac(m[1]));
  for (const m of title.matchAll(/(\d+(?:\/\d+)?|½)\s*goldbacks?\b/gi)) out.push(frac(m[1]));
  for (const w of titleWeights(title)) out.push(Math.round(w * 1e3 * 1e3) / 1e3);
  return out;
}
var near = (a, b) => Math.abs(a - b) <= Math.max(1e-3, b * 0.01);
var describeWeight = (oz) => oz >= 1 ? `${oz} oz` : `1/${Math.round(1 / oz)} oz`;
var BUNDLE = /\b(tube|roll|box|pack|lot|set|bundle|case|sheet) of \d+|\b\d+[- ]?(pack|coin (lot|set|roll|tube))\b|monster ?box|\bmini ?monster\b/i;
function bundleOf(title) {
  const m = BUNDLE.exec(title);
  return m ? `bundle: the page sells "${m[0]}" ("${title}"), not one unit` : void 0;
}
function substitution(title, coin) {
  if (coin.metal === "goldback") {
    const found2 = goldbackDenominations(title);
    if (found2.length === 0 || found2.some((d) => near(d, coin.weight_oz))) return void 0;
    return `substituted product: the page shows a ${found2[0]} Goldback note ("${title}"), the coin is a ${coin.weight_oz} Goldback`;
  }
  const found = titleWeights(title);
  if (found.length === 0 || found.some((w) => near(w, coin.weight_oz))) return void 0;
  return `substituted product: the page shows a ${describeWeight(found[0])} product ("${title}"), the coin is ${describeWeight(coin.weight_oz)}`;
}
function tierPrice(table) {
  const width = Math.max(table.headers.length, ...table.rows.map((r) => r.length));
  const column = (i) => table.rows.map((r) => r[i] ?? "");
  const priceCols = [...Array(width).keys()].filter((i) => column(i).some((c) => parseMoney(c) !== null));
  if (priceCols.length === 0) return { miss: "tier table has no prices" };
  const header = (i) => table.headers[i] ?? "";
  let col = priceCols.find((i) => CHECK.test(header(i)) && !CARD.test(header(i)));
  if (col === void 0) {
    const neutral = priceCols.filter((i) => !CARD.test(header(i)) && !NOT_UNIT.test(header(i)));
    if (priceCols.length === 1 && neutral.length === 1) col = neutral[0];
    else {
      const heads = table.headers.length ? table.headers.map((h) => `"${h}"`).join(", ") : "none";
      return { miss: `tier table has no check/wire column (headers: ${heads})` };
    }
  }
  const qtyCol = [...Array(width).keys()].find(
    (i) => !priceCols.includes(i) && (QTY_HEADER.test(header(i)) || column(i).every((c) => tierStart(c) !== null))
  );
  if (qtyCol === void 0) return { miss: "tier table has no quantity column" };
  const tiers = table.rows.map((r) => ({ start: tierStart(r[qtyCol] ?? ""), price: parseMoney(r[col] ?? "") })).filter((t) => t.start !== null && t.price !== null).sort((a, b) => a.start - b.start);
  const first = tiers[0];
  if (!first) return { miss: "tier table rows have no quantity and price" };
  return {
    price: first.price,
    method: "tier-table",
    note: first.start > 1 ? `first tier starts at ${first.start} units` : void 0
  };
}
function kindOf(p) {
  const label = (s) => NOT_UNIT.test(s) ? "other" : CARD.test(s) ? "card" : CHECK.test(s) ? "check" : void 0;
  if (/as-?low|aslow|bulk|per-?oz|spot/i.test(p.classes)) return "other";
  return label(p.before) ?? label(p.after) ?? (CARD.test(p.classes) ? "card" : "plain");
}
function textPrice(prices) {
  const read = prices.map((p) => ({ kind: kindOf(p), price: parseMoney(p.text) }));
  const distinct = (kind) => [
    ...new Set(read.filter((r) => r.kind === kind && r.price).map((r) => r.price))
  ];
  const checks = distinct("check");
  if (checks.length === 1) return { price: checks[0], method: "text" };
  if (checks.length > 1)
    return { miss: `several check/wire prices shown (${checks.map((p) => `$${p}`).join(", ")})` };
  const plain = distinct("plain");
  if (plain.length === 1) return { price: plain[0], method: "text" };
  if (plain.length > 1)
    return {
      miss: `several prices shown and none labelled check/wire (${plain.map((p) => `$${p}`).join(", ")})`
    };
  if (read.some((r) => r.kind === "other"))
    return { miss: 'only "as low as"/bulk prices shown, no unit price' };
  if (read.some((r) => r.kind === "card")) return { miss: "only card prices shown, no check/wire price" };
  return { miss: "no price on the page" };
}
function structuredPrice(reading) {
  const offers = reading.structured.filter((o) => o.price !== null && !o.aggregate);
  if (offers.length === 0) return void 0;
  const shown = reading.prices.filter((p) => ["check", "plain"].includes(kindOf(p))).map((p) => parseMoney(p.text));
  const agreeing = [...new Set(offers.map((o) => o.price).filter((p) => shown.includes(p)))];
  if (agreeing.length === 1) return { price: agreeing[0], method: "structured-data" };
  return {
    miss: `structured data says ${offers.map((o) => `$${o.price}`).join(", ")} but the page does not show it as a unit price`
  };
}
function stockOf(reading, preorder) {
  const s = reading.stock;
  if (s.outOfStock) return { inStock: false, why: `"${s.outOfStock}"` };
  if (s.notifyMe) return { inStock: false, why: `"${s.notifyMe}"` };
  if (s.buyButtons.length > 0 && s.buyButtons.every((b) => b.disabled))
    return { inStock: false, why: `"${s.buyButtons[0].text}" is disabled` };
  if (s.preorder && preorder === "out-of-stock")
    return { inStock: false, why: `pre-order ("${s.preorder}")` };
  const offerAvail = reading.structured.find((o) => o.availability)?.availability ?? "";
  if (!s.buyButtons.length && !s.inStock && /OutOfStock|SoldOut|Discontinued/i.test(offerAvail)) {
    return { inStock: false, why: `structured data says ${offerAvail.replace(/^.*\//, "")}` };
  }
  return { inStock: true };
}
function extract(reading, ctx) {
  const fail = (reason) => ({
    price: null,
    inStock: true,
    method: null,
    reason,
    failed: true,
    wrongPage: true
  });
  const titles = `${reading.documentTitle} | ${reading.productTitle}`;
  if (reading.challenge || BOT_CHECK.test(reading.documentTitle) && reading.tiers.length === 0) {
    return fail(`bot-check page ("${reading.documentTitle || reading.text.slice(0, 60)}")`);
  }
  if (ctx.status !== void 0 && ctx.status >= 400) {
    if (BOT_CHECK.test(`${titles} ${reading.text.slice(0, 300)}`) || ctx.status === 403 || ctx.status === 429) {
      return fail(`blocked: HTTP ${ctx.status} ("${reading.documentTitle}")`);
    }
    return fail(`HTTP ${ctx.status}${ctx.status === 404 || ctx.status === 410 ? " (page not found)" : ""}`);
  }
  if (NOT_FOUND.test(titles) && reading.tiers.length === 0)
    return fail(`page not found ("${reading.productTitle || reading.documentTitle}")`);
  if (BOT_CHECK.test(reading.text.slice(0, 400)) && reading.tiers.length === 0 && reading.prices.length === 0) {
    return fail(`bot-check page ("${reading.text.slice(0, 60)}")`);
  }
  const title = reading.productTitle || reading.documentTitle;
  const substituted = substitution(title, ctx.coin) ?? bundleOf(title);
  if (substituted) return fail(substituted);
  const stock = stockOf(reading, ctx.preorder);
  const misses = [];
  let found;
  for (const table of reading.tiers) {
    const attempt = tierPrice(table);
    if ("miss" in attempt) misses.push(attempt.miss);
    else {
      found = attempt;
      break;
    }
  }
  if (!found) {
    const structured = structuredPrice(reading);
    if (structured && "price" in structured) found = structured;
    else {
      if (structured) misses.push(structured.miss);
      const text = textPrice(reading.prices);
      if ("price" in text) found = { ...text, note: structured?.miss };
      else misses.push(text.miss);
    }
  }
  const method = (m) => ctx.via === "firecrawl" && m !== "structured-data" ? `firecrawl-${m}` : m;
  const stockNote = stock.inStock ? "" : `out of stock: ${stock.why}`;
  const join5 = (...parts) => parts.filter(Boolean).join("; ");
  if (!found) {
    const reason = join5(stockNote, misses.join("; ") || "no price on the page");
    return { price: null, inStock: stock.inStock, method: null, reason, failed: stock.inStock };
  }
  if (typeof ctx.band === "string") {
    return {
      price: null,
      inStock: stock.inStock,
      method: null,
      reason: join5(stockNote, `$${found.price} found but ${ctx.band}`),
      failed: stock.inStock
    };
  }
  const implausible = outsideBand(found.price, ctx.band);
  if (implausible)
    return {
      price: null,
      inStock: stock.inStock,
      method: null,
      reason: join5(stockNote, implausible),
      failed: stock.inStock
    };
  return {
    price: found.price,
    inStock: stock.inStock,
    method: method(found.method),
    reason: join5(stockNote, found.note),
    failed: false
  };
}

// src/retail/read-page.ts
function readDocument(doc) {
  const PRICE_RE = /(?:US\s?\$|\$|\bUSD\s?)\s?\d[\d,]*(?:\.\d{1,2})?|\b\d[\d,]*(?:\.\d{1,2})?\s?USD\b/;
  const SKIP_TAGS = /* @__PURE__ */ new Set([
    "SCRIPT",
    "STYLE",
    "NOSCRIPT",
    "TEMPLATE",
    "SVG",
    "S",
    "DEL",
    "STRIKE",
    "IFRAME"
  ]);
  const CHROME_TAGS = /* @__PURE__ */ new Set(["HEADER", "NAV", "FOOTER", "ASIDE"]);
  const CHROME_ROLES = /^(navigation|banner|contentinfo|complementary|dialog|menu|menubar)$/;
  const CHROME_TOKEN = /^(site-|page-|global-|top-|main-)?(header|footer|nav|navbar|navigation|menu|menubar)$/i;
  const OTHER_PRODUCTS = /ticker|spot-?price|mega-?menu|carousel|slider|swiper|slick|related|similar|recommend|upsell|cross-?sell|also-?(bought|purchased|viewed)|recently-?viewed|review|testimonial|rating|questions|q-?and-?a|\bqa\b|faq|breadcrumb|newsletter|cookie|announcement|promo|(site|top|header|global)-?(banner|notice|message)|sitewide|notice-?bar|product-?strip/i;
  const SECTION_HEADING = /similar (products|items)|customers (also|who)|also (purchased|bought|viewed)|frequently bought|related (products|items)|you (may|might) also like|recently viewed|reviews?\b|ratings?\b|questions|q ?& ?a\b|what (our )?(customers|buyers)|popular|trending|best ?sellers|top sellers|more (from|in) this|live spot|spot prices/i;
  const STRUCK = /(^|[\s_-])(was|old|regular|compare|msrp|strike|original)([\s_-]|$)|price-?(was|old)/i;
  const excludedCache = /* @__PURE__ */ new Map();
  const productRoot = doc.querySelector('[itemtype*="schema.org/Product"]') ?? doc.querySelector('main, [role="main"], #main, article') ?? doc.body;
  const tokens = (el) => `${el.getAttribute("class") ?? ""} ${el.id ?? ""}`;
  const hidden = (el) => {
    if (el.hasAttribute("hidden") || el.getAttribute("aria-hidden") === "true") return true;
    const style = (el.getAttribute("style") ?? "").replace(/\s/g, "").toLowerCase();
    if (style.includes("display:none") || style.includes("visibility:hidden")) return true;
    const check = el.checkVisibility;
    return typeof check === "function" ? !check.call(el, { checkVisibilityCSS: true }) : false;
  };
  const headingText = (el) => {
    for (const child of Array.from(el.children).slice(0, 3)) {
      if (/^H[1-6]$/.test(child.tagName)) return child.textContent ?? "";
      const inner = child.querySelector(":scope > h2, :scope > h3, :scope > h4");
      if (inner && child === el.firstElementChild) return inner.textContent ?? "";
    }
    return "";
  };
  const insideProduct = (el) => el.closest('main, article, [itemtype*="schema.org/Product"]') !== null;
  const excluded = (el) => {
    if (!el || el === doc.body || el === doc.documentElement) return false;
    const cached = excludedCache.get(el);
    if (cached !== void 0) return cached;
    const tag = el.tagName.toUpperCase();
    const classes = tokens(el);
    const role = el.getAttribute("role") ?? "";
    const result = SKIP_TAGS.has(tag) || CHROME_TAGS.has(tag) && !(tag === "HEADER" && el.parentElement && insideProduct(el.parentElement)) || CHROME_ROLES.test(role) || classes.split(/\s+/).some((t) => CHROME_TOKEN.test(t)) || OTHER_PRODUCTS.test(classes) || STRUCK.test(classes) || SECTION_HEADING.test(headingText(el)) || hidden(el) || excluded(el.parentElement);
    excludedCache.set(el, result);
    return result;
  };
  const clean = (s) => s.replace(/\s+/g, " ").trim();
  const textOf = (el) => {
    let out = "";
    for (const node of Array.from(el.childNodes)) {
      if (node.nodeType === 3) out += node.textContent ?? "";
      else if (node.nodeType === 1) {
        const child = node;
        const tag = child.tagName.toUpperCase();
        if (SKIP_TAGS.has(tag) || STRUCK.test(tokens(child)) || hidden(child)) continue;
        const t = textOf(child);
        out += /^(DIV|P|LI|TR|TD|TH|BR|H\d|SECTION|DT|DD)$/.test(tag) ? ` ${t} ` : t;
      }
    }
    return out;
  };
  const all = (selector, root = doc) => Array.from(root.querySelectorAll(selector)).filter((el) => !excluded(el));
  const h1 = all("h1", doc.body)[0];
  const og = doc.querySelector('meta[property="og:title"]')?.getAttribute("content");
  const productTitle = clean(h1 ? textOf(h1) : og ?? "");
  const tiers = [];
  for (const table of all('table, [role="table"], [role="grid"]', doc.body)) {
    if (table.parentElement?.closest('table, [role="table"], [role="grid"]')) continue;
    const rowEls = table.matches("table") ? Array.from(table.querySelectorAll("tr")) : Array.from(table.querySelectorAll('[role="row"]'));
    const rows = rowEls.filter((r) => !excluded(r)).map((r) => {
      const cells = table.matches("table") ? Array.from(r.children).filter((c) => /^T[HD]$/.test(c.tagName.toUpperCase())) : Array.from(
        r.querySelectorAll(
          '[role="columnheader"], [role="cell"], [role="rowheader"], [role="gridcell"]'
        )
      );
      return {
        isHeader: cells.length > 0 && cells.every(
          (c) => c.tagName.toUpperCase() === "TH" || c.getAttribute("role") === "columnheader"
        ) && !cells.some((c) => PRICE_RE.test(textOf(c))),
        cells: cells.map((c) => clean(textOf(c)))
      };
    }).filter((r) => r.cells.length > 0);
    if (!rows.some((r) => r.cells.some((c) => PRICE_RE.test(c)))) continue;
    const headerRow = rows.find((r) => r.isHeader);
    tiers.push({
      headers: headerRow?.cells ?? [],
      rows: rows.filter((r) => !r.isHeader).map((r) => r.cells)
    });
  }
  const leafCells = (row) => Array.from(row.children).filter((c) => !excluded(c));
  const isGridRow = (row, width) => {
    const cells = leafCells(row);
    return cells.length === width && cells.every(
      (c) => c.children.length === 0 || Array.from(c.children).every((x) => /^(SPAN|STRONG|B|EM|SMALL|S|DEL|SUP)$/.test(x.tagName))
    );
  };
  for (const grid of all("div, ul, dl, section", productRoot)) {
    if (grid.closest('table, [role="table"], [role="grid"]')) continue;
    const rowEls = Array.from(grid.children).filter((c) => !excluded(c));
    const width = rowEls[0] ? leafCells(rowEls[0]).length : 0;
    if (rowEls.length < 2 || width < 2 || !rowEls.every((r) => isGridRow(r, width))) continue;
    const rows = rowEls.map((r) => leafCells(r).map((c) => clean(textOf(c))));
    const priced = (r) => r.some((c) => PRICE_RE.test(c));
    if (!rows.some(priced)) continue;
    const head = rows[0] && !priced(rows[0]) ? rows[0] : void 0;
    tiers.push({ headers: head ?? [], rows: head ? rows.slice(1) : rows });
  }
  const structured = [];
  const num = (v) => {
    const n = typeof v === "number" ? v : typeof v === "string" ? Number(v.replace(/[$,\s]/g, "")) : Number.NaN;
    return Number.isFinite(n) ? n : null;
  };
  const typeIs = (node, t) => [].concat(node["@type"] ?? []).some((x) => String(x) === t);
  const visit = (node, depth) => {
    if (!node || typeof node !== "object" || depth > 6) return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n, depth + 1);
      return;
    }
    const obj = node;
    if (typeIs(obj, "Product") || typeIs(obj, "ProductGroup")) {
      const name = typeof obj.name === "string" ? obj.name : null;
      for (const offer of [].concat(obj.offers ?? [])) {
        if (!offer || typeof offer !== "object") continue;
        const o = offer;
        const spec = o.priceSpecification;
        const aggregate = typeIs(o, "AggregateOffer");
        structured.push({
          source: "json-ld",
          name,
          price: num(aggregate ? o.lowPrice : o.price ?? spec?.price),
          aggregate,
          availability: typeof o.availability === "string" ? o.availability : null
        });
      }
    }
    for (const key of ["@graph", "mainEntity", "itemListElement"]) visit(obj[key], depth + 1);
  };
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      visit(JSON.parse(script.textContent ?? ""), 0);
    } catch {
    }
  }
  for (const offer of all(
    '[itemtype*="schema.org/Offer"], [itemtype*="schema.org/AggregateOffer"]',
    doc.body
  )) {
    const prop = (name) => {
      const el = offer.querySelector(`[itemprop="${name}"]`);
      return el ? el.getAttribute("content") ?? el.getAttribute("href") ?? clean(el.textContent ?? "") : null;
    };
    const aggregate = (offer.getAttribute("itemtype") ?? "").includes("AggregateOffer");
    const product = offer.closest('[itemtype*="schema.org/Product"]');
    const nameEl = product?.querySelector('[itemprop="name"]');
    structured.push({
      source: "microdata",
      name: nameEl ? nameEl.getAttribute("content") ?? clean(nameEl.textContent ?? "") : null,
      price: num(prop(aggregate ? "lowPrice" : "price")),
      aggregate,
      availability: prop("availability")
    });
  }
  const prices = [];
  const walk = (el) => {
    if (excluded(el) || /^(TABLE)$/.test(el.tagName.toUpperCase()) || el.getAttribute("role") === "table")
      return;
    for (const node of Array.from(el.childNodes)) {
      if (node.nodeType === 1) walk(node);
      else if (node.nodeType === 3) {
        const m = PRICE_RE.exec(node.textContent ?? "");
        if (!m) continue;
        let block = el;
        while (block.parentElement && clean(textOf(block)).length < 12 && block !== productRoot) {
          block = block.parentElement;
        }
        let classes = "";
        for (let a = el, i = 0; a && i < 4; a = a.parentElement, i++)
          classes += ` ${tokens(a)}`;
        const blockText = clean(textOf(block));
        const at = blockText.indexOf(m[0]);
        const parts = at < 0 ? ["", ""] : [blockText.slice(0, at), blockText.slice(at + m[0].length)];
        const before = parts[0].split(new RegExp(PRICE_RE.source, "g")).pop().slice(-60).trim();
        const after = parts[1].split(PRICE_RE)[0].slice(0, 30).trim();
        prices.push({ text: m[0], before, after, classes: clean(classes) });
      }
    }
  };
  walk(productRoot);
  const shortTexts = all("button, a, span, div, p, strong, b, em, label, li, h2, h3, h4, input", productRoot).map((el) => ({
    el,
    text: clean(el.tagName.toUpperCase() === "INPUT" ? el.getAttribute("value") ?? "" : textOf(el))
  })).filter((x) => x.text.length > 0 && x.text.length <= 60);
  const find = (re) => shortTexts.find((x) => re.test(x.text))?.text ?? null;
  const buyButtons = shortTexts.filter(
    (x) => /^(BUTTON|INPUT|A)$/.test(x.el.tagName.toUpperCase()) && /add to (cart|bag)|buy now|purchase|pre-?order now/i.test(x.text)
  ).map((x) => ({
    text: x.text,
    disabled: x.el.hasAttribute("disabled") || x.el.getAttribute("aria-disabled") === "true" || /(^|[\s_-])disabled([\s_-]|$)/i.test(x.el.getAttribute("class") ?? "")
  }));
  const stock = {
    outOfStock: find(
      /\b(out of stock|sold out|currently unavailable|temporarily unavailable|back-?ordered)\b/i
    ),
    notifyMe: find(/notify me|email me when|notify when available|get notified|alert me when/i),
    preorder: find(/\bpre-?order\b|\bpre-?sale\b|\bpresale\b/i),
    inStock: find(/^(in stock|available now|ready to ship)\b/i),
    buyButtons
  };
  const challenge = doc.querySelector(
    'iframe[src*="challenges.cloudflare.com"], iframe[src*="hcaptcha"], iframe[src*="recaptcha"], iframe[src*="captcha-delivery"], #challenge-form, #px-captcha, #cf-challenge-running'
  ) !== null;
  return {
    documentTitle: clean(doc.title ?? ""),
    productTitle,
    text: clean(textOf(doc.body)).slice(0, 2e3),
    challenge,
    tiers,
    structured,
    prices,
    stock
  };
}

// src/retail/fetch-playwright.ts
var BLOCKED = /* @__PURE__ */ new Set(["image", "font", "media"]);
var LOCAL_SCHEMES = /^(data|blob|about):/;
var MAX_CONTEXTS = 64;
var NAME_SHIM = "globalThis.__name = globalThis.__name || ((f) => f);";
var READ_SCRIPT = `(${readDocument.toString()})(document)`;
var fingerprint = (r) => JSON.stringify([r.productTitle, r.tiers, r.prices, r.structured, r.stock]);
var hasTierPrice = (r) => r.tiers.some((t) => "price" in tierPrice(t));
var PlaywrightFetcher = class {
  constructor(browser, options) {
    this.browser = browser;
    this.options = options;
    this.policy = options.policy ?? new OutboundPolicy();
  }
  browser;
  options;
  policy;
  contexts = /* @__PURE__ */ new Map();
  /** Reads `url` in the context of `dealer` (default: the URL's origin). */
  async read(url, dealer = originOf(url)) {
    const { retries = 1, retryDelayMs = 2e3, clock } = this.options;
    let last = { reading: null, attempts: 0, error: "not attempted" };
    for (let attempt = 1; attempt <= retries + 1; attempt++) {
      last = { ...await this.attempt(url, dealer), attempts: attempt };
      const retryable = !last.refused && (last.error !== void 0 || last.status !== void 0 && (last.status >= 500 || last.status === 429));
      if (!retryable || attempt > retries) break;
      await clock.sleep(retryDelayMs * attempt);
    }
    return last;
  }
  /** Closes a dealer's context once its pages are done (a later read opens a new one). */
  async release(dealer) {
    const entry = this.contexts.get(dealer);
    this.contexts.delete(dealer);
    await entry?.context.then((c) => c.close()).catch(() => {
    });
  }
  async close() {
    await Promise.all([...this.contexts.keys()].map((d) => this.release(d)));
  }
  async contextOf(dealer) {
    let entry = this.contexts.get(dealer);
    if (!entry) {
      entry = { context: this.newContext(), busy: 0 };
      const mine = entry;
      this.contexts.set(dealer, entry);
      mine.context.then(
        (c) => c.on("close", () => this.contexts.get(dealer) === mine && this.contexts.delete(dealer)),
        () => this.contexts.get(dealer) === mine && this.contexts.delete(dealer)
      );
      if (this.contexts.size > MAX_CONTEXTS) {
        const idle = [...this.contexts].find(([, e]) => e.busy === 0 && e !== mine);
        if (idle) await this.release(idle[0]);
      }
    } else {
      this.contexts.delete(dealer);
      this.contexts.set(dealer, entry);
    }
    return entry;
  }
  async newContext() {
    const context = await this.browser.newContext({
      userAgent: this.options.userAgent,
      viewport: { width: 1280, height: 1e3 },
      serviceWorkers: "block",
      locale: "en-US"
    });
    try {
      await context.addInitScript({ content: NAME_SHIM });
      await context.route("**/*", async (route) => {
        const request2 = route.request();
        const url = request2.url();
        if (BLOCKED.has(request2.resourceType())) return route.abort("blockedbyclient").catch(() => {
        });
        if (!LOCAL_SCHEMES.test(url) && !(await this.policy.vet(url)).allowed) {
          this.options.onRefused?.(url, request2.resourceType());
          return route.abort("blockedbyclient").catch(() => {
          });
        }
        return route.continue().catch(() => {
        });
      });
      await context.routeWebSocket(/.*/, async (ws) => {
        if ((await this.policy.vet(ws.url())).allowed) ws.connectToServer();
        else {
          this.options.onRefused?.(ws.url(), "websocket");
          await ws.close().catch(() => {
          });
        }
      });
    } catch (err) {
      await context.close().catch(() => {
      });
      throw err;
    }
    return context;
  }
  /** The dealer's tab, opened when missing; beyond `maxPages` the least recently used idle tab closes. */
  async tabOf(entry) {
    if (entry.page && !entry.page.isClosed()) return entry.page;
    const open = [...this.contexts.values()].filter((e) => e !== entry && e.page && !e.page.isClosed());
    const excess = open.length + 1 - (this.options.maxPages ?? MAX_CONTEXTS);
    for (const idle of open.filter((e) => e.busy === 0).slice(0, Math.max(0, excess))) {
      const page = idle.page;
      idle.page = void 0;
      await page?.close().catch(() => {
      });
    }
    entry.page = await (await entry.context).newPage();
    return entry.page;
  }
  async attempt(url, dealer) {
    const { timeoutMs = 3e4 } = this.options;
    const entry = await this.contextOf(dealer);
    entry.busy++;
    let page;
    let keep = false;
    const hops = [];
    const refused = async () => (await Promise.all(hops)).includes(false);
    const onRequest = (request2) => {
      if (request2.isNavigationRequest() && frameOf(request2) === page?.mainFrame())
        hops.push(this.policy.vet(request2.url()).then((v) => v.allowed));
    };
    try {
      page = await this.tabOf(entry);
      page.on("request", onRequest);
      page.setDefaultTimeout(timeoutMs);
      const response = await page.goto(url, { waitUntil: "domcontentloaded", timeout: timeoutMs });
      if (await refused()) return { reading: null, refused: true };
      const status = response?.status();
      await page.waitForLoadState("load", { timeout: Math.min(timeoutMs, 1e4) }).catch(() => {
      });
      const reading = await this.waitForPrices(page);
      const screenshot = this.options.wantScreenshot?.(reading, status) ? await page.screenshot({ type: "jpeg", quality: 70 }) : void 0;
      if (await refused()) return { reading: null, refused: true };
      keep = true;
      return { reading, status, screenshot };
    } catch (err) {
      if (await refused()) return { reading: null, refused: true };
      const message = err.message.split("\n")[0].replaceAll(url, safeUrl(url));
      return { reading: null, error: message };
    } finally {
      page?.off("request", onRequest);
      if (keep)
        keep = await page.goto("about:blank").then(
          () => true,
          () => false
        );
      if (!keep && page) {
        if (entry.page === page) entry.page = void 0;
        await page.close().catch(() => {
        });
      }
      entry.busy--;
    }
  }
  /** Reads the page until a tier table is there, the readings stop changing, or the wait is over. */
  async waitForPrices(page) {
    const { clock, priceWaitMs = 12e3, settleMs = 3e3, pollMs = 400 } = this.options;
    const start = clock.now().getTime();
    let reading = await page.evaluate(READ_SCRIPT);
    let print = fingerprint(reading);
    let stableSince = start;
    for (; ; ) {
      const now = clock.now().getTime();
      if (hasTierPrice(reading) || now - stableSince >= settleMs || now - start >= priceWaitMs)
        return reading;
      await clock.sleep(pollMs);
      reading = await page.evaluate(READ_SCRIPT);
      const next = fingerprint(reading);
      if (next !== print) {
        print = next;
        stableSince = clock.now().getTime();
      }
    }
  }
};
function frameOf(request2) {
  try {
    return request2.frame();
  } catch {
    return void 0;
  }
}
function originOf(url) {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

// src/retail/goldback-poll.ts
async function readDailyRate(o) {
  const today = formatDate(o.clock.now());
  const logPath = goldbackLogPath(today.slice(0, 4));
  const log = parseGoldbackLog(await readTextIfExists(join2(o.root, logPath)) ?? "", logPath);
  if (log.some((e) => e.date === today)) {
    o.log(`Goldback rate of ${today} already recorded`);
    return void 0;
  }
  if (!o.goldSpot) return { reason: "no gold spot price to check the Goldback rate against" };
  const policy = new OutboundPolicy(o.outbound);
  const proxy = await startPolicyProxy(policy);
  const browser = await openBrowser({ ...o.browser, proxyServer: proxy.url, log: o.log }).catch(
    async (err) => {
      await proxy.close();
      throw err;
    }
  );
  try {
    const page = await new PlaywrightFetcher(browser, {
      clock: o.clock,
      timeoutMs: o.timeoutMs,
      policy
    }).read(o.url);
    if (!page.reading) return { reason: `rate page did not load: ${page.error}` };
    if (page.status !== void 0 && page.status >= 400)
      return { reason: `rate page answered HTTP ${page.status}` };
    const read = readRate(page.reading, o.goldSpot);
    if ("reason" in read) return read;
    const at = o.clock.now();
    o.log(`Goldback rate: G1 $${read.rate}`);
    return { rate: read.rate, at, observations: rateObservations(read.rate, at) };
  } finally {
    await browser.close().catch(() => {
    });
    await proxy.close();
  }
}

// src/retail/refs.ts
import { readdir } from "node:fs/promises";
import { join as join3 } from "node:path";
var CATALOG_PATH = "data/retail/providers.json";
var MAX_SPOT_AGE_DAYS = 4;
async function readCatalog(root) {
  const text = await readTextIfExists(join3(root, CATALOG_PATH));
  if (text === void 0)
    throw new Error(
      `${CATALOG_PATH} is missing in the data repository: it lists the coins and dealers to read`
    );
  return parseCatalogText(text, CATALOG_PATH);
}
async function marketRefs(root, now) {
  const facts = await slotFactsBetween(root, new Date(now.getTime() - MAX_SPOT_AGE_DAYS * DAY), now);
  const latest = facts.reverse().find((f) => METALS.every((m) => f.entries.some((e) => e.metal === m && e.spot > 0)));
  if (!latest) {
    throw new Error(
      `no spot price newer than ${MAX_SPOT_AGE_DAYS} days in data/15min: retail prices are checked against melt value, so run spot-poll on this repository first`
    );
  }
  const spot = Object.fromEntries(latest.entries.map((e) => [e.metal, e.spot]));
  return { spot, spotAt: formatNaive(latest.at), goldbackG1Usd: await goldbackRate(root) };
}
async function goldbackRate(root) {
  const names = (await readdir(join3(root, "data")).catch(() => [])).filter((n) => /^goldback-\d{4}\.json$/.test(n)).sort().reverse();
  for (const name of names) {
    const parsed2 = parseJson(await readTextIfExists(join3(root, "data", name)) ?? "");
    if (!parsed2.ok || !Array.isArray(parsed2.value)) continue;
    const rows = parsed2.value.filter(
      (r) => typeof r?.date === "string" && typeof r?.g1_usd === "number" && r.g1_usd > 0
    );
    rows.sort((a, b) => a.date < b.date ? 1 : -1);
    if (rows[0]) return rows[0].g1_usd;
  }
  return void 0;
}
async function consensus(root, catalog) {
  const out = {};
  for (const slug of Object.keys(catalog.coins)) {
    const parsed2 = parseJson(await readTextIfExists(join3(root, "data/api", slug, "latest.json")) ?? "");
    const median2 = parsed2.ok ? parsed2.value?.median_price : void 0;
    if (typeof median2 === "number" && median2 > 0) out[slug] = median2;
  }
  return out;
}

// src/retail/schedule.ts
var DEFAULT_CONCURRENCY = 9;
function parseDelay(text) {
  const m = /^\s*(\d+)\s*(?:(?:-|\.\.)\s*(\d+))?\s*(?:ms)?\s*$/.exec(text);
  const minMs = Number(m?.[1]);
  const maxMs = m?.[2] === void 0 ? minMs : Number(m[2]);
  if (!m || maxMs < minMs || maxMs > 6e5) {
    throw new Error(
      `per-vendor-delay must be milliseconds like "2000-8000" or "3000" (at most 600000), got "${text}"`
    );
  }
  return { minMs, maxMs };
}
function parseConcurrency(text) {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || n < 1 || n > 64)
    throw new Error(`concurrency must be a whole number from 1 to 64, got "${text}"`);
  return n;
}
var Slots = class {
  free;
  waiting = [];
  constructor(count) {
    this.free = count;
  }
  acquire(priority) {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((grant) => this.waiting.push({ priority, grant }));
  }
  release() {
    if (this.waiting.length === 0) {
      this.free++;
      return;
    }
    let best = 0;
    for (let i = 1; i < this.waiting.length; i++) {
      if (this.waiting[i].priority() > this.waiting[best].priority()) best = i;
    }
    this.waiting.splice(best, 1)[0].grant();
  }
};
async function schedule(options) {
  const { items, key, run, clock, random, delay } = options;
  if (!(options.concurrency >= 1)) throw new Error("concurrency must be at least 1");
  const queues = /* @__PURE__ */ new Map();
  items.forEach((item, i) => {
    const k = key(item);
    const queue = queues.get(k) ?? [];
    queue.push(i);
    queues.set(k, queue);
  });
  const results = new Array(items.length);
  const slots = new Slots(options.concurrency);
  let broken = false;
  const dealer = async (queue) => {
    for (let n = 0; n < queue.length && !broken; n++) {
      if (n > 0) {
        const pause = delay.minMs + Math.floor(random() * (delay.maxMs - delay.minMs + 1));
        await clock.sleep(pause, options.signal);
      }
      options.signal?.throwIfAborted();
      await slots.acquire(() => queue.length - n);
      if (broken) {
        slots.release();
        return;
      }
      try {
        const index = queue[n];
        const result = await run(items[index]);
        results[index] = result;
        options.onResult?.(result, items[index]);
      } catch (err) {
        broken = true;
        throw err;
      } finally {
        slots.release();
      }
    }
  };
  await Promise.all([...queues.values()].map(dealer));
  return results;
}

// src/retail/fetch-firecrawl.ts
var FIRECRAWL_CLOUD = "https://api.firecrawl.dev";
var FirecrawlError = class extends Error {
  constructor(message, fatal = false) {
    super(message);
    this.fatal = fatal;
  }
  fatal;
  name = "FirecrawlError";
};
var FirecrawlRefusedError = class extends FirecrawlError {
  name = "FirecrawlRefusedError";
  constructor() {
    super(REFUSED_REASON);
  }
};
var scrapeAnswer = external_exports.object({
  success: external_exports.literal(true),
  data: external_exports.object({
    rawHtml: external_exports.string().optional(),
    html: external_exports.string().optional(),
    metadata: external_exports.object({
      statusCode: external_exports.number().int().optional(),
      error: external_exports.string().nullish(),
      url: external_exports.string().optional(),
      sourceURL: external_exports.string().optional()
    }).loose().optional()
  })
});
var errorAnswer = external_exports.object({ error: external_exports.string().optional(), details: external_exports.unknown().optional() }).loose();
var FirecrawlFetcher = class {
  constructor(options) {
    this.options = options;
    this.policy = options.policy ?? new OutboundPolicy();
    if (!options.baseUrl && !options.apiKey) {
      throw new FirecrawlError(
        "Firecrawl needs firecrawl-url (self-hosted) or firecrawl-api-key (cloud)",
        true
      );
    }
  }
  options;
  stopped;
  policy;
  async scrape(url) {
    if (this.stopped) throw new FirecrawlError(this.stopped, true);
    if (!(await this.policy.vet(url)).allowed) throw new FirecrawlRefusedError();
    const base = (this.options.baseUrl ?? FIRECRAWL_CLOUD).replace(/\/+$/, "");
    const timeoutMs = this.options.timeoutMs ?? 6e4;
    const headers = { "content-type": "application/json" };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    const body = JSON.stringify({
      url,
      formats: ["rawHtml"],
      onlyMainContent: false,
      waitFor: this.options.waitForMs ?? 3e3,
      timeout: timeoutMs,
      blockAds: true
    });
    let res;
    try {
      res = await request(`${base}/v1/scrape`, {
        method: "POST",
        headers,
        body,
        timeoutMs: timeoutMs + 15e3,
        retries: this.options.retries ?? 2,
        fetch: this.options.fetch,
        clock: this.options.clock
      });
    } catch (err) {
      const status = err instanceof HttpError ? err.status : void 0;
      if (status === 429) throw new FirecrawlError(`Firecrawl rate limit (429): ${err.message}`);
      throw new FirecrawlError(`Firecrawl unreachable: ${err.message}`);
    }
    const where = safeUrl(`${base}/v1/scrape`);
    if (res.status === 402) {
      this.stopped = `Firecrawl is out of credits (402 from ${where}): ${this.errorText(res.text)}; top up the plan or use fetcher: playwright`;
      throw new FirecrawlError(this.stopped, true);
    }
    if (res.status === 401 || res.status === 403) {
      this.stopped = `Firecrawl refused the API key (${res.status} from ${where}): ${this.errorText(res.text)}`;
      throw new FirecrawlError(this.stopped, true);
    }
    if (res.status === 429) {
      throw new FirecrawlError(
        `Firecrawl rate limit (429 from ${where}) still hit after ${res.attempts} attempts: ${this.errorText(res.text)}`
      );
    }
    if (res.status !== 200)
      throw new FirecrawlError(`Firecrawl answered HTTP ${res.status}: ${this.errorText(res.text)}`);
    let value;
    try {
      value = jsonBody(res);
    } catch (err) {
      throw new FirecrawlError(`Firecrawl answered garbage: ${err.message}`);
    }
    const parsed2 = scrapeAnswer.safeParse(value);
    if (!parsed2.success) {
      throw new FirecrawlError(
        `Firecrawl answer has an unexpected shape: ${external_exports.prettifyError(parsed2.error).split("\n")[0]}`
      );
    }
    const { metadata } = parsed2.data.data;
    const landed = metadata?.url ?? metadata?.sourceURL;
    if (landed !== void 0 && landed !== url && !(await this.policy.vet(landed)).allowed)
      throw new FirecrawlRefusedError();
    const html = parsed2.data.data.rawHtml ?? parsed2.data.data.html;
    if (!html) throw new FirecrawlError("Firecrawl answered without the page HTML");
    return { html, status: metadata?.statusCode };
  }
  /** Firecrawl's own error text, without echoing anything that looks like a key. */
  errorText(text) {
    let message = text.slice(0, 200);
    try {
      const parsed2 = errorAnswer.safeParse(JSON.parse(text));
      if (parsed2.success && parsed2.data.error) message = parsed2.data.error.slice(0, 200);
    } catch {
    }
    const key = this.options.apiKey;
    return JSON.stringify(key ? message.replaceAll(key, "***") : message);
  }
};

// src/retail/read-html.ts
async function readHtml(html, url) {
  const { Window } = await import("./lib-7GIBZJPH.js");
  const window = new Window({
    url,
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      navigation: {
        disableMainFrameNavigation: true,
        disableChildFrameNavigation: true,
        disableChildPageNavigation: true
      }
    }
  });
  try {
    const doc = new window.DOMParser().parseFromString(html, "text/html");
    return readDocument(doc);
  } finally {
    await window.happyDOM.close();
  }
}

// src/retail/vision.ts
var VISION_MODES = ["off", "on-doubt", "always"];
var GEMINI_BASE = "https://generativelanguage.googleapis.com";
var DEFAULT_VISION_MODEL = "gemini-2.5-flash";
var VisionError = class extends Error {
  name = "VisionError";
};
var answer = external_exports.object({
  candidates: external_exports.array(
    external_exports.object({
      content: external_exports.object({ parts: external_exports.array(external_exports.object({ text: external_exports.string().optional() }).loose()) }).loose().optional(),
      finishReason: external_exports.string().optional()
    })
  ).min(1)
});
var modelJson = external_exports.object({
  price: external_exports.number().positive().finite().nullable(),
  inStock: external_exports.boolean().nullable().optional()
});
var errorBody = external_exports.object({
  error: external_exports.object({ code: external_exports.number().optional(), message: external_exports.string(), status: external_exports.string().optional() })
});
var pricesAgree = (a, b) => Math.abs(a - b) <= Math.max(0.01, 5e-3 * Math.max(a, b));
function visionPrompt(productName) {
  return `This is a screenshot of a bullion dealer's product page for "${productName}". What is the price of ONE unit when paying by check or wire (the first quantity tier of the check/wire column, not the card/PayPal price, not an "as low as" bulk price, not prices of other products in menus or carousels)? Also say whether it can be bought now. Answer JSON {"price": number or null, "inStock": boolean or null}.`;
}
var GeminiVision = class {
  constructor(options) {
    this.options = options;
    if (options.mode !== "off" && !options.apiKey) {
      throw new VisionError(`vision: ${options.mode} needs gemini-api-key (GEMINI_API_KEY)`);
    }
  }
  options;
  calls = 0;
  /** Calls left under the per-run cap. */
  get remaining() {
    return Math.max(0, (this.options.maxCalls ?? 20) - this.calls);
  }
  async read(screenshot, productName) {
    if (this.remaining === 0) throw new VisionError("vision call cap reached for this run");
    this.calls++;
    const model = this.options.model ?? DEFAULT_VISION_MODEL;
    const url = `${(this.options.baseUrl ?? GEMINI_BASE).replace(/\/+$/, "")}/v1beta/models/${encodeURIComponent(model)}:generateContent`;
    const body = {
      contents: [
        {
          role: "user",
          parts: [
            { text: visionPrompt(productName) },
            { inline_data: { mime_type: "image/jpeg", data: Buffer.from(screenshot).toString("base64") } }
          ]
        }
      ],
      generationConfig: {
        temperature: 0,
        responseMimeType: "application/json",
        responseSchema: {
          type: "OBJECT",
          properties: {
            price: { type: "NUMBER", nullable: true },
            inStock: { type: "BOOLEAN", nullable: true }
          },
          required: ["price"]
        }
      }
    };
    let res;
    try {
      res = await request(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-goog-api-key": this.options.apiKey },
        body: JSON.stringify(body),
        timeoutMs: this.options.timeoutMs ?? 6e4,
        retries: 2,
        fetch: this.options.fetch,
        clock: this.options.clock
      });
    } catch (err) {
      throw new VisionError(`Gemini unreachable: ${err instanceof HttpError ? err.message : String(err)}`);
    }
    if (res.status !== 200) {
      const parsed3 = errorBody.safeParse(safeJson(res.text));
      const detail = parsed3.success ? `${parsed3.data.error.status ?? ""} ${parsed3.data.error.message}`.trim() : res.text.slice(0, 120);
      throw new VisionError(
        `Gemini answered HTTP ${res.status} from ${safeUrl(url)}: ${detail.replaceAll(this.options.apiKey, "***")}`
      );
    }
    let value;
    try {
      value = jsonBody(res);
    } catch (err) {
      throw new VisionError(`Gemini answered garbage: ${err.message}`);
    }
    const parsed2 = answer.safeParse(value);
    if (!parsed2.success) throw new VisionError("Gemini answer has no candidates");
    const text = parsed2.data.candidates[0].content?.parts.map((p) => p.text ?? "").join("") ?? "";
    const reading = modelJson.safeParse(safeJson(text.replace(/^```(?:json)?\s*|\s*```$/g, "")));
    if (!reading.success)
      throw new VisionError(`Gemini's reply is not the JSON asked for: ${JSON.stringify(text.slice(0, 80))}`);
    return {
      price: reading.data.price === null ? null : Math.round(reading.data.price * 100) / 100,
      inStock: reading.data.inStock ?? null
    };
  }
};
function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return void 0;
  }
}

// src/retail/scrape.ts
var FETCHERS = ["playwright", "firecrawl", "auto"];
function outcomeOf(o) {
  if (!o.inStock) return "out-of-stock";
  return o.price === null ? "failed" : "priced";
}
function progressLine(p) {
  return `${p.done}/${p.total} \xB7 ${p.priced} priced \xB7 ${p.outOfStock} out of stock \xB7 ${p.failed} failed`;
}
var DOUBT = 0.03;
var MAX_SCREENSHOTS = 200;
var MAX_REFUSAL_LOGS = 20;
async function runRetailScrape(options) {
  const { catalog, clock } = options;
  const log = options.log ?? (() => {
  });
  const visionMode = options.vision?.mode ?? "off";
  const vision = visionMode === "off" ? void 0 : new GeminiVision({ ...options.vision, fetch: options.fetch, clock });
  const policy = new OutboundPolicy(options.outbound);
  const firecrawl = options.fetcher !== "playwright" && (options.firecrawl?.baseUrl || options.firecrawl?.apiKey) ? new FirecrawlFetcher({ ...options.firecrawl, fetch: options.fetch, clock, policy }) : void 0;
  if (options.fetcher === "firecrawl" && !firecrawl) {
    throw new FirecrawlError("fetcher: firecrawl needs firecrawl-url or firecrawl-api-key", true);
  }
  for (const t of options.targets) {
    if (!catalog.coins[t.coin]) throw new Error(`target coin "${t.coin}" is not in the catalog`);
  }
  let browser;
  let proxy;
  let pw;
  if (options.fetcher !== "firecrawl") {
    try {
      proxy = await startPolicyProxy(policy);
      browser = await openBrowser({ ...options.browser, proxyServer: proxy.url, log });
    } catch (err) {
      await proxy?.close();
      proxy = void 0;
      if (options.fetcher === "playwright" || !firecrawl) throw err;
      log(`no browser (${err.message}); reading every page through Firecrawl`);
    }
  }
  try {
    const bands = /* @__PURE__ */ new Map();
    const bandOf = (coin) => {
      if (!bands.has(coin)) bands.set(coin, priceBand(catalog.coins[coin], options.refs));
      return bands.get(coin);
    };
    let screenshots = 0;
    let refusals = 0;
    pw = browser && new PlaywrightFetcher(browser, {
      ...options.page,
      clock,
      policy,
      maxPages: options.concurrency ?? DEFAULT_CONCURRENCY,
      onRefused: (url, type) => {
        if (refusals++ < MAX_REFUSAL_LOGS) log(`outbound policy refused ${type} ${safeUrl(url)}`);
      },
      wantScreenshot: vision ? () => visionMode === "always" || screenshots++ < MAX_SCREENSHOTS : void 0
    });
    const delay = options.delay ?? parseDelay("2000-8000");
    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    const counts = { done: 0, total: options.targets.length, priced: 0, outOfStock: 0, failed: 0 };
    const preorderOf = (t) => catalog.coins[t.coin].providers.find((p) => p.id === t.vendor)?.preorder;
    const readWithFirecrawl = async (t, url) => {
      try {
        const page = await firecrawl.scrape(url);
        const reading = await readHtml(page.html, url);
        const ctx = {
          coin: catalog.coins[t.coin],
          band: bandOf(t.coin),
          preorder: preorderOf(t),
          status: page.status
        };
        return { extraction: extract(reading, { ...ctx, via: "firecrawl" }) };
      } catch (err) {
        if (!(err instanceof FirecrawlError)) throw err;
        return {
          extraction: { price: null, inStock: true, method: null, reason: err.message, failed: true }
        };
      }
    };
    const readWithBrowser = async (t, url) => {
      const result = await pw.read(url, t.vendor);
      if (result.refused) {
        return {
          extraction: { price: null, inStock: true, method: null, reason: REFUSED_REASON, failed: true }
        };
      }
      if (!result.reading) {
        const reason = `page did not load after ${result.attempts} attempt(s): ${result.error}`;
        return { extraction: { price: null, inStock: true, method: null, reason, failed: true } };
      }
      const ctx = {
        coin: catalog.coins[t.coin],
        band: bandOf(t.coin),
        preorder: preorderOf(t),
        status: result.status
      };
      return {
        extraction: extract(result.reading, { ...ctx, via: "browser" }),
        screenshot: result.screenshot
      };
    };
    const readOne = async (t, url) => {
      if (!pw) return readWithFirecrawl(t, url);
      const viaBrowser = await readWithBrowser(t, url);
      const blocked = viaBrowser.extraction.failed && /did not load|bot-check|blocked/.test(viaBrowser.extraction.reason);
      if (!blocked || !firecrawl) return viaBrowser;
      const viaFirecrawl = await readWithFirecrawl(t, url);
      if (!viaFirecrawl.extraction.failed) return viaFirecrawl;
      const reason = `${viaBrowser.extraction.reason}; Firecrawl fallback: ${viaFirecrawl.extraction.reason}`;
      return { ...viaBrowser, extraction: { ...viaBrowser.extraction, reason } };
    };
    const left = /* @__PURE__ */ new Map();
    for (const t of options.targets) left.set(t.vendor, (left.get(t.vendor) ?? 0) + 1);
    const outcomes = await schedule({
      items: options.targets,
      key: (t) => t.vendor,
      concurrency,
      delay,
      clock,
      random: options.random,
      run: async (t) => {
        let best;
        for (const [i, url] of t.urls.entries()) {
          if (i > 0)
            await clock.sleep(delay.minMs + Math.floor(options.random() * (delay.maxMs - delay.minMs + 1)));
          const read = await readOne(t, url);
          if (!best || best.extraction.price === null && read.extraction.price !== null) best = read;
          if (read.extraction.price !== null) break;
        }
        const remaining = left.get(t.vendor) - 1;
        left.set(t.vendor, remaining);
        if (remaining === 0) await pw?.release(t.vendor);
        return { target: t, observedAt: formatIso(clock.now()), ...best };
      },
      onResult: (o) => {
        counts.done++;
        const kind = outcomeOf(o.extraction);
        if (kind === "priced") counts.priced++;
        else if (kind === "out-of-stock") counts.outOfStock++;
        else {
          counts.failed++;
          log(`${o.target.coin} @ ${o.target.vendor}: no price: ${o.extraction.reason}`);
        }
        options.onProgress?.({ ...counts, line: progressLine(counts) });
      }
    });
    const observations = outcomes.map((o) => ({
      coin: o.target.coin,
      vendor: o.target.vendor,
      observedAt: o.observedAt,
      price: o.extraction.price,
      inStock: o.extraction.inStock,
      method: o.extraction.method,
      reason: o.extraction.reason
    }));
    if (vision) await visionCheck(outcomes, observations, vision, options, bandOf, log);
    return observations.map((o) => observation.parse(o));
  } finally {
    await pw?.close();
    await browser?.close().catch(() => {
    });
    await proxy?.close();
  }
}
var median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
async function visionCheck(outcomes, observations, vision, options, bandOf, log) {
  const consensusOf = (coin) => {
    const known = options.consensus?.[coin];
    if (known) return known;
    const prices = observations.filter((o) => o.coin === coin && o.price !== null).map((o) => o.price);
    return prices.length >= 2 ? median(prices) : void 0;
  };
  const far = (price, consensus2) => consensus2 !== void 0 && Math.abs(price - consensus2) / consensus2 > DOUBT;
  for (const [i, outcome] of outcomes.entries()) {
    const obs = observations[i];
    const { extraction, screenshot, target } = outcome;
    if (!screenshot || extraction.wrongPage) continue;
    const consensus2 = consensusOf(target.coin);
    const doubtful = obs.price === null ? obs.inStock : far(obs.price, consensus2);
    if (options.vision?.mode !== "always" && !doubtful) continue;
    if (vision.remaining === 0) {
      log("vision: call cap reached; remaining pages not checked");
      return;
    }
    let seen;
    try {
      seen = await vision.read(screenshot, options.catalog.coins[target.coin].name);
    } catch (err) {
      log(`vision: ${target.coin} @ ${target.vendor}: ${err.message}`);
      continue;
    }
    const band2 = bandOf(target.coin);
    const plausible = seen.price !== null && typeof band2 !== "string" && outsideBand(seen.price, band2) === void 0;
    const note = (text) => {
      obs.reason = obs.reason ? `${obs.reason}; ${text}` : text;
    };
    if (obs.price !== null) {
      obs.visionAgrees = seen.price !== null && pricesAgree(seen.price, obs.price);
      if (obs.visionAgrees) continue;
      if (plausible && far(obs.price, consensus2) && !far(seen.price, consensus2)) {
        note(
          `text read $${obs.price}, vision $${seen.price} (consensus $${consensus2?.toFixed(2)}): vision kept`
        );
        Object.assign(obs, { price: seen.price, method: "vision" });
      } else note(`vision read ${seen.price === null ? "no price" : `$${seen.price}`}`);
    } else if (plausible && !far(seen.price, consensus2)) {
      Object.assign(obs, {
        price: seen.price,
        method: "vision",
        reason: `price read by vision; text: ${obs.reason}`
      });
    } else if (seen.price !== null)
      note(`vision read $${seen.price}, not used (outside band or far from consensus)`);
  }
}

// src/retail/summary.ts
function countOutcomes(observations) {
  const counts = { targets: observations.length, priced: 0, outOfStock: 0, failed: 0 };
  for (const o of observations) {
    const outcome = outcomeOf(o);
    if (outcome === "priced") counts.priced++;
    else if (outcome === "out-of-stock") counts.outOfStock++;
    else counts.failed++;
  }
  return counts;
}
function failureVerdict(observations, warnPercent) {
  const { targets: targets2, failed } = countOutcomes(observations);
  if (targets2 === 0) return {};
  if (failed === targets2) {
    const reasons = failuresByReason(observations).map((f) => `${f.pages.length}\xD7 ${f.reason}`);
    return {
      fail: `every one of the ${targets2} pages failed, nothing published (the published prices stay as they were): ${reasons.join("; ")}`
    };
  }
  if (failed * 100 < targets2 * warnPercent) return {};
  return {
    warn: `${failed} of ${targets2} pages (${Math.round(failed * 100 / targets2)} %) gave no price; their dealers are carried as stale`
  };
}
var money = (n) => `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
var cellText = (s) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
function cell(o, published) {
  if (o) {
    const outcome = outcomeOf(o);
    if (outcome === "priced") return money(o.price);
    if (outcome === "out-of-stock") return o.price ? `OOS (${money(o.price)})` : "OOS";
    if (published?.stale && published.price) return `stale ${money(published.price)}`;
    return "\u2717 failed";
  }
  return "";
}
function failuresByReason(observations) {
  const groups = /* @__PURE__ */ new Map();
  for (const o of observations) {
    if (outcomeOf(o) !== "failed") continue;
    const reason = o.reason.replace(/\$?\d[\d,.]*/g, "#").slice(0, 120) || "no reason given";
    groups.set(reason, [...groups.get(reason) ?? [], `${o.coin}/${o.vendor}`]);
  }
  return [...groups.entries()].map(([reason, pages]) => ({ reason, pages })).sort((a, b) => b.pages.length - a.pages.length);
}
var commitLine = (s) => `Commit: ${s.commit ? `\`${s.commit.slice(0, 12)}\`${s.pushed ? " (pushed)" : " (not pushed)"}` : "none (nothing changed)"}`;
function publishSummary(s) {
  return [
    `### Retail publish \xB7 views rebuilt from the facts${s.dryRun ? " \xB7 dry run" : ""}`,
    "",
    `**${s.coinsPublished}** coins in the manifest \xB7 **${s.viewsWritten}** view files changed${s.manifestAt ? ` \xB7 manifest generated ${s.manifestAt}` : ""}`,
    "",
    commitLine(s)
  ].join("\n");
}
function retailSummary(s) {
  const c = countOutcomes(s.observations);
  const byKey = new Map(s.observations.map((o) => [`${o.coin}|${o.vendor}`, o]));
  const coins = [...new Set(s.observations.map((o) => o.coin))].sort();
  const vendors = [...new Set(s.observations.map((o) => o.vendor))].sort();
  const lines = [
    `### Retail poll \xB7 ${c.targets} pages in ${Math.round(s.durationMs / 1e3)} s${s.dryRun ? " \xB7 dry run" : ""}`,
    "",
    `**${c.priced}** priced \xB7 **${c.outOfStock}** out of stock \xB7 **${c.failed}** failed \xB7 ${s.coinsPublished} coins published${s.spotAt ? ` \xB7 melt band from spot of ${s.spotAt} UTC` : ""}`,
    "",
    `| Coin | ${vendors.map(cellText).join(" | ")} |`,
    `|---|${vendors.map(() => "---:").join("|")}|`
  ];
  for (const coin of coins) {
    const name = s.catalog.coins[coin]?.name ?? coin;
    const cells = vendors.map((v) => cell(byKey.get(`${coin}|${v}`), s.published[coin]?.[v]));
    lines.push(`| ${cellText(name)} | ${cells.join(" | ")} |`);
  }
  const failures = s.observations.filter((o) => outcomeOf(o) === "failed");
  if (failures.length > 0) {
    lines.push(
      "",
      "<details><summary>Pages without a price, and why</summary>",
      "",
      "| Page | Reason |",
      "|---|---|"
    );
    for (const o of failures) lines.push(`| ${o.coin} / ${o.vendor} | ${cellText(o.reason)} |`);
    lines.push("", "</details>");
  }
  lines.push("", commitLine(s));
  return lines.join("\n");
}

// src/commands/retail-poll.ts
var parsed = (name, parse, text) => {
  try {
    return parse(text);
  } catch (err) {
    throw new InputError(`input "${name}" (got ${JSON.stringify(text)}): ${err.message}`);
  }
};
var retail_poll_default = defineCommand({
  name: "retail-poll",
  description: "Read dealer prices in a real browser and publish the retail API (latest, histories, manifest).",
  inputs: {
    ...repositoryInputs("retail", "Read the pages and report, write nothing."),
    coins: {
      description: "Only these coin slugs (comma list); all when empty.",
      schema: listOf(identifier())
    },
    vendors: {
      description: "Only these dealer ids (comma list); all when empty.",
      schema: listOf(identifier())
    },
    shard: {
      description: "i/n: this run reads the i-th of n deterministic parts of the pages (a workflow matrix).",
      default: "1/1",
      schema: identifier(16)
    },
    scrape: {
      description: "Read pages; false only rebuilds the views from the facts (the publish step after shards).",
      default: "true",
      schema: boolean()
    },
    fetcher: {
      description: `How pages are read: ${FETCHERS.join(" | ")} (auto: browser, Firecrawl as fallback).`,
      default: "auto",
      schema: oneOf(FETCHERS)
    },
    "browser-path": {
      description: "Chrome/Chromium executable; a system one is found when empty.",
      env: ["CHROME_PATH"],
      schema: optionalPath()
    },
    "browser-ws-endpoint": {
      description: "Remote browser (browserless) WebSocket URL, used when no local browser is found.",
      env: ["BROWSERLESS_URL"],
      secret: true,
      schema: optionalWsUrl()
    },
    "firecrawl-url": {
      description: "Self-hosted Firecrawl base URL.",
      env: ["FIRECRAWL_BASE_URL"],
      schema: optionalBaseUrl()
    },
    "firecrawl-api-key": {
      description: "Firecrawl cloud API key.",
      env: ["FIRECRAWL_API_KEY"],
      secret: true,
      schema: optional()
    },
    "allow-hosts": {
      description: "Internal hosts pages may be read from (comma list of host[:port], *.domain), e.g. a self-hosted dealer mirror; by default only public addresses are fetched.",
      schema: list()
    },
    "per-vendor-delay": {
      description: "Random pause between two pages of one dealer, in ms (min-max).",
      default: "2000-8000",
      schema: required()
    },
    concurrency: {
      description: "Pages open at once across dealers (one per dealer at most); 9 = every dealer of the real catalog at once (~0.9 GiB of Chromium).",
      default: String(DEFAULT_CONCURRENCY),
      schema: required()
    },
    "page-timeout": {
      description: "Seconds a page may take to load and show its price.",
      default: "45",
      schema: integer(5, 600)
    },
    vision: {
      description: `Screenshot check with Gemini: ${VISION_MODES.join(" | ")}.`,
      default: "off",
      schema: oneOf(VISION_MODES)
    },
    "gemini-api-key": {
      description: "Gemini API key for the vision check.",
      env: ["GEMINI_API_KEY"],
      secret: true,
      schema: optional()
    },
    "vision-max-calls": {
      description: "Most Gemini calls in one run.",
      default: "20",
      schema: integer(0, 1e3)
    },
    "retire-after-days": {
      description: "Days without a reading (price or stock answer) after which a dealer leaves a coin's prices; until then its last price is carried, marked stale.",
      default: String(DEFAULT_RETIRE_AFTER_DAYS),
      schema: integer(1, HISTORY_DAYS)
    },
    "warn-failed-percent": {
      description: "Warn loudly when at least this share of the pages (in %) gives no price.",
      default: "50",
      schema: integer(1, 100)
    },
    "goldback-url": {
      description: "Official Goldback exchange-rate page (e.g. https://www.goldback.com/exchange-rate/), read once a UTC day by shard 1; it prices goldback-g1\u2026g50. Empty: not read.",
      schema: optionalWebUrl()
    },
    ...verifyInputs
  },
  outputs: {
    targets: "Pages to read this run.",
    priced: "Pages that gave a price.",
    "out-of-stock": "Pages showing the item out of stock.",
    failed: "Pages that gave no trustworthy price (reasons in the summary).",
    "coins-published": "Coins in the published manifest.",
    commit: "Commit sha, or empty when nothing changed.",
    pushed: "true when the commit reached the remote."
  },
  async run(inputs, rt, { env }) {
    const clock = clockFromEnv(env);
    const shard = parsed("shard", parseShard, inputs.shard);
    const delay = parsed("per-vendor-delay", parseDelay, inputs["per-vendor-delay"]);
    const concurrency = parsed("concurrency", parseConcurrency, inputs.concurrency);
    const allowHosts = parsed("allow-hosts", parseAllowHosts, inputs["allow-hosts"].join(","));
    checkVerifyInputs(inputs);
    if (inputs.vision !== "off" && !inputs["gemini-api-key"])
      throw new InputError(`input "gemini-api-key" is required when vision is ${inputs.vision}`);
    if (inputs.fetcher === "firecrawl" && !inputs["firecrawl-url"] && !inputs["firecrawl-api-key"]) {
      throw new InputError(
        'input "firecrawl-url" or "firecrawl-api-key" is required when fetcher is firecrawl'
      );
    }
    const dryRun = inputs["dry-run"];
    const log = { info: (m) => rt.info(m), warn: (m) => rt.warning(m) };
    return withWorkspace(inputs, "retail-poll", rt, clock, async (ws) => {
      const catalog = await readCatalog(ws.dir);
      const started = clock.now().getTime();
      let observations = [];
      let rate;
      let spotAt = "";
      if (inputs.scrape) {
        const refs = await marketRefs(ws.dir, clock.now());
        spotAt = refs.spotAt;
        const pages = targets(catalog, { coins: inputs.coins, vendors: inputs.vendors, shard });
        if (pages.length === 0)
          throw new InputError('inputs "coins", "vendors" and "shard" leave no page to read');
        const playwrightDirs = inputs.fetcher === "firecrawl" ? [] : await provisionPlaywright(env.RUNNER_TOOL_CACHE ?? join4(homedir(), ".cache"), log.info);
        const previous = await consensus(ws.dir, catalog);
        observations = await rt.group(
          `Reading ${pages.length} pages`,
          () => runRetailScrape({
            catalog,
            targets: pages,
            refs,
            fetcher: inputs.fetcher,
            browser: {
              browserPath: inputs["browser-path"],
              wsEndpoint: inputs["browser-ws-endpoint"],
              playwrightDirs
            },
            page: { timeoutMs: inputs["page-timeout"] * 1e3 },
            firecrawl: { baseUrl: inputs["firecrawl-url"], apiKey: inputs["firecrawl-api-key"] },
            vision: {
              mode: inputs.vision,
              apiKey: inputs["gemini-api-key"] ?? "",
              maxCalls: inputs["vision-max-calls"]
            },
            consensus: previous,
            outbound: { allowHosts },
            concurrency,
            delay,
            clock,
            random: Math.random,
            onProgress: (p) => rt.info(p.line),
            log: log.info
          })
        );
        const goldbackUrl = inputs["goldback-url"];
        if (goldbackUrl && shard.index === 1)
          rate = await rt.group(
            "Goldback exchange rate",
            () => readDailyRate({
              root: ws.dir,
              url: goldbackUrl,
              goldSpot: refs.spot.Gold,
              browser: {
                browserPath: inputs["browser-path"],
                wsEndpoint: inputs["browser-ws-endpoint"],
                playwrightDirs
              },
              outbound: { allowHosts },
              timeoutMs: inputs["page-timeout"] * 1e3,
              clock,
              log: log.info
            })
          );
        if (rate && "reason" in rate) rt.warning(rate.reason, { title: "Goldback rate not read" });
      }
      const durationMs = clock.now().getTime() - started;
      const counts = countOutcomes(observations);
      for (const f of failuresByReason(observations).slice(0, 8)) {
        rt.warning(
          `${f.pages.length} page(s): ${f.reason} \u2014 ${f.pages.slice(0, 6).join(", ")}${f.pages.length > 6 ? ", \u2026" : ""}`,
          { title: "Retail pages without a price" }
        );
      }
      const verdict = failureVerdict(observations, inputs["warn-failed-percent"]);
      if (verdict.fail) {
        await rt.summary(
          retailSummary({
            catalog,
            observations,
            published: await publishedVendors(ws.dir, observations),
            spotAt,
            coinsPublished: 0,
            commit: void 0,
            pushed: false,
            dryRun,
            durationMs
          })
        );
        throw new CommandFailure(verdict.fail);
      }
      if (verdict.warn)
        rt.warning(verdict.warn, {
          title: `Retail: ${inputs["warn-failed-percent"]} % or more of the pages failed`
        });
      const goldbackFacts = rate && "rate" in rate ? rate.observations : [];
      let coinsPublished = 0;
      let viewsWritten = 0;
      let manifestAt;
      const published = await rt.group(
        "Write, commit, push",
        () => publish(ws, {
          apply: async (dir) => {
            const facts = await appendObservations(dir, [...observations, ...goldbackFacts]);
            if (rate && "rate" in rate) facts.push(...await recordRate(dir, rate.rate, rate.at));
            const views = await rebuildRetailViews({
              root: dir,
              catalog,
              now: clock.now(),
              retireAfterDays: inputs["retire-after-days"]
            });
            coinsPublished = views.coinsPublished;
            viewsWritten = views.written.length;
            manifestAt = views.manifestAt;
            for (const w of views.warnings.slice(0, 20)) rt.warning(w);
            return { facts, views: views.written };
          },
          message: (r) => commitMessage(inputs["poller-id"], observations, r.facts.length, r.views.length),
          push: inputs.push && !dryRun,
          clock,
          log: log.info,
          warn: log.warn
        })
      );
      const commit = dryRun ? void 0 : published.commit;
      await rt.summary(
        inputs.scrape ? retailSummary({
          catalog,
          observations,
          published: await publishedVendors(ws.dir, observations),
          spotAt,
          coinsPublished,
          commit,
          pushed: published.pushed,
          dryRun,
          durationMs
        }) : publishSummary({
          coinsPublished,
          viewsWritten,
          manifestAt,
          commit,
          pushed: published.pushed,
          dryRun
        })
      );
      if (published.pushed) await chainedVerify(inputs, ws.dir, rt, clock);
      return {
        targets: counts.targets,
        priced: counts.priced,
        "out-of-stock": counts.outOfStock,
        failed: counts.failed,
        "coins-published": coinsPublished,
        commit: commit ?? "",
        pushed: published.pushed
      };
    });
  }
});
function commitMessage(pollerId, observations, facts, views) {
  const c = countOutcomes(observations);
  const what = observations.length ? `${c.targets} pages: ${c.priced} priced, ${c.outOfStock} out of stock, ${c.failed} failed` : "views rebuilt";
  return `retail-poll(${pollerId}): ${what}

${facts} fact file(s), ${views} view file(s) changed`;
}
async function publishedVendors(root, observations) {
  const out = {};
  for (const coin of new Set(observations.map((o) => o.coin))) {
    const p = parseJson(await readTextIfExists(join4(root, "data/api", coin, "latest.json")) ?? "");
    const vendors = p.ok ? p.value?.vendors : void 0;
    if (vendors) out[coin] = vendors;
  }
  return out;
}

export {
  findSystemBrowser,
  retail_poll_default
};
