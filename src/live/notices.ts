import type { SqlExecutor } from '../db/executor.ts';

/**
 * Fan-out between processes goes through PostgreSQL LISTEN/NOTIFY. Notifications carry ids only
 * (well under the 8000-byte payload limit); subscribers load the rows. NOTIFY inside a transaction
 * is delivered at commit, so a rolled-back change is never announced. This is the write side: the
 * domain may import it without pulling in the LISTEN client (subscriber.ts).
 */
export const CHANNEL = 'sendook_pubsub';

export type Notice =
  /** queued: the event got deliveries (their jobs wake the workers). */
  | { kind: 'event'; id: string; organizationId: string; type: string; inboxId: string | null; queued: boolean }
  | { kind: 'attempt'; id: string; organizationId: string; webhookId: string }
  | { kind: 'apiKeyRevoked'; id: string; organizationId: string };

/** What goes over the wire: events and attempts travel in groups, in as few NOTIFYs as fit. */
export type WireMessage =
  | Exclude<Notice, { kind: 'attempt' | 'event' }>
  | { kind: 'attempts'; items: Array<[string, string, string]> }
  | { kind: 'events'; items: Array<[string, string, string, string | null, 0 | 1]> };

// PostgreSQL lets one NOTIFYing transaction commit at a time, and every listener reads every
// notification: fewer, fuller ones cost it less. 40 entries of at most ~150 bytes stay under the
// 8000-byte payload limit.
const ATTEMPTS_PER_NOTIFICATION = 40;
const EVENTS_PER_NOTIFICATION = 40;

/** NOTIFY payloads announcing events, in groups and in their order (written with the events, db/sql/events.ts). */
export function eventNotices(events: ReadonlyArray<Extract<Notice, { kind: 'event' }>>) {
  const payloads: string[] = [];
  for (let i = 0; i < events.length; i += EVENTS_PER_NOTIFICATION) {
    const items = events
      .slice(i, i + EVENTS_PER_NOTIFICATION)
      .map((e): [string, string, string, string | null, 0 | 1] => [
        e.id,
        e.organizationId,
        e.type,
        e.inboxId,
        e.queued ? 1 : 0,
      ]);
    payloads.push(JSON.stringify({ kind: 'events', items } satisfies WireMessage));
  }
  return payloads;
}

export async function publish(tx: SqlExecutor, notice: Exclude<Notice, { kind: 'attempt' }>) {
  await tx.$executeRaw`SELECT pg_notify(${CHANNEL}, ${JSON.stringify(notice)})`;
}

/** NOTIFY payloads announcing attempts, in groups (written with the attempts, db/sql/deliveries.ts). */
export function attemptNotices(attempts: ReadonlyArray<{ id: string; organizationId: string; webhookId: string }>) {
  const payloads: string[] = [];
  for (let i = 0; i < attempts.length; i += ATTEMPTS_PER_NOTIFICATION) {
    const items = attempts
      .slice(i, i + ATTEMPTS_PER_NOTIFICATION)
      .map((a): [string, string, string] => [a.id, a.organizationId, a.webhookId]);
    payloads.push(JSON.stringify({ kind: 'attempts', items } satisfies WireMessage));
  }
  return payloads;
}
