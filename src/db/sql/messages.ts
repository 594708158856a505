import type { Attachment, Message } from '../../generated/prisma/client.ts';
import type { Database, Transaction } from '../client.ts';
import type { SqlExecutor } from '../executor.ts';

/** Inboxes by address, across organizations: inbound mail is routed by envelope recipient alone. */
export function inboxesByAddressUnscoped(db: Database | Transaction, addresses: string[]) {
  return db.$queryRaw<{ id: string; organization_id: string; email: string }[]>`
    SELECT id, organization_id, email FROM inboxes WHERE email = ANY(${addresses}::text[]) ORDER BY organization_id, id`;
}

/**
 * Routes inbound mail: the inboxes of `addresses` (across organizations), and the thread of the
 * first message of such an inbox with each (address, Message-ID) pair's Message-ID, keyed
 * `${inboxId} ${rfcMessageId}`. Two plain statements, issued together (one round trip on a
 * pipelined connection): planning one statement that did both cost PostgreSQL more than the two.
 */
export async function inboxesAndThreads(
  tx: SqlExecutor,
  addresses: string[],
  pairs: Array<{ address: string; rfcMessageId: string }>,
) {
  const [inboxRows, threadRows] = await Promise.all([
    tx.$queryRaw<Array<{ id: string; organization_id: string; email: string }>>`
      SELECT id, organization_id, email FROM inboxes WHERE email = ANY(${addresses}::text[])`,
    pairs.length === 0
      ? []
      : // Every wanted inbox with every wanted Message-ID: the pairs not asked for are dropped below.
        tx.$queryRaw<Array<{ email: string; inbox_id: string; rfc_message_id: string; thread_id: string }>>`
          SELECT DISTINCT ON (m.inbox_id, m.rfc_message_id) i.email, m.inbox_id, m.rfc_message_id, m.thread_id
          FROM inboxes i JOIN messages m ON m.inbox_id = i.id
          WHERE i.email = ANY(${[...new Set(pairs.map((p) => p.address))]}::text[])
            AND m.rfc_message_id = ANY(${[...new Set(pairs.map((p) => p.rfcMessageId))]}::text[])
          ORDER BY m.inbox_id, m.rfc_message_id, m.id`,
  ]);
  const inboxes = new Map(inboxRows.map((inbox) => [inbox.email, inbox]));
  const wanted = new Set(pairs.map((p) => `${p.address} ${p.rfcMessageId}`));
  const threads = new Map<string, string>();
  for (const row of threadRows) {
    if (wanted.has(`${row.email} ${row.rfc_message_id}`))
      threads.set(`${row.inbox_id} ${row.rfc_message_id}`, row.thread_id);
  }
  return { inboxes, threads };
}

// JSON escapes a lone surrogate, which PostgreSQL's json refuses (a text parameter carries U+FFFD).
const wellFormed = (_key: string, value: unknown) =>
  typeof value === 'string' ? (value as string & { toWellFormed(): string }).toWellFormed() : value;

/**
 * Messages, their raw sources, their attachments and their threads (created, or counted more) in
 * one statement, however many there are. Rows travel as three JSON documents: Prisma's cost per
 * query parameter grows with every array element, and a batch has hundreds of them.
 */
