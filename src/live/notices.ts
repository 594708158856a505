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

/** What goes over the wire: attempts travel in groups, one NOTIFY per worker batch. */
export type WireMessage =
  | Exclude<Notice, { kind: 'attempt' }>
  | { kind: 'attempts'; items: Array<[string, string, string]> };

// PostgreSQL lets one NOTIFYing transaction commit at a time; fewer, fuller notifications keep that
// lock from becoming the worker's ceiling. 40 entries of ~100 bytes stay under the 8000-byte limit.
const ATTEMPTS_PER_NOTIFICATION = 40;

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
