import type { Event } from '../../generated/prisma/client.ts';
import { CHANNEL, type Notice } from '../../live/notices.ts';
import type { Transaction } from '../client.ts';

/** Enabled webhooks of the organization whose event list overlaps `types`, in id order. */
export async function subscribedWebhookIds(tx: Transaction, organizationId: string, types: string[]) {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM webhooks
    WHERE organization_id = ${organizationId} AND enabled AND events && ${types}::text[]
    ORDER BY id`;
  return rows.map((row) => row.id);
}

/** Held until commit: one event recorder per organization at a time. */
export async function lockOrganizationEvents(tx: Transaction, organizationId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${organizationId}))`;
}

/** The event, one delivery per webhook and the NOTIFY, in one round trip. */
export async function insertEventWithDeliveries(
  tx: Transaction,
  event: Event,
  payload: unknown,
  deliveryIds: string[],
  webhookIds: string[],
  notice: Notice,
) {
  await tx.$executeRaw`
    WITH event AS (
      INSERT INTO events (id, organization_id, type, inbox_id, message_id, payload, created_at)
      VALUES (${event.id}, ${event.organizationId}, ${event.type}, ${event.inboxId}, ${event.messageId},
              ${JSON.stringify(payload)}::json, ${event.createdAt})
      RETURNING id
    ), deliveries AS (
      INSERT INTO deliveries (id, organization_id, webhook_id, event_id)
      SELECT d.id, ${event.organizationId}, d.webhook_id, event.id
      FROM unnest(${deliveryIds}::text[], ${webhookIds}::text[]) AS d(id, webhook_id), event
      RETURNING id
    )
    SELECT pg_notify(${CHANNEL}, ${JSON.stringify(notice)})`;
}
