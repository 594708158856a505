import { DURATION_BOUNDS_MS, durationBucket, type HealthState } from '../../domain/webhook-health.ts';
import type { DeliveryAttempt, DeliveryStatus } from '../../generated/prisma/client.ts';
import type { Transaction } from '../client.ts';

/**
 * Row locks in id order, held until commit. NO KEY UPDATE: inserts that reference these rows (their
 * foreign keys take KEY SHARE locks) are not held up by attempt recording.
 */
export function lockDeliveries(tx: Transaction, ids: string[]) {
  return tx.$queryRaw<{ id: string; attempt_count: number; status: DeliveryStatus; scheduled_attempt: number }[]>`
    SELECT id, attempt_count, status, scheduled_attempt FROM deliveries WHERE id = ANY(${ids}) ORDER BY id FOR NO KEY UPDATE`;
}

export interface DeliveryState {
  id: string;
  attempt_count: number;
  status: DeliveryStatus;
  scheduled_attempt: number;
  next: Date | null;
  /** true keeps next_attempt_at as it is. */
  keepNext: boolean;
}

export async function updateDeliveryStates(tx: Transaction, rows: DeliveryState[]) {
  await tx.$executeRaw`
    UPDATE deliveries AS d
    SET attempt_count = u.attempt_count,
        status = u.status::delivery_status,
        scheduled_attempt = u.scheduled_attempt,
        next_attempt_at = CASE WHEN u.keep_next THEN d.next_attempt_at ELSE u.next_attempt_at END,
        updated_at = now()
    FROM unnest(
      ${rows.map((r) => r.id)}::text[],
      ${rows.map((r) => r.attempt_count)}::int[],
      ${rows.map((r) => r.status)}::text[],
      ${rows.map((r) => r.next?.toISOString() ?? null)}::timestamptz[],
      ${rows.map((r) => r.keepNext)}::bool[],
      ${rows.map((r) => r.scheduled_attempt)}::int[]
    ) AS u(id, attempt_count, status, next_attempt_at, keep_next, scheduled_attempt)
    WHERE d.id = u.id`;
}

/**
 * One multi-row INSERT from column arrays: Prisma's createMany compiles every row's values (request
 * bodies included) through its query compiler, which was most of the worker's CPU per delivery.
 */
export async function insertAttempts(tx: Transaction, attempts: DeliveryAttempt[]) {
  const column = <K extends keyof DeliveryAttempt>(key: K) => attempts.map((a) => a[key]);
  const json = (key: 'requestHeaders' | 'responseHeaders') =>
    attempts.map((a) => (a[key] == null ? null : JSON.stringify(a[key])));
  await tx.$executeRaw`
    INSERT INTO delivery_attempts (id, organization_id, delivery_id, webhook_id, number, trigger, succeeded, url,
      request_headers, request_body, response_status, response_headers, response_body, error_kind, error,
      duration_ms, created_at)
    SELECT id, organization_id, delivery_id, webhook_id, number, trigger::attempt_trigger, succeeded, url,
      request_headers::jsonb, request_body, response_status, response_headers::jsonb, response_body, error_kind, error,
      duration_ms, created_at
    FROM unnest(
      ${column('id')}::text[], ${column('organizationId')}::text[], ${column('deliveryId')}::text[],
      ${column('webhookId')}::text[], ${column('number')}::int[], ${column('trigger')}::text[],
      ${column('succeeded')}::bool[], ${column('url')}::text[], ${json('requestHeaders')}::text[],
      ${column('requestBody')}::text[], ${column('responseStatus')}::int[], ${json('responseHeaders')}::text[],
      ${column('responseBody')}::text[], ${column('errorKind')}::text[], ${column('error')}::text[],
      ${column('durationMs')}::int[], ${attempts.map((a) => a.createdAt.toISOString())}::timestamptz[]
    ) AS t(id, organization_id, delivery_id, webhook_id, number, trigger, succeeded, url, request_headers,
      request_body, response_status, response_headers, response_body, error_kind, error, duration_ms, created_at)`;
}

export type WebhookHealthRow = HealthState;

/** The webhooks' health, their rows locked in id order until commit. */
export async function lockWebhooksHealth(tx: Transaction, ids: string[]) {
  const rows = await tx.$queryRaw<
    Array<{
      id: string;
      enabled: boolean;
      consecutive_failures: number;
      failing_since: Date | null;
      last_success_at: Date | null;
      last_failure_at: Date | null;
      failing_notified: boolean;
    }>
  >`
    SELECT id, enabled, consecutive_failures, failing_since, last_success_at, last_failure_at, failing_notified
    FROM webhooks WHERE id = ANY(${ids}) ORDER BY id FOR NO KEY UPDATE`;
  return new Map<string, WebhookHealthRow>(
    rows.map((r) => [
      r.id,
      {
        enabled: r.enabled,
        consecutiveFailures: r.consecutive_failures,
        failingSince: r.failing_since,
        lastSuccessAt: r.last_success_at,
        lastFailureAt: r.last_failure_at,
        failingNotified: r.failing_notified,
      },
    ]),
  );
}

