import type pg from 'pg';
import { DURATION_BOUNDS_MS, durationBucket, type HealthState } from '../../domain/webhook-health.ts';
import type { DeliveryAttempt, DeliveryStatus, Prisma } from '../../generated/prisma/client.ts';
import { CHANNEL } from '../../live/notices.ts';
import type { SqlExecutor } from '../executor.ts';

/**
 * Row locks in id order, held until commit. NO KEY UPDATE: inserts that reference these rows (their
 * foreign keys take KEY SHARE locks) are not held up by attempt recording.
 */
export function lockDeliveries(tx: SqlExecutor, ids: string[]) {
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

export type WebhookHealthRow = HealthState;

/** The webhooks' health, their rows locked in id order until commit. */
export async function lockWebhooksHealth(tx: SqlExecutor, ids: string[]) {
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

/** Sums attempts per webhook and hour: the rows webhook_stats gets. */
function statRows(attempts: Array<{ webhookId: string; at: Date; succeeded: boolean; durationMs: number }>) {
  const sums = new Map<
    string,
    { webhook_id: string; bucket: string; attempts: number; successes: number; durations: number[] }
  >();
  for (const a of attempts) {
    const bucket = new Date(Math.floor(a.at.getTime() / 3_600_000) * 3_600_000).toISOString();
    const key = `${a.webhookId} ${bucket}`;
    let sum = sums.get(key);
    if (!sum) {
      sum = {
        webhook_id: a.webhookId,
        bucket,
        attempts: 0,
        successes: 0,
        durations: new Array(DURATION_BOUNDS_MS.length + 1).fill(0),
      };
      sums.set(key, sum);
    }
    sum.attempts++;
    if (a.succeeded) sum.successes++;
    sum.durations[durationBucket(a.durationMs)]++;
  }
  return [...sums.values()];
}

export interface AttemptOutcomes {
  attempts: DeliveryAttempt[];
  deliveries: DeliveryState[];
  /** Per attempt, for the webhook's hourly counts and duration histogram. */
  stats: Array<{ webhookId: string; at: Date; succeeded: boolean; durationMs: number }>;
  health: Array<WebhookHealthRow & { id: string }>;
  /** NOTIFY payloads announcing the attempts. */
  notices: string[];
}

/**
 * Everything attempts change, in one statement: the attempts, their deliveries' states, the webhooks'
 * hourly stats and health, and the notices. Rows travel as JSON (one parameter each), which costs
 * far less to build than PostgreSQL array literals of request bodies.
 */
export async function writeAttemptOutcomes(tx: SqlExecutor, o: AttemptOutcomes) {
  const attempts = JSON.stringify(
    o.attempts.map((a) => ({
      id: a.id,
      organization_id: a.organizationId,
      delivery_id: a.deliveryId,
      webhook_id: a.webhookId,
      number: a.number,
      trigger: a.trigger,
      succeeded: a.succeeded,
      url: a.url,
      request_headers: a.requestHeaders,
      request_body: a.requestBody,
      response_status: a.responseStatus,
      response_headers: a.responseHeaders,
      response_body: a.responseBody,
      error_kind: a.errorKind,
      error: a.error,
      duration_ms: a.durationMs,
      created_at: a.createdAt,
    })),
  );
  const deliveries = JSON.stringify(
    o.deliveries.map((d) => ({
      id: d.id,
      attempt_count: d.attempt_count,
      status: d.status,
      next_attempt_at: d.next,
      keep_next: d.keepNext,
      scheduled_attempt: d.scheduled_attempt,
    })),
  );
  const health = JSON.stringify(
    o.health.map((h) => ({
      id: h.id,
      consecutive_failures: h.consecutiveFailures,
      failing_since: h.failingSince,
      last_success_at: h.lastSuccessAt,
      last_failure_at: h.lastFailureAt,
      failing_notified: h.failingNotified,
    })),
  );
  await tx.$executeRaw`
    WITH attempts AS (
      INSERT INTO delivery_attempts (id, organization_id, delivery_id, webhook_id, number, trigger, succeeded, url,
        request_headers, request_body, response_status, response_headers, response_body, error_kind, error,
        duration_ms, created_at)
      SELECT id, organization_id, delivery_id, webhook_id, number, trigger, succeeded, url, request_headers,
        request_body, response_status, response_headers, response_body, error_kind, error, duration_ms, created_at
      FROM json_to_recordset(${attempts}::json) AS t(id text, organization_id text, delivery_id text,
        webhook_id text, number int, trigger attempt_trigger, succeeded bool, url text, request_headers jsonb,
        request_body text, response_status int, response_headers jsonb, response_body text, error_kind text,
        error text, duration_ms int, created_at timestamptz)
    ), states AS (
      UPDATE deliveries AS d
      SET attempt_count = u.attempt_count, status = u.status, scheduled_attempt = u.scheduled_attempt,
          next_attempt_at = CASE WHEN u.keep_next THEN d.next_attempt_at ELSE u.next_attempt_at END,
          updated_at = now()
      FROM json_to_recordset(${deliveries}::json) AS u(id text, attempt_count int, status delivery_status,
        next_attempt_at timestamptz, keep_next bool, scheduled_attempt int)
      WHERE d.id = u.id
    ), stats AS (
      INSERT INTO webhook_stats (webhook_id, bucket, attempts, successes, durations)
      SELECT webhook_id, bucket, attempts, successes, durations
      FROM json_to_recordset(${JSON.stringify(statRows(o.stats))}::json)
        AS u(webhook_id text, bucket timestamptz, attempts int, successes int, durations int[])
      ON CONFLICT (webhook_id, bucket) DO UPDATE SET
        attempts = webhook_stats.attempts + EXCLUDED.attempts,
        successes = webhook_stats.successes + EXCLUDED.successes,
        durations = ARRAY(SELECT a + b FROM unnest(webhook_stats.durations, EXCLUDED.durations) AS t(a, b))
    ), health AS (
      UPDATE webhooks AS w
      SET consecutive_failures = u.consecutive_failures, failing_since = u.failing_since,
          last_success_at = u.last_success_at, last_failure_at = u.last_failure_at,
          failing_notified = u.failing_notified
      FROM json_to_recordset(${health}::json) AS u(id text, consecutive_failures int, failing_since timestamptz,
        last_success_at timestamptz, last_failure_at timestamptz, failing_notified bool)
      WHERE w.id = u.id
    )
    SELECT count(pg_notify(${CHANNEL}, payload)) FROM unnest(${o.notices}::text[]) AS payload`;
}

/** The last 24 hours of a webhook's stats, summed. */
export async function webhookStats24h(db: SqlExecutor, webhookId: string) {
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
export async function failPendingDeliveries(tx: SqlExecutor, webhookId: string, error: string) {
  await tx.$executeRaw`
    UPDATE deliveries SET status = 'FAILED', next_attempt_at = NULL, last_error = ${error}, updated_at = now()
    WHERE webhook_id = ${webhookId} AND status = 'PENDING'`;
}

/** Disables a webhook (its row already locked by the caller) with why and when. */
export async function disableWebhookRow(tx: SqlExecutor, webhookId: string, reason: string, at: Date) {
  await tx.$executeRaw`
    UPDATE webhooks SET enabled = false, disabled_reason = ${reason}, disabled_at = ${at.toISOString()}::timestamptz,
      updated_at = now()
    WHERE id = ${webhookId}`;
}

interface AttemptRow {
  d_id: string;
  d_organization_id: string;
  d_webhook_id: string;
  d_event_id: string;
  d_status: DeliveryStatus;
  d_test: boolean;
  d_attempt_count: number;
  d_next_attempt_at: Date | null;
  d_scheduled_attempt: number;
  d_last_error: string | null;
  d_recovery_id: string | null;
  d_created_at: Date;
  d_updated_at: Date;
  w_url: string;
  w_events: string[];
  w_description: string | null;
  w_enabled: boolean;
  w_disabled_reason: string | null;
  w_secret: string;
  w_previous_secret: string | null;
  w_previous_secret_expires_at: Date | null;
  w_headers: Prisma.JsonValue | null;
  w_inbox_ids: string[];
  w_rate_limit_per_second: number | null;
  w_consecutive_failures: number;
  w_failing_since: Date | null;
  w_last_success_at: Date | null;
  w_last_failure_at: Date | null;
  w_failing_notified: boolean;
  w_disabled_at: Date | null;
  w_created_at: Date;
  w_updated_at: Date;
  e_type: string;
  e_message_id: string | null;
  e_inbox_id: string | null;
  e_payload_text: string;
  e_test: boolean;
  e_created_at: Date;
  e_position: string | null;
}

/** Deliveries with their webhook and event, by id alone (the worker's view, across organizations). */
export async function loadDeliveriesForAttempts(pool: pg.Pool, ids: string[]) {
  const { rows } = await pool.query<AttemptRow>(
    `SELECT d.id AS d_id, d.organization_id AS d_organization_id, d.webhook_id AS d_webhook_id,
       d.event_id AS d_event_id, d.status AS d_status, d.test AS d_test, d.attempt_count AS d_attempt_count,
       d.next_attempt_at AS d_next_attempt_at, d.scheduled_attempt AS d_scheduled_attempt,
       d.last_error AS d_last_error, d.recovery_id AS d_recovery_id, d.created_at AS d_created_at,
       d.updated_at AS d_updated_at,
       w.url AS w_url, w.events AS w_events, w.description AS w_description, w.enabled AS w_enabled,
       w.disabled_reason AS w_disabled_reason, w.secret AS w_secret, w.previous_secret AS w_previous_secret,
       w.previous_secret_expires_at AS w_previous_secret_expires_at, w.headers AS w_headers,
       w.inbox_ids AS w_inbox_ids, w.rate_limit_per_second AS w_rate_limit_per_second,
       w.consecutive_failures AS w_consecutive_failures, w.failing_since AS w_failing_since,
       w.last_success_at AS w_last_success_at, w.last_failure_at AS w_last_failure_at,
       w.failing_notified AS w_failing_notified, w.disabled_at AS w_disabled_at, w.created_at AS w_created_at,
       w.updated_at AS w_updated_at,
       e.type AS e_type, e.message_id AS e_message_id, e.inbox_id AS e_inbox_id, e.payload::text AS e_payload_text,
       e.test AS e_test, e.created_at AS e_created_at, e.position AS e_position
     FROM deliveries d
     JOIN webhooks w ON w.id = d.webhook_id
     JOIN events e ON e.id = d.event_id
     WHERE d.id = ANY($1::text[])`,
    [ids],
  );
  return rows.map((r) => ({
    id: r.d_id,
    organizationId: r.d_organization_id,
    webhookId: r.d_webhook_id,
    eventId: r.d_event_id,
    status: r.d_status,
    test: r.d_test,
    attemptCount: r.d_attempt_count,
    nextAttemptAt: r.d_next_attempt_at,
    scheduledAttempt: r.d_scheduled_attempt,
    lastError: r.d_last_error,
    recoveryId: r.d_recovery_id,
    createdAt: r.d_created_at,
    updatedAt: r.d_updated_at,
    webhook: {
      id: r.d_webhook_id,
      organizationId: r.d_organization_id,
      url: r.w_url,
      events: r.w_events,
      description: r.w_description,
      enabled: r.w_enabled,
      disabledReason: r.w_disabled_reason,
      secret: r.w_secret,
      previousSecret: r.w_previous_secret,
      previousSecretExpiresAt: r.w_previous_secret_expires_at,
      headers: r.w_headers,
      inboxIds: r.w_inbox_ids,
      rateLimitPerSecond: r.w_rate_limit_per_second,
      consecutiveFailures: r.w_consecutive_failures,
      failingSince: r.w_failing_since,
      lastSuccessAt: r.w_last_success_at,
      lastFailureAt: r.w_last_failure_at,
      failingNotified: r.w_failing_notified,
      disabledAt: r.w_disabled_at,
      createdAt: r.w_created_at,
      updatedAt: r.w_updated_at,
    },
    event: {
      id: r.d_event_id,
      organizationId: r.d_organization_id,
      type: r.e_type,
      messageId: r.e_message_id,
      inboxId: r.e_inbox_id,
      payloadText: r.e_payload_text,
      test: r.e_test,
      createdAt: r.e_created_at,
      position: r.e_position === null ? null : BigInt(r.e_position),
    },
  }));
}
