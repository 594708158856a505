import type { Attachment, Message } from '../../generated/prisma/client.ts';
import type { Database, Transaction } from '../client.ts';

/** Inboxes by address, across organizations: inbound mail is routed by envelope recipient alone. */
export function inboxesByAddressUnscoped(db: Database | Transaction, addresses: string[]) {
  return db.$queryRaw<{ id: string; organization_id: string; email: string }[]>`
    SELECT id, organization_id, email FROM inboxes WHERE email = ANY(${addresses}::text[]) ORDER BY organization_id, id`;
}

/**
 * Routes inbound mail in one round trip: the inboxes of `addresses` (across organizations), and the
 * thread of the first message of such an inbox with each (address, Message-ID) pair's Message-ID,
 * keyed `${inboxId} ${rfcMessageId}`.
 */
export async function inboxesAndThreads(
  tx: Transaction,
  addresses: string[],
  pairs: Array<{ address: string; rfcMessageId: string }>,
) {
  const rows = await tx.$queryRaw<
    Array<{
      inbox_id: string;
      organization_id: string | null;
      email: string | null;
      rfc: string | null;
      thread_id: string | null;
    }>
  >`
    WITH inbox AS MATERIALIZED (SELECT id, organization_id, email FROM inboxes WHERE email = ANY(${addresses}::text[]))
    SELECT id AS inbox_id, organization_id, email, NULL AS rfc, NULL AS thread_id FROM inbox
    UNION ALL
    SELECT * FROM (
      SELECT DISTINCT ON (m.inbox_id, m.rfc_message_id) m.inbox_id, NULL, NULL, m.rfc_message_id, m.thread_id
      FROM unnest(${pairs.map((p) => p.address)}::text[], ${pairs.map((p) => p.rfcMessageId)}::text[]) AS c(address, rfc)
      JOIN inbox ON inbox.email = c.address
      JOIN messages m ON m.inbox_id = inbox.id AND m.rfc_message_id = c.rfc
      ORDER BY m.inbox_id, m.rfc_message_id, m.id
    ) AS found`;
  const inboxes = new Map<string, { id: string; organization_id: string; email: string }>();
  const threads = new Map<string, string>();
  for (const row of rows) {
    if (row.thread_id !== null) threads.set(`${row.inbox_id} ${row.rfc}`, row.thread_id);
    else if (row.email !== null && row.organization_id !== null) {
      inboxes.set(row.email, { id: row.inbox_id, organization_id: row.organization_id, email: row.email });
    }
  }
  return { inboxes, threads };
}

/**
 * Messages, their raw sources, their attachments and their threads (created, or counted more) in
 * one statement, however many there are. Array columns travel as JSON, since unnest would flatten
 * a two-dimensional array.
 */
