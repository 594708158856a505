import type { Transaction } from '../db/client.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { newId } from '../ids.ts';
import { publish } from '../pubsub.ts';
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
 * subscribed to it: a rollback leaves no event, no delivery and no job.
 */
export async function recordEvent(tx: Transaction, queue: DeliveryQueue, input: NewEvent) {
  // One recorder per organization at a time, until commit: event ids (time-ordered) are then also in
  // commit order, so `events(after:)` replays by id without skipping a slower transaction's event.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${input.organizationId}))`;
  const event = await tx.event.create({
    data: {
      id: newId('event'),
      organizationId: input.organizationId,
      type: input.type,
      inboxId: input.inboxId ?? null,
      messageId: input.messageId ?? null,
      payload: input.payload,
    },
  });
  const webhooks = await tx.webhook.findMany({
    where: {
      organizationId: input.organizationId,
      enabled: true,
      events: { hasSome: [input.type, ALL_EVENTS] },
    },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  await publish(tx, {
    kind: 'event',
    id: event.id,
    organizationId: event.organizationId,
    type: event.type,
    inboxId: event.inboxId,
  });
  if (webhooks.length > 0) {
    const deliveries = webhooks.map((w) => ({
      id: newId('delivery'),
      organizationId: input.organizationId,
      webhookId: w.id,
      eventId: event.id,
    }));
    await tx.delivery.createMany({ data: deliveries });
    await queue.enqueue(
      tx,
      deliveries.map((d) => ({ deliveryId: d.id, attempt: 1 })),
    );
  }
  return event;
}
