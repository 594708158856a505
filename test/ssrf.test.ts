import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { AddressPolicy } from '../src/domain/url-policy.ts';
import { createGuardedAgent, type ResolveHost } from '../src/outbound/guarded-agent.ts';
import { postWebhook } from '../src/outbound/webhook-client.ts';
import { CreateWebhook, TestWebhook, UpdateWebhook } from './documents/operations.ts';
import { selfSignedCertificate } from './helpers/certificate.ts';
import { expectData } from './helpers/graphql-client.ts';
import { startTestService, type TestService } from './helpers/service.ts';

// No test here opens a connection beyond loopback: "public" answers are either 127.0.0.2, which
// WEBHOOK_ALLOWED_CIDRS allows, or refused before any socket is opened.

/** A TCP server that counts the connections it gets and drops each at once. */
async function sentinel(host: string, port = 0) {
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A resolver answering from a table: a host's answers are used in turn, the last one repeated. */
function fakeResolver() {
  const table = new Map<string, string[][]>();
  const calls: string[] = [];
  const resolve: ResolveHost = async (hostname) => {
    calls.push(hostname);
    const answers = table.get(hostname);
    if (!answers) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    const answer = answers[Math.min(calls.filter((h) => h === hostname).length, answers.length) - 1];
    return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { table, calls, resolve };
}

const testRequest = (url: string) => ({ url, headers: { 'content-type': 'application/json' }, body: '{}' });

describe('production mode, with a resolver the test controls', () => {
  const dns = fakeResolver();
  let service: TestService;
  let org: Awaited<ReturnType<TestService['newOrganization']>>;
  // The sentinel stands for an internal service on loopback; `allowed` for a public receiver, on
  // the same port at 127.0.0.2 (allowed by WEBHOOK_ALLOWED_CIDRS, as a public address would be).
  let internal: Awaited<ReturnType<typeof sentinel>>;
  let allowed: Awaited<ReturnType<typeof sentinel>>;
  let closedPort: number;

  beforeAll(async () => {
    internal = await sentinel('127.0.0.1');
    allowed = await sentinel('127.0.0.2', internal.port);
    const closed = await sentinel('127.0.0.1');
    closedPort = closed.port;
    await closed.close();
    service = await startTestService(
      { NODE_ENV: 'production', WEBHOOK_ALLOWED_CIDRS: '127.0.0.2/32' },
      undefined,
      undefined,
      { resolveHost: dns.resolve },
    );
  });
  afterAll(async () => {
    await service?.stop();
    await internal?.close();
    await allowed?.close();
  });
  beforeEach(async () => {
    org = await service.newOrganization();
    dns.table.clear();
    dns.calls.length = 0;
  });

  async function testWebhookAt(url: string) {
    const webhook = expectData(await org.gql(CreateWebhook, { input: { url, events: ['*'] } })).createWebhook;
    const delivery = expectData(await org.gql(TestWebhook, { id: webhook.id })).testWebhook;
    expect(delivery.status).toBe('FAILED');
    expect(delivery.attempts).toHaveLength(1);
    return delivery.attempts[0];
  }

  it('a name resolving to loopback is blocked before connecting: the sentinel sees no connection', async () => {
    dns.table.set('internal.test', [['127.0.0.1']]);
    const attempt = await testWebhookAt(`https://internal.test:${internal.port}/hook`);
    expect(attempt).toMatchObject({ succeeded: false, errorKind: 'blocked', responseStatus: null });
    expect(attempt.error).toMatch(/address webhooks may not reach/);
    expect(attempt.error).not.toContain('127.0.0.1');
    expect(attempt.error).not.toContain(String(internal.port));
    expect(attempt.durationMs).toBeLessThan(500);
    expect(dns.calls).toEqual(['internal.test']);
    expect(internal.connections()).toBe(0);
  });

  it('the record is the same whatever lies behind the address: no port scanning through attempts', async () => {
    const targets: Array<[string, number]> = [
      ['127.0.0.1', internal.port], // open
      ['127.0.0.1', closedPort], // closed
      ['10.0.0.1', 9200],
      ['169.254.169.254', 80],
      ['fd00:ec2::254', 80],
      ['100.64.0.1', 443],
      ['::ffff:7f00:1', internal.port],
    ];
    const errors = new Set<string>();
    for (const [address, port] of targets) {
      dns.table.set(`scan-${port}.test`, [[address]]);
      const attempt = await testWebhookAt(`https://scan-${port}.test:${port}/x`);
      expect(attempt.errorKind).toBe('blocked');
      errors.add(String(attempt.error));
    }
    expect(errors.size).toBe(1);
    expect(internal.connections()).toBe(0);
  });

  it('an answer mixing an allowed and a forbidden address is refused as a whole', async () => {
    dns.table.set('mixed.test', [['127.0.0.2', '127.0.0.1']]);
    dns.table.set('mixed6.test', [['93.184.216.34', '::1']]);
    expect(await testWebhookAt(`https://mixed.test:${internal.port}/hook`)).toMatchObject({ errorKind: 'blocked' });
    expect(await testWebhookAt(`https://mixed6.test:${internal.port}/hook`)).toMatchObject({ errorKind: 'blocked' });
    expect(allowed.connections()).toBe(0);
    expect(internal.connections()).toBe(0);
  });

  it('DNS rebinding: the vetted answer is the address dialled; the next lookup turning to loopback is blocked', async () => {
    dns.table.set('rebind.test', [['127.0.0.2'], ['127.0.0.1']]);
    const url = `https://rebind.test:${internal.port}/hook`;

    const first = await testWebhookAt(url);
    // The allowed address got the connection (and dropped it, not being a TLS server).
    expect(first.errorKind).not.toBe('blocked');
    expect(allowed.connections()).toBe(1);
    expect(internal.connections()).toBe(0);
    expect(dns.calls).toEqual(['rebind.test']);

    const second = await testWebhookAt(url);
    expect(second.errorKind).toBe('blocked');
    expect(dns.calls).toEqual(['rebind.test', 'rebind.test']);
    expect(allowed.connections()).toBe(1);
    expect(internal.connections()).toBe(0);
  });

  it('an IP literal is vetted without a lookup', async () => {
    const id = expectData(
      await org.gql(CreateWebhook, { input: { url: `https://127.0.0.2:${internal.port}/hook`, events: ['*'] } }),
    ).createWebhook.id;
    const before = allowed.connections();
    const attempt = expectData(await org.gql(TestWebhook, { id })).testWebhook.attempts[0];
    expect(attempt.errorKind).not.toBe('blocked');
    expect(allowed.connections()).toBe(before + 1);
    expect(dns.calls).toEqual([]);
  });

  it('a name that does not resolve is a dns failure, not a block', async () => {
    const attempt = await testWebhookAt('https://nowhere.test/hook');
    expect(attempt.errorKind).toBe('dns');
  });

  it.each([
    ['CR and LF', 'https://exa\r\nmple.com/hook', /control characters/],
    ['a tab', 'https://example.com/\thook', /control characters/],
    ['a trailing dot', 'https://localhost./hook', /trailing dot/],
    ['a trailing dot on a public name', 'https://example.com./hook', /trailing dot/],
    ['an ISATAP address carrying 127.0.0.1', 'https://[::5efe:7f00:1]/hook', /loopback.*public address/],
    ['an integer IPv4 spelling', 'https://2130706433/hook', /loopback.*public address/],
    ['a 3 KB URL', `https://example.com/${'a'.repeat(3000)}`, /at most 2048/],
    ['a gopher: URL', 'gopher://example.com/', /must use https/],
    ['user information', 'https://a:b@example.com/', /user name or password/],
  ])('createWebhook and updateWebhook refuse %s on field url', async (_label, url, message) => {
    const created = await org.gql(CreateWebhook, { input: { url, events: ['*'] } });
    expect(created.data ?? null).toBeNull();
    expect(created.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'url' } });
    expect(created.errors?.[0].message).toMatch(message);

    const { id } = expectData(
      await org.gql(CreateWebhook, { input: { url: 'https://example.com/hook', events: ['*'] } }),
    ).createWebhook;
    const updated = await org.gql(UpdateWebhook, { id, input: { url } });
    expect(updated.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'url' } });
    const stored = await service.db.webhook.findMany({ where: { organizationId: org.organizationId } });
    expect(stored.map((w) => w.url)).toEqual(['https://example.com/hook']);
  });
});

