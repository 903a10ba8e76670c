/**
 * A Pages-like host for repository A, on loopback: each pushed commit is "deployed" a fixed lag
 * after its push and from then on served over HTTP (the files of that commit's tree, read from the
 * bare repository). It answers each request at the requester's simulated now: pages-verify's
 * cache-busting query (`verify=<epoch ms>.<n>`, its clock's reading) when there is one, else A's
 * clock. A deploy can be corrupted (the `pages-mismatch` fault): one of its files is served with
 * other bytes, which pages-verify must catch.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ObjectReader } from './git.js';

export interface Deploy {
  sha: string;
  pushedAt: Date;
  /** When the host starts serving it. */
  liveAt: Date;
  /** A path served with wrong bytes (the mismatch fault). */
  corrupt?: string;
}

/** Blobs kept in memory (commit:path → bytes, or null when absent). */
const CACHE_LIMIT = 2_000;

export class PagesHost {
  readonly deploys: Deploy[] = [];
  private readonly cache = new Map<string, Buffer | null>();
  private readonly objects: ObjectReader;
  private server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://pages');
    const asked = Number(url.searchParams.get('verify')?.split('.')[0]);
    const at = Number.isFinite(asked) && asked > 0 ? new Date(asked) : this.now();
    const deploy = this.servedAt(at);
    const path = decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const body =
      deploy &&
      !path.split('/').some((s) => s === '..' || s.startsWith('.')) &&
      (await this.read(deploy, path));
    if (!body) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    res.writeHead(200, { 'content-type': 'application/json', server: 'soak-pages' }).end(body);
  });
  url = '';

  constructor(
    bare: string,
    private readonly lagMs: number,
    private readonly now: () => Date,
  ) {
    this.objects = new ObjectReader(bare);
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A push to A: served from `pushedAt` + the lag. */
  deploy(sha: string, pushedAt: Date, corrupt?: string): Deploy {
    const d = { sha, pushedAt, liveAt: new Date(pushedAt.getTime() + this.lagMs), corrupt };
    this.deploys.push(d);
    return d;
  }

  /** The deploy the host serves at `at`: the newest one live by then. */
  servedAt(at: Date): Deploy | undefined {
    let served: Deploy | undefined;
    for (const d of this.deploys) if (d.liveAt <= at && (!served || d.liveAt >= served.liveAt)) served = d;
    return served;
  }

  private async read(deploy: Deploy, path: string): Promise<Buffer | undefined> {
    const key = `${deploy.sha}:${path}`;
    let blob = this.cache.get(key);
    if (blob === undefined) {
      blob = await this.objects.blob(key);
      if (blob === undefined) return undefined; // no answer: asked again next time
      if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, blob);
    }
    if (!blob) return undefined;
    // The corrupted deploy: the same file with one price digit changed.
    return deploy.corrupt === path
      ? Buffer.from(blob.toString().replace(/\d(?=\D*$)/, (d) => String((+d + 1) % 10)))
      : blob;
  }

  close(): Promise<void> {
    this.objects.close();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
