/**
 * (h) of `npm run bench`: one organization, many concurrent recording transactions, while a
 * graphql-ws subscriber keeps resuming with `events(after:)` from the last event it saw. The writers
 * (writers-child.ts) and the service are processes of their own; the subscriber runs here. Reports
 * the recording rate and whether the subscriber missed or repeated anything.
 */
import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { createDatabase } from '../../src/db/client.ts';
import { EventsSubscription } from '../documents/subscription-operations.ts';
import { cpuMsOf } from './processes.ts';

const READ_CATCH_UP_MS = 30_000;

export interface WriterFigures {
  recorded: number;
  eventsPerSecond: number;
  transactionP50: number;
  transactionP99: number;
  /** CPU of the writers' process per event recorded. */
  writerCpuMsPerEvent: number;
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

interface WritersDone {
  recorded: string[];
  writingMs: number;
  transactionMs: number[];
}

export async function benchWriters(options: {
  databaseUrl: string;
  apiUrl: string;
  apiKey: string;
  organizationId: string;
  writers: number;
  eventsPerTransaction: number;
  events: number;
  deadlineMs: number;
}): Promise<WriterFigures> {
  const db = createDatabase(options.databaseUrl, 2);
  const child: ChildProcess = fork(path.join(import.meta.dirname, 'writers-child.ts'), {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      ORGANIZATION_ID: options.organizationId,
      WRITERS: String(options.writers),
      PER_TRANSACTION: String(options.eventsPerTransaction),
      EVENTS: String(options.events),
      DEADLINE_MS: String(options.deadlineMs),
    },
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const message = <T>(pick: (m: Record<string, unknown>) => T | undefined) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: Record<string, unknown>) => {
        const value = pick(m);
        if (value === undefined) return;
        child.off('message', onMessage);
        resolve(value);
      };
      child.on('message', onMessage);
      void exited.then(() => reject(new Error('the writers process exited early')));
    });
  const client = createClient({
    url: `${options.apiUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${options.apiKey}` },
    retryAttempts: 0,
  });
  try {
    const sentinel = await message((m) => m.sentinel as string | undefined);
    const deadline = performance.now() + options.deadlineMs;
    let writing = true;
    const cpuBefore = await cpuMsOf(child.pid as number);
    let cpuAfter = cpuBefore;
    const finished = message((m) => (m.recorded ? (m as unknown as WritersDone) : undefined));
    void finished
      .then(async () => {
        cpuAfter = await cpuMsOf(child.pid as number);
      })
      .finally(() => {
        writing = false;
      });
    child.send({ go: true });

    // Reads a few hundred events, goes away, resumes from the last one it saw; until it has them all.
    const received: string[] = [];
    let after = sentinel;
    let resumes = 0;
    let slowEnds = 0;
    let refusal: string | null = null;
    const readSome = async () => {
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
        // A live stream more than 1,000 events behind is ended: resume from the last event seen.
        // Anything else is reported.
        const text = JSON.stringify(error);
        if (text.includes('RATE_LIMITED')) slowEnds++;
        else refusal = text.slice(0, 300);
      }
      clearTimeout(idle);
      resumes++;
    };
    while (writing && performance.now() < deadline && !refusal) await readSome();
    const done = await finished;
    const recorded = new Set(done.recorded);
    const transactionMs = done.transactionMs;
    // The subscriber gets its own time to catch up once the writers stop.
    const readDeadline = performance.now() + READ_CATCH_UP_MS;
    while (received.length < recorded.size && performance.now() < readDeadline && !refusal) await readSome();
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
      eventsPerSecond: (recorded.size / done.writingMs) * 1000,
      transactionP50: transactionMs[Math.floor(transactionMs.length * 0.5)],
      transactionP99: transactionMs[Math.floor(transactionMs.length * 0.99)],
      writerCpuMsPerEvent: (cpuAfter - cpuBefore) / Math.max(1, recorded.size),
      received: received.length,
      resumes,
      slowEnds,
      refusal,
      skipped: [...recorded].filter((id) => !unique.has(id)).length,
      repeated: received.length - unique.size,
      outOfOrder,
    };
  } finally {
    child.kill('SIGTERM');
    await exited;
    await client.dispose();
    await db.$disconnect();
  }
}
