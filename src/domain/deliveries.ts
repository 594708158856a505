import type pg from 'pg';
import type { Database, Transaction } from '../db/client.ts';
import { commitAfter, type SqlExecutor, withPgTransaction } from '../db/executor.ts';
import {
  disableWebhookRow,
  failPendingDeliveries,
  loadDeliveriesForAttempts,
  lockDeliveries,
  lockWebhooksHealth,
  writeAttemptOutcomes,
} from '../db/sql/deliveries.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import {
  type AttemptTrigger,
  type Delivery,
  type DeliveryAttempt,
  DeliveryStatus,
  type Event,
  type Webhook,
} from '../generated/prisma/client.ts';
import { newId } from '../ids.ts';
import { attemptNotices } from '../live/notices.ts';
import { type NewEvent, recordEvents } from './events.ts';
import type { ClaimedJob, DeliveryJob, DeliveryQueue, WebhookOutcome, WebhookRequest, WebhookSender } from './ports.ts';
import { nextAttemptDelayMs } from './retry-policy.ts';
import { afterAttempt, type HealthNotice, type HealthState } from './webhook-health.ts';
import { buildWebhookRequest } from './webhook-request.ts';

export interface DeliveryDeps {
  db: Database;
  /** Attempts are loaded and recorded through pg directly: they are the worker's hot path. */
  pool: pg.Pool;
  queue: DeliveryQueue;
  send: WebhookSender;
  /** Seconds to wait before each retry, after the failed attempt. */
  retryScheduleSeconds: readonly number[];
  /** WEBHOOK_DISABLE_AFTER (contract 3.7). */
  disableAfterMs: number;
  /** For webhooks with rateLimitPerSecond: how long this attempt must wait (0: go now). */
  pace?: (webhookId: string, perSecond: number) => Promise<number>;
  /** Loads a delivery by id (the worker coalesces concurrent loads into one query). */
  load?: (deliveryId: string) => Promise<Loaded | null>;
  /** Told of attempts once they are committed (metrics: the domain only reports them). */
  onRecorded?: (recorded: RecordedAttempt[]) => void;
}

/** An attempt as committed, with what its measurements need from its delivery. */
export interface RecordedAttempt {
  attempt: DeliveryAttempt;
  /** When the delivery's event was recorded. */
  eventCreatedAt: Date;
  /** A testWebhook delivery (its synthetic event is made just before its only attempt). */
  test: boolean;
}

export interface AttemptRequest {
  deliveryId: string;
  trigger: AttemptTrigger;
  /** For AUTOMATIC and RECOVERY attempts: the place in the retry schedule this job stands for (1-based). */
  scheduledAttempt?: number;
}

export const DISABLED_ERROR = 'The webhook is disabled.';

const scheduled = (trigger: AttemptTrigger) => trigger === 'AUTOMATIC' || trigger === 'RECOVERY';

/** A delivery with what an attempt needs: loaded by id alone (the worker's view, across organizations). */
export type Loaded = Delivery & { webhook: Webhook; event: LoadedEvent };
/** The event as an attempt needs it: its payload is the JSON text it is stored as (webhookBody). */
export type LoadedEvent = Omit<Event, 'payload'> & { payloadText: string };

/** An attempt made and not yet recorded. */
export interface MadeAttempt {
  request: AttemptRequest;
  /** The worker's job for it, completed in the same transaction as the attempt is recorded. */
  job?: ClaimedJob;
  delivery: Loaded;
  outbound: WebhookRequest;
  outcome: WebhookOutcome;
}

export type AttemptStart = { made: MadeAttempt } | { skipped: string } | { waitMs: number };

/**
 * Makes one attempt, unless there is nothing to do: the delivery is gone, a scheduled attempt
 * finds the delivery no longer waiting for it (another worker made it: fenced), the webhook is
 * disabled (no request reaches it), or its rate limit says wait.
 */
