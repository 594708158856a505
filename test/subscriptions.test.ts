import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SUBSCRIPTIONS_PER_SOCKET } from '../src/api/graphql-ws.ts';
import { CreateApiKey, CreateInbox, CreateWebhook, RevokeApiKey, TestWebhook } from './documents/operations.ts';
import { DeliveryAttemptsSubscription, EventsSubscription } from './documents/subscription-operations.ts';
import { expectData } from './helpers/graphql-client.ts';
import { Receiver } from './helpers/receiver.ts';
import { startTestService, type TestService } from './helpers/service.ts';
import { waitFor } from './helpers/wait.ts';
import { connectWs, subscribe, type WsConnection } from './helpers/ws-client.ts';

let service: TestService;
let receiver: Receiver;
const connections: WsConnection[] = [];

beforeAll(async () => {
  service = await startTestService();
  receiver = await Receiver.start();
});
afterAll(async () => {
  for (const connection of connections) await connection.client.dispose();
  await receiver?.close();
  await service?.stop();
});

function connect(token?: string) {
  const connection = connectWs(service.baseUrl, token);
  connections.push(connection);
  return connection;
}

/** A subscription over server-sent events, as GraphiQL and curl run it. */
async function openSse(token: string, query: string) {
  const response = await fetch(`${service.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  let text = '';
  return {
    response,
    readUntil: (done: (received: string) => boolean) =>
      waitFor(
        async () => {
          const chunk = await reader.read();
          text += new TextDecoder().decode(chunk.value ?? new Uint8Array());
          return (chunk.done || done(text)) && text;
        },
        { what: 'SSE data' },
      ),
    close: () => reader.cancel(),
  };
}

/** Subscriptions start listening once the server has processed `subscribe`; a test event proves it. */
async function settled() {
  await new Promise((resolve) => setTimeout(resolve, 150));
}

describe('events subscription', () => {
  it('streams inbox.created from an HTTP mutation, with type and inbox filters, never another organization', async () => {
    const a = await service.newOrganization('A');
    const b = await service.newOrganization('B');
    const wsA = connect(a.key);
    const wsB = connect(b.key);
    const everything = subscribe(wsA.client, EventsSubscription, {});
    const created = subscribe(wsA.client, EventsSubscription, { types: ['inbox.created'] });
    const deletedOnly = subscribe(wsA.client, EventsSubscription, { types: ['inbox.deleted'] });
    const other = subscribe(wsB.client, EventsSubscription, { types: ['*'] });
    await settled();

    const inbox = expectData(await a.gql(CreateInbox, { input: { name: 'Live' } })).createInbox;
    const [event] = await everything.waitForItems(1);
    expect(event.events).toMatchObject({ type: 'inbox.created', inboxId: inbox.id, messageId: null });
    expect(event.events.payload).toMatchObject({ id: inbox.id, email: inbox.email });
    await created.waitForItems(1);

    const byInbox = subscribe(wsA.client, EventsSubscription, { inboxId: inbox.id });
    await settled();
    expectData(await a.gql(CreateInbox, { input: { name: 'Another' } }));
    await everything.waitForItems(2);
    expect(byInbox.items).toHaveLength(0);
    expect(deletedOnly.items).toHaveLength(0);
    expect(other.items).toHaveLength(0);
    expect(everything.errors).toEqual([]);
  });

  it('refuses unknown event names in the filter', async () => {
    const a = await service.newOrganization();
    const ws = connect(a.key);
    const bad = subscribe(ws.client, EventsSubscription, { types: ['inbox.exploded'] });
    await waitFor(() => bad.errors.length > 0);
    expect(JSON.stringify(bad.errors)).toContain('Unknown event');
  });

  it('replays what was missed after an event id, in order, then continues live without duplicates', async () => {
    const a = await service.newOrganization();
    const ws = connect(a.key);
    const first = subscribe(ws.client, EventsSubscription, {});
    await settled();
    const seen = expectData(await a.gql(CreateInbox, { input: { name: 'Seen' } })).createInbox;
    const [{ events: lastSeen }] = await first.waitForItems(1);
    first.dispose();

    const missed = [];
    for (const name of ['Missed 1', 'Missed 2', 'Missed 3']) {
      missed.push(expectData(await a.gql(CreateInbox, { input: { name } })).createInbox.id);
    }
    const resumed = subscribe(ws.client, EventsSubscription, { after: lastSeen.id });
    // Creations racing the replay must arrive once each, replayed or live.
    const racing = Promise.all(['Live 1', 'Live 2'].map((name) => a.gql(CreateInbox, { input: { name } })));
    const live = (await racing).map((r) => expectData(r).createInbox.id);
    const items = await resumed.waitForItems(5);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(resumed.items).toHaveLength(5);
    const inboxIds = items.map((item) => item.events.inboxId);
    expect(inboxIds.slice(0, 3)).toEqual(missed);
    expect(new Set(inboxIds.slice(3))).toEqual(new Set(live));
    expect(inboxIds).not.toContain(seen.id);
  });
});

describe('deliveryAttempts subscription', () => {
  it('yields automatic and test attempts with their outcome, optionally for one webhook', async () => {
    const a = await service.newOrganization();
    const hookA = expectData(await a.gql(CreateWebhook, { input: { url: receiver.url, events: ['*'] } })).createWebhook;
    const hookB = expectData(
      await a.gql(CreateWebhook, { input: { url: receiver.url, events: ['inbox.deleted'] } }),
    ).createWebhook;
    const ws = connect(a.key);
    const all = subscribe(ws.client, DeliveryAttemptsSubscription, {});
    const onlyB = subscribe(ws.client, DeliveryAttemptsSubscription, { webhookId: hookB.id });
    const events = subscribe(ws.client, EventsSubscription, {});
    await settled();

    expectData(await a.gql(CreateInbox, {}));
    const [automatic] = await all.waitForItems(1);
    expect(automatic.deliveryAttempts).toMatchObject({
      trigger: 'AUTOMATIC',
      succeeded: true,
      responseStatus: 200,
      delivery: { webhook: { id: hookA.id } },
    });
    expectData(await a.gql(TestWebhook, { id: hookB.id }));
    const [test] = await onlyB.waitForItems(1);
    expect(test.deliveryAttempts).toMatchObject({
      trigger: 'TEST',
      succeeded: true,
      delivery: { status: 'SUCCEEDED' },
    });
    await all.waitForItems(2);
    expect(onlyB.items).toHaveLength(1);
    // The test delivery's synthetic event is not an event of the organization.
    expect(events.items.map((item) => item.events.type)).toEqual(['inbox.created']);
  });
});

describe('authentication and limits', () => {
  it('closes with 4403 for a missing or unknown key', async () => {
    expect((await connect().closed).code).toBe(4403);
    expect((await connect('sk_not_a_real_key_at_all').closed).code).toBe(4403);
  });

  it('closes a socket that sends a message over the size limit, leaving others open', async () => {
    const a = await service.newOrganization();
    const big = connect(a.key);
    const fine = connect(a.key);
    const events = subscribe(fine.client, EventsSubscription, {});
    const oversized = subscribe(big.client, EventsSubscription, { types: Array(20_000).fill('inbox.created') });
    expect((await big.closed).code).toBe(1009);
    expect(oversized.items).toHaveLength(0);
    await settled();
    expectData(await a.gql(CreateInbox, {}));
    await events.waitForItems(1);
  });

  it('frees a subscription slot as soon as the client completes it, even on a quiet stream', async () => {
    const a = await service.newOrganization();
    const ws = connect(a.key);
    for (let i = 0; i < MAX_SUBSCRIPTIONS_PER_SOCKET + 20; i++) {
      const quiet = subscribe(ws.client, EventsSubscription, { types: ['message.complained'] });
      await new Promise((resolve) => setTimeout(resolve, 5));
      quiet.dispose();
    }
    await settled();
    const live = subscribe(ws.client, EventsSubscription, {});
    await settled();
    expectData(await a.gql(CreateInbox, {}));
    await live.waitForItems(1);
    expect(live.errors).toEqual([]);
  });

  it('ends an SSE subscription when its key is revoked', async () => {
    const a = await service.newOrganization();
    const created = expectData(await a.gql(CreateApiKey, { input: { name: 'sse' } })).createApiKey;
    const sse = await openSse(created.secret, 'subscription { events { id } }');
    await settled();
    expectData(await a.gql(RevokeApiKey, { id: created.apiKey.id }));
    const text = await sse.readUntil((received) => received.includes('UNAUTHENTICATED'));
    expect(text).toContain('revoked');
    await sse.close();
  });

  it('closes sockets of a key revoked while they are open', async () => {
    const a = await service.newOrganization();
    const created = expectData(await a.gql(CreateApiKey, { input: { name: 'dashboard' } })).createApiKey;
    const ws = connect(created.secret);
    const events = subscribe(ws.client, EventsSubscription, {});
    await settled();
    expectData(await a.gql(CreateInbox, {}));
    await events.waitForItems(1);

    const revokedAt = Date.now();
    expectData(await a.gql(RevokeApiKey, { id: created.apiKey.id }));
    const closed = await ws.closed;
    expect(closed.code).toBe(4403);
    expect(Date.now() - revokedAt).toBeLessThan(3000);
  });

  it(`refuses more than ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions on one socket, leaving the others working`, async () => {
    const a = await service.newOrganization();
    const ws = connect(a.key);
    const subscriptions = Array.from({ length: MAX_SUBSCRIPTIONS_PER_SOCKET }, () =>
      subscribe(ws.client, EventsSubscription, {}),
    );
    await settled();
    const extra = subscribe(ws.client, EventsSubscription, {});
    await waitFor(() => extra.errors.length > 0);
    expect(JSON.stringify(extra.errors)).toContain(`At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions`);

    const otherSocket = connect(a.key);
    const elsewhere = subscribe(otherSocket.client, EventsSubscription, {});
    await settled();
    expectData(await a.gql(CreateInbox, {}));
    await elsewhere.waitForItems(1);
    await waitFor(() => subscriptions.every((s) => s.items.length === 1));
  });
});

describe('server-sent events', () => {
  it('streams the events subscription over SSE with the Authorization header', async () => {
    const a = await service.newOrganization();
    const sse = await openSse(a.key, 'subscription { events { id type inboxId } }');
    expect(sse.response.status).toBe(200);
    expect(sse.response.headers.get('content-type')).toContain('text/event-stream');
    await settled();
    const inbox = expectData(await a.gql(CreateInbox, {})).createInbox;
    const text = await sse.readUntil((received) => received.includes(inbox.id));
    expect(text).toContain('"type":"inbox.created"');
    await sse.close();
  });
});
