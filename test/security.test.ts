import { readFileSync } from 'node:fs';
import { parse, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_STREAMS_PER_KEY } from '../src/api/app.ts';
import { DOCUMENT_LIMITS } from '../src/api/document-limits.ts';
import { MAX_SUBSCRIPTIONS_PER_SOCKET } from '../src/api/graphql-ws.ts';

const MAX_SOCKETS_PER_KEY = 20;

import { defaultGraphiqlQuery } from '../src/schema/graphiql.ts';
import { createInboxFor, createWebhookFor } from './helpers/factories.ts';
import { Receiver } from './helpers/receiver.ts';
import { startTestService, type TestService } from './helpers/service.ts';
import { waitFor } from './helpers/wait.ts';
import { connectWs } from './helpers/ws-client.ts';

type Body = { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

function poster(baseUrl: string) {
  return async (body: string | object, headers: Record<string, string> = {}) => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json: Body = {};
    try {
      json = JSON.parse(text) as Body;
    } catch {
      // not JSON
    }
    return { status: response.status, headers: response.headers, json, text };
  };
}

const deepQuery = '{ events { edges { node { deliveries { webhook { deliveries { edges { node { id } } } } } } } } }';
const aliasQuery = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: viewer { id }`).join(' ')} }`;
// 5,000 aliases are also over the token limit, which is checked first, while parsing.
const manyAliasQuery = `{ ${Array.from({ length: 5000 }, (_, i) => `a${i}: viewer { id }`).join(' ')} }`;
const tokenQuery = `{ viewer { id ${'name '.repeat(DOCUMENT_LIMITS.tokens)} } }`;
const directiveQuery = `{ viewer { id ${'@include(if: true) '.repeat(30)} } }`;

