import type { Transaction } from '../db/client.ts';
import { insertEventWithDeliveries, lockOrganizationEvents, subscribedWebhookIds } from '../db/sql/events.ts';
import type { Event, Prisma } from '../generated/prisma/client.ts';
import { newId } from '../ids.ts';
import type { Notice } from '../live/notices.ts';
import { ALL_EVENTS, type EventType } from './event-types.ts';
import type { DeliveryQueue } from './ports.ts';

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
  const webhooks = await subscribedWebhookIds(tx, input.organizationId, [input.type, ALL_EVENTS]);
  const deliveryIds = webhooks.map(() => newId('delivery'));

  // One recorder per organization at a time, until commit: event ids (time-ordered) are then also in
  // commit order, so `events(after:)` replays by id without skipping a slower transaction's event.
  // Everything under the lock is kept to few round trips, since it bounds an organization's event rate.
  await lockOrganizationEvents(tx, input.organizationId);
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
  await insertEventWithDeliveries(tx, event, input.payload, deliveryIds, webhooks, notice);
  await queue.enqueue(
    tx,
    deliveryIds.map((deliveryId) => ({ deliveryId, attempt: 1 })),
  );
  return event;
}
