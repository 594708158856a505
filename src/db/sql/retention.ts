import type pg from 'pg';
import type { SqlExecutor } from '../executor.ts';

/** Ids of events (test events included) recorded before `cutoff`, at most `limit` of them. */
export async function selectEventIdsBefore(db: SqlExecutor, cutoff: Date, limit: number): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM events WHERE created_at < ${cutoff.toISOString()}::timestamptz LIMIT ${limit}`;
  return rows.map((row) => row.id);
}

/** Deletes at most `limit` attempts of these events' deliveries; returns how many went. */
export function deleteAttemptsOfEvents(db: SqlExecutor, eventIds: string[], limit: number): PromiseLike<number> {
  return db.$executeRaw`
    DELETE FROM delivery_attempts WHERE id IN (
      SELECT a.id FROM deliveries d JOIN delivery_attempts a ON a.delivery_id = d.id
      WHERE d.event_id = ANY(${eventIds}::text[])
      LIMIT ${limit})`;
}

/**
 * Deletes at most `limit` of these events' deliveries (with any attempt recorded since). A delivery
 * a worker holds is skipped rather than waited for; deleting its event takes it later.
 */
export function deleteDeliveriesOfEvents(db: SqlExecutor, eventIds: string[], limit: number): PromiseLike<number> {
  return db.$executeRaw`
    DELETE FROM deliveries WHERE id IN (
      SELECT id FROM deliveries WHERE event_id = ANY(${eventIds}::text[])
      LIMIT ${limit} FOR UPDATE SKIP LOCKED)`;
}

/** Deletes these events, with whatever deliveries and attempts of theirs are left. */
export function deleteEvents(db: SqlExecutor, eventIds: string[]): PromiseLike<number> {
  return db.$executeRaw`DELETE FROM events WHERE id = ANY(${eventIds}::text[])`;
}

/** Takes the retention lock for this session (held until it ends) unless another session holds it. */
export async function tryRetentionLock(session: pg.Client): Promise<boolean> {
  const { rows } = await session.query<{ locked: boolean }>(
    `SELECT pg_try_advisory_lock(hashtext('sendook:retention')) AS locked`,
  );
  return rows[0].locked;
}