export async function insertMessages(
  tx: SqlExecutor,
  messages: Array<{ message: Message; raw: Buffer; attachments: Attachment[] }>,
) {
  const threads = new Map<
    string,
    { id: string; organization_id: string; inbox_id: string; subject: string | null; n: number; at: Date }
  >();
  for (const { message } of messages) {
    const thread = threads.get(message.threadId);
    if (thread) {
      thread.n++;
      if (message.createdAt > thread.at) thread.at = message.createdAt;
    } else {
      threads.set(message.threadId, {
        id: message.threadId,
        organization_id: message.organizationId,
        inbox_id: message.inboxId,
        subject: message.subject,
        n: 1,
        at: message.createdAt,
      });
    }
  }
  const rows = messages.map(({ message: m, raw }) => ({
    id: m.id,
    organization_id: m.organizationId,
    inbox_id: m.inboxId,
    thread_id: m.threadId,
    direction: m.direction,
    status: m.status,
    rfc_message_id: m.rfcMessageId,
    in_reply_to: m.inReplyTo,
    references: m.references,
    from_address: m.fromAddress,
    from_name: m.fromName,
    reply_to: m.replyTo,
    to: m.to,
    cc: m.cc,
    bcc: m.bcc,
    subject: m.subject,
    text: m.text,
    html: m.html,
    labels: m.labels,
    size_bytes: m.sizeBytes,
    parent_message_id: m.parentMessageId,
    at: m.createdAt,
    raw: raw.toString('base64'),
  }));
  const files = messages.flatMap(({ attachments }) =>
    attachments.map((a) => ({
      id: a.id,
      message_id: a.messageId,
      filename: a.filename,
      content_type: a.contentType,
      size: a.size,
      content_id: a.contentId,
      inline: a.inline,
      content: Buffer.from(a.content).toString('base64'),
      at: a.createdAt,
    })),
  );
  await tx.$executeRaw`/* prepared */
    WITH input AS MATERIALIZED (
      SELECT * FROM json_to_recordset(${JSON.stringify(rows, wellFormed)}::json) AS m(id text, organization_id text, inbox_id text,
        thread_id text, direction message_direction, status message_status, rfc_message_id text, in_reply_to text,
        "references" text[], from_address text, from_name text, reply_to text[], "to" text[], cc text[], bcc text[],
        subject text, text text, html text, labels text[], size_bytes int, parent_message_id text, at timestamptz,
        raw text)
    ), thread AS (
      INSERT INTO threads (id, organization_id, inbox_id, subject, message_count, last_message_at, created_at, updated_at)
      SELECT id, organization_id, inbox_id, subject, n, at, at, at
      FROM json_to_recordset(${JSON.stringify([...threads.values()], wellFormed)}::json)
        AS t(id text, organization_id text, inbox_id text, subject text, n int, at timestamptz)
      ON CONFLICT (id) DO UPDATE SET
        message_count = threads.message_count + EXCLUDED.message_count,
        last_message_at = GREATEST(threads.last_message_at, EXCLUDED.last_message_at),
        updated_at = EXCLUDED.updated_at
      RETURNING id
    ), message AS (
      INSERT INTO messages (id, organization_id, inbox_id, thread_id, direction, status, rfc_message_id, in_reply_to,
        "references", from_address, from_name, reply_to, "to", cc, bcc, subject, text, html, labels, size_bytes,
        parent_message_id, created_at, updated_at)
      SELECT m.id, m.organization_id, m.inbox_id, thread.id, m.direction, m.status, m.rfc_message_id, m.in_reply_to,
        m."references", m.from_address, m.from_name, m.reply_to, m."to", m.cc, m.bcc, m.subject, m.text, m.html,
        m.labels, m.size_bytes, m.parent_message_id, m.at, m.at
      FROM input AS m
      JOIN thread ON thread.id = m.thread_id
      RETURNING id
    ), source AS (
      INSERT INTO message_sources (message_id, raw)
      SELECT m.id, decode(m.raw, 'base64') FROM input AS m JOIN message ON message.id = m.id
    )
    INSERT INTO attachments (id, message_id, filename, content_type, size, content_id, inline, content, created_at)
    SELECT a.id, a.message_id, a.filename, a.content_type, a.size, a.content_id, a.inline, decode(a.content, 'base64'), a.at
    FROM json_to_recordset(${JSON.stringify(files, wellFormed)}::json) AS a(id text, message_id text, filename text,
      content_type text, size int, content_id text, inline bool, content text, at timestamptz)
    JOIN message ON message.id = a.message_id`;
}
