import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneExpired, startRetention } from '../src/jobs/retention.ts';
import { createLogger } from '../src/logger.ts';
import { TestWebhook } from './documents/operations.ts';
import { createInboxFor, createWebhookFor } from './helpers/factories.ts';
import { expectData } from './helpers/graphql-client.ts';
import { Receiver } from './helpers/receiver.ts';
import { startTestService, type TestService } from './helpers/service.ts';
import { sendMail } from './helpers/smtp.ts';
import { waitFor } from './helpers/wait.ts';

let service: TestService;
let receiver: Receiver;

beforeAll(async () => {
  // The service's own pruning keeps everything here; the tests prune explicitly with 30 days.
  service = await startTestService({ RETENTION_DAYS: '3650' });
  receiver = await Receiver.start();
});
afterAll(async () => {
  await receiver?.close();
  await service?.stop();
});

/** An organization whose webhook has received (and recorded an attempt for) `inboxes` inbox.created events. */
async function organizationWithDeliveredInboxes(inboxes: number) {
  const organization = await service.newOrganization();
  const webhook = await createWebhookFor(organization.gql, `${receiver.url}/hook`, [
    'inbox.created',
    'message.received',
  ]);
  const created = [];
  for (let i = 0; i < inboxes; i++) created.push(await createInboxFor(organization.gql, { name: `Inbox ${i}` }));
  await attemptsRecorded(organization.organizationId, inboxes);
  return { ...organization, webhook, inboxes: created };
}

function attemptsRecorded(organizationId: string, count: number) {
  return waitFor(async () => (await service.db.deliveryAttempt.count({ where: { organizationId } })) >= count, {
    what: `${count} recorded attempts`,
  });
}

async function backDate(eventIds: string[], days = 40) {
  const at = new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString();
  await service.db.$executeRaw`UPDATE events SET created_at = ${at}::timestamptz WHERE id = ANY(${eventIds}::text[])`;
  await service.db
    .$executeRaw`UPDATE deliveries SET created_at = ${at}::timestamptz WHERE event_id = ANY(${eventIds}::text[])`;
  await service.db.$executeRaw`
    UPDATE delivery_attempts SET created_at = ${at}::timestamptz
    WHERE delivery_id IN (SELECT id FROM deliveries WHERE event_id = ANY(${eventIds}::text[]))`;
}

async function rowsOf(organizationId: string) {
  const { db } = service;
  const where = { organizationId };
  return {
    events: (await db.event.findMany({ where, select: { id: true } })).map((e) => e.id).sort(),
    deliveries: (await db.delivery.findMany({ where, select: { eventId: true } })).map((d) => d.eventId).sort(),
    attempts: await db.deliveryAttempt.count({ where }),
    messages: await db.message.count({ where }),
    inboxes: await db.inbox.count({ where }),
  };
}

describe('retention', () => {
  it('deletes events older than RETENTION_DAYS with their deliveries and attempts, test events too; keeps recent ones and messages', async () => {
    const { organizationId, gql, webhook, inboxes } = await organizationWithDeliveredInboxes(3);
    expectData(await gql(TestWebhook, { id: webhook.id }));
    await sendMail(service.smtpPort as number, { to: inboxes[0].email, subject: 'Kept', text: 'Messages stay.' });
    await attemptsRecorded(organizationId, 5);

    const events = await service.db.event.findMany({ where: { organizationId } });
    const recent = events.find((e) => e.type === 'inbox.created' && e.inboxId === inboxes[2].id);
    const old = events.filter((e) => e !== recent).map((e) => e.id);
    expect(events.map((e) => e.type).sort()).toEqual([
      'inbox.created',
      'inbox.created',
      'inbox.created',
      'message.received',
      'message.received', // the webhook test's event
    ]);
    await backDate(old);
    await service.db.$executeRaw`
      UPDATE messages SET created_at = now() - interval '400 days' WHERE organization_id = ${organizationId}`;

    const result = await pruneExpired(service.db, { retentionDays: 30 });

    expect(result).toMatchObject({ events: 4, deliveries: 4, attempts: 4 });
    expect(await rowsOf(organizationId)).toEqual({
      events: [recent?.id],
      deliveries: [recent?.id],
      attempts: 1,
      messages: 1,
      inboxes: 3,
    });
    // Nothing left to do: a second run deletes nothing.
    expect(await pruneExpired(service.db, { retentionDays: 30 })).toMatchObject({ events: 0, deliveries: 0 });
  });

  it('deletes in statements of at most the batch size until everything expired is gone', async () => {
    const { organizationId } = await organizationWithDeliveredInboxes(5);
    await backDate((await service.db.event.findMany({ where: { organizationId } })).map((e) => e.id));

    const result = await pruneExpired(service.db, { retentionDays: 30, batchSize: 2 });

    expect(result).toMatchObject({ events: 5, deliveries: 5, attempts: 5 });
    expect(result.largestStatement).toBeLessThanOrEqual(2);
    // Three rounds of events (2, 2, 1), each deleting attempts, deliveries and events.
    expect(result.statements).toBeGreaterThanOrEqual(9);
    expect(await rowsOf(organizationId)).toMatchObject({ events: [], deliveries: [], attempts: 0, inboxes: 5 });
  });

  it('prunes periodically on a worker, one worker at a time', async () => {
    const { organizationId } = await organizationWithDeliveredInboxes(1);
    await backDate((await service.db.event.findMany({ where: { organizationId } })).map((e) => e.id));
    // Another worker is pruning: it holds the lock.
    const other = new pg.Client({ connectionString: service.databaseUrl });
    await other.connect();
    await other.query(`SELECT pg_advisory_lock(hashtext('sendook:retention'))`);
    let otherDone: Promise<void> | undefined;
    const retention = startRetention(
      service.db,
      { databaseUrl: service.databaseUrl, retentionDays: 30, firstRunDelayMs: 0, intervalMs: 50 },
      createLogger('silent'),
    );
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await rowsOf(organizationId)).events).toHaveLength(1);

      otherDone = other.end(); // that worker is done (or gone): the lock is free
      await otherDone;
      await waitFor(async () => (await rowsOf(organizationId)).events.length === 0, {
        what: 'the expired event pruned',
      });
      expect(await rowsOf(organizationId)).toMatchObject({ deliveries: [], attempts: 0 });
    } finally {
      await retention.stop();
      await (otherDone ?? other.end());
    }
  });
});
