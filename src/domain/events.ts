import type { SqlExecutor } from '../db/executor.ts';
import { type EnabledWebhook, insertEventsWithDeliveries, readEnabledWebhooks } from '../db/sql/events.ts';
import type { Event, Prisma } from '../generated/prisma/client.ts';
import { newId } from '../ids.ts';
import { eventNotices, type Notice } from '../live/notices.ts';
import { ALL_EVENTS, type EventType } from './event-types.ts';
import type { DeliveryQueue } from './ports.ts';

export interface NewEvent {
  organizationId: string;
  type: EventType;
  inboxId?: string | null;
  messageId?: string | null;
  payload: Prisma.InputJsonValue;
  /** A webhook.* event is never delivered to the webhook it is about. */
  excludeWebhookId?: string;
}

/**
 * Records an event and, in the caller's transaction, one delivery and one job per enabled webhook
 * subscribed to it, and announces it to subscribers: a rollback leaves no event, no delivery, no
 * job and no announcement.
 */
export async function recordEvent(tx: SqlExecutor, queue: DeliveryQueue, input: NewEvent): Promise<Event> {
  const [event] = await recordEvents(tx, queue, [input]);
  return event;
}

/**
 * recordEvent for many events at once, in a fixed number of round trips however many there are.
 * `webhooks`: the enabled webhooks of the events' organizations, when the caller read them already
 * (in the same transaction).
 */
export async function recordEvents(
  tx: SqlExecutor,
  queue: DeliveryQueue,
  inputs: NewEvent[],
  webhooks?: EnabledWebhook[],
): Promise<Event[]> {
  if (inputs.length === 0) return [];
  // No lock here: recording transactions run side by side; the stream order `events(after:)` relies
  // on is given at commit (a deferred trigger, migration event_positions).
  webhooks ??= await readEnabledWebhooks(
    tx,
    inputs.map((input) => input.organizationId),
  );
  const events: Event[] = [];
  const deliveries: Array<{ id: string; webhookId: string; eventId: string; organizationId: string }> = [];
  const notices: Array<Extract<Notice, { kind: 'event' }>> = [];
  for (const input of inputs) {
    const deliveriesBefore = deliveries.length;
    const event: Event = {
      id: newId('event'),
      organizationId: input.organizationId,
      type: input.type,
      inboxId: input.inboxId ?? null,
      messageId: input.messageId ?? null,
      payload: input.payload as Prisma.JsonValue,
      test: false,
      createdAt: new Date(),
      position: null,
    };
    events.push(event);
    for (const webhook of webhooks) {
      if (webhook.organization_id !== event.organizationId || webhook.id === input.excludeWebhookId) continue;
      if (!webhook.events.includes(event.type) && !webhook.events.includes(ALL_EVENTS)) continue;
      // An inbox filter means only those inboxes' events: events without an inbox are not among them.
      if (webhook.inbox_ids?.length && !(event.inboxId && webhook.inbox_ids.includes(event.inboxId))) continue;
      deliveries.push({
        id: newId('delivery'),
        webhookId: webhook.id,
        eventId: event.id,
        organizationId: event.organizationId,
      });
    }
    notices.push({
      kind: 'event',
      id: event.id,
      organizationId: event.organizationId,
      type: event.type,
      inboxId: event.inboxId,
      queued: deliveries.length > deliveriesBefore,
    });
  }
  // Sent together (one round trip on a pipelined connection); the jobs name deliveries, not rows.
  await Promise.all([
    insertEventsWithDeliveries(tx, events, deliveries, eventNotices(notices)),
    queue.enqueue(
      tx,
      deliveries.map((delivery) => ({ deliveryId: delivery.id, webhookId: delivery.webhookId, attempt: 1 })),
    ),
  ]);
  queue.eventsRecorded?.(events.map((event) => event.type));
  return events;
}