export async function makeAttempt(deps: DeliveryDeps, request: AttemptRequest): Promise<AttemptStart> {
  const ready = await prepareAttempt(deps, request);
  return 'prepared' in ready ? { made: await sendPrepared(deps, ready.prepared) } : ready;
}

export type Prepared = { request: AttemptRequest; delivery: Loaded };

/** Everything before the request: load, fence, disabled and rate-limit checks. */
export async function prepareAttempt(
  deps: DeliveryDeps,
  request: AttemptRequest,
): Promise<{ prepared: Prepared } | { skipped: string } | { waitMs: number }> {
  const delivery = deps.load
    ? await deps.load(request.deliveryId)
    : ((await loadDeliveriesForAttempts(deps.pool, [request.deliveryId]))[0] ?? null);
  if (!delivery) return { skipped: 'gone' };
  if (
    scheduled(request.trigger) &&
    (delivery.status !== DeliveryStatus.PENDING || delivery.scheduledAttempt !== request.scheduledAttempt)
  ) {
    return { skipped: 'not due' };
  }
  if (!delivery.webhook.enabled) return { skipped: 'disabled' };
  if (delivery.webhook.rateLimitPerSecond && deps.pace && request.trigger !== 'TEST') {
    const waitMs = await deps.pace(delivery.webhookId, delivery.webhook.rateLimitPerSecond);
    if (waitMs > 0) return { waitMs };
  }
  return { prepared: { request, delivery } };
}

/** The signed request itself. */
export async function sendPrepared(deps: DeliveryDeps, { request, delivery }: Prepared): Promise<MadeAttempt> {
  const outbound = buildWebhookRequest(delivery.webhook, delivery.event);
  return { request, delivery, outbound, outcome: await deps.send(outbound) };
}

interface Row {
  id: string;
  attempt_count: number;
  status: DeliveryStatus;
  scheduled_attempt: number;
  next: Date | null;
  keepNext: boolean;
}

/**
 * Records attempts that have ended, in one transaction: each attempt, its delivery's next state
 * (SUCCEEDED, a retry after the schedule's gap, or FAILED once it is spent), its webhook's health
 * (with webhook.failing, webhook.recovered and webhook.disabled events), the hourly stats, and the
 * retries' jobs. A scheduled attempt whose delivery has moved on meanwhile (a worker whose lease
 * lapsed, racing the one that took over) is dropped: it changes nothing.
 */
