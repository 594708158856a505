import type { SqlExecutor } from '../executor.ts';

export interface DueRecipient {
  id: string;
  address: string;
  attempts: number;
  /** The suppression list's reason when the address is on it, else null. */
  suppressed: string | null;
}

export interface SendPassRow {
  message_id: string;
  raw: Uint8Array | null;
  due: DueRecipient[];
  attachments: Array<{ id: string; filename: string | null; contentType: string; size: number }>;
}

/**
 * For each message, in one statement: its recipients that are queued and due (oldest first), each
 * with its organization's suppression entry, its MIME source and its attachments' summaries.
 * Unscoped: only the send worker, which has nothing but message ids, uses it.
 */
export function loadSendPassesUnscoped(db: SqlExecutor, messageIds: string[], now: Date) {
  return db.$queryRaw<SendPassRow[]>`
    SELECT m.id AS message_id, src.raw,
      COALESCE((
        SELECT json_agg(json_build_object('id', r.id, 'address', r.address, 'attempts', r.attempts,
          'suppressed', s.reason) ORDER BY r.id)
        FROM message_recipients r
        LEFT JOIN suppressions s ON s.organization_id = m.organization_id AND s.address = r.address
        WHERE r.message_id = m.id AND r.status = 'QUEUED'
          AND (r.next_attempt_at IS NULL OR r.next_attempt_at <= ${now.toISOString()}::timestamptz)
      ), '[]'::json) AS due,
      COALESCE((
        SELECT json_agg(json_build_object('id', a.id, 'filename', a.filename, 'contentType', a.content_type,
          'size', a.size) ORDER BY a.id)
        FROM attachments a WHERE a.message_id = m.id
      ), '[]'::json) AS attachments
    FROM messages m
    LEFT JOIN message_sources src ON src.message_id = m.id
    WHERE m.id = ANY(${messageIds}::text[]) AND m.direction = 'OUTBOUND'`;
}

/** Queued recipients of new outbound messages. */
export async function insertQueuedRecipients(
  tx: SqlExecutor,
  rows: Array<{ id: string; organizationId: string; messageId: string; address: string; kind: string; at: Date }>,
) {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO message_recipients (id, organization_id, message_id, address, kind, status, created_at, updated_at)
    SELECT r.id, r.organization_id, r.message_id, r.address, r.kind::recipient_kind, 'QUEUED', r.at, r.at
    FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.organizationId)}::text[],
      ${rows.map((r) => r.messageId)}::text[], ${rows.map((r) => r.address)}::text[], ${rows.map((r) => r.kind)}::text[],
      ${rows.map((r) => r.at.toISOString())}::timestamptz[]) AS r(id, organization_id, message_id, address, kind, at)`;
}

/** Inboxes by id, each only if it belongs to the organization asked with it. */
export function inboxesByIds(db: SqlExecutor, keys: Array<{ organizationId: string; id: string }>) {
  return db.$queryRaw<Array<{ id: string; organization_id: string; email: string; name: string }>>`
    SELECT i.id, i.organization_id, i.email, i.name
    FROM inboxes i
    JOIN unnest(${keys.map((k) => k.id)}::text[], ${keys.map((k) => k.organizationId)}::text[]) AS k(id, organization_id)
      ON i.id = k.id AND i.organization_id = k.organization_id`;
}
