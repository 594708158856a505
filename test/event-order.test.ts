import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../src/db/client.ts';
import { recordEvent } from '../src/domain/events.ts';
import { EventsSubscription } from './documents/subscription-operations.ts';
import { startTestService, type TestService } from './helpers/service.ts';
import { connectWs, subscribe, type WsConnection } from './helpers/ws-client.ts';

// Recording transactions of one organization run side by side and commit in any order; a subscriber
// resuming with `after:` must still get every event recorded after the one it names, exactly once.

let service: TestService;
let writers: Database;
const connections: WsConnection[] = [];

beforeAll(async () => {
  service = await startTestService();
  writers = createDatabase(service.databaseUrl, 30);
});
afterAll(async () => {
  for (const connection of connections) await connection.client.dispose();
  await writers?.$disconnect();
  await service?.stop();
});

function connect(token: string) {
  const connection = connectWs(service.baseUrl, token);
  connections.push(connection);
  return connection;
}

const queue = () => service.services.deliveries.queue;
const record = (
  db: Database | Parameters<Parameters<Database['$transaction']>[0]>[0],
  organizationId: string,
  n: number,
) => recordEvent(db as never, queue(), { organizationId, type: 'inbox.created', payload: { n } });

describe('events(after:) with transactions committing out of id order', () => {
  it('replays an older-id event that committed after the one resumed from', async () => {
    const org = await service.newOrganization();
    const ws = connect(org.key);
    const first = subscribe(ws.client, EventsSubscription, {});
    const sentinel = await writers.$transaction((tx) => record(tx, org.organizationId, 0));
    await first.waitForItems(1);

    // A records first (the smaller id) and stays open while B records and commits.
    let commitA: () => void = () => undefined;
    const aMayCommit = new Promise<void>((resolve) => {
      commitA = resolve;
    });
    let aRecorded: (id: string) => void = () => undefined;
    const aId = new Promise<string>((resolve) => {
      aRecorded = resolve;
    });
    const a = writers.$transaction(
      async (tx) => {
        const event = await record(tx, org.organizationId, 1);
        aRecorded(event.id);
        await aMayCommit;
        return event;
      },
      { timeout: 20_000 },
    );
    const idA = await aId;
    const b = await writers.$transaction((tx) => record(tx, org.organizationId, 2));
    expect(idA < b.id).toBe(true);

    const [, seen] = await first.waitForItems(2);
    expect(seen.events.id).toBe(b.id);
    first.dispose();

    commitA();
    await a;
    const resumed = subscribe(ws.client, EventsSubscription, { after: b.id });
    const [replayed] = await resumed.waitForItems(1);
    expect(replayed.events.id).toBe(idA);
    const c = await writers.$transaction((tx) => record(tx, org.organizationId, 3));
    const items = await resumed.waitForItems(2);
    expect(items.map((item) => item.events.id)).toEqual([idA, c.id]);
    expect(items.map((item) => item.events.id)).not.toContain(sentinel.id);
  });

  it('never skips or repeats an event for a subscriber that keeps resuming while 25 writers record', async () => {
    const org = await service.newOrganization();
    const sentinel = await writers.$transaction((tx) => record(tx, org.organizationId, 0));
    const recorded = new Set<string>();
    const WRITERS = 25;
    const TRANSACTIONS = 12;
    let writing = true;
    const writing$ = Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let t = 0; t < TRANSACTIONS; t++) {
          const events = await writers.$transaction(async (tx) => {
            const made = [];
            for (let e = 0; e <= (w + t) % 3; e++) made.push(await record(tx, org.organizationId, w * 1000 + t));
            // Held open for a random while, so transactions commit out of the order of their ids.
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 15));
            return made;
          });
          for (const event of events) recorded.add(event.id);
        }
      }),
    ).finally(() => {
      writing = false;
    });

    // Reads a few items, goes away, and resumes from the last one it saw, until everything is in.
    const ws = connect(org.key);
    const received: string[] = [];
    let after = sentinel.id;
    const deadline = Date.now() + 60_000;
    let resumes = 0;
    while ((writing || received.length < recorded.size) && Date.now() < deadline) {
      const take = 5 + (resumes % 20);
      const iterator = ws.client.iterate<{ events: { id: string } }>({
        query: print(EventsSubscription),
        variables: { after },
      });
      let got = 0;
      const timer = setTimeout(() => void iterator.return?.(), 500);
      for await (const result of iterator) {
        expect(result.errors).toBeUndefined();
        const id = result.data?.events.id as string;
        received.push(id);
        after = id;
        if (++got >= take) break;
      }
      clearTimeout(timer);
      resumes++;
    }
    await writing$;

    expect(resumes).toBeGreaterThan(5);
    expect(recorded.size).toBeGreaterThan(WRITERS * TRANSACTIONS);
    expect(new Set(received).size).toBe(received.length); // nothing twice
    expect(new Set(received)).toEqual(recorded); // nothing skipped
    // Delivered in stream order, which is the order of positions.
    const positions = await service.db.event.findMany({
      where: { id: { in: received } },
      select: { id: true, position: true },
    });
    const positionOf = new Map(positions.map((p) => [p.id, p.position as bigint]));
    const inOrder = received.map((id) => positionOf.get(id) as bigint);
    expect(inOrder.every((position, i) => i === 0 || position > inOrder[i - 1])).toBe(true);
  });
});
