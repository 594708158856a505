import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/ids.ts';
import {
  CreateApiKey,
  CreateInbox,
  CreateOrganization,
  CreateWebhook,
  DeleteInbox,
  DeleteWebhook,
  GetDelivery,
  ListDeliveries,
  RetryDelivery,
  RevokeApiKey,
  RotateWebhookSecret,
  TestWebhook,
  UpdateInbox,
  UpdateWebhook,
} from './documents/operations.ts';
import {
  DeliveriesPage,
  DeliveryState,
  EventState,
  EventsPage,
  EverythingVisible,
  InboxState,
  WebhookState,
  WhoAmI,
} from './documents/tenancy-operations.ts';
import { expectData, type GraphQLRequest, type GraphQLResult } from './helpers/graphql-client.ts';
import { Receiver } from './helpers/receiver.ts';
import { startTestService, type TestService } from './helpers/service.ts';
import { waitFor } from './helpers/wait.ts';

type Org = Awaited<ReturnType<TestService['newOrganization']>>;

let service: TestService;
let receiverA: Receiver;
let receiverB: Receiver;
let a: Org;
let b: Org;
/** Organization A's objects, which B tries to reach. */
const ids = { webhook: '', delivery: '', event: '', inbox: '', apiKey: '' };
let aSecondKey = '';

beforeAll(async () => {
  service = await startTestService();
  receiverA = await Receiver.start();
  receiverB = await Receiver.start();
  a = await service.newOrganization('Organization A');
  b = await service.newOrganization('Organization B');

  // A: a webhook, an inbox (so an event and a delivery that succeeded), a second API key.
  const webhook = expectData(
    await a.gql(CreateWebhook, { input: { url: `${receiverA.url}/a`, events: ['*'], description: 'A hook' } }),
  ).createWebhook;
  ids.webhook = webhook.id;
  const inbox = expectData(await a.gql(CreateInbox, { input: { name: 'A support' } })).createInbox;
  ids.inbox = inbox.id;
  const delivery = await waitFor(async () => {
    const node = expectData(await a.gql(ListDeliveries, { first: 5 })).deliveries.edges[0]?.node;
    return node?.status === 'SUCCEEDED' ? node : undefined;
  });
  ids.delivery = delivery.id;
  ids.event = delivery.event.id;
  const key = expectData(await a.gql(CreateApiKey, { input: { name: 'A second key' } })).createApiKey;
  ids.apiKey = key.apiKey.id;
  aSecondKey = key.secret;

  // B has data of its own, so its lists are not trivially empty.
  expectData(await b.gql(CreateWebhook, { input: { url: `${receiverB.url}/b`, events: ['inbox.created'] } }));
  expectData(await b.gql(CreateInbox, { input: { name: 'B support' } }));
  await receiverB.waitForRequests(1);
  await receiverA.waitForRequests(1);
});

afterAll(async () => {
  await receiverA?.close();
  await receiverB?.close();
  await service?.stop();
});

/** A's rows as the database holds them: the ground truth for "nothing changed". */
async function snapshotOfA() {
  const organizationId = a.organizationId;
  const [webhooks, inboxes, events, deliveries, attempts, apiKeys] = await Promise.all([
    service.db.webhook.findMany({ where: { organizationId }, orderBy: { id: 'asc' } }),
    service.db.inbox.findMany({ where: { organizationId }, orderBy: { id: 'asc' } }),
    service.db.event.findMany({ where: { organizationId }, orderBy: { id: 'asc' } }),
    service.db.delivery.findMany({ where: { organizationId }, orderBy: { id: 'asc' } }),
    service.db.deliveryAttempt.findMany({ where: { organizationId }, orderBy: { id: 'asc' } }),
    service.db.apiKey.findMany({
      where: { organizationId },
      orderBy: { id: 'asc' },
      select: { id: true, name: true, hash: true, revokedAt: true },
    }),
  ]);
  return { webhooks, inboxes, events, deliveries, attempts, apiKeys };
}

