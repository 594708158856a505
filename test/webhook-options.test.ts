import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvent } from '../src/domain/events.ts';
import { CreateWebhook, ListDeliveries, TestWebhook, UpdateInbox } from './documents/operations.ts';
import {
  CreateWebhookWithOptions,
  UpdateWebhookOptions,
  WebhookOptions,
} from './documents/webhook-options-operations.ts';
import { createInboxFor, createWebhookFor } from './helpers/factories.ts';
import { expectData, type GraphQLRequest, type GraphQLResult } from './helpers/graphql-client.ts';
import { Receiver } from './helpers/receiver.ts';
import { startTestService, type TestService } from './helpers/service.ts';
import { waitFor } from './helpers/wait.ts';

let service: TestService;
const receivers: Receiver[] = [];

beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await service?.stop();
});

async function newReceiver() {
  const receiver = await Receiver.start();
  receivers.push(receiver);
  return receiver;
}

/** One refusal with `code` naming `field`, no data; returns the message. */
function expectRefused(result: GraphQLResult<unknown>, field: string, code = 'BAD_USER_INPUT') {
  expect(result.data ?? null).toBeNull();
  expect(result.errors).toHaveLength(1);
  const [error] = result.errors ?? [];
  expect(error.extensions).toMatchObject({ code, field });
  expect(error.message).not.toBe('Unexpected error.');
  return error.message;
}

async function webhookOptions(gql: GraphQLRequest, id: string) {
  const webhook = expectData(await gql(WebhookOptions, { id })).webhook;
  if (!webhook) throw new Error(`webhook ${id} not found`);
  return webhook;
}

const FORBIDDEN_NAMES = [
  'webhook-id',
  'webhook-timestamp',
  'Webhook-Signature',
  'WEBHOOK-anything',
  'Content-Type',
  'content-type',
  'CONTENT-TYPE',
  'Content-Length',
  'Host',
  'User-Agent',
  'Connection',
  'Keep-Alive',
  'Proxy-Authenticate',
  'Proxy-Authorization',
  'TE',
  'Trailer',
  'Transfer-Encoding',
  'Upgrade',
  'Expect',
];