export async function updateWebhooksHealth(tx: Transaction, rows: Array<WebhookHealthRow & { id: string }>) {
  if (rows.length === 0) return;
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  await tx.$executeRaw`
    UPDATE webhooks AS w
    SET consecutive_failures = u.consecutive_failures, failing_since = u.failing_since,
        last_success_at = u.last_success_at, last_failure_at = u.last_failure_at, failing_notified = u.failing_notified
    FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.consecutiveFailures)}::int[],
      ${rows.map((r) => iso(r.failingSince))}::timestamptz[], ${rows.map((r) => iso(r.lastSuccessAt))}::timestamptz[],
      ${rows.map((r) => iso(r.lastFailureAt))}::timestamptz[], ${rows.map((r) => r.failingNotified)}::bool[])
      AS u(id, consecutive_failures, failing_since, last_success_at, last_failure_at, failing_notified)
    WHERE w.id = u.id`;
}

/** Adds attempts to their webhook's hourly counts and duration histogram. */
export async function upsertWebhookStats(
  tx: Transaction,
  attempts: Array<{ webhookId: string; at: Date; succeeded: boolean; durationMs: number }>,
) {
  const sums = new Map<
    string,
    { webhookId: string; bucket: Date; attempts: number; successes: number; durations: number[] }
  >();
  for (const a of attempts) {
    const bucket = new Date(Math.floor(a.at.getTime() / 3_600_000) * 3_600_000);
    const key = `${a.webhookId} ${bucket.getTime()}`;
    const sum = sums.get(key) ?? {
      webhookId: a.webhookId,
      bucket,
      attempts: 0,
      successes: 0,
      durations: new Array(DURATION_BOUNDS_MS.length + 1).fill(0),
    };
    sum.attempts++;
    if (a.succeeded) sum.successes++;
    sum.durations[durationBucket(a.durationMs)]++;
    sums.set(key, sum);
  }
  const rows = [...sums.values()];
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO webhook_stats (webhook_id, bucket, attempts, successes, durations)
    SELECT u.webhook_id, u.bucket, u.attempts, u.successes,
      ARRAY(SELECT jsonb_array_elements_text(u.durations)::int)
    FROM unnest(${rows.map((r) => r.webhookId)}::text[], ${rows.map((r) => r.bucket.toISOString())}::timestamptz[],
      ${rows.map((r) => r.attempts)}::int[], ${rows.map((r) => r.successes)}::int[],
      ${rows.map((r) => JSON.stringify(r.durations))}::jsonb[]) AS u(webhook_id, bucket, attempts, successes, durations)
    ON CONFLICT (webhook_id, bucket) DO UPDATE SET
      attempts = webhook_stats.attempts + EXCLUDED.attempts,
      successes = webhook_stats.successes + EXCLUDED.successes,
      durations = ARRAY(
        SELECT a + b FROM unnest(webhook_stats.durations, EXCLUDED.durations) AS t(a, b)
      )`;
}

/** The last 24 hours of a webhook's stats, summed. */
export async function webhookStats24h(db: Pick<Transaction, '$queryRaw'>, webhookId: string) {
  const rows = await db.$queryRaw<Array<{ attempts: number; successes: number; durations: number[] }>>`
    SELECT attempts, successes, durations FROM webhook_stats
    WHERE webhook_id = ${webhookId} AND bucket > now() - interval '24 hours'`;
  const durations = new Array(DURATION_BOUNDS_MS.length + 1).fill(0);
  let attempts = 0;
  let successes = 0;
  for (const row of rows) {
    attempts += row.attempts;
    successes += row.successes;
    row.durations.forEach((count, i) => {
      durations[i] += count;
    });
  }
  return { attempts, successes, durations };
}

/** A disabled webhook's pending deliveries end FAILED, with why. */
export async function failPendingDeliveries(tx: Transaction, webhookId: string, error: string) {
  await tx.$executeRaw`
    UPDATE deliveries SET status = 'FAILED', next_attempt_at = NULL, last_error = ${error}, updated_at = now()
    WHERE webhook_id = ${webhookId} AND status = 'PENDING'`;
}
