import type { Database } from '../db/client.ts';
import { NotFoundError } from '../errors.ts';
import { type AttemptTrigger, type DeliveryAttempt, DeliveryStatus, Prisma } from '../generated/prisma/client.ts';
import { newId } from '../ids.ts';
import { publish } from '../pubsub.ts';
import type { DeliveryQueue } from './delivery-queue.ts';
import { buildWebhookRequest } from './webhook-request.ts';

export interface OutboundRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface AttemptOutcome {
  succeeded: boolean;
  status: number | null;
  headers: Record<string, string | string[]> | null;
  body: string | null;
  errorKind: string | null;
  error: string | null;
  durationMs: number;
  startedAt: Date;
}

export interface DeliveryDeps {
  db: Database;
  queue: DeliveryQueue;
  /** Makes one HTTP attempt; never throws (http/post-webhook.ts). */
  send(request: OutboundRequest): Promise<AttemptOutcome>;
  /** Seconds to wait before each retry, after the failed attempt. */
  retryScheduleSeconds: readonly number[];
}

export interface AttemptRequest {
  deliveryId: string;
  trigger: AttemptTrigger;
  /** For AUTOMATIC attempts: the place in the retry schedule this job stands for (1-based). */
  scheduledAttempt?: number;
}

/** Loads everything an attempt needs by id alone: the worker's view, across organizations. */
function loadDeliveryUnscoped(db: Database, deliveryId: string) {
  return db.delivery.findUnique({ where: { id: deliveryId }, include: { webhook: true, event: true } });
}

/**
 * Makes one attempt at a delivery and records it, moving the delivery on: SUCCEEDED, a retry
 * scheduled after the schedule's gap, or FAILED once the schedule is spent. Returns null when
 * there was nothing to do (delivery gone, or no longer pending for an automatic attempt).
 */
export async function attemptDelivery(deps: DeliveryDeps, request: AttemptRequest): Promise<DeliveryAttempt | null> {
  const delivery = await loadDeliveryUnscoped(deps.db, request.deliveryId);
  if (!delivery) return null;
  if (request.trigger === 'AUTOMATIC' && delivery.status !== DeliveryStatus.PENDING) return null;

  const outbound = buildWebhookRequest(delivery.webhook, delivery.event);
  const outcome = await deps.send(outbound);
  const maxAttempts = deps.retryScheduleSeconds.length + 1;
  const scheduled = request.scheduledAttempt ?? 0;

  const attempt = await deps.db.$transaction(async (tx) => {
    // The row lock orders concurrent attempts (a manual retry racing an automatic one) so numbers stay unique.
    const [current] = await tx.$queryRaw<{ attempt_count: number; status: DeliveryStatus }[]>`
      SELECT attempt_count, status FROM deliveries WHERE id = ${delivery.id} FOR UPDATE`;
    if (!current) return null;
    const recorded = await tx.deliveryAttempt.create({
      data: {
        id: newId('attempt'),
        organizationId: delivery.organizationId,
        deliveryId: delivery.id,
        webhookId: delivery.webhookId,
        number: current.attempt_count + 1,
        trigger: request.trigger,
        succeeded: outcome.succeeded,
        url: outbound.url,
        requestHeaders: outbound.headers,
        requestBody: outbound.body,
        responseStatus: outcome.status,
        responseHeaders: outcome.headers ?? Prisma.DbNull,
        responseBody: outcome.body,
        errorKind: outcome.errorKind,
        error: outcome.error,
        durationMs: outcome.durationMs,
        createdAt: outcome.startedAt,
      },
    });

    let status = current.status;
    // undefined leaves next_attempt_at as it is: a failed manual attempt keeps a pending schedule.
    let nextAttemptAt: Date | null | undefined;
    if (outcome.succeeded) {
      status = DeliveryStatus.SUCCEEDED;
      nextAttemptAt = null;
    } else if (request.trigger === 'AUTOMATIC' && current.status === DeliveryStatus.PENDING) {
      if (scheduled < maxAttempts) {
        nextAttemptAt = new Date(Date.now() + deps.retryScheduleSeconds[scheduled - 1] * 1000);
        await deps.queue.enqueue(tx, [{ deliveryId: delivery.id, attempt: scheduled + 1, startAfter: nextAttemptAt }]);
      } else {
        status = DeliveryStatus.FAILED;
        nextAttemptAt = null;
      }
    } else if (request.trigger === 'TEST') {
      status = DeliveryStatus.FAILED;
    }
    await tx.delivery.update({
      where: { id: delivery.id },
      data: { attemptCount: { increment: 1 }, status, nextAttemptAt, updatedAt: new Date() },
    });
    await publish(tx, {
      kind: 'attempt',
      id: recorded.id,
      organizationId: recorded.organizationId,
      webhookId: recorded.webhookId,
    });
    return recorded;
  });
  return attempt;
}

/** One new MANUAL attempt with the same webhook-id; returns the delivery once it has finished. */
export async function retryDelivery(deps: DeliveryDeps, organizationId: string, id: string) {
  const delivery = await deps.db.delivery.findFirst({ where: { id, organizationId }, select: { id: true } });
  if (!delivery) throw new NotFoundError('delivery', id);
  await attemptDelivery(deps, { deliveryId: id, trigger: 'MANUAL' });
  return id;
}

export const TEST_EVENT_TYPE = 'message.received';
export const TEST_EVENT_PAYLOAD = { test: 'test' };

/**
 * Sends the test request to one webhook, once, without retries. Its synthetic event is marked
 * `test`, so it stays in that webhook's history and out of the organization's events.
 */
export async function testWebhook(deps: DeliveryDeps, organizationId: string, webhookId: string) {
  const webhook = await deps.db.webhook.findFirst({ where: { id: webhookId, organizationId }, select: { id: true } });
  if (!webhook) throw new NotFoundError('webhook', webhookId);
  const deliveryId = newId('delivery');
  await deps.db.$transaction(async (tx) => {
    const event = await tx.event.create({
      data: { id: newId('event'), organizationId, type: TEST_EVENT_TYPE, payload: TEST_EVENT_PAYLOAD, test: true },
    });
    await tx.delivery.create({
      data: { id: deliveryId, organizationId, webhookId, eventId: event.id, test: true },
    });
  });
  await attemptDelivery(deps, { deliveryId, trigger: 'TEST' });
  return deliveryId;
}
