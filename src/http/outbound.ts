/**
 * The outbound policy of retail fetching (browser and Firecrawl alike): only public http(s)
 * addresses. A URL is parsed by WHATWG rules first, so every spelling of an address (decimal
 * `2130706433`, octal `0177.0.0.1`, hex, `127.1`, `[::ffff:127.0.0.1]`) arrives normalised; a host
 * name is resolved and refused when ANY of its addresses is internal (loopback, private, link-local
 * and cloud metadata, CGNAT, unspecified, multicast, reserved, ULA, and IPv6 forms that embed one of
 * these: IPv4-mapped, IPv4-compatible, NAT64, 6to4). Hosts on the allow-list (`allow-hosts`, off by
 * default) skip the address check: a self-hosted dealer mirror.
 */
import { promises as dns } from 'node:dns';
import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** The only text a refused page contributes to published data: nothing read from it, not even its title. */
export const REFUSED_REASON = 'refused: internal address';

const V4_INTERNAL: [string, number][] = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata 169.254.169.254
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];
const V6_INTERNAL: [string, number][] = [
  ['::', 128], // unspecified
  ['::1', 128],
  ['100::', 64], // discard
  ['2001::', 32], // Teredo (addresses hidden inside; no shop lives there)
  ['2001:db8::', 32], // documentation
  ['64:ff9b:1::', 48], // local-use NAT64
  ['::ffff:0:0:0', 96], // IPv4-translated (SIIT)
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
];

const internal = new BlockList();
for (const [net, prefix] of V4_INTERNAL) internal.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of V6_INTERNAL) internal.addSubnet(net, prefix, 'ipv6');

/** The 8 groups of an IPv6 address (a trailing dotted quad allowed). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const part = (s: string | undefined) => (s ? s.split(':').map((g) => Number.parseInt(g, 16)) : []);
  const left = part(head);
  const right = part(tail);
  return tail === undefined
    ? left
    : [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
}

const v4Of = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any. */
function embeddedV4(address: string): string | undefined {
  const g = ipv6Groups(address);
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && (g[5] === 0xffff || g[5] === 0)) return v4Of(g[6]!, g[7]!); // ::ffff:a.b.c.d, ::a.b.c.d
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4Of(g[6]!, g[7]!); // NAT64 64:ff9b::/96
  if (g[0] === 0x2002) return v4Of(g[1]!, g[2]!); // 6to4
  return undefined;
}

/** Whether an IP address (v4 or v6, brackets allowed) may be fetched. */
export function isPublicAddress(ip: string): boolean {
  const address = ip.replace(/^\[|\]$/g, '');
  if (isIPv4(address)) return !internal.check(address, 'ipv4');
  if (!isIPv6(address)) return false;
  if (internal.check(address, 'ipv6')) return false;
  const v4 = embeddedV4(address);
  return v4 === undefined || !internal.check(v4, 'ipv4');
}

export interface HostPattern {
  /** Lower-case host as URL parsing writes it (`127.0.0.1`, `[::1]`, `shop.example`); `*.` prefix: any subdomain. */
  host: string;
  port?: number;
}

/** Parses `allow-hosts`: a comma list of `host[:port]`, `*.domain[:port]`, `[v6][:port]`. */
export function parseAllowHosts(text: string | readonly string[]): HostPattern[] {
  const entries = (typeof text === 'string' ? text.split(',') : text).map((s) => s.trim()).filter(Boolean);
  return entries.map((entry) => {
    const wildcard = entry.startsWith('*.');
    let url: URL | undefined;
    try {
      url = new URL(`http://${wildcard ? entry.slice(2) : entry}`);
    } catch {}
    const plain =
      url &&
      url.username === '' &&
      url.password === '' &&
      url.pathname === '/' &&
      url.search === '' &&
      url.hash === '' &&
      !/[/?#@]/.test(entry);
    if (!url || !plain) {
      throw new Error(
        `"${entry}" is not a host[:port] pattern (e.g. "mirror.internal:8080" or "*.shop.lan")`,
      );
    }
    const host = url.hostname.replace(/\.$/, '');
    return { host: wildcard ? `*.${host}` : host, port: url.port ? Number(url.port) : undefined };
  });
}

export type Verdict =
  | {
      allowed: true /** Where to connect: the vetted address (absent for allow-listed hosts). */;
      address?: string;
    }
  | { allowed: false /** For logs; never published (see REFUSED_REASON). */; why: string };

export type Lookup = (host: string) => Promise<{ address: string; family: number }[]>;

export interface OutboundOptions {
  allowHosts?: readonly HostPattern[];
  /** Resolves a host name to all its addresses (tests inject one; default: the system resolver). */
  lookup?: Lookup;
  lookupTimeoutMs?: number;
  /** Verdicts kept per host:port (bounded, oldest dropped) for this long. */
  cacheMs?: number;
}

const systemLookup: Lookup = (host) => dns.lookup(host, { all: true, verbatim: true });
const CACHE_SIZE = 1_000;
const defaultPort = (protocol: string) => (protocol === 'https:' || protocol === 'wss:' ? 443 : 80);

export class OutboundPolicy {
  private readonly cache = new Map<string, { at: number; verdict: Promise<Verdict> }>();
  constructor(private readonly options: OutboundOptions = {}) {}

  /** Decides whether `url` may be fetched. Never throws. */
  async vet(url: string): Promise<Verdict> {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return { allowed: false, why: 'not a URL' };
    }
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol))
      return { allowed: false, why: `${u.protocol} is not http(s)` };
    if (u.username || u.password) return { allowed: false, why: 'credentials in the URL' };
    const host = u.hostname.toLowerCase().replace(/\.$/, '');
    const port = u.port ? Number(u.port) : defaultPort(u.protocol);
    if (this.allowListed(host, port)) return { allowed: true };
    const key = `${host}:${port}`;
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < (this.options.cacheMs ?? 60_000)) return hit.verdict;
    const verdict = this.check(host);
    this.cache.delete(key);
    this.cache.set(key, { at: now, verdict });
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return verdict;
  }

  private allowListed(host: string, port: number): boolean {
    return (this.options.allowHosts ?? []).some(
      (p) =>
        (p.port === undefined || p.port === port) &&
        (p.host.startsWith('*.') ? host.endsWith(p.host.slice(1)) : p.host === host),
    );
  }

  private async check(host: string): Promise<Verdict> {
    const literal = host.replace(/^\[|\]$/g, '');
    if (isIPv4(literal) || isIPv6(literal)) {
      return isPublicAddress(literal)
        ? { allowed: true, address: literal }
        : { allowed: false, why: `${host} is an internal address` };
    }
    // Chromium answers `localhost` and every `*.localhost` itself, without asking DNS.
    if (host === 'localhost' || host.endsWith('.localhost') || !host.includes('.'))
      return { allowed: false, why: `${host} is a local name` };
    let addresses: { address: string }[];
    const timeoutMs = this.options.lookupTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      addresses = await Promise.race([
        (this.options.lookup ?? systemLookup)(host),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } catch (err) {
      return { allowed: false, why: `${host} does not resolve (${(err as Error).message})` };
    } finally {
      clearTimeout(timer);
    }
    if (addresses.length === 0) return { allowed: false, why: `${host} has no address` };
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad) return { allowed: false, why: `${host} resolves to the internal address ${bad.address}` };
    return { allowed: true, address: addresses[0]!.address };
  }
}