describe('the guarded agent', () => {
  let dir: string;
  let cert: string;
  let key: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sendook-ssrf-'));
    ({ cert, key } = await selfSignedCertificate(dir, { commonName: 'internal.test', altName: 'DNS:internal.test' }));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('dials the vetted IP but uses the URL’s name for SNI and the certificate check', async () => {
    const seen: Array<{ servername: TLSSocket['servername']; dialled: string | undefined }> = [];
    const server = createHttpsServer({ cert, key }, (req, res) => {
      const socket = req.socket as TLSSocket;
      seen.push({ servername: socket.servername, dialled: socket.localAddress });
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const dns = fakeResolver();
    dns.table.set('internal.test', [['127.0.0.1']]);
    dns.table.set('elsewhere.test', [['127.0.0.1']]);
    const policy = new AddressPolicy({ strict: true, allowedCidrs: ['127.0.0.1/32'] });
    const agent = createGuardedAgent(policy, 2000, { resolveHost: dns.resolve, ca: cert });
    try {
      const ok = await postWebhook(agent, testRequest(`https://internal.test:${port}/hook`), 2000);
      expect(ok).toMatchObject({ succeeded: true, status: 200, body: 'ok' });
      expect(seen).toEqual([{ servername: 'internal.test', dialled: '127.0.0.1' }]);

      // Same address, another name: the certificate does not name it.
      const wrongName = await postWebhook(agent, testRequest(`https://elsewhere.test:${port}/hook`), 2000);
      expect(wrongName).toMatchObject({ succeeded: false, errorKind: 'tls' });
      expect(wrongName.error).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID/);
      expect(seen).toHaveLength(1);
    } finally {
      await agent.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a blocked answer never dials, whatever the port, and does not wait for a connect', async () => {
    const internal = await sentinel('127.0.0.1');
    const dns = fakeResolver();
    dns.table.set('internal.test', [['127.0.0.1']]);
    const agent = createGuardedAgent(new AddressPolicy({ strict: true, allowedCidrs: [] }), 2000, {
      resolveHost: dns.resolve,
    });
    try {
      for (const url of [`https://internal.test:${internal.port}/`, `http://internal.test:${internal.port}/`]) {
        const outcome = await postWebhook(agent, testRequest(url), 2000);
        expect(outcome).toMatchObject({ succeeded: false, errorKind: 'blocked' });
        expect(outcome.durationMs).toBeLessThan(200);
      }
      expect(internal.connections()).toBe(0);
    } finally {
      await agent.close();
      await internal.close();
    }
  });

  it('leaves from WEBHOOK_SOURCE_ADDRESS when it is set', async () => {
    const remotes: Array<string | undefined> = [];
    const server = createHttpServer((req, res) => {
      remotes.push(req.socket.remoteAddress);
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const policy = new AddressPolicy({ strict: false, allowedCidrs: [] });
    const agent = createGuardedAgent(policy, 2000, { localAddress: '127.0.0.3' });
    const plain = createGuardedAgent(policy, 2000);
    try {
      expect(await postWebhook(agent, testRequest(`http://127.0.0.1:${port}/`), 2000)).toMatchObject({ status: 200 });
      expect(await postWebhook(plain, testRequest(`http://127.0.0.1:${port}/`), 2000)).toMatchObject({ status: 200 });
      expect(remotes).toEqual(['127.0.0.3', '127.0.0.1']);
    } finally {
      await agent.close();
      await plain.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('WEBHOOK_SOURCE_ADDRESS must be an IP address', () => {
    expect(loadConfig({ WEBHOOK_SOURCE_ADDRESS: '203.0.113.7' }).webhooks.sourceAddress).toBe('203.0.113.7');
    expect(loadConfig({ WEBHOOK_SOURCE_ADDRESS: '2001:db8::7' }).webhooks.sourceAddress).toBe('2001:db8::7');
    for (const bad of ['egress.example.com', '127.1', '10.0.0.0/8']) {
      expect(() => loadConfig({ WEBHOOK_SOURCE_ADDRESS: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ WEBHOOK_SOURCE_ADDRESS: bad })).toThrow(/WEBHOOK_SOURCE_ADDRESS: an IP address/);
    }
  });
});
