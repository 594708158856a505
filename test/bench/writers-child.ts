/**
 * The writers of (h) in a process of their own: `WRITERS` concurrent transactions through pg, each
 * recording `PER_TRANSACTION` events with the domain's recordEvents, until `EVENTS` are started or
 * `DEADLINE_MS` passes. Sends { sentinel } once ready, starts on { go }, ends with its figures.
 */
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { withPgTransaction } from '../../src/db/executor.ts';
import { recordEvents } from '../../src/domain/events.ts';
import { pgBossDeliveryQueue } from '../../src/jobs/delivery-queue.ts';
import { benchPayload as payload } from './payload.ts';

const env = (name: string) => process.env[name] as string;
const writers = Number(env('WRITERS'));
const perTransaction = Number(env('PER_TRANSACTION'));
const events = Number(env('EVENTS'));
const organizationId = env('ORGANIZATION_ID');

const pool = new pg.Pool({ connectionString: env('DATABASE_URL'), max: writers });
const boss = new PgBoss({ connectionString: env('DATABASE_URL'), max: 2, schedule: false, supervise: false });
await boss.start();
const queue = pgBossDeliveryQueue(boss);
const record = (count: number) =>
  withPgTransaction(pool, (tx) =>
    recordEvents(
      tx,
      queue,
      Array.from({ length: count }, () => ({ organizationId, type: 'message.received' as const, payload })),
    ),
  );

const [sentinel] = await record(1);
process.send?.({ sentinel: sentinel.id });
await new Promise((resolve) => process.once('message', resolve));

const deadline = performance.now() + Number(env('DEADLINE_MS'));
const recorded: string[] = [];
const transactionMs: number[] = [];
let started = 0;
const begin = performance.now();
await Promise.all(
  Array.from({ length: writers }, async () => {
    while (started < events && performance.now() < deadline) {
      started += perTransaction;
      const t0 = performance.now();
      const written = await record(perTransaction);
      transactionMs.push(performance.now() - t0);
      for (const event of written) recorded.push(event.id);
    }
  }),
);
const writingMs = performance.now() - begin;
process.send?.({ recorded, writingMs, transactionMs }, () => {
  void Promise.all([boss.stop({ graceful: false }), pool.end()]).finally(() => process.exit(0));
});
process.once('disconnect', () => process.exit(0));
