import type { Transaction } from '../db/client.ts';
import type { Event, Prisma } from '../generated/prisma/client.ts';
import { newId } from '../ids.ts';
import { CHANNEL, type Notice } from '../pubsub.ts';
import type { DeliveryQueue } from './delivery-queue.ts';
import { ALL_EVENTS, type EventType } from './event-types.ts';

export interface NewEvent {
  organizationId: string;
  type: EventType;
  inboxId?: string | null;
  messageId?: string | null;
  payload: Prisma.InputJsonValue;
}

/**
 * Records an event and, in the caller's transaction, one delivery and one job per enabled webhook
 * subscribed to it, and announces it to subscribers: a rollback leaves no event, no delivery, no
 * job and no announcement.
 */
export async function recordEvent(tx: Transaction, queue: DeliveryQueue, input: NewEvent): Promise<Event> {
  const webhooks = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM webhooks
    WHERE organization_id = ${input.organizationId} AND enabled AND events && ARRAY[${input.type}, ${ALL_EVENTS}]
    ORDER BY id`;
  const deliveryIds = webhooks.map(() => newId('delivery'));

  // One recorder per organization at a time, until commit: event ids (time-ordered) are then also in
  // commit order, so `events(after:)` replays by id without skipping a slower transaction's event.
  // Everything under the lock is kept to few round trips, since it bounds an organization's event rate.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${input.organizationId}))`;
  const event: Event = {
    id: newId('event'),
    organizationId: input.organizationId,
    type: input.type,
    inboxId: input.inboxId ?? null,
    messageId: input.messageId ?? null,
    payload: input.payload as Prisma.JsonValue,
    test: false,
    createdAt: new Date(),
  };
  const notice: Notice = {
    kind: 'event',
    id: event.id,
    organizationId: event.organizationId,
    type: event.type,
    inboxId: event.inboxId,
  };
  await tx.$executeRaw`
    WITH event AS (
      INSERT INTO events (id, organization_id, type, inbox_id, message_id, payload, created_at)
      VALUES (${event.id}, ${event.organizationId}, ${event.type}, ${event.inboxId}, ${event.messageId},
              ${JSON.stringify(input.payload)}::json, ${event.createdAt})
      RETURNING id
    ), deliveries AS (
      INSERT INTO deliveries (id, organization_id, webhook_id, event_id)
      SELECT d.id, ${event.organizationId}, d.webhook_id, event.id
      FROM unnest(${deliveryIds}::text[], ${webhooks.map((w) => w.id)}::text[]) AS d(id, webhook_id), event
      RETURNING id
    )
    SELECT pg_notify(${CHANNEL}, ${JSON.stringify(notice)})`;
  await queue.enqueue(
    tx,
    deliveryIds.map((deliveryId) => ({ deliveryId, attempt: 1 })),
  );
  return event;
}
