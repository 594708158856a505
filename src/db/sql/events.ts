import type { Event } from '../../generated/prisma/client.ts';
import { CHANNEL } from '../../live/notices.ts';
import type { SqlExecutor } from '../executor.ts';

export type EnabledWebhook = { id: string; organization_id: string; events: string[]; inbox_ids: string[] | null };

/** The enabled webhooks of the organizations owning these inbox addresses (what their mail's events may go to). */
export function readEnabledWebhooksOfInboxes(tx: SqlExecutor, addresses: string[]) {
  return tx.$queryRaw<EnabledWebhook[]>`
    SELECT id, organization_id, events, inbox_ids FROM webhooks
    WHERE organization_id = ANY(ARRAY(SELECT organization_id FROM inboxes WHERE email = ANY(${addresses}::text[]))) AND enabled
    ORDER BY id`;
}

/** The enabled webhooks of these organizations, with the events each subscribes to and its inbox filter (NULL: every inbox). */
export function readEnabledWebhooks(tx: SqlExecutor, organizationIds: string[]) {
  return tx.$queryRaw<EnabledWebhook[]>`
    SELECT id, organization_id, events, inbox_ids FROM webhooks
    WHERE organization_id = ANY(${[...new Set(organizationIds)]}::text[]) AND enabled
    ORDER BY id`;
}

/**
 * Events, their deliveries (one per event and webhook) and their NOTIFYs (grouped), in one round trip. The
 * events take their stream positions at commit (a deferred trigger), in this order, as their
 * notices go out in it.
 */
export async function insertEventsWithDeliveries(
  tx: SqlExecutor,
  events: Event[],
  deliveries: Array<{ id: string; webhookId: string; eventId: string; organizationId: string }>,
  notices: string[],
) {
  // Prepared: its plan reads no table (rows come from the parameters), and planning it cost more than running it.
  await tx.$executeRaw`/* prepared */
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
