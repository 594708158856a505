import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDatabase, type Database } from '../src/db/client.ts';
import { recordEvent } from '../src/domain/events.ts';
import { createOrganization } from '../src/domain/organizations.ts';
import { LiveFeed, SlowConsumerError } from '../src/live/feed.ts';
import { PgSubscriber } from '../src/live/subscriber.ts';
import { createLogger } from '../src/logger.ts';
import { createTestDatabase } from './helpers/database.ts';
import { waitFor } from './helpers/wait.ts';

let db: Database;
let subscriber: PgSubscriber;
const noQueue = { enqueue: async () => undefined };

beforeAll(async () => {
  const url = await createTestDatabase();
  db = createDatabase(url, 4);
  subscriber = new PgSubscriber(url, createLogger('silent'));
  await subscriber.start();
});
afterAll(async () => {
  await subscriber?.stop();
  await db?.$disconnect();
});

it('ends a subscription whose consumer stops reading, instead of queueing without bound', async () => {
  const { organization } = await createOrganization(db, 'slow');
  const feed = new LiveFeed(subscriber, db, { maxQueued: 5 });
  const stream = feed.stream({
    accept: (notice) => notice.kind === 'event' && notice.organizationId === organization.id,
    load: (notice) => feed.loadEvent(notice.id),
    idOf: (event) => event.id,
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
  const feed = new LiveFeed(subscriber, db);
  const stream = feed.stream({ accept: () => true, load: async () => null, idOf: () => '' });
  const pending = stream.next();
  await stream.return?.();
  expect(await pending).toEqual({ done: true, value: undefined });
});