describe('custom headers', () => {
  it('arrive at the receiver, are recorded with the attempt, and the signature still verifies', async () => {
    const { gql } = await service.newOrganization();
    const receiver = await newReceiver();
    const headers = { Authorization: 'Bearer s3cr3t', 'X-Tenant': 'acme corp', 'x-empty': '' };
    const webhook = expectData(
      await gql(CreateWebhookWithOptions, {
        input: { url: `${receiver.url}/hook`, events: ['inbox.created'], headers },
      }),
    ).createWebhook;
    expect(webhook.headers).toEqual(headers);

    await createInboxFor(gql);
    const [request] = await receiver.waitForRequests(1);
    expect(request.headers.authorization).toBe('Bearer s3cr3t');
    expect(request.headers['x-tenant']).toBe('acme corp');
    expect(request.headers['x-empty']).toBe('');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['user-agent']).toMatch(/^Sendook-Webhooks\//);
    expect(new StandardWebhook(webhook.secret).verify(request.body, request.headers)).toEqual(JSON.parse(request.body));

    const attempt = await waitFor(async () => {
      const deliveries = expectData(await gql(ListDeliveries, { first: 5 })).deliveries.edges;
      return deliveries[0]?.node.attempts[0];
    });
    expect(attempt.requestHeaders).toMatchObject(headers);
    expect((attempt.requestHeaders as Record<string, string>)['webhook-id']).toBe(request.headers['webhook-id']);

    // The test request carries them too.
    const tested = expectData(await gql(TestWebhook, { id: webhook.id })).testWebhook;
    expect(tested.attempts[0].requestHeaders).toMatchObject(headers);
    expect(receiver.requests[1].headers.authorization).toBe('Bearer s3cr3t');
  });

  it('refuses every forbidden name, in any case, naming the header, on create and update', async () => {
    const { gql, organizationId } = await service.newOrganization();
    const receiver = await newReceiver();
    const existing = await createWebhookFor(gql, receiver.url);
    const before = await webhookOptions(gql, existing.id);
    for (const name of FORBIDDEN_NAMES) {
      const headers = { 'X-Fine': 'yes', [name]: 'value' };
      const message = expectRefused(
        await gql(CreateWebhook, { input: { url: receiver.url, events: ['*'], headers } }),
        `headers.${name}`,
      );
      expect(message).toContain(name);
      expect(message).toMatch(/cannot be set.*webhook-\*.*content-type.*transfer-encoding/);
      expectRefused(await gql(UpdateWebhookOptions, { id: existing.id, input: { headers } }), `headers.${name}`);
    }
    expect(await service.db.webhook.count({ where: { organizationId } })).toBe(1);
    expect(await webhookOptions(gql, existing.id)).toEqual(before);
  });

  it.each([
    ['CR LF (header injection)', { 'X-Foo': 'a\r\nX-Injected: 1' }, 'headers.X-Foo', /no CR, LF, NUL/],
    ['a bare LF', { 'X-Foo': 'a\nb' }, 'headers.X-Foo', /control characters/],
    ['a bare CR', { 'X-Foo': 'a\rb' }, 'headers.X-Foo', /control characters/],
    ['NUL', { 'X-Foo': 'a\u0000b' }, 'headers.X-Foo', /NUL/],
    ['another control character', { 'X-Foo': 'a\u001bb' }, 'headers.X-Foo', /control characters/],
    ['DEL', { 'X-Foo': 'a\u007fb' }, 'headers.X-Foo', /printable ASCII/],
    ['a non-ASCII character', { 'X-Foo': 'café' }, 'headers.X-Foo', /printable ASCII/],
    ['a leading space', { 'X-Foo': ' a' }, 'headers.X-Foo', /not at either end/],
    ['a value over 1 KiB', { 'X-Foo': 'a'.repeat(1025) }, 'headers.X-Foo', /at most 1024/],
    ['a number', { 'X-Foo': 1 }, 'headers.X-Foo', /must be a string/],
    ['null', { 'X-Foo': null }, 'headers.X-Foo', /must be a string/],
    ['a space in the name', { 'X Foo': 'a' }, 'headers.X Foo', /RFC 7230 token/],
    ['a colon in the name', { 'X-Foo:': 'a' }, 'headers.X-Foo:', /RFC 7230 token/],
    ['a CR LF in the name', { 'X-Foo\r\nX-Bar': 'a' }, 'headers.X-Foo\r\nX-Bar', /not a valid header name/],
    ['an empty name', { '': 'a' }, 'headers.', /not a valid header name/],
    ['the same name twice', { 'X-Foo': 'a', 'x-foo': 'b' }, 'headers.x-foo', /case-insensitive/],
    ['an array', ['X-Foo', 'a'], 'headers', /JSON object/],
    ['a string', 'X-Foo: a', 'headers', /JSON object/],
    ['21 headers', Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`X-H${i}`, 'v'])), 'headers', /at most 20/],
  ])('refuses %s with the field at fault, storing nothing', async (_what, headers, field, message) => {
    const { gql, organizationId } = await service.newOrganization();
    const receiver = await newReceiver();
    expect(
      expectRefused(await gql(CreateWebhook, { input: { url: receiver.url, events: ['*'], headers } }), field),
    ).toMatch(message);
    expect(await service.db.webhook.count({ where: { organizationId } })).toBe(0);
    const existing = await createWebhookFor(gql, receiver.url);
    const before = await webhookOptions(gql, existing.id);
    expectRefused(await gql(UpdateWebhookOptions, { id: existing.id, input: { headers } }), field);
    expect(await webhookOptions(gql, existing.id)).toEqual(before);
  });

  it('accepts the limits: 20 headers, 1 KiB values, tabs inside a value, Authorization', async () => {
    const { gql } = await service.newOrganization();
    const receiver = await newReceiver();
    const headers = {
      ...Object.fromEntries(Array.from({ length: 18 }, (_, i) => [`X-H${i}`, 'v'])),
      Authorization: 'a'.repeat(1024),
      "X-Odd!#$%&'*+-.^_`|~": 'tab\there',
    };
    const webhook = expectData(
      await gql(CreateWebhookWithOptions, { input: { url: receiver.url, events: ['inbox.created'], headers } }),
    ).createWebhook;
    expect(webhook.headers).toEqual(headers);
    await createInboxFor(gql);
    const [request] = await receiver.waitForRequests(1);
    expect(request.headers.authorization).toBe('a'.repeat(1024));
    expect(request.headers["x-odd!#$%&'*+-.^_`|~"]).toBe('tab\there');
  });
});

