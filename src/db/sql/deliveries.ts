import type { DeliveryAttempt, DeliveryStatus } from '../../generated/prisma/client.ts';
import type { Transaction } from '../client.ts';

/** Row locks in id order, held until commit. */
export function lockDeliveries(tx: Transaction, ids: string[]) {
  return tx.$queryRaw<{ id: string; attempt_count: number; status: DeliveryStatus }[]>`
    SELECT id, attempt_count, status FROM deliveries WHERE id = ANY(${ids}) ORDER BY id FOR UPDATE`;
}

export interface DeliveryState {
  id: string;
  attempt_count: number;
  status: DeliveryStatus;
  next: Date | null;
  /** true keeps next_attempt_at as it is. */
  keepNext: boolean;
}

export async function updateDeliveryStates(tx: Transaction, rows: DeliveryState[]) {
  await tx.$executeRaw`
    UPDATE deliveries AS d
    SET attempt_count = u.attempt_count,
        status = u.status::delivery_status,
        next_attempt_at = CASE WHEN u.keep_next THEN d.next_attempt_at ELSE u.next_attempt_at END,
        updated_at = now()
    FROM unnest(
      ${rows.map((r) => r.id)}::text[],
      ${rows.map((r) => r.attempt_count)}::int[],
      ${rows.map((r) => r.status)}::text[],
      ${rows.map((r) => r.next?.toISOString() ?? null)}::timestamptz[],
      ${rows.map((r) => r.keepNext)}::bool[]
    ) AS u(id, attempt_count, status, next_attempt_at, keep_next)
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
