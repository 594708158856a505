import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvent } from '../src/domain/events.ts';
import type { Notice } from '../src/live/notices.ts';
import { PgSubscriber } from '../src/live/subscriber.ts';
import { createLogger } from '../src/logger.ts';
import {
  CreateInbox,
  CreateWebhook,
  DeleteInbox,
  GetEvent,
  ListEvents,
  TestWebhook,
  UpdateInbox,
} from './documents/operations.ts';
import { expectData } from './helpers/graphql-client.ts';
import { Receiver } from './helpers/receiver.ts';
import { startTestService, type TestService } from './helpers/service.ts';
import { waitFor } from './helpers/wait.ts';

let service: TestService;
let receiver: Receiver;
beforeAll(async () => {
  // ROLE=api: jobs stay queued, so the test can see them.
  service = await startTestService({ ROLE: 'api' });
  receiver = await Receiver.start();
});
afterAll(async () => {
  await receiver?.close();
  await service?.stop();
});

async function jobsFor(deliveryIds: string[]) {
  const rows = await service.db.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM pgboss.job WHERE name = 'webhook-delivery' AND data->>'deliveryId' = ANY(${deliveryIds})`;
  return rows;
}

describe('recording an event', () => {
  it('writes the event, one delivery per subscribed enabled webhook and one job each, in one transaction', async () => {
    const { gql, organizationId } = await service.newOrganization();
    const a = expectData(
      await gql(CreateWebhook, { input: { url: receiver.url, events: ['inbox.created'] } }),
    ).createWebhook;
    const b = expectData(await gql(CreateWebhook, { input: { url: receiver.url, events: ['*'] } })).createWebhook;
    expectData(await gql(CreateWebhook, { input: { url: receiver.url, events: ['inbox.deleted'] } }));
    const inbox = expectData(await gql(CreateInbox, { input: { name: 'Sales' } })).createInbox;

    const events = expectData(await gql(ListEvents, {})).events.edges.map((e) => e.node);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'inbox.created', inboxId: inbox.id, messageId: null });
    expect(events[0].payload).toMatchObject({ id: inbox.id, organizationId, name: 'Sales' });
    const deliveries = await service.db.delivery.findMany({
      where: { eventId: events[0].id },
      orderBy: { webhookId: 'asc' },
    });
    expect(deliveries.map((d) => d.webhookId).sort()).toEqual([a.id, b.id].sort());
    expect(await jobsFor(deliveries.map((d) => d.id))).toHaveLength(2);
  });

  it('leaves nothing behind, job included, when the transaction rolls back', async () => {
    const { gql, organizationId } = await service.newOrganization();
    expectData(await gql(CreateWebhook, { input: { url: receiver.url, events: ['*'] } }));
    let eventId = '';
    let deliveryIds: string[] = [];
    await expect(
      service.db.$transaction(async (tx) => {
        const event = await recordEvent(tx, service.services.deliveries.queue, {
          organizationId,
          type: 'inbox.created',
          payload: { rolled: 'back' },
        });
        eventId = event.id;
        deliveryIds = (await tx.delivery.findMany({ where: { eventId } })).map((d) => d.id);
        const jobsInside = await tx.$queryRaw<unknown[]>`
          SELECT 1 FROM pgboss.job WHERE name = 'webhook-delivery' AND data->>'deliveryId' = ANY(${deliveryIds})`;
        expect(jobsInside).toHaveLength(1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(eventId).toMatch(/^evt_/);
    expect(await service.db.event.count({ where: { organizationId } })).toBe(0);
    expect(await service.db.delivery.count({ where: { organizationId } })).toBe(0);
    expect(deliveryIds).toHaveLength(1);
    expect(await jobsFor(deliveryIds)).toHaveLength(0);
  });

  it('records inbox.updated and inbox.deleted, filters by type and inbox, newest first', async () => {
    const { gql } = await service.newOrganization();
    const first = expectData(await gql(CreateInbox, { input: { name: 'One' } })).createInbox;
    const second = expectData(await gql(CreateInbox, { input: { name: 'Two', email: 'two@example.com' } })).createInbox;
    expect(second.email).toBe('two@example.com');
    const renamed = expectData(await gql(UpdateInbox, { id: first.id, input: { name: 'Uno' } })).updateInbox;
    expect(renamed.name).toBe('Uno');
    expectData(await gql(DeleteInbox, { id: second.id }));

    const all = expectData(await gql(ListEvents, {})).events.edges.map((e) => e.node.type);
    expect(all).toEqual(['inbox.deleted', 'inbox.updated', 'inbox.created', 'inbox.created']);
    const ofFirst = expectData(await gql(ListEvents, { filter: { inboxId: first.id } })).events.edges;
    expect(ofFirst.map((e) => e.node.type)).toEqual(['inbox.updated', 'inbox.created']);
    const deleted = expectData(await gql(ListEvents, { filter: { types: ['inbox.deleted'] } })).events.edges;
    expect(deleted).toHaveLength(1);
    expect(deleted[0].node.payload).toMatchObject({ id: second.id, email: 'two@example.com' });

    const page1 = expectData(await gql(ListEvents, { first: 3 })).events;
    expect(page1.edges).toHaveLength(3);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = expectData(await gql(ListEvents, { first: 3, after: page1.pageInfo.endCursor })).events;
    expect(page2.edges.map((e) => e.node.type)).toEqual(['inbox.created']);
    expect(page2.pageInfo.hasNextPage).toBe(false);
  });

  it('keeps test deliveries out of the events list', async () => {
    const { gql } = await service.newOrganization();
    const webhook = expectData(await gql(CreateWebhook, { input: { url: receiver.url, events: ['*'] } })).createWebhook;
    const delivery = expectData(await gql(TestWebhook, { id: webhook.id })).testWebhook;
    expect(delivery.test).toBe(true);
    expect(expectData(await gql(ListEvents, {})).events.edges).toHaveLength(0);
    expect(expectData(await gql(GetEvent, { id: delivery.event.id })).event).toBeNull();
  });

  it('announces each event at commit, saying whether it queued deliveries (only those wake workers)', async () => {
    const { gql, organizationId } = await service.newOrganization();
    const quiet = await service.newOrganization();
    expectData(await gql(CreateWebhook, { input: { url: receiver.url, events: ['inbox.created'] } }));
    const notices: Notice[] = [];
    const listener = new PgSubscriber(service.databaseUrl, createLogger('silent'));
    await listener.start();
    const stop = listener.on((notice) => {
      if (notice.kind === 'event') notices.push(notice);
    });
    try {
      const subscribed = expectData(await gql(CreateInbox, { input: { name: 'Hooked' } })).createInbox;
      const unsubscribed = expectData(await quiet.gql(CreateInbox, { input: { name: 'Quiet' } })).createInbox;
      await waitFor(() => notices.length >= 2);
      expect(notices).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ organizationId, inboxId: subscribed.id, type: 'inbox.created', queued: true }),
          expect.objectContaining({
            organizationId: quiet.organizationId,
            inboxId: unsubscribed.id,
            type: 'inbox.created',
            queued: false,
          }),
        ]),
      );
    } finally {
      stop();
      await listener.stop();
    }
  });
});
