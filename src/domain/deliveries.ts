import type { Database } from '../db/client.ts';
import { insertAttempts, lockDeliveries, updateDeliveryStates } from '../db/sql/deliveries.ts';
import { NotFoundError } from '../errors.ts';
import { type AttemptTrigger, type DeliveryAttempt, DeliveryStatus } from '../generated/prisma/client.ts';
import { newId } from '../ids.ts';
import { publishAttempts } from '../live/notices.ts';
import type { DeliveryJob, DeliveryQueue, WebhookSender } from './ports.ts';
import { buildWebhookRequest } from './webhook-request.ts';

export interface DeliveryDeps {
  db: Database;
  queue: DeliveryQueue;
  send: WebhookSender;
  /** Seconds to wait before each retry, after the failed attempt. */
  retryScheduleSeconds: readonly number[];
}

export interface AttemptRequest {
  deliveryId: string;
  trigger: AttemptTrigger;
  /** For AUTOMATIC attempts: the place in the retry schedule this job stands for (1-based). */
  scheduledAttempt?: number;
}

/** Loads everything attempts need by id alone: the worker's view, across organizations. */
function loadDeliveriesUnscoped(db: Database, deliveryIds: string[]) {
  return db.delivery.findMany({ where: { id: { in: deliveryIds } }, include: { webhook: true, event: true } });
}

interface Transition {
  status: DeliveryStatus;
  /** undefined keeps next_attempt_at as it is: a failed manual attempt leaves a pending schedule alone. */
  nextAttemptAt: Date | null | undefined;
  retry?: { attempt: number; startAfter: Date };
}

function transition(
  deps: DeliveryDeps,
  request: AttemptRequest,
  current: DeliveryStatus,
  succeeded: boolean,
  now: number,
): Transition {
  if (succeeded) return { status: DeliveryStatus.SUCCEEDED, nextAttemptAt: null };
  if (request.trigger === 'TEST') return { status: DeliveryStatus.FAILED, nextAttemptAt: null };
  if (request.trigger !== 'AUTOMATIC' || current !== DeliveryStatus.PENDING) {
    return { status: current, nextAttemptAt: undefined };
  }
  const scheduled = request.scheduledAttempt ?? 1;
  if (scheduled > deps.retryScheduleSeconds.length) return { status: DeliveryStatus.FAILED, nextAttemptAt: null };
  const startAfter = new Date(now + deps.retryScheduleSeconds[scheduled - 1] * 1000);
  return { status: current, nextAttemptAt: startAfter, retry: { attempt: scheduled + 1, startAfter } };
}

/**
 * Makes one attempt at each delivery, concurrently, and records them all in one transaction,
 * moving each delivery on: SUCCEEDED, a retry scheduled after the schedule's gap, or FAILED once
 * the schedule is spent. Deliveries that are gone, or no longer pending for an automatic attempt,
 * are skipped. Batching is what lets one worker record thousands of attempts a second.
 */
export async function attemptDeliveries(deps: DeliveryDeps, requests: AttemptRequest[]): Promise<DeliveryAttempt[]> {
  const loaded = new Map(
    (
      await loadDeliveriesUnscoped(
        deps.db,
        requests.map((r) => r.deliveryId),
      )
    ).map((d) => [d.id, d]),
  );
  const due = requests.flatMap((request) => {
    const delivery = loaded.get(request.deliveryId);
    if (!delivery) return [];
    if (request.trigger === 'AUTOMATIC' && delivery.status !== DeliveryStatus.PENDING) return [];
    return [{ request, delivery, outbound: buildWebhookRequest(delivery.webhook, delivery.event) }];
  });
  if (due.length === 0) return [];
  const sent = await Promise.all(due.map(async (item) => ({ ...item, outcome: await deps.send(item.outbound) })));

  return deps.db.$transaction(async (tx) => {
    // Row locks, taken in id order, serialise attempts on one delivery (a manual retry racing an
    // automatic one) so attempt numbers stay unique, and keep a deleted webhook's rows from vanishing mid-way.
    const ids = [...new Set(sent.map((item) => item.delivery.id))].sort();
    const locked = await lockDeliveries(tx, ids);
    const current = new Map(locked.map((row) => [row.id, { ...row, keepNext: true, next: null as Date | null }]));
    const now = Date.now();
    const attempts: DeliveryAttempt[] = [];
    const retries: DeliveryJob[] = [];
    for (const { request, delivery, outbound, outcome } of sent) {
      const row = current.get(delivery.id);
      if (!row) continue;
      row.attempt_count += 1;
      attempts.push({
        id: newId('attempt'),
        organizationId: delivery.organizationId,
        deliveryId: delivery.id,
        webhookId: delivery.webhookId,
        number: row.attempt_count,
        trigger: request.trigger,
        succeeded: outcome.succeeded,
        url: outbound.url,
        requestHeaders: outbound.headers,
        requestBody: outbound.body,
        responseStatus: outcome.status,
        responseHeaders: outcome.headers,
        responseBody: outcome.body,
        errorKind: outcome.errorKind,
        error: outcome.error,
        durationMs: outcome.durationMs,
        createdAt: outcome.startedAt,
      });
      const next = transition(deps, request, row.status, outcome.succeeded, now);
      row.status = next.status;
      if (next.nextAttemptAt !== undefined) {
        row.keepNext = false;
        row.next = next.nextAttemptAt;
      }
      if (next.retry) retries.push({ deliveryId: delivery.id, ...next.retry });
    }
    if (attempts.length === 0) return [];
    await insertAttempts(tx, attempts);
    const rows = [...current.values()];
    await updateDeliveryStates(tx, rows);
    await deps.queue.enqueue(tx, retries);
    await publishAttempts(tx, attempts);
    return attempts;
  });
}

/** Makes and records one attempt; null when there was nothing to do. */
export async function attemptDelivery(deps: DeliveryDeps, request: AttemptRequest): Promise<DeliveryAttempt | null> {
  const [attempt] = await attemptDeliveries(deps, [request]);
  return attempt ?? null;
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