describe('another organization’s ids behave like ids that do not exist', () => {
  let before: Awaited<ReturnType<typeof snapshotOfA>>;
  let requestsToA = 0;

  beforeAll(async () => {
    before = await snapshotOfA();
    requestsToA = receiverA.requests.length;
  });

  const queries: Array<{
    name: 'webhook' | 'delivery' | 'event' | 'inbox';
    kind: 'webhook' | 'delivery' | 'event' | 'inbox';
    run: (gql: GraphQLRequest, id: string) => Promise<GraphQLResult<unknown>>;
  }> = [
    { name: 'webhook', kind: 'webhook', run: (gql, id) => gql(WebhookState, { id }) },
    { name: 'delivery', kind: 'delivery', run: (gql, id) => gql(DeliveryState, { id }) },
    { name: 'event', kind: 'event', run: (gql, id) => gql(EventState, { id }) },
    { name: 'inbox', kind: 'inbox', run: (gql, id) => gql(InboxState, { id }) },
  ];

  it.each(queries)('query $name on A’s id returns null for B, as for an unknown id', async ({ name, kind, run }) => {
    const foreignId = ids[kind];
    // The id really exists: A sees it.
    const own = expectData(await run(a.gql, foreignId)) as Record<string, { id: string } | null>;
    expect(own[name]?.id).toBe(foreignId);

    const foreign = await run(b.gql, foreignId);
    const unknown = await run(b.gql, newId(kind));
    for (const result of [foreign, unknown]) {
      expect(result.status).toBe(200);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ [name]: null });
    }
  });

  const mutations: Array<{
    name: string;
    kind: 'webhook' | 'delivery' | 'inbox' | 'apiKey';
    run: (gql: GraphQLRequest, id: string) => Promise<GraphQLResult<unknown>>;
  }> = [
    {
      name: 'updateWebhook',
      kind: 'webhook',
      run: (gql, id) =>
        gql(UpdateWebhook, {
          id,
          input: {
            url: `http://127.0.0.1:1/hijacked`,
            events: ['inbox.deleted'],
            description: 'hijacked',
            enabled: false,
          },
        }),
    },
    { name: 'testWebhook', kind: 'webhook', run: (gql, id) => gql(TestWebhook, { id }) },
    { name: 'rotateWebhookSecret', kind: 'webhook', run: (gql, id) => gql(RotateWebhookSecret, { id }) },
    { name: 'retryDelivery', kind: 'delivery', run: (gql, id) => gql(RetryDelivery, { id }) },
    {
      name: 'updateInbox',
      kind: 'inbox',
      run: (gql, id) =>
        gql(UpdateInbox, { id, input: { name: 'Hijacked', email: `hijacked-${Date.now()}@example.com` } }),
    },
    { name: 'revokeApiKey', kind: 'apiKey', run: (gql, id) => gql(RevokeApiKey, { id }) },
    // Deletions last, so a leak would not hide the others.
    { name: 'deleteInbox', kind: 'inbox', run: (gql, id) => gql(DeleteInbox, { id }) },
    { name: 'deleteWebhook', kind: 'webhook', run: (gql, id) => gql(DeleteWebhook, { id }) },
  ];

  it.each(mutations)(
    'mutation $name on A’s id is NOT_FOUND for B, worded as for an unknown id',
    async ({ kind, run }) => {
      const foreignId = ids[kind];
      const unknownId = newId(kind);
      const foreign = await run(b.gql, foreignId);
      const unknown = await run(b.gql, unknownId);

      expect(unknown.errors).toHaveLength(1);
      expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(foreign.errors).toHaveLength(1);
      expect(foreign.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      expect(foreign.data).toBeNull();
      expect(foreign.status).toBe(unknown.status);
      expect(foreign.errors?.[0].path).toEqual(unknown.errors?.[0].path);
      // Same message, only the id differs.
      expect(foreign.errors?.[0].message).toContain(foreignId);
      expect(foreign.errors?.[0].message.replace(foreignId, '<id>')).toBe(
        unknown.errors?.[0].message.replace(unknownId, '<id>'),
      );
      expect(foreign.errors?.[0].extensions).toEqual(unknown.errors?.[0].extensions);
    },
  );

  it('B’s lists hold exactly B’s objects and nothing of A’s', async () => {
    const visible = expectData(await b.gql(EverythingVisible, { first: 100 }));
    const webhookIds = visible.webhooks.edges.map((e) => e.node.id);
    const deliveryIds = visible.deliveries.edges.map((e) => e.node.id);
    const eventIds = visible.events.edges.map((e) => e.node.id);
    const inboxIds = visible.inboxes.edges.map((e) => e.node.id);

    const organizationId = b.organizationId;
    const own = {
      webhooks: (await service.db.webhook.findMany({ where: { organizationId }, select: { id: true } })).map(
        (r) => r.id,
      ),
      deliveries: (await service.db.delivery.findMany({ where: { organizationId }, select: { id: true } })).map(
        (r) => r.id,
      ),
      events: (await service.db.event.findMany({ where: { organizationId, test: false }, select: { id: true } })).map(
        (r) => r.id,
      ),
      inboxes: (await service.db.inbox.findMany({ where: { organizationId }, select: { id: true } })).map((r) => r.id),
    };
    expect(own.webhooks.length).toBeGreaterThan(0);
    expect(own.events.length).toBeGreaterThan(0);
    expect(own.deliveries.length).toBeGreaterThan(0);
    expect(new Set(webhookIds)).toEqual(new Set(own.webhooks));
    expect(new Set(deliveryIds)).toEqual(new Set(own.deliveries));
    expect(new Set(eventIds)).toEqual(new Set(own.events));
    expect(new Set(inboxIds)).toEqual(new Set(own.inboxes));

    const all = JSON.stringify(visible);
    for (const id of Object.values(ids)) expect(all).not.toContain(id);
  });

  it('filters by A’s ids give B empty lists', async () => {
    const byWebhook = expectData(await b.gql(DeliveriesPage, { first: 100, filter: { webhookId: ids.webhook } }));
    expect(byWebhook.deliveries.edges).toEqual([]);
    const byEvent = expectData(await b.gql(DeliveriesPage, { first: 100, filter: { eventId: ids.event } }));
    expect(byEvent.deliveries.edges).toEqual([]);
    const byInbox = expectData(await b.gql(EventsPage, { first: 100, filter: { inboxId: ids.inbox } }));
    expect(byInbox.events.edges).toEqual([]);
  });

  it('afterwards A’s data is unchanged and A’s keys still work', async () => {
    // Through the API, as A sees it.
    const webhook = expectData(await a.gql(WebhookState, { id: ids.webhook })).webhook;
    const beforeWebhook = before.webhooks.find((w) => w.id === ids.webhook);
    expect(webhook).toMatchObject({
      id: ids.webhook,
      url: beforeWebhook?.url,
      events: ['*'],
      description: 'A hook',
      enabled: true,
      disabledReason: null,
      secret: beforeWebhook?.secret,
      updatedAt: beforeWebhook?.updatedAt.toISOString(),
    });
    expect(webhook?.deliveries.edges.map((e) => e.node.id)).toEqual([ids.delivery]);

    const inbox = expectData(await a.gql(InboxState, { id: ids.inbox })).inbox;
    const beforeInbox = before.inboxes.find((i) => i.id === ids.inbox);
    expect(inbox).toEqual({
      id: ids.inbox,
      name: 'A support',
      email: beforeInbox?.email,
      updatedAt: beforeInbox?.updatedAt.toISOString(),
    });

    const delivery = expectData(await a.gql(GetDelivery, { id: ids.delivery })).delivery;
    expect(delivery).toMatchObject({ status: 'SUCCEEDED', attemptCount: 1 });

    expect(expectData(await a.gql(WhoAmI)).viewer.id).toBe(a.organizationId);
    const second = await service.client(aSecondKey)(WhoAmI);
    expect(second.status).toBe(200);
    expect(expectData(second).viewer.id).toBe(a.organizationId);

    // And in the database: no row of A changed, none added or removed, nothing was sent to A's receiver.
    const after = await snapshotOfA();
    expect(after).toEqual(before);
    expect(receiverA.requests).toHaveLength(requestsToA);
  });
});

