import type { MessageStatus } from '../../generated/prisma/client.ts';
import type { SqlExecutor } from '../executor.ts';

export interface RecipientRow {
  id: string;
  address: string;
  status: MessageStatus;
  smtp_code: number | null;
  enhanced_status: string | null;
  diagnostic: string | null;
  bounce_type: string | null;
}

/** The recipients of these messages, as they are now. */
export function recipientRowsOf(tx: SqlExecutor, messageIds: string[]) {
  return tx.$queryRaw<Array<RecipientRow & { message_id: string }>>`
    SELECT id, message_id, address, status::text AS status, smtp_code, enhanced_status, diagnostic, bounce_type
    FROM message_recipients WHERE message_id = ANY(${messageIds}::text[]) ORDER BY id`;
}

export async function attachmentSummariesOf(tx: SqlExecutor, messageIds: string[]) {
  return tx.$queryRaw<
    Array<{ id: string; messageId: string; filename: string | null; contentType: string; size: number }>
  >`
    SELECT id, message_id AS "messageId", filename, content_type AS "contentType", size
    FROM attachments WHERE message_id = ANY(${messageIds}::text[]) ORDER BY id`;
}

/** Sets each message's status (the status of its latest event). */
export async function setMessageStatuses(tx: SqlExecutor, updates: Array<{ id: string; status: MessageStatus }>) {
  if (updates.length === 0) return;
  await tx.$executeRaw`
    UPDATE messages m SET status = u.status::message_status, updated_at = ${new Date().toISOString()}::timestamptz
    FROM unnest(${updates.map((u) => u.id)}::text[], ${updates.map((u) => u.status)}::text[]) AS u(id, status)
    WHERE m.id = u.id`;
}

/**
 * Forward-only: a row changes only if the new status ranks above its current one (REJECTED only
 * from QUEUED). Locks the rows it changes, so two workers or a worker and a report cannot both
 * record the same move. Returns the rows that moved, as they are now.
 */
export function updateRecipients(
  tx: SqlExecutor,
  changes: Array<{
    recipientId: string;
    status: MessageStatus;
    smtpCode?: number | null;
    enhancedStatus?: string | null;
    diagnostic?: string | null;
    bounceType?: string | null;
  }>,
) {
  // Status ranks: QUEUED 0, SENT and REJECTED 1, DELIVERED 2, BOUNCED 3, COMPLAINED 4.
  return tx.$queryRaw<RecipientRow[]>`
    UPDATE message_recipients r
    SET status = u.status::message_status,
        smtp_code = COALESCE(u.smtp_code, r.smtp_code),
        enhanced_status = COALESCE(u.enhanced_status, r.enhanced_status),
        diagnostic = COALESCE(u.diagnostic, r.diagnostic),
        bounce_type = COALESCE(u.bounce_type, r.bounce_type),
        next_attempt_at = NULL,
        updated_at = now()
    FROM unnest(${changes.map((c) => c.recipientId)}::text[], ${changes.map((c) => c.status)}::text[],
      ${changes.map((c) => c.smtpCode ?? null)}::int[], ${changes.map((c) => c.enhancedStatus ?? null)}::text[],
      ${changes.map((c) => c.diagnostic ?? null)}::text[], ${changes.map((c) => c.bounceType ?? null)}::text[])
      AS u(id, status, smtp_code, enhanced_status, diagnostic, bounce_type)
    WHERE r.id = u.id
      AND CASE u.status WHEN 'QUEUED' THEN 0 WHEN 'SENT' THEN 1 WHEN 'REJECTED' THEN 1 WHEN 'DELIVERED' THEN 2
            WHEN 'BOUNCED' THEN 3 WHEN 'COMPLAINED' THEN 4 ELSE 0 END
        > CASE r.status::text WHEN 'QUEUED' THEN 0 WHEN 'SENT' THEN 1 WHEN 'REJECTED' THEN 1 WHEN 'DELIVERED' THEN 2
            WHEN 'BOUNCED' THEN 3 WHEN 'COMPLAINED' THEN 4 ELSE 0 END
      AND r.status <> 'REJECTED'
      AND (u.status <> 'REJECTED' OR r.status = 'QUEUED')
    RETURNING r.id, r.address, r.status::text AS status, r.smtp_code, r.enhanced_status, r.diagnostic, r.bounce_type`;
}

/** A temporary failure: the recipient stays QUEUED, counted, with when to try again (null: now). */
export async function recordTemporaryFailures(
  tx: SqlExecutor,
  failures: Array<{ recipientId: string; smtpCode: number | null; diagnostic: string; nextAttemptAt: Date }>,
) {
  if (failures.length === 0) return;
  await tx.$executeRaw`
    UPDATE message_recipients r
    SET attempts = r.attempts + 1, smtp_code = u.smtp_code, diagnostic = u.diagnostic,
        next_attempt_at = u.next_attempt_at, updated_at = now()
    FROM unnest(${failures.map((f) => f.recipientId)}::text[], ${failures.map((f) => f.smtpCode)}::int[],
      ${failures.map((f) => f.diagnostic)}::text[], ${failures.map((f) => f.nextAttemptAt.toISOString())}::timestamptz[])
      AS u(id, smtp_code, diagnostic, next_attempt_at)
    WHERE r.id = u.id AND r.status = 'QUEUED'`;
}

/** Adds addresses to the organization's suppression list; an existing entry is kept as it is. */
export async function suppress(
  tx: SqlExecutor,
  entries: Array<{ organizationId: string; address: string; reason: string; detail: string | null; messageId: string }>,
) {
  if (entries.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO suppressions (organization_id, address, reason, detail, message_id)
    SELECT * FROM unnest(${entries.map((e) => e.organizationId)}::text[], ${entries.map((e) => e.address.toLowerCase())}::text[],
      ${entries.map((e) => e.reason)}::text[], ${entries.map((e) => e.detail)}::text[], ${entries.map((e) => e.messageId)}::text[])
    ON CONFLICT (organization_id, address) DO NOTHING`;
}

/** Records a report once: false when one with this external id was recorded before. */
export async function recordFeedbackOnce(
  tx: SqlExecutor,
  feedback: {
    id: string;
    organizationId: string;
    messageId: string;
    recipientId: string;
    source: string;
    kind: string;
    externalId: string;
    fields: unknown;
  },
) {
  const inserted = await tx.$executeRaw`
    INSERT INTO mail_feedback (id, organization_id, message_id, recipient_id, source, kind, external_id, fields)
    VALUES (${feedback.id}, ${feedback.organizationId}, ${feedback.messageId}, ${feedback.recipientId}, ${feedback.source},
      ${feedback.kind}, ${feedback.externalId}, ${JSON.stringify(feedback.fields)}::jsonb)
    ON CONFLICT (external_id) DO NOTHING`;
  return inserted > 0;
}