describe('updateWebhook options', () => {
  it('sets, keeps (left out) and clears (null) each option', async () => {
    const { gql } = await service.newOrganization();
    const receiver = await newReceiver();
    const inbox = await createInboxFor(gql);
    const webhook = await createWebhookFor(gql, receiver.url);
    expect(await webhookOptions(gql, webhook.id)).toMatchObject({
      headers: null,
      inboxIds: null,
      rateLimitPerSecond: null,
    });

    const set = { headers: { 'X-Foo': 'bar' }, inboxIds: [inbox.id], rateLimitPerSecond: 5 };
    const updated = expectData(await gql(UpdateWebhookOptions, { id: webhook.id, input: set })).updateWebhook;
    expect(updated).toMatchObject(set);

    const kept = expectData(
      await gql(UpdateWebhookOptions, { id: webhook.id, input: { description: 'only this' } }),
    ).updateWebhook;
    expect(kept).toMatchObject({ description: 'only this', ...set });
    expect(await webhookOptions(gql, webhook.id)).toMatchObject(set);

    // One at a time, so each null clears only its own option.
    expect(
      expectData(await gql(UpdateWebhookOptions, { id: webhook.id, input: { headers: null } })).updateWebhook,
    ).toMatchObject({ headers: null, inboxIds: [inbox.id], rateLimitPerSecond: 5 });
    expect(
      expectData(await gql(UpdateWebhookOptions, { id: webhook.id, input: { inboxIds: null } })).updateWebhook,
    ).toMatchObject({ headers: null, inboxIds: null, rateLimitPerSecond: 5 });
    expect(
      expectData(await gql(UpdateWebhookOptions, { id: webhook.id, input: { rateLimitPerSecond: null } }))
        .updateWebhook,
    ).toMatchObject({ headers: null, inboxIds: null, rateLimitPerSecond: null });

    // Cleared means NULL in the database (every inbox), not an empty filter.
    const [row] = await service.db.$queryRaw<{ headers: unknown; inbox_ids: string[] | null; rate: number | null }[]>`
      SELECT headers, inbox_ids, rate_limit_per_second AS rate FROM webhooks WHERE id = ${webhook.id}`;
    expect(row).toEqual({ headers: null, inbox_ids: null, rate: null });

    // Cleared, the webhook gets every inbox's events again.
    const another = await createInboxFor(gql);
    const [request] = await receiver.waitForRequests(1);
    expect(JSON.parse(request.body)).toMatchObject({ event: 'inbox.created', inboxId: another.id });
  });
});

