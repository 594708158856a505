import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AddressPolicy } from '../src/domain/url-policy.ts';
import { newWebhookSecret } from '../src/domain/webhook-secrets.ts';
import { newId } from '../src/ids.ts';
import { CreateInbox, CreateWebhook, ListWebhooks, TestWebhook, UpdateWebhook } from './documents/operations.ts';
import { DeliveriesPage, EventsPage, InboxesPage, WebhookState } from './documents/tenancy-operations.ts';
import { expectData, type GraphQLResult } from './helpers/graphql-client.ts';
import { Receiver } from './helpers/receiver.ts';
import { startTestService, type TestService } from './helpers/service.ts';

/** Contract 3.1, written out here so the test does not trust the code it checks. */
const EVENT_NAMES = [
  'inbox.created',
  'inbox.updated',
  'inbox.deleted',
  'message.sent',
  'message.received',
  'message.delivered',
  'message.bounced',
  'message.complained',
  'message.rejected',
];

/** One BAD_USER_INPUT error naming `field`, no data. */
function expectBadInput(result: GraphQLResult<unknown>, field: string, message?: RegExp) {
  expect(result.data ?? null).toBeNull();
  expect(result.errors).toHaveLength(1);
  const [error] = result.errors ?? [];
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  expect(error.message).not.toBe('Unexpected error.');
  if (message) expect(error.message).toMatch(message);
  return error.message;
}

const receivers: Receiver[] = [];
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
});