describe('authentication', () => {
  async function rawPost(authorization: string | undefined, query: string) {
    const response = await fetch(`${service.baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(authorization ? { authorization } : {}),
      },
      body: JSON.stringify({ query }),
    });
    const json = (await response.json()) as Omit<GraphQLResult<unknown>, 'status'>;
    return { status: response.status, ...json };
  }

  function expectUnauthenticated(result: GraphQLResult<unknown>) {
    expect(result.status).toBe(401);
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.length).toBeGreaterThan(0);
    for (const error of result.errors ?? []) expect(error.extensions?.code).toBe('UNAUTHENTICATED');
    expect(result.errors?.[0].message).toMatch(/Bearer|API key/i);
  }

  it('no key: UNAUTHENTICATED with HTTP 401, for queries and mutations, and nothing is written', async () => {
    const anonymous = service.client();
    expectUnauthenticated(await anonymous(WhoAmI));
    expectUnauthenticated(await anonymous(EverythingVisible, { first: 10 }));
    const webhooksBefore = await service.db.webhook.count();
    const inboxesBefore = await service.db.inbox.count();
    expectUnauthenticated(await anonymous(CreateWebhook, { input: { url: `${receiverA.url}/x`, events: ['*'] } }));
    expectUnauthenticated(await anonymous(CreateInbox, { input: { name: 'nobody' } }));
    expect(await service.db.webhook.count()).toBe(webhooksBefore);
    expect(await service.db.inbox.count()).toBe(inboxesBefore);
  });

  it.each([
    ['a garbage token', 'garbage'],
    ['an unknown sk_ key', 'sk_this_key_was_never_issued_0123456789'],
    ['an empty-looking key', 'sk_'],
  ])('%s: UNAUTHENTICATED with HTTP 401', async (_label, token) => {
    expectUnauthenticated(await service.client(token)(WhoAmI));
  });

  it('a header that is not "Bearer <key>": UNAUTHENTICATED with HTTP 401', async () => {
    expectUnauthenticated(await rawPost(`Basic ${Buffer.from('a:b').toString('base64')}`, '{ viewer { id } }'));
    expectUnauthenticated(await rawPost(a.key, '{ viewer { id } }'));
  });

  it('a revoked key: UNAUTHENTICATED with HTTP 401 from then on; the other keys keep working', async () => {
    const { apiKey, secret } = expectData(await a.gql(CreateApiKey, { input: { name: 'short-lived' } })).createApiKey;
    const withKey = service.client(secret);
    expect(expectData(await withKey(WhoAmI)).viewer.id).toBe(a.organizationId);

    const revoked = expectData(await a.gql(RevokeApiKey, { id: apiKey.id })).revokeApiKey;
    expect(revoked.revokedAt).not.toBeNull();

    expectUnauthenticated(await withKey(WhoAmI));
    const webhooksBefore = await service.db.webhook.count({ where: { organizationId: a.organizationId } });
    expectUnauthenticated(await withKey(CreateWebhook, { input: { url: `${receiverA.url}/x`, events: ['*'] } }));
    expect(await service.db.webhook.count({ where: { organizationId: a.organizationId } })).toBe(webhooksBefore);
    // A key cannot un-revoke itself either.
    expectUnauthenticated(await withKey(RevokeApiKey, { id: apiKey.id }));

    expect(expectData(await a.gql(WhoAmI)).viewer.id).toBe(a.organizationId);
  });
});

describe('createOrganization without ADMIN_TOKEN configured', () => {
  it('is FORBIDDEN with an API key, and creates nothing', async () => {
    const before = await service.db.organization.count();
    const result = await a.gql(CreateOrganization, { input: { name: 'Sneaky' } });
    expect(result.data).toBeNull();
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(result.errors?.[0].message).toMatch(/ADMIN_TOKEN|admin/);
    expect(await service.db.organization.count()).toBe(before);
    expect(await service.db.apiKey.count({ where: { name: 'Initial key', organization: { name: 'Sneaky' } } })).toBe(0);
  });

  it('is UNAUTHENTICATED (401) without a token, and with a would-be admin token', async () => {
    const before = await service.db.organization.count();
    const anonymous = await service.client()(CreateOrganization, { input: { name: 'Sneaky' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(anonymous.errors?.[0].message).toMatch(/ADMIN_TOKEN/);

    const guessed = await service.client('admin-token-0123456789')(CreateOrganization, { input: { name: 'Sneaky' } });
    expect(guessed.status).toBe(401);
    expect(guessed.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await service.db.organization.count()).toBe(before);
  });
});

describe('createOrganization with ADMIN_TOKEN configured', () => {
  const ADMIN_TOKEN = 'admin-token-0123456789';
  let admin: TestService;

  beforeAll(async () => {
    admin = await startTestService({ ADMIN_TOKEN });
  });
  afterAll(async () => {
    await admin?.stop();
  });

  it('creates an organization whose returned key works, and which sees nothing of the others', async () => {
    const other = await admin.newOrganization('Existing');
    expectData(await other.gql(CreateInbox, { input: { name: 'Existing inbox' } }));

    const result = await admin.client(ADMIN_TOKEN)(CreateOrganization, { input: { name: '  Acme  ' } });
    const created = expectData(result).createOrganization;
    expect(result.status).toBe(200);
    expect(created.organization.id).toMatch(/^org_[0-9a-z]{26}$/);
    expect(created.organization.name).toBe('Acme');
    expect(created.apiKey.id).toMatch(/^key_[0-9a-z]{26}$/);
    expect(created.secret).toMatch(/^sk_/);

    const gql = admin.client(created.secret);
    const viewer = await gql(WhoAmI);
    expect(viewer.status).toBe(200);
    expect(expectData(viewer).viewer).toEqual({ id: created.organization.id, name: 'Acme' });
    const visible = expectData(await gql(EverythingVisible, { first: 100 }));
    expect(visible).toEqual({
      webhooks: { edges: [] },
      deliveries: { edges: [] },
      events: { edges: [] },
      inboxes: { edges: [] },
    });
    // The secret is stored only as a hash.
    const stored = await admin.db.apiKey.findUniqueOrThrow({ where: { id: created.apiKey.id } });
    expect(JSON.stringify(stored)).not.toContain(created.secret);
  });

  it('refuses an API key (FORBIDDEN) and a wrong token (401), creating nothing', async () => {
    const org = await admin.newOrganization('Key holder');
    const before = await admin.db.organization.count();

    const withKey = await org.gql(CreateOrganization, { input: { name: 'Nope' } });
    expect(withKey.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(withKey.data).toBeNull();

    const wrong = await admin.client('admin-token-0123456789-wrong')(CreateOrganization, { input: { name: 'Nope' } });
    expect(wrong.status).toBe(401);
    expect(wrong.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const anonymous = await admin.client()(CreateOrganization, { input: { name: 'Nope' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    expect(await admin.db.organization.count()).toBe(before);
  });

  it('the admin token acts for no organization: other operations are FORBIDDEN', async () => {
    const result = await admin.client(ADMIN_TOKEN)(WhoAmI);
    expect(result.data).toBeNull();
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(result.errors?.[0].message).toMatch(/API key/);
  });

  it('refuses a blank organization name with BAD_USER_INPUT on name', async () => {
    const before = await admin.db.organization.count();
    const result = await admin.client(ADMIN_TOKEN)(CreateOrganization, { input: { name: '   ' } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect(result.errors?.[0].message).toMatch(/between 1 and 100 characters/);
    expect(await admin.db.organization.count()).toBe(before);
  });
});