export async function insertMessages(
  tx: Transaction,
  messages: Array<{ message: Message; raw: Buffer; attachments: Attachment[] }>,
) {
  const threads = new Map<
    string,
    { organizationId: string; inboxId: string; subject: string | null; count: number; at: Date }
  >();
  for (const { message } of messages) {
    const thread = threads.get(message.threadId);
    if (thread) {
      thread.count++;
      if (message.createdAt > thread.at) thread.at = message.createdAt;
    } else {
      threads.set(message.threadId, {
        organizationId: message.organizationId,
        inboxId: message.inboxId,
        subject: message.subject,
        count: 1,
        at: message.createdAt,
      });
    }
  }
  const t = [...threads.entries()];
  const m = messages.map((entry) => entry.message);
  const col = <K extends keyof Message>(key: K) => m.map((row) => row[key]);
  const json = (key: 'references' | 'replyTo' | 'to' | 'cc' | 'bcc' | 'labels') =>
    m.map((row) => JSON.stringify(row[key]));
  const files = messages.flatMap((entry) => entry.attachments);
  const f = <K extends keyof Attachment>(key: K) => files.map((row) => row[key]);
  await tx.$executeRaw`
    WITH thread AS (
      INSERT INTO threads (id, organization_id, inbox_id, subject, message_count, last_message_at, created_at, updated_at)
      SELECT id, organization_id, inbox_id, subject, n, at, at, at
      FROM unnest(${t.map(([id]) => id)}::text[], ${t.map(([, x]) => x.organizationId)}::text[],
        ${t.map(([, x]) => x.inboxId)}::text[], ${t.map(([, x]) => x.subject)}::text[], ${t.map(([, x]) => x.count)}::int[],
        ${t.map(([, x]) => x.at.toISOString())}::timestamptz[]) AS t(id, organization_id, inbox_id, subject, n, at)
      ON CONFLICT (id) DO UPDATE SET
        message_count = threads.message_count + EXCLUDED.message_count,
        last_message_at = GREATEST(threads.last_message_at, EXCLUDED.last_message_at),
        updated_at = EXCLUDED.updated_at
      RETURNING id
    ), message AS (
      INSERT INTO messages (id, organization_id, inbox_id, thread_id, direction, status, rfc_message_id, in_reply_to,
        "references", from_address, from_name, reply_to, "to", cc, bcc, subject, text, html, labels, size_bytes,
        parent_message_id, created_at, updated_at)
      SELECT m.id, m.organization_id, m.inbox_id, thread.id, m.direction::message_direction, m.status::message_status,
        m.rfc_message_id, m.in_reply_to, ARRAY(SELECT jsonb_array_elements_text(m.refs)), m.from_address, m.from_name,
        ARRAY(SELECT jsonb_array_elements_text(m.reply_to)), ARRAY(SELECT jsonb_array_elements_text(m.to_)),
        ARRAY(SELECT jsonb_array_elements_text(m.cc)), ARRAY(SELECT jsonb_array_elements_text(m.bcc)), m.subject,
        m.text, m.html, ARRAY(SELECT jsonb_array_elements_text(m.labels)), m.size_bytes, m.parent_message_id, m.at, m.at
      FROM unnest(${col('id')}::text[], ${col('organizationId')}::text[], ${col('inboxId')}::text[],
        ${col('threadId')}::text[], ${col('direction')}::text[], ${col('status')}::text[], ${col('rfcMessageId')}::text[],
        ${col('inReplyTo')}::text[], ${json('references')}::jsonb[], ${col('fromAddress')}::text[],
        ${col('fromName')}::text[], ${json('replyTo')}::jsonb[], ${json('to')}::jsonb[], ${json('cc')}::jsonb[],
        ${json('bcc')}::jsonb[], ${col('subject')}::text[], ${col('text')}::text[], ${col('html')}::text[],
        ${json('labels')}::jsonb[], ${col('sizeBytes')}::int[], ${col('parentMessageId')}::text[],
        ${m.map((row) => row.createdAt.toISOString())}::timestamptz[])
        AS m(id, organization_id, inbox_id, thread_id, direction, status, rfc_message_id, in_reply_to, refs,
          from_address, from_name, reply_to, to_, cc, bcc, subject, text, html, labels, size_bytes, parent_message_id, at)
      JOIN thread ON thread.id = m.thread_id
      RETURNING id
    ), source AS (
      INSERT INTO message_sources (message_id, raw)
      SELECT s.id, decode(s.raw, 'base64')
      FROM unnest(${col('id')}::text[], ${messages.map((entry) => entry.raw.toString('base64'))}::text[]) AS s(id, raw)
      JOIN message ON message.id = s.id
    )
    INSERT INTO attachments (id, message_id, filename, content_type, size, content_id, inline, content, created_at)
    SELECT a.id, a.message_id, a.filename, a.content_type, a.size, a.content_id, a.inline, decode(a.content, 'base64'), a.at
    FROM unnest(${f('id')}::text[], ${f('messageId')}::text[], ${f('filename')}::text[], ${f('contentType')}::text[],
      ${f('size')}::int[], ${f('contentId')}::text[], ${f('inline')}::bool[],
      ${files.map((a) => Buffer.from(a.content).toString('base64'))}::text[],
      ${files.map((a) => a.createdAt.toISOString())}::timestamptz[])
      AS a(id, message_id, filename, content_type, size, content_id, inline, content, at)
    JOIN message ON message.id = a.message_id`;
}