describe('inboxIds', () => {
  it("delivers only the listed inboxes' events to a filtered webhook", async () => {
    const { gql, organizationId } = await service.newOrganization();
    const filtered = await newReceiver();
    const everything = await newReceiver();
    const a = await createInboxFor(gql, { name: 'A' });
    const b = await createInboxFor(gql, { name: 'B' });
    const webhook = expectData(
      await gql(CreateWebhookWithOptions, {
        input: { url: filtered.url, events: ['*'], inboxIds: [a.id, a.id] },
      }),
    ).createWebhook;
    expect(webhook.inboxIds).toEqual([a.id]);
    const control = await createWebhookFor(gql, everything.url, ['*']);

    expectData(await gql(UpdateInbox, { id: b.id, input: { name: 'B2' } }));
    expectData(await gql(UpdateInbox, { id: a.id, input: { name: 'A2' } }));
    // An event with no inbox at all (like webhook.*) is not among "these inboxes' events".
    await service.db.$transaction((tx) =>
      recordEvent(tx, service.services.deliveries.queue, {
        organizationId,
        type: 'inbox.deleted',
        inboxId: null,
        payload: {},
      }),
    );

    // Deliveries are created with their event, so once the control webhook has all three, the
    // filtered webhook's deliveries (or their absence) are settled.
    await everything.waitForRequests(3);
    const [request] = await filtered.waitForRequests(1);
    expect(JSON.parse(request.body)).toMatchObject({ event: 'inbox.updated', inboxId: a.id });
    expect(await service.db.delivery.count({ where: { webhookId: webhook.id } })).toBe(1);
    expect(await service.db.delivery.count({ where: { webhookId: control.id } })).toBe(3);
    expect(filtered.requests).toHaveLength(1);
  });

  it("refuses another organization's inbox exactly like an inbox that does not exist, storing nothing", async () => {
    const { gql, organizationId } = await service.newOrganization();
    const other = await service.newOrganization('Other org');
    const receiver = await newReceiver();
    const mine = await createInboxFor(gql);
    const theirs = await createInboxFor(other.gql);
    const missing = 'inbox_01jzzzzzzzzzzzzzzzzzzzzzzz';

    const foreign = expectRefused(
      await gql(CreateWebhook, { input: { url: receiver.url, events: ['*'], inboxIds: [mine.id, theirs.id] } }),
      'inboxIds[1]',
      'NOT_FOUND',
    );
    const unknown = expectRefused(
      await gql(CreateWebhook, { input: { url: receiver.url, events: ['*'], inboxIds: [mine.id, missing] } }),
      'inboxIds[1]',
      'NOT_FOUND',
    );
    expect(foreign).toBe(unknown.replace(missing, theirs.id));
    expect(await service.db.webhook.count({ where: { organizationId } })).toBe(0);

    const existing = await createWebhookFor(gql, receiver.url);
    const before = await webhookOptions(gql, existing.id);
    expectRefused(
      await gql(UpdateWebhookOptions, { id: existing.id, input: { inboxIds: [theirs.id] } }),
      'inboxIds[0]',
      'NOT_FOUND',
    );
    expect(await webhookOptions(gql, existing.id)).toEqual(before);
  });

  it('refuses an empty list and more than 100 ids', async () => {
    const { gql } = await service.newOrganization();
    const receiver = await newReceiver();
    expect(
      expectRefused(
        await gql(CreateWebhook, { input: { url: receiver.url, events: ['*'], inboxIds: [] } }),
        'inboxIds',
      ),
    ).toMatch(/1 to 100.*null/);
    const many = Array.from({ length: 101 }, (_, i) => `inbox_${i}`);
    expectRefused(
      await gql(CreateWebhook, { input: { url: receiver.url, events: ['*'], inboxIds: many } }),
      'inboxIds',
    );
  });
});

describe('rateLimitPerSecond', () => {
  it.each([0, -1, 1001, 2_000_000])('refuses %i, storing nothing', async (value) => {
    const { gql, organizationId } = await service.newOrganization();
    const receiver = await newReceiver();
    expect(
      expectRefused(
        await gql(CreateWebhook, { input: { url: receiver.url, events: ['*'], rateLimitPerSecond: value } }),
        'rateLimitPerSecond',
      ),
    ).toMatch(/from 1 to 1000/);
    expect(await service.db.webhook.count({ where: { organizationId } })).toBe(0);
    const existing = await createWebhookFor(gql, receiver.url);
    expectRefused(
      await gql(UpdateWebhookOptions, { id: existing.id, input: { rateLimitPerSecond: value } }),
      'rateLimitPerSecond',
    );
    expect((await webhookOptions(gql, existing.id)).rateLimitPerSecond).toBeNull();
  });

  it.each([1, 1000])('stores and returns %i', async (value) => {
    const { gql } = await service.newOrganization();
    const receiver = await newReceiver();
    const created = expectData(
      await gql(CreateWebhookWithOptions, { input: { url: receiver.url, events: ['*'], rateLimitPerSecond: value } }),
    ).createWebhook;
    expect(created.rateLimitPerSecond).toBe(value);
    expect((await webhookOptions(gql, created.id)).rateLimitPerSecond).toBe(value);
  });
});
