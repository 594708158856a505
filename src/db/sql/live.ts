import type { DeliveryAttempt, Event } from '../../generated/prisma/client.ts';
import type { SqlExecutor } from '../executor.ts';

// Rows behind live notices, read through pg on the API's hot path: a Prisma findMany cost about
// 0.3 ms of CPU per notice, as much as the rest of what a live event costs the service.

type EventRow = Omit<Event, 'position'> & { position: string | bigint | null };

/** Events by id (any order), as Prisma returns them. */
export async function selectEventsByIds(db: SqlExecutor, ids: string[]): Promise<Event[]> {
  const rows = await db.$queryRaw<EventRow[]>`
    SELECT id, organization_id AS "organizationId", type, message_id AS "messageId", inbox_id AS "inboxId",
      payload, test, created_at AS "createdAt", position
    FROM events WHERE id = ANY(${ids}::text[])`;
  return rows.map((row) => ({ ...row, position: row.position === null ? null : BigInt(row.position) }));
}

/** Delivery attempts by id (any order), as Prisma returns them. */
export function selectAttemptsByIds(db: SqlExecutor, ids: string[]): PromiseLike<DeliveryAttempt[]> {
  return db.$queryRaw<DeliveryAttempt[]>`
    SELECT id, organization_id AS "organizationId", delivery_id AS "deliveryId", webhook_id AS "webhookId", number,
      trigger, succeeded, url, request_headers AS "requestHeaders", request_body AS "requestBody",
      response_status AS "responseStatus", response_headers AS "responseHeaders", response_body AS "responseBody",
      error_kind AS "errorKind", error, duration_ms AS "durationMs", created_at AS "createdAt"
    FROM delivery_attempts WHERE id = ANY(${ids}::text[])`;
}
