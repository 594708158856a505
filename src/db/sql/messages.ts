import type { Attachment, Message } from '../../generated/prisma/client.ts';
import type { Database, Transaction } from '../client.ts';

/** Inboxes by address, across organizations: inbound mail is routed by envelope recipient alone. */
export function inboxesByAddressUnscoped(db: Database | Transaction, addresses: string[]) {
  return db.$queryRaw<{ id: string; organization_id: string; email: string }[]>`
    SELECT id, organization_id, email FROM inboxes WHERE email = ANY(${addresses}::text[]) ORDER BY organization_id, id`;
}

/** Message-ID -> thread id, for those of `rfcMessageIds` that are messages of the inbox. */
export async function threadsByMessageIds(tx: Transaction, inboxId: string, rfcMessageIds: string[]) {
  if (rfcMessageIds.length === 0) return new Map<string, string>();
  const rows = await tx.$queryRaw<{ rfc_message_id: string; thread_id: string }[]>`
    SELECT DISTINCT ON (rfc_message_id) rfc_message_id, thread_id FROM messages
    WHERE inbox_id = ${inboxId} AND rfc_message_id = ANY(${rfcMessageIds}::text[])
    ORDER BY rfc_message_id, id`;
  return new Map(rows.map((row) => [row.rfc_message_id, row.thread_id]));
}

/**
 * The message, its raw source, its attachments and its thread (created, or counted one more) in
 * one statement: one round trip per stored message.
 */
export async function insertMessage(tx: Transaction, message: Message, raw: Buffer, attachments: Attachment[]) {
  const column = <K extends keyof Attachment>(key: K) => attachments.map((a) => a[key]);
  await tx.$executeRaw`
    WITH thread AS (
      INSERT INTO threads (id, organization_id, inbox_id, subject, message_count, last_message_at, created_at, updated_at)
      VALUES (${message.threadId}, ${message.organizationId}, ${message.inboxId}, ${message.subject}, 1,
              ${message.createdAt}, ${message.createdAt}, ${message.createdAt})
      ON CONFLICT (id) DO UPDATE SET
        message_count = threads.message_count + 1,
        last_message_at = GREATEST(threads.last_message_at, EXCLUDED.last_message_at),
        updated_at = EXCLUDED.updated_at
      RETURNING id
    ), message AS (
      INSERT INTO messages (id, organization_id, inbox_id, thread_id, direction, status, rfc_message_id, in_reply_to,
        "references", from_address, from_name, reply_to, "to", cc, bcc, subject, text, html, labels, size_bytes,
        created_at, updated_at)
      SELECT ${message.id}, ${message.organizationId}, ${message.inboxId}, thread.id,
        ${message.direction}::message_direction, ${message.status}::message_status, ${message.rfcMessageId},
        ${message.inReplyTo}, ${message.references}::text[], ${message.fromAddress}, ${message.fromName},
        ${message.replyTo}::text[], ${message.to}::text[], ${message.cc}::text[], ${message.bcc}::text[],
        ${message.subject}, ${message.text}, ${message.html}, ${message.labels}::text[], ${message.sizeBytes},
        ${message.createdAt}, ${message.updatedAt}
      FROM thread
      RETURNING id
    ), source AS (
      INSERT INTO message_sources (message_id, raw) SELECT id, decode(${raw.toString('base64')}, 'base64') FROM message
    )
    INSERT INTO attachments (id, message_id, filename, content_type, size, content_id, inline, content, created_at)
    SELECT f.id, message.id, f.filename, f.content_type, f.size, f.content_id, f.inline, decode(f.content, 'base64'),
      ${message.createdAt}
    FROM message, unnest(${column('id')}::text[], ${column('filename')}::text[], ${column('contentType')}::text[],
      ${column('size')}::int[], ${column('contentId')}::text[], ${column('inline')}::bool[],
      ${attachments.map((a) => Buffer.from(a.content).toString('base64'))}::text[])
      AS f(id, filename, content_type, size, content_id, inline, content)`;
}