export async function recordAttempts(deps: DeliveryDeps, made: MadeAttempt[]): Promise<DeliveryAttempt[]> {
  if (made.length === 0) return [];
  const recorded: RecordedAttempt[] = [];
  const committed = await withPgTransaction(deps.pool, async (tx) => {
    recorded.length = 0;
    // Webhooks first, then deliveries, each in id order: the order disabling takes them in too.
    // Issued together: one round trip, and the connection runs them (and takes the locks) in this order.
    const [health, locked] = await Promise.all([
      lockWebhooksHealth(tx, [...new Set(made.map((m) => m.delivery.webhookId))].sort()),
      lockDeliveries(tx, [...new Set(made.map((m) => m.delivery.id))].sort()),
    ]);
    const rows = new Map<string, Row>(locked.map((r) => [r.id, { ...r, keepNext: true, next: null }]));
    const now = Date.now();
    const attempts: DeliveryAttempt[] = [];
    const retries: DeliveryJob[] = [];
    const notices: Array<{ webhook: Loaded['webhook']; notice: HealthNotice }> = [];
    const stats: Array<{ webhookId: string; at: Date; succeeded: boolean; durationMs: number }> = [];
    for (const { request, delivery, outbound, outcome } of made) {
      const row = rows.get(delivery.id);
      const state = health.get(delivery.webhookId);
      if (!row || !state) continue;
      if (
        scheduled(request.trigger) &&
        (row.status !== DeliveryStatus.PENDING || row.scheduled_attempt !== request.scheduledAttempt)
      ) {
        continue;
      }
      row.attempt_count += 1;
      const attempt: DeliveryAttempt = {
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
      };
      attempts.push(attempt);
      recorded.push({ attempt, eventCreatedAt: delivery.event.createdAt, test: delivery.test });
      stats.push({
        webhookId: delivery.webhookId,
        at: outcome.startedAt,
        succeeded: outcome.succeeded,
        durationMs: outcome.durationMs,
      });

      let deliveryFailed = false;
      if (outcome.succeeded) {
        row.status = DeliveryStatus.SUCCEEDED;
        row.keepNext = false;
        row.next = null;
      } else if (request.trigger === 'TEST') {
        row.status = DeliveryStatus.FAILED;
        row.keepNext = false;
      } else if (scheduled(request.trigger)) {
        const k = request.scheduledAttempt ?? 1;
        row.keepNext = false;
        if (k > deps.retryScheduleSeconds.length) {
          row.status = DeliveryStatus.FAILED;
          row.next = null;
          deliveryFailed = true;
        } else {
          row.next = new Date(now + nextAttemptDelayMs(deps.retryScheduleSeconds[k - 1], outcome, now));
          row.scheduled_attempt = k + 1;
          retries.push({
            deliveryId: delivery.id,
            webhookId: delivery.webhookId,
            attempt: k + 1,
            trigger: request.trigger === 'RECOVERY' ? 'RECOVERY' : 'AUTOMATIC',
            recoveryId: request.trigger === 'RECOVERY' ? (delivery.recoveryId ?? undefined) : undefined,
            startAfter: row.next,
          });
        }
      }
      const next = afterAttempt(
        state,
        {
          succeeded: outcome.succeeded,
          at: new Date(outcome.startedAt.getTime() + outcome.durationMs),
          gone: outcome.status === 410,
          deliveryFailed: deliveryFailed && !delivery.test,
          error: outcome.error,
        },
        deps.disableAfterMs,
      );
      health.set(delivery.webhookId, next.state);
      for (const notice of next.notices) notices.push({ webhook: delivery.webhook, notice });
    }
    const written = Promise.all([
      deps.queue.complete?.(
        tx,
        made.flatMap((m) => (m.job ? [m.job] : [])),
      ),
      attempts.length > 0 &&
        writeAttemptOutcomes(tx, {
          attempts,
          deliveries: [...rows.values()],
          stats,
          health: [...health.entries()].map(([id, state]) => ({ id, ...state })),
          notices: attemptNotices(attempts),
        }),
      deps.queue.enqueue(tx, retries),
    ]);
    if (notices.length === 0) {
      // The common case: these are the last statements, and COMMIT goes right behind them.
      await commitAfter(tx, written);
      return attempts;
    }
    await written;
    const events: NewEvent[] = [];
    for (const { webhook, notice } of notices) {
      if (notice.kind === 'disabled') {
        await disableWebhookInTransaction(tx, webhook, notice);
      }
      events.push(healthEvent(webhook, notice));
    }
    await recordEvents(tx, deps.queue, events);
    return attempts;
  });
  if (committed.length > 0) deps.onRecorded?.(recorded);
  return committed;
}

/** The webhook.* event of a health notice, never delivered to the webhook it is about. */
function healthEvent(webhook: { id: string; url: string; organizationId: string }, notice: HealthNotice): NewEvent {
  const base = { organizationId: webhook.organizationId, excludeWebhookId: webhook.id };
  switch (notice.kind) {
    case 'failing':
      return {
        ...base,
        type: 'webhook.failing',
        payload: {
          id: webhook.id,
          url: webhook.url,
          failingSince: notice.failingSince.toISOString(),
          disableAt: notice.disableAt.toISOString(),
          lastError: notice.lastError,
        },
      };
    case 'recovered':
      return {
        ...base,
        type: 'webhook.recovered',
        payload: {
          id: webhook.id,
          url: webhook.url,
          failingSince: notice.failingSince.toISOString(),
          recoveredAt: notice.recoveredAt.toISOString(),
        },
      };
    case 'disabled':
      return {
        ...base,
        type: 'webhook.disabled',
        payload: {
          id: webhook.id,
          url: webhook.url,
          disabledReason: notice.reason,
          failingSince: notice.failingSince?.toISOString() ?? null,
          disabledAt: notice.disabledAt.toISOString(),
        },
      };
  }
}