describe('development mode (no NODE_ENV)', () => {
  let service: TestService;
  let org: Awaited<ReturnType<TestService['newOrganization']>>;
  let receiver: Receiver;

  beforeAll(async () => {
    service = await startTestService();
    receiver = await Receiver.start();
    receivers.push(receiver);
  });
  afterAll(async () => {
    await service?.stop();
  });

  beforeEach(async () => {
    org = await service.newOrganization();
  });

  const webhookCount = () => service.db.webhook.count({ where: { organizationId: org.organizationId } });

  describe('createWebhook', () => {
    it('refuses an unknown event name, listing the valid names', async () => {
      const result = await org.gql(CreateWebhook, {
        input: { url: `${receiver.url}/hook`, events: ['inbox.created', 'message.opened'] },
      });
      const message = expectBadInput(result, 'events', /message\.opened/);
      for (const name of EVENT_NAMES) expect(message).toContain(name);
      expect(message).toContain('"*"');
      expect(await webhookCount()).toBe(0);
    });

    it('refuses private and link-local addresses, allowing only loopback beyond public ones', async () => {
      for (const url of ['http://10.0.0.5:9200/x', 'http://169.254.169.254/latest', 'http://[fc00::1]/x']) {
        expectBadInput(await org.gql(CreateWebhook, { input: { url, events: ['*'] } }), 'url', /may not reach/);
      }
      expect(await webhookCount()).toBe(0);
      expectData(
        await org.gql(CreateWebhook, { input: { url: 'http://localhost:3000/webhooks/sendook', events: ['*'] } }),
      );
    });

    it('refuses an empty list of events', async () => {
      const result = await org.gql(CreateWebhook, { input: { url: `${receiver.url}/hook`, events: [] } });
      const message = expectBadInput(result, 'events', /at least one/i);
      expect(message).toContain('"*"');
      expect(message).toContain('inbox.created');
      expect(await webhookCount()).toBe(0);
    });

    it.each([
      ['a relative URL', '/webhooks/sendook', /absolute URL.*https?:\/\//],
      ['a bare host name', 'example.com/hook', /absolute URL/],
      ['an ftp: URL', 'ftp://example.com/hook', /http or https.*\bftp\b/],
      ['a javascript: URL', 'javascript:alert(1)', /http or https/],
      ['a URL with credentials', 'https://user:secret@example.com/hook', /user name or password/],
      ['a URL with a user name only', 'https://user@example.com/hook', /user name or password/],
    ])('refuses %s on field url', async (_label, url, message) => {
      const result = await org.gql(CreateWebhook, { input: { url, events: ['*'] } });
      expectBadInput(result, 'url', message);
      expect(await webhookCount()).toBe(0);
    });

    it('accepts a loopback http URL (development default), as a control', async () => {
      const created = expectData(
        await org.gql(CreateWebhook, { input: { url: `${receiver.url}/hook`, events: ['inbox.created'] } }),
      ).createWebhook;
      expect(created.url).toBe(`${receiver.url}/hook`);
      expect(await webhookCount()).toBe(1);
    });
  });

  describe('updateWebhook', () => {
    it('refuses an unknown event and leaves the webhook as it was', async () => {
      const created = expectData(
        await org.gql(CreateWebhook, { input: { url: `${receiver.url}/hook`, events: ['inbox.created'] } }),
      ).createWebhook;
      const before = expectData(await org.gql(WebhookState, { id: created.id })).webhook;

      const result = await org.gql(UpdateWebhook, {
        id: created.id,
        input: { events: ['inbox.created', 'inbox.exploded'], description: 'changed', enabled: false },
      });
      const message = expectBadInput(result, 'events', /inbox\.exploded/);
      for (const name of EVENT_NAMES) expect(message).toContain(name);

      const after = expectData(await org.gql(WebhookState, { id: created.id })).webhook;
      expect(after).toEqual(before);
    });

    it('refuses an empty events list and a bad url the same way', async () => {
      const created = expectData(
        await org.gql(CreateWebhook, { input: { url: `${receiver.url}/hook`, events: ['inbox.created'] } }),
      ).createWebhook;
      const before = expectData(await org.gql(WebhookState, { id: created.id })).webhook;
      expectBadInput(await org.gql(UpdateWebhook, { id: created.id, input: { events: [] } }), 'events');
      expectBadInput(await org.gql(UpdateWebhook, { id: created.id, input: { url: 'ftp://example.com/x' } }), 'url');
      expect(expectData(await org.gql(WebhookState, { id: created.id })).webhook).toEqual(before);
    });
  });

  describe('page sizes', () => {
    it('refuses first: 101 on webhooks, naming first and the limit', async () => {
      expectBadInput(await org.gql(ListWebhooks, { first: 101 }), 'first', /100/);
    });

    it('accepts first: 100 on webhooks', async () => {
      expect(expectData(await org.gql(ListWebhooks, { first: 100 })).webhooks.edges).toEqual([]);
    });

    it('refuses a negative first, naming first', async () => {
      expectBadInput(await org.gql(ListWebhooks, { first: -1 }), 'first', /first/);
    });

    it('refuses a cursor that is not one, naming after', async () => {
      expectBadInput(await org.gql(ListWebhooks, { first: 10, after: 'not-a-cursor' }), 'after', /cursor/i);
    });

    it('refuses first: 101 on deliveries, events and inboxes too', async () => {
      expectBadInput(await org.gql(DeliveriesPage, { first: 101 }), 'first', /100/);
      expectBadInput(await org.gql(EventsPage, { first: 101 }), 'first', /100/);
      expectBadInput(await org.gql(InboxesPage, { first: 101 }), 'first', /100/);
    });
  });

  describe('createInbox', () => {
    const counts = async () => ({
      inboxes: await service.db.inbox.count({ where: { organizationId: org.organizationId } }),
      events: await service.db.event.count({ where: { organizationId: org.organizationId } }),
    });

    it.each([['not-an-email'], ['two@@example.com'], ['spaces in@example.com'], ['@example.com']])(
      'refuses the email %s on field email',
      async (email) => {
        const result = await org.gql(CreateInbox, { input: { name: 'Support', email } });
        expectBadInput(result, 'email', /email address such as/);
        expect(await counts()).toEqual({ inboxes: 0, events: 0 });
      },
    );

    it('an email taken by another inbox of the same organization is CONFLICT; nothing is written', async () => {
      const email = `taken-${newId('inbox').slice(-8)}@example.com`;
      expectData(await org.gql(CreateInbox, { input: { name: 'First', email } }));
      expect(await counts()).toEqual({ inboxes: 1, events: 1 });

      const result = await org.gql(CreateInbox, { input: { name: 'Second', email: email.toUpperCase() } });
      expect(result.data).toBeNull();
      expect(result.errors).toHaveLength(1);
      expect(result.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(result.errors?.[0].message).toMatch(/already taken/);
      expect(await counts()).toEqual({ inboxes: 1, events: 1 });
    });

    it('an email taken by an inbox of another organization is CONFLICT; nothing is written', async () => {
      const other = await service.newOrganization('Other');
      const email = `shared-${newId('inbox').slice(-8)}@example.com`;
      expectData(await other.gql(CreateInbox, { input: { name: 'Theirs', email } }));
      // A webhook, so that a wrongly recorded event would also leave a delivery behind.
      expectData(await org.gql(CreateWebhook, { input: { url: `${receiver.url}/hook`, events: ['*'] } }));

      const result = await org.gql(CreateInbox, { input: { name: 'Mine', email } });
      expect(result.data).toBeNull();
      expect(result.errors?.[0].extensions?.code).toBe('CONFLICT');
      expect(await counts()).toEqual({ inboxes: 0, events: 0 });
      expect(await service.db.delivery.count({ where: { organizationId: org.organizationId } })).toBe(0);
      expect(await service.db.inbox.count({ where: { email } })).toBe(1);
    });
  });
});

describe('production mode (NODE_ENV=production)', () => {
  let service: TestService;
  let org: Awaited<ReturnType<TestService['newOrganization']>>;

  beforeAll(async () => {
    service = await startTestService({ NODE_ENV: 'production' });
    org = await service.newOrganization();
  });
  afterAll(async () => {
    await service?.stop();
  });

  const webhookCount = () => service.db.webhook.count({ where: { organizationId: org.organizationId } });

  it('refuses an http:// URL: webhooks must use https', async () => {
    const result = await org.gql(CreateWebhook, { input: { url: 'http://example.com/hook', events: ['*'] } });
    expectBadInput(result, 'url', /must use https/);
    expect(await webhookCount()).toBe(0);
  });

  it.each([
    'https://127.0.0.1/x',
    'https://[::1]/x',
    'https://[::ffff:10.0.0.1]/x',
    'https://169.254.169.254/latest',
    'https://localhost/x',
    // Other spellings of the same addresses.
    'https://LOCALHOST/x',
    'https://api.localhost/x',
    'https://127.1/x',
    'https://2130706433/x',
    'https://0x7f000001/x',
    'https://[0:0:0:0:0:ffff:7f00:1]/x',
    'https://[::ffff:169.254.169.254]/latest',
    'https://[64:ff9b::a9fe:a9fe]/latest',
    'https://10.0.0.1/x',
    'https://192.168.0.1/x',
    'https://100.64.0.1/x',
    'https://0.0.0.0/x',
    'https://[fd00::1]/x',
  ])('refuses %s with BAD_USER_INPUT on url', async (url) => {
    const result = await org.gql(CreateWebhook, { input: { url, events: ['*'] } });
    expectBadInput(result, 'url', /refused.*public address/);
    expect(await webhookCount()).toBe(0);
  });

  it('accepts a public https URL, as a control', async () => {
    const created = expectData(
      await org.gql(CreateWebhook, { input: { url: 'https://93.184.216.34/hook', events: ['*'] } }),
    ).createWebhook;
    expect(created.url).toBe('https://93.184.216.34/hook');
    await service.db.webhook.delete({ where: { id: created.id } });
  });

  it('refuses a private URL on updateWebhook too, leaving the webhook as it was', async () => {
    const created = expectData(
      await org.gql(CreateWebhook, { input: { url: 'https://93.184.216.34/hook', events: ['*'] } }),
    ).createWebhook;
    const before = expectData(await org.gql(WebhookState, { id: created.id })).webhook;
    expectBadInput(await org.gql(UpdateWebhook, { id: created.id, input: { url: 'https://[::1]/x' } }), 'url');
    expectBadInput(await org.gql(UpdateWebhook, { id: created.id, input: { url: 'http://93.184.216.34/x' } }), 'url');
    expect(expectData(await org.gql(WebhookState, { id: created.id })).webhook).toEqual(before);
    await service.db.webhook.delete({ where: { id: created.id } });
  });

  it('blocks the connection when a stored URL reaches a private address (as DNS could make it)', async () => {
    const receiver = await Receiver.start();
    receivers.push(receiver);
    const webhookId = newId('webhook');
    // Bypasses URL validation, as a public host name whose DNS later points at 127.0.0.1 would.
    await service.db.webhook.create({
      data: {
        id: webhookId,
        organizationId: org.organizationId,
        url: `${receiver.url}/hook`,
        events: ['*'],
        secret: newWebhookSecret(),
      },
    });

    const delivery = expectData(await org.gql(TestWebhook, { id: webhookId })).testWebhook;
    expect(delivery.status).toBe('FAILED');
    expect(delivery.attempts).toHaveLength(1);
    expect(delivery.attempts[0]).toMatchObject({ succeeded: false, errorKind: 'blocked', responseStatus: null });
    // The same words for every refusal: nothing about the address or whether its port is open.
    expect(delivery.attempts[0].error).toMatch(/address webhooks may not reach/);
    expect(delivery.attempts[0].error).not.toContain('127.0.0.1');
    expect(receiver.requests).toHaveLength(0);
  });
});

describe('production mode with WEBHOOK_ALLOWED_CIDRS=127.0.0.0/8', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService({ NODE_ENV: 'production', WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8' });
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('accepts https://127.0.0.1:1/x', async () => {
    const org = await service.newOrganization();
    const created = expectData(
      await org.gql(CreateWebhook, { input: { url: 'https://127.0.0.1:1/x', events: ['*'] } }),
    ).createWebhook;
    expect(created.url).toBe('https://127.0.0.1:1/x');
    expect(await service.db.webhook.count({ where: { organizationId: org.organizationId } })).toBe(1);
  });

  it('still refuses http and ranges outside the allowed one', async () => {
    const org = await service.newOrganization();
    expectBadInput(
      await org.gql(CreateWebhook, { input: { url: 'http://127.0.0.1:1/x', events: ['*'] } }),
      'url',
      /https/,
    );
    expectBadInput(await org.gql(CreateWebhook, { input: { url: 'https://10.0.0.1/x', events: ['*'] } }), 'url');
    expectBadInput(await org.gql(CreateWebhook, { input: { url: 'https://[::1]/x', events: ['*'] } }), 'url');
    expect(await service.db.webhook.count({ where: { organizationId: org.organizationId } })).toBe(0);
  });
});

describe('AddressPolicy', () => {
  const strict = new AddressPolicy({ strict: true, allowedCidrs: [] });

  it.each([
    '10.0.0.1',
    '172.16.0.1',
    '192.168.1.1',
    '100.64.0.1',
    '169.254.169.254',
    '0.0.0.0',
    '224.0.0.1',
    '127.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '64:ff9b::a00:1',
    'ff02::1',
  ])('strict mode refuses %s', (address) => {
    expect(strict.refusal(address)).toMatch(/webhooks may not reach/);
  });

  it.each(['93.184.216.34', '2606:4700::1111', '::ffff:93.184.216.34'])('strict mode accepts %s', (address) => {
    expect(strict.refusal(address)).toBeNull();
  });

  it('refuses what is not an IP address', () => {
    expect(strict.refusal('example.com')).toMatch(/not an IP address/);
  });

  it('names the kind of address it refuses', () => {
    expect(strict.refusal('127.0.0.1')).toMatch(/loopback/);
    expect(strict.refusal('::ffff:10.0.0.1')).toMatch(/private/);
    expect(strict.refusal('169.254.169.254')).toMatch(/linkLocal|link-local/i);
  });

  it('lets allowed ranges through, in every spelling, and nothing else', () => {
    const allowing = new AddressPolicy({ strict: true, allowedCidrs: ['127.0.0.0/8', 'fd00::/8'] });
    expect(allowing.refusal('127.0.0.1')).toBeNull();
    expect(allowing.refusal('127.255.0.9')).toBeNull();
    expect(allowing.refusal('::ffff:127.0.0.1')).toBeNull();
    expect(allowing.refusal('fd12::1')).toBeNull();
    expect(allowing.refusal('10.0.0.1')).not.toBeNull();
    expect(allowing.refusal('::1')).not.toBeNull();
    expect(allowing.refusal('fc00::1')).not.toBeNull();
  });

  it('judges the IPv4 inside the IPv4-compatible IPv6 form', () => {
    const strict = new AddressPolicy({ strict: true, allowedCidrs: [] });
    expect(strict.refusal('::7f00:1')).toMatch(/loopback/);
    expect(strict.refusal('::a00:1')).toMatch(/private/);
    expect(strict.refusal('::1')).toMatch(/loopback/);
    expect(strict.refusal('::5db8:d822')).toBeNull(); // 93.184.216.34
  });

  it('allows only loopback beyond public addresses outside production (contract 3.6)', () => {
    const lax = new AddressPolicy({ strict: false, allowedCidrs: [] });
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '93.184.216.34'])
      expect(lax.refusal(address)).toBeNull();
    for (const address of ['10.0.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', 'fc00::1', '0.0.0.0']) {
      expect(lax.refusal(address)).toMatch(/may not reach/);
    }
    const allowing = new AddressPolicy({ strict: false, allowedCidrs: ['10.0.0.0/8'] });
    expect(allowing.refusal('10.1.2.3')).toBeNull();
  });
});
