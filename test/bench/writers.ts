/**
 * (h) of `npm run bench`: one organization, many concurrent recording transactions (one event each),
 * while a graphql-ws subscriber keeps resuming with `events(after:)` from the last event it saw.
 * Reports the recording rate and whether the subscriber missed or repeated anything.
 */
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { createDatabase } from '../../src/db/client.ts';
import { withPgTransaction } from '../../src/db/executor.ts';
import { recordEvents } from '../../src/domain/events.ts';
import type { DeliveryQueue } from '../../src/domain/ports.ts';
import { EventsSubscription } from '../documents/subscription-operations.ts';
import { benchPayload as payload } from './payload.ts';

const READ_CATCH_UP_MS = 30_000;

export interface WriterFigures {
  recorded: number;
  eventsPerSecond: number;
  transactionP50: number;
  transactionP99: number;
  received: number;
  resumes: number;
  /** Streams the service ended because this subscriber fell more than 1,000 events behind. */
  slowEnds: number;
  /** Why the service refused a resume, if it did (then events are missing). */
  refusal: string | null;
  skipped: number;
  repeated: number;
  outOfOrder: number;
}

export async function benchWriters(options: {
  databaseUrl: string;
  apiUrl: string;
  apiKey: string;
  organizationId: string;
  queue: DeliveryQueue;
  writers: number;
  eventsPerTransaction: number;
  events: number;
  deadlineMs: number;
}): Promise<WriterFigures> {
  const db = createDatabase(options.databaseUrl, 2);
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.writers });
  // Each writer: a transaction on its own connection through pg, recording one event with the domain's recordEvent.
  const newEvent = () => ({ organizationId: options.organizationId, type: 'message.received' as const, payload });
  const record = (count = options.eventsPerTransaction) =>
    withPgTransaction(pool, (tx) =>
      recordEvents(
        tx,
        options.queue,
        Array.from({ length: count }, () => newEvent()),
      ),
    );
  const client = createClient({
    url: `${options.apiUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${options.apiKey}` },
    retryAttempts: 0,
  });
  let writersDone: Promise<unknown> = Promise.resolve();
  try {
    const [sentinel] = await record(1);
    const deadline = performance.now() + options.deadlineMs;
    const recorded = new Set<string>();
    const transactionMs: number[] = [];
    let started = 0;
    let writing = true;
    const begin = performance.now();
    const writers = Promise.all(
      Array.from({ length: options.writers }, async () => {
        while (started < options.events && performance.now() < deadline) {
          started += options.eventsPerTransaction;
          const t0 = performance.now();
          const events = await record();
          transactionMs.push(performance.now() - t0);
          for (const event of events) recorded.add(event.id);
        }
      }),
    ).finally(() => {
      writing = false;
    });
    writersDone = writers;
    let writingMs = 0;
    void writers.then(() => {
      writingMs = performance.now() - begin;
    });

    // Reads a few hundred events, goes away, resumes from the last one it saw; until it has them all.
    const received: string[] = [];
    let after = sentinel.id;
    let resumes = 0;
    let slowEnds = 0;
    // The subscriber gets its own time to catch up once the writers stop.
    const readDeadline = deadline + READ_CATCH_UP_MS;
    let refusal: string | null = null;
    while ((writing || received.length < recorded.size) && performance.now() < readDeadline && !refusal) {
      const take = 200 + ((resumes * 37) % 300);
      const iterator = client.iterate<{ events: { id: string } }>({
        query: print(EventsSubscription),
        variables: { after },
      });
      let got = 0;
      const idle = setTimeout(() => void iterator.return?.(), 1000);
      try {
        for await (const result of iterator) {
          if (result.errors) throw result.errors;
          const id = result.data?.events.id as string;
          received.push(id);
          after = id;
          idle.refresh();
          if (++got >= take) break;
        }
      } catch (error) {
        // A stream that fell more than 1,000 events behind is ended (the writers share this
        // process): resume from the last event seen. Anything else is reported.
        const text = JSON.stringify(error);
        if (text.includes('RATE_LIMITED')) slowEnds++;
        else refusal = text.slice(0, 300);
      }
      clearTimeout(idle);
      resumes++;
    }
    await writers;

    const unique = new Set(received);
    const rows = await db.event.findMany({ where: { id: { in: received } }, select: { id: true, position: true } });
    const positionOf = new Map(rows.map((r) => [r.id, r.position]));
    let outOfOrder = 0;
    for (let i = 1; i < received.length; i++) {
      if ((positionOf.get(received[i]) ?? 0n) <= (positionOf.get(received[i - 1]) ?? 0n)) outOfOrder++;
    }
    transactionMs.sort((a, b) => a - b);
    return {
      recorded: recorded.size,
      eventsPerSecond: (recorded.size / writingMs) * 1000,
      transactionP50: transactionMs[Math.floor(transactionMs.length * 0.5)],
      transactionP99: transactionMs[Math.floor(transactionMs.length * 0.99)],
      received: received.length,
      resumes,
      slowEnds,
      refusal,
      skipped: [...recorded].filter((id) => !unique.has(id)).length,
      repeated: received.length - unique.size,
      outOfOrder,
    };
  } finally {
    await writersDone.catch(() => undefined);
    await client.dispose();
    await pool.end();
    await db.$disconnect();
  }
}