/**
 * Disables a webhook inside the caller's transaction (its row already locked): no request reaches
 * it any more, and its pending deliveries end FAILED with "The webhook is disabled." (their queued
 * jobs find them so and do nothing).
 */
export async function disableWebhookInTransaction(
  tx: SqlExecutor,
  webhook: { id: string },
  notice: { reason: string; disabledAt: Date },
) {
  await disableWebhookRow(tx, webhook.id, notice.reason, notice.disabledAt);
  await failPendingDeliveries(tx, webhook.id, DISABLED_ERROR);
}

/** Disabling by the user (updateWebhook enabled: false): the same as automatic disabling. */
export async function disableWebhookByUser(
  tx: Transaction,
  queue: DeliveryQueue,
  webhook: { id: string; url: string; organizationId: string; failingSince: Date | null },
) {
  const disabledAt = new Date();
  const notice = {
    kind: 'disabled' as const,
    reason: `Disabled by the user at ${disabledAt.toISOString()}.`,
    failingSince: webhook.failingSince,
    disabledAt,
  };
  await disableWebhookInTransaction(tx, webhook, notice);
  await recordEvents(tx, queue, [healthEvent(webhook, notice)]);
}

/** Makes and records one attempt now (manual, test): the delivery's id once done. */
async function attemptNow(deps: DeliveryDeps, request: AttemptRequest): Promise<DeliveryAttempt | null> {
  const start = await makeAttempt({ ...deps, pace: undefined }, request);
  if ('skipped' in start && start.skipped === 'disabled') {
    throw new ConflictError('The webhook is disabled; enable it with updateWebhook first.');
  }
  if (!('made' in start)) return null;
  const [attempt] = await recordAttempts(deps, [start.made]);
  return attempt ?? null;
}

/** One new MANUAL attempt with the same webhook-id; returns the delivery once it has finished. */
export async function retryDelivery(deps: DeliveryDeps, organizationId: string, id: string) {
  const delivery = await deps.db.delivery.findFirst({ where: { id, organizationId }, select: { id: true } });
  if (!delivery) throw new NotFoundError('delivery', id);
  await attemptNow(deps, { deliveryId: id, trigger: 'MANUAL' });
  return id;
}

export const TEST_EVENT_TYPE = 'message.received';
export const TEST_EVENT_PAYLOAD = { test: 'test' };

/**
 * Sends the test request to one webhook, once, without retries. Its synthetic event is marked
 * `test`, so it stays in that webhook's history and out of the organization's events.
 */
export async function testWebhook(deps: DeliveryDeps, organizationId: string, webhookId: string) {
  const webhook = await deps.db.webhook.findFirst({
    where: { id: webhookId, organizationId },
    select: { id: true, enabled: true },
  });
  if (!webhook) throw new NotFoundError('webhook', webhookId);
  if (!webhook.enabled) throw new ConflictError('The webhook is disabled; enable it with updateWebhook first.');
  const deliveryId = newId('delivery');
  await deps.db.$transaction(async (tx) => {
    const event = await tx.event.create({
      data: { id: newId('event'), organizationId, type: TEST_EVENT_TYPE, payload: TEST_EVENT_PAYLOAD, test: true },
    });
    await tx.delivery.create({
      data: { id: deliveryId, organizationId, webhookId, eventId: event.id, test: true },
    });
  });
  await attemptNow(deps, { deliveryId, trigger: 'TEST' });
  return deliveryId;
}

export type { HealthState };