describe('document limits, over HTTP and graphql-ws', () => {
  let service: TestService;
  let key: string;
  let post: ReturnType<typeof poster>;
  beforeAll(async () => {
    service = await startTestService();
    key = (await service.newOrganization()).key;
    post = poster(service.baseUrl);
  });
  afterAll(() => service?.stop());

  it.each([
    ['depth', deepQuery, /depth limit of 8/],
    ['aliases', aliasQuery, /Aliases limit of 15/],
    ['tokens', tokenQuery, /Token limit of 2000/],
    ['directives', directiveQuery, /Directives limit of 20/],
  ])('refuses a document over the %s limit with BAD_USER_INPUT naming it', async (_name, query, message) => {
    const http = await post({ query }, { authorization: `Bearer ${key}` });
    expect(http.json.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(http.json.errors?.[0].message).toMatch(message);
    expect(http.json.data ?? null).toBeNull();

    const ws = connectWs(service.baseUrl, key);
    const result = await new Promise<unknown[]>((resolve) => {
      const errors: unknown[] = [];
      ws.client.subscribe(
        { query },
        { next: () => undefined, error: (e) => resolve([...errors, e]), complete: () => resolve(errors) },
      );
    });
    expect(JSON.stringify(result)).toMatch(/limit/i);
    // The socket stays open for other work.
    const ok = await new Promise<unknown>((resolve, reject) => {
      ws.client.subscribe({ query: '{ viewer { id } }' }, { next: resolve, error: reject, complete: () => undefined });
    });
    expect(ok).toMatchObject({ data: { viewer: { id: expect.any(String) } } });
    await ws.client.dispose();
  });

  it('refuses 5,000 aliases: over HTTP by the token limit, over graphql-ws by the 64 KiB message limit', async () => {
    const http = await post({ query: manyAliasQuery }, { authorization: `Bearer ${key}` });
    expect(http.json.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    const ws = connectWs(service.baseUrl, key);
    ws.client.subscribe(
      { query: manyAliasQuery },
      { next: () => undefined, error: () => undefined, complete: () => undefined },
    );
    expect((await ws.closed).code).toBe(1009);
  });

  it('lets at most five expensive mutations run in one request, and sends nothing when there are more', async () => {
    const { gql: _gql, key: ownKey } = await service.newOrganization();
    const receiver = await Receiver.start();
    const webhook = await createWebhookFor(_gql, receiver.url);
    const many = `mutation { ${Array.from({ length: 6 }, (_, i) => `t${i}: testWebhook(id: "${webhook.id}") { id }`).join(' ')} }`;
    const refused = await post({ query: many }, { authorization: `Bearer ${ownKey}` });
    expect(refused.json.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(refused.json.errors?.[0].message).toMatch(/At most 5 of testWebhook/);
    const allowed = `mutation { ${Array.from({ length: 5 }, (_, i) => `t${i}: testWebhook(id: "${webhook.id}") { id }`).join(' ')} }`;
    expect((await post({ query: allowed }, { authorization: `Bearer ${ownKey}` })).json.errors).toBeUndefined();
    expect(receiver.requests).toHaveLength(5);
    await receiver.close();
  });

  it('refuses a body over 1 MiB with 413 and a batched body with 400', async () => {
    const big = await post(JSON.stringify({ query: `{ viewer { id } } #${'x'.repeat(1024 * 1024)}` }), {
      authorization: `Bearer ${key}`,
    });
    expect(big.status).toBe(413);
    const batch = await post([{ query: '{ viewer { id } }' }, { query: '{ viewer { id } }' }], {
      authorization: `Bearer ${key}`,
    });
    expect(batch.status).toBe(400);
  });

  it('accepts every document in GraphiQL and the README', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const documents = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
    documents.push(defaultGraphiqlQuery);
    const operations = documents.flatMap((source) =>
      parse(source).definitions.map((definition) => print({ kind: parse(source).kind, definitions: [definition] })),
    );
    expect(operations.length).toBeGreaterThan(10);
    for (const query of operations) {
      const subscription = query.trimStart().startsWith('subscription');
      if (subscription) continue; // checked over graphql-ws below
      const result = await post({ query }, { authorization: `Bearer ${key}` });
      for (const error of result.json.errors ?? []) {
        expect(error.extensions?.code, `${query}\n${error.message}`).not.toBe('BAD_USER_INPUT');
        expect(error.extensions?.code, `${query}\n${error.message}`).not.toBe('GRAPHQL_VALIDATION_FAILED');
      }
    }
  });
});

describe('production disclosure', () => {
  let service: TestService;
  let key: string;
  let post: ReturnType<typeof poster>;
  beforeAll(async () => {
    service = await startTestService({ NODE_ENV: 'production' });
    key = (await service.newOrganization()).key;
    post = poster(service.baseUrl);
  });
  afterAll(() => service?.stop());

  it('answers introspection only to a valid key', async () => {
    const anonymous = await post({ query: '{ __schema { queryType { name } } }' });
    expect(anonymous.json.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(anonymous.text).not.toContain('Query');
    const typeProbe = await post({ query: '{ __type(name: "Webhook") { fields { name } } }' });
    expect(typeProbe.json.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const withKey = await post({ query: '{ __schema { queryType { name } } }' }, { authorization: `Bearer ${key}` });
    expect(withKey.json.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('never suggests field names', async () => {
    const result = await post({ query: '{ webhoks { id } viewer { nme } }' }, { authorization: `Bearer ${key}` });
    expect(result.json.errors?.length).toBeGreaterThan(0);
    expect(result.text).not.toMatch(/Did you mean/);
    expect(result.text).not.toMatch(/"webhooks"|"name"/);
  });

  it('carries no internal error details', async () => {
    const invalid = await post('{"query": "{ viewer { id } }"');
    expect(invalid.status).toBe(400);
    expect(invalid.text).not.toMatch(/originalError|SyntaxError|position|stack/);
    await service.db.$executeRawUnsafe('ALTER TABLE inboxes RENAME TO inboxes_away');
    try {
      const failing = await post(
        { query: '{ inboxes { edges { node { id } } } }' },
        { authorization: `Bearer ${key}` },
      );
      expect(failing.json.errors?.[0].message).toBe('Unexpected error.');
      expect(failing.text).not.toMatch(/originalError|stack|inboxes_away|relation|prisma|SELECT/i);
    } finally {
      await service.db.$executeRawUnsafe('ALTER TABLE inboxes_away RENAME TO inboxes');
    }
  });

  it('allows no cross-origin browser calls unless CORS_ORIGINS names the origin', async () => {
    const preflight = await fetch(`${service.baseUrl}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await post({ query: '{ viewer { id } }' }, { origin: 'https://evil.example' });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    expect(simple.headers.get('access-control-allow-credentials')).toBeNull();

    const allowed = await startTestService({ NODE_ENV: 'production', CORS_ORIGINS: 'https://app.example.com' });
    try {
      const ok = await poster(allowed.baseUrl)({ query: '{ viewer { id } }' }, { origin: 'https://app.example.com' });
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      const other = await poster(allowed.baseUrl)({ query: '{ viewer { id } }' }, { origin: 'https://evil.example' });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await allowed.stop();
    }
  });

  it('lets any origin call without credentials outside production', async () => {
    const dev = await startTestService();
    try {
      const result = await poster(dev.baseUrl)({ query: '{ viewer { id } }' }, { origin: 'https://anywhere.example' });
      expect(result.headers.get('access-control-allow-origin')).toMatch(/^\*|https:\/\/anywhere\.example$/);
      expect(result.headers.get('access-control-allow-credentials')).not.toBe('true');
    } finally {
      await dev.stop();
    }
  });
});

describe('rate limits and caps', () => {
  it('limits each API key across two API processes, with 429, Retry-After and retryAfterSeconds', async () => {
    const first = await startTestService({ ROLE: 'api', RATE_LIMIT_PER_MINUTE: '10' });
    const second = await startTestService({ ROLE: 'api', RATE_LIMIT_PER_MINUTE: '10' }, first.databaseUrl);
    try {
      const { key } = await first.newOrganization();
      const other = await first.newOrganization();
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        for (const service of [first, second]) {
          statuses.push(
            (await poster(service.baseUrl)({ query: '{ viewer { id } }' }, { authorization: `Bearer ${key}` })).status,
          );
        }
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(10);
      const limited = await poster(second.baseUrl)({ query: '{ viewer { id } }' }, { authorization: `Bearer ${key}` });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.json.errors?.[0].extensions).toMatchObject({
        code: 'RATE_LIMITED',
        retryAfterSeconds: expect.any(Number),
      });
      // Another key is not slowed down by the first one.
      const fine = await poster(first.baseUrl)(
        { query: '{ viewer { id } }' },
        { authorization: `Bearer ${other.key}` },
      );
      expect(fine.status).toBe(200);
    } finally {
      await second.stop();
      await first.stop();
    }
  });

  it('counts a burst of concurrent requests exactly: the limit is allowed, the rest refused', async () => {
    const service = await startTestService({ ROLE: 'api', RATE_LIMIT_PER_MINUTE: '10' });
    try {
      const { key } = await service.newOrganization();
      const post = poster(service.baseUrl);
      const statuses = await Promise.all(
        Array.from(
          { length: 25 },
          async () => (await post({ query: '{ viewer { id } }' }, { authorization: `Bearer ${key}` })).status,
        ),
      );
      expect(statuses.filter((s) => s === 200)).toHaveLength(10);
      expect(statuses.filter((s) => s === 429)).toHaveLength(15);
    } finally {
      await service.stop();
    }
  });

  it('caps graphql-ws connections and SSE streams per API key', async () => {
    const service = await startTestService({ ROLE: 'api', WS_MAX_CONNECTIONS_PER_KEY: String(MAX_SOCKETS_PER_KEY) });
    const sockets: Array<ReturnType<typeof connectWs>> = [];
    const streams: AbortController[] = [];
    try {
      const { key } = await service.newOrganization();
      for (let i = 0; i < MAX_SOCKETS_PER_KEY; i++) sockets.push(connectWs(service.baseUrl, key));
      await Promise.all(
        sockets.map(
          (ws) =>
            new Promise<void>((resolve, reject) =>
              ws.client.subscribe(
                { query: '{ viewer { id } }' },
                { next: () => resolve(), error: reject, complete: () => undefined },
              ),
            ),
        ),
      );
      const extra = connectWs(service.baseUrl, key);
      expect((await extra.closed).code).toBe(4429);

      const openStream = async () => {
        const controller = new AbortController();
        streams.push(controller);
        const response = await fetch(
          `${service.baseUrl}/graphql?query=${encodeURIComponent('subscription { events { id } }')}`,
          {
            headers: { accept: 'text/event-stream', authorization: `Bearer ${key}` },
            signal: controller.signal,
          },
        );
        const reader = (response.body as ReadableStream<Uint8Array>).getReader();
        const first = await reader.read();
        return new TextDecoder().decode(first.value);
      };
      for (let i = 0; i < MAX_STREAMS_PER_KEY; i++) await openStream();
      expect(await openStream()).toMatch(/RATE_LIMITED|At most 100 live streams/);
    } finally {
      for (const controller of streams) controller.abort();
      for (const ws of sockets) await ws.client.dispose();
      await service.stop();
    }
  });

  it('keeps a burst of 101 subscribe messages on one socket to the cap of 100', async () => {
    const service = await startTestService({ ROLE: 'api' });
    try {
      const { key } = await service.newOrganization();
      const ws = connectWs(service.baseUrl, key);
      const errors: unknown[] = [];
      const disposers = Array.from({ length: MAX_SUBSCRIPTIONS_PER_SOCKET + 1 }, () =>
        ws.client.subscribe(
          { query: 'subscription { events { id } }' },
          { next: () => undefined, error: (e) => errors.push(e), complete: () => undefined },
        ),
      );
      await waitFor(() => errors.length >= 1, { what: 'the 101st subscription to be refused' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(errors).toHaveLength(1);
      expect(JSON.stringify(errors[0])).toMatch(/RATE_LIMITED|At most 100/);
      for (const dispose of disposers) dispose();
      await ws.client.dispose();
      // A fresh inbox event is still delivered to nobody else: the service keeps working.
      await createInboxFor((await service.newOrganization()).gql);
    } finally {
      await service.stop();
    }
  });
});
