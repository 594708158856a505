import type { Event } from '../../generated/prisma/client.ts';
import { CHANNEL } from '../../live/notices.ts';
import type { Transaction } from '../client.ts';

/**
 * Takes each organization's event lock (held until commit), in a fixed order so that two
 * transactions recording for several organizations cannot deadlock, and returns the enabled
 * webhooks of those organizations with the events each subscribes to and their inbox filter
 * (NULL: every inbox), in the same round trip.
 */
export async function lockOrganizationsAndReadWebhooks(tx: Transaction, organizationIds: string[]) {
  const sorted = [...new Set(organizationIds)].sort();
  return tx.$queryRaw<{ id: string; organization_id: string; events: string[]; inbox_ids: string[] | null }[]>`
    WITH locked AS MATERIALIZED (
      SELECT count(pg_advisory_xact_lock(hashtext(o.id)))
      FROM (SELECT id FROM unnest(${sorted}::text[]) WITH ORDINALITY AS o(id, n) ORDER BY n) AS o
    )
    SELECT w.id, w.organization_id, w.events, w.inbox_ids FROM locked, webhooks w
    WHERE w.organization_id = ANY(${sorted}::text[]) AND w.enabled
    ORDER BY w.id`;
}

/** Events, their deliveries (one per event and webhook) and one NOTIFY each, in one round trip. */
export async function insertEventsWithDeliveries(
  tx: Transaction,
  events: Event[],
  deliveries: Array<{ id: string; webhookId: string; eventId: string; organizationId: string }>,
  notices: string[],
) {
  await tx.$executeRaw`
    WITH inserted AS (
      INSERT INTO events (id, organization_id, type, inbox_id, message_id, payload, created_at)
      SELECT * FROM unnest(${events.map((e) => e.id)}::text[], ${events.map((e) => e.organizationId)}::text[],
        ${events.map((e) => e.type)}::text[], ${events.map((e) => e.inboxId)}::text[],
        ${events.map((e) => e.messageId)}::text[], ${events.map((e) => JSON.stringify(e.payload))}::json[],
        ${events.map((e) => e.createdAt.toISOString())}::timestamptz[])
      RETURNING id
    ), delivered AS (
      INSERT INTO deliveries (id, organization_id, webhook_id, event_id)
      SELECT d.id, d.organization_id, d.webhook_id, d.event_id
      FROM unnest(${deliveries.map((d) => d.id)}::text[], ${deliveries.map((d) => d.organizationId)}::text[],
        ${deliveries.map((d) => d.webhookId)}::text[], ${deliveries.map((d) => d.eventId)}::text[])
        AS d(id, organization_id, webhook_id, event_id)
      -- joined so the deliveries are inserted after (and only with) their events
      JOIN inserted ON inserted.id = d.event_id
      RETURNING id
    )
    SELECT pg_notify(${CHANNEL}, n.payload), (SELECT count(*) FROM delivered)
    FROM unnest(${notices}::text[]) WITH ORDINALITY AS n(payload, i) ORDER BY n.i`;
}
