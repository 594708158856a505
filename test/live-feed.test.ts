import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDatabase, createPool, type Database, pgOptions } from '../src/db/client.ts';
import { pgExecutor, type SqlExecutor } from '../src/db/executor.ts';
import { selectAttemptsByIds, selectEventsByIds } from '../src/db/sql/live.ts';
import { recordEvent, recordEvents } from '../src/domain/events.ts';
import { createOrganization } from '../src/domain/organizations.ts';
import { LiveFeed, REPLAY_PAGE, SlowConsumerError } from '../src/live/feed.ts';
import { PgSubscriber } from '../src/live/subscriber.ts';
import { createLogger } from '../src/logger.ts';
import { eventsAfter } from '../src/schema/event.ts';
import { createTestDatabase } from './helpers/database.ts';
import { waitFor } from './helpers/wait.ts';

let db: Database;
// The feed reads rows through pg, as the service's does.
let pool: pg.Pool;
let sql: SqlExecutor;
let subscriber: PgSubscriber;
const noQueue = { enqueue: async () => undefined };

beforeAll(async () => {
  const url = await createTestDatabase();
  db = createDatabase(url, 4);
  pool = createPool({ ...pgOptions(url), pipeline: true }, 2);
  sql = pgExecutor(pool);
  subscriber = new PgSubscriber(url, createLogger('silent'));
  await subscriber.start();
});
afterAll(async () => {
  await subscriber?.stop();
  await db?.$disconnect();
  await pool?.end();
});

it('ends a subscription whose consumer stops reading, instead of queueing without bound', async () => {
  const { organization } = await createOrganization(db, 'slow');
  const feed = new LiveFeed(subscriber, sql, { maxQueued: 5 });
  const stream = feed.stream({
    accept: (notice) => notice.kind === 'event' && notice.organizationId === organization.id,
    load: (notice) => feed.loadEvent(notice.id),
  });
  const first = stream.next(); // the consumer reads once, then stops

  let seen = 0;
  const stopCounting = subscriber.on((notice) => {
    if (notice.kind === 'event' && notice.organizationId === organization.id) seen++;
  });
  for (let i = 0; i < 8; i++) {
    await db.$transaction((tx) =>
      recordEvent(tx, noQueue, { organizationId: organization.id, type: 'inbox.created', payload: { i } }),
    );
  }
  await waitFor(() => seen === 8);
  stopCounting();

  expect((await first).value).toMatchObject({ payload: { i: 0 } });
  const delivered: unknown[] = [];
  await expect(
    (async () => {
      for (;;) {
        const next = await stream.next();
        if (next.done) return;
        delivered.push(next.value);
      }
    })(),
  ).rejects.toBeInstanceOf(SlowConsumerError);
  // At most the queue's worth arrived before the stream was ended.
  expect(delivered.length).toBeLessThanOrEqual(5);
});

it('stops listening as soon as the consumer completes, while waiting for a notice', async () => {
  const feed = new LiveFeed(subscriber, sql);
  const stream = feed.stream({ accept: () => true, load: async () => null });
  const pending = stream.next();
  await stream.return?.();
  expect(await pending).toEqual({ done: true, value: undefined });
});

it('replays however far a subscriber is behind, page by page, then goes live with no gap and no repeat', async () => {
  const { organization } = await createOrganization(db, 'far behind');
  const record = (count: number) =>
    db.$transaction((tx) =>
      recordEvents(
        tx,
        noQueue,
        Array.from({ length: count }, (_, i) => ({
          organizationId: organization.id,
          type: 'inbox.created' as const,
          payload: { i },
        })),
      ),
    );
  const [from] = await record(1);
  for (let i = 0; i < 5; i++) await record(REPLAY_PAGE / 2 + 17); // more than two pages behind
  const fromRow = await db.event.findUniqueOrThrow({ where: { id: from.id } });
  // Five queued notices at most: while it catches up, the live queue overflows again and again.
  const feed = new LiveFeed(subscriber, sql, { maxQueued: 5 });
  const stream = feed.stream({
    accept: (notice) => notice.kind === 'event' && notice.organizationId === organization.id,
    load: (notice) => feed.loadEvent(notice.id),
    replay: eventsAfter(db, fromRow, { types: null, inboxId: null }),
  });
  const received: Array<{ id: string; position: bigint | null }> = [];
  let expected = await db.event.count({ where: { organizationId: organization.id, id: { not: from.id } } });
  const read = async () => {
    while (received.length < expected) {
      const next = await stream.next();
      if (next.done) throw new Error('the stream ended');
      received.push(next.value as { id: string; position: bigint | null });
      // Writers keep recording while it reads its first pages.
      if (received.length % 200 === 0 && received.length < 1000) expected += (await record(40)).length;
    }
  };
  await read();
  const live = await record(3); // recorded once it is live
  expected += live.length;
  await read();
  await stream.return?.();

  const all = await db.event.findMany({
    where: { organizationId: organization.id, id: { not: from.id } },
    orderBy: { position: 'asc' },
    select: { id: true },
  });
  expect(received.map((e) => e.id)).toEqual(all.map((e) => e.id));
  expect(received.slice(-3).map((e) => e.id)).toEqual(live.map((e) => e.id));
});

it('reads the rows behind notices through pg exactly as Prisma reads them', async () => {
  const { organization } = await createOrganization(db, 'rows');
  const organizationId = organization.id;
  const [event, other] = await db.$transaction((tx) =>
    recordEvents(tx, noQueue, [
      { organizationId, type: 'message.received', inboxId: 'inbox_x', messageId: 'msg_x', payload: { n: [1, 'two'] } },
      { organizationId, type: 'inbox.created', payload: { quote: '"\u2028' } },
    ]),
  );
  const webhook = await db.webhook.create({
    data: { id: 'wh_rows', organizationId, url: 'https://example.com/hook', secret: 'whsec_x', events: ['*'] },
  });
  await db.delivery.create({ data: { id: 'dlv_rows', organizationId, webhookId: webhook.id, eventId: event.id } });
  const attempt = await db.deliveryAttempt.create({
    data: {
      id: 'att_rows',
      organizationId,
      deliveryId: 'dlv_rows',
      webhookId: webhook.id,
      number: 1,
      trigger: 'AUTOMATIC',
      succeeded: false,
      url: webhook.url,
      requestHeaders: { 'webhook-id': event.id },
      requestBody: '{}',
      responseStatus: 500,
      responseHeaders: { 'set-cookie': ['a', 'b'] },
      responseBody: 'no',
      errorKind: 'status',
      error: 'The receiver answered 500.',
      durationMs: 12,
    },
  });
  const ids = [event.id, other.id, 'evt_missing'];
  const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
  const prismaEvents = await db.event.findMany({ where: { id: { in: ids } } });
  expect(prismaEvents.every((e) => typeof e.position === 'bigint')).toBe(true);
  expect(byId(await selectEventsByIds(sql, ids))).toEqual(byId(prismaEvents));
  expect(await selectAttemptsByIds(sql, [attempt.id, 'att_missing'])).toEqual([attempt]);
});
