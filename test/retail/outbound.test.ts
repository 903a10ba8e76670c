/**
 * The outbound policy itself: every spelling of an internal address, host names resolving to one
 * (through an injected resolver: a name answering public then private, a resolver that fails or
 * hangs), the allow-list, and the vetting proxy spoken to directly (CONNECT and plain HTTP).
 */
import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress, OutboundPolicy, parseAllowHosts } from '../../src/http/outbound.js';
import { startPolicyProxy } from '../../src/http/outbound-proxy.js';

describe('addresses', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.255',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '[::1]',
    'fe80::1',
    'febf::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '::10.0.0.1',
    '::ffff:0:127.0.0.1',
    '64:ff9b::10.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '64:ff9b:1::1',
    '2002:c0a8:101::1',
    '2001:0:4136:e378::1',
    'not-an-ip',
  ])('%s is internal', (ip) => expect(isPublicAddress(ip)).toBe(false));

  it.each([
    '8.8.8.8',
    '93.184.216.34',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
  ])('%s is public', (ip) => expect(isPublicAddress(ip)).toBe(true));
});

describe('URLs', () => {
  const names: Record<string, string[]> = {
    'shop.example': ['93.184.216.34'],
    'dual.example': ['93.184.216.34', '10.0.0.7'],
    'v6.example': ['2606:4700::1111'],
    'mapped.example': ['::ffff:127.0.0.1'],
  };
  const lookup = async (host: string) => {
    if (host === 'hang.example') return new Promise<never>(() => {});
    const found = names[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  const policy = new OutboundPolicy({ lookup, lookupTimeoutMs: 200 });
  const allowed = async (url: string) => (await policy.vet(url)).allowed;

  it.each([
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://0x7f000001/',
    'http://0x7f.1/',
    'http://127.1/',
    'http://127.0.1/',
    'http://[::1]/',
    'http://[0:0:0:0:0:0:0:1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:169.254.169.254]/',
    'http://localhost/',
    'http://LocalHost./',
    'http://api.localhost/',
    'http://intranet/',
    'http://0/',
    'https://169.254.169.254/latest/meta-data/',
    'http://dual.example/',
    'http://mapped.example/',
    'http://missing.example/',
    'http://hang.example/',
    'http://user:pass@shop.example/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'ftp://shop.example/',
    'not a url',
  ])('refuses %s', async (url) => expect(await allowed(url)).toBe(false));

  it.each([
    'https://shop.example/coin',
    'http://shop.example:8080/',
    'https://v6.example/',
    'https://93.184.216.34/',
  ])('allows %s', async (url) => expect(await allowed(url)).toBe(true));

  it('answers with the address it vetted, so the connection goes exactly there', async () => {
    expect(await policy.vet('https://shop.example/')).toEqual({ allowed: true, address: '93.184.216.34' });
  });

  it('lets allow-listed hosts through, by host, port and subdomain', async () => {
    const mirror = new OutboundPolicy({
      lookup,
      allowHosts: parseAllowHosts('127.0.0.1:8080, *.mirror.lan, [::1]'),
    });
    const ok = async (url: string) => (await mirror.vet(url)).allowed;
    expect(await ok('http://127.0.0.1:8080/p')).toBe(true);
    expect(await ok('http://2130706433:8080/p')).toBe(true); // the same address, spelled otherwise
    expect(await ok('http://127.0.0.1:8081/p')).toBe(false);
    expect(await ok('http://127.0.0.1/p')).toBe(false);
    expect(await ok('http://shop.mirror.lan/p')).toBe(true);
    expect(await ok('http://mirror.lan.evil.example/p')).toBe(false);
    expect(await ok('http://evilmirror.lan/p')).toBe(false);
    expect(await ok('http://[::1]:9000/p')).toBe(true);
    expect(await ok('http://169.254.169.254/')).toBe(false);
  });

  it('parses allow-hosts strictly', () => {
    expect(parseAllowHosts(' Mirror.LAN:8080 ,*.shop.lan,')).toEqual([
      { host: 'mirror.lan', port: 8080 },
      { host: '*.shop.lan', port: undefined },
    ]);
    expect(parseAllowHosts('')).toEqual([]);
    for (const bad of ['u:p@host', 'http://host', 'host/path', 'host?q', 'host:99999', 'ho st'])
      expect(() => parseAllowHosts(bad)).toThrow(/is not a host\[:port\] pattern/);
  });
});

describe('the vetting proxy', () => {
  let canary: Server;
  let canaryPort = 0;
  let hits = 0;
  beforeAll(async () => {
    canary = createServer((_req, res) => {
      hits++;
      res.end('inside');
    });
    await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
    canaryPort = (canary.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => canary.close(resolve)));

  /** Sends raw bytes to the proxy and returns its first answer line. */
  const ask = async (proxyUrl: string, text: string) => {
    const { port } = new URL(proxyUrl);
    const socket = connect(Number(port), '127.0.0.1');
    socket.write(text);
    let answer = '';
    for await (const chunk of socket) {
      answer += chunk;
      if (answer.includes('\r\n')) break;
    }
    socket.destroy();
    return answer.split('\r\n')[0];
  };

  it('refuses CONNECT and plain requests to internal addresses and passes allowed ones', async () => {
    const strict = await startPolicyProxy(new OutboundPolicy());
    const mirror = await startPolicyProxy(
      new OutboundPolicy({ allowHosts: parseAllowHosts(`127.0.0.1:${canaryPort}`) }),
    );
    try {
      hits = 0;
      const target = `127.0.0.1:${canaryPort}`;
      expect(await ask(strict.url, `CONNECT ${target} HTTP/1.1\r\nhost: ${target}\r\n\r\n`)).toBe(
        'HTTP/1.1 403 Forbidden',
      );
      expect(
        await ask(strict.url, `GET http://2130706433:${canaryPort}/ HTTP/1.1\r\nhost: ${target}\r\n\r\n`),
      ).toBe('HTTP/1.1 403 Forbidden');
      expect(await ask(strict.url, `CONNECT localhost:${canaryPort} HTTP/1.1\r\n\r\n`)).toBe(
        'HTTP/1.1 403 Forbidden',
      );
      expect(hits).toBe(0);
      expect(strict.refused).toHaveLength(3);
      expect(await ask(mirror.url, `GET http://${target}/ HTTP/1.1\r\nhost: ${target}\r\n\r\n`)).toBe(
        'HTTP/1.1 200 OK',
      );
      expect(await ask(mirror.url, `CONNECT ${target} HTTP/1.1\r\n\r\n`)).toBe(
        'HTTP/1.1 200 Connection Established',
      );
      expect(hits).toBe(1);
    } finally {
      await strict.close();
      await mirror.close();
    }
  });
});
