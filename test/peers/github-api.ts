/**
 * A loopback server speaking the REST shapes pages-verify reads from api.github.com:
 * `GET /repos/{owner}/{repo}/pages/builds/latest`, `/pages/builds`, `/commits/{ref}` and
 * `/contents/{path}?ref=` (raw media type), with GitHub's error bodies and token check.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Build {
  status: 'built' | 'building' | 'queued' | 'errored';
  commit: string;
  message?: string;
}

export interface RepoState {
  /** Newest first; a function so a test can move builds along. */
  builds: () => Build[];
  commits?: Record<string, { sha: string; files: Array<{ filename: string; status: string }> }>;
  /** sha → path → text */
  contents?: Record<string, Record<string, string>>;
}

const DOCS = 'https://docs.github.com/rest';

const pagesBuild = (b: Build, i: number) => ({
  url: `https://api.github.com/repos/o/r/pages/builds/${1000 - i}`,
  status: b.status,
  error: { message: b.message ?? null },
  pusher: { login: 'github-actions[bot]', id: 41898282, type: 'Bot' },
  commit: b.commit,
  duration: 2104,
  created_at: '2026-03-15T20:23:02Z',
  updated_at: '2026-03-15T20:23:34Z',
});

export class GitHubApiServer {
  url = '';
  readonly requests: string[] = [];
  private readonly server: Server;

  constructor(
    private readonly token: string,
    private readonly repos: Record<string, RepoState>,
  ) {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      this.requests.push(`${req.method} ${url.pathname}`);
      const send = (status: number, body: unknown, type = 'application/json; charset=utf-8') => {
        res.writeHead(status, { 'content-type': type, 'x-github-api-version-selected': '2022-11-28' });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      };
      if (req.headers.authorization !== `token ${this.token}`) {
        return send(401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
      }
      const m = /^\/repos\/([^/]+)\/([^/]+)\/(.+)$/.exec(url.pathname);
      const repo = m ? this.repos[`${m[1]}/${m[2]}`] : undefined;
      const rest = decodeURIComponent(m?.[3] ?? '');
      const notFound = () => send(404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
      if (!repo) return notFound();
      if (rest === 'pages/builds/latest') {
        const latest = repo.builds()[0];
        return latest ? send(200, pagesBuild(latest, 0)) : notFound();
      }
      if (rest === 'pages/builds') return send(200, repo.builds().map(pagesBuild));
      if (rest.startsWith('commits/')) {
        const commit = repo.commits?.[rest.slice('commits/'.length)];
        return commit
          ? send(200, { sha: commit.sha, commit: { message: 'push' }, files: commit.files })
          : notFound();
      }
      if (rest.startsWith('contents/')) {
        const text = repo.contents?.[url.searchParams.get('ref') ?? '']?.[rest.slice('contents/'.length)];
        if (text === undefined) return notFound();
        if (!String(req.headers.accept).includes('raw'))
          return send(415, { message: 'test server serves raw only' });
        return send(200, text, 'application/vnd.github.raw');
      }
      return notFound();
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}
