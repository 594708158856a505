import type pg from 'pg';
import { batched } from '../../batched.ts';
import type { Database } from '../../db/client.ts';
import { commitAfter, pgExecutor, withPgTransaction } from '../../db/executor.ts';
import { insertMessages } from '../../db/sql/messages.ts';
import { inboxesByIds, insertQueuedRecipients } from '../../db/sql/outbound.ts';
import type { Attachment, Message, RecipientKind } from '../../generated/prisma/client.ts';
import type { ComposeMail, MailQueue } from '../ports.ts';
import type { OutboundDeps, SenderInbox } from './outbound.ts';

/** A queued outbound message as it is stored: its row, MIME source, attachments and recipients. */
export interface OutboundEntry {
  message: Message;
  raw: Buffer;
  attachments: Attachment[];
  recipients: Array<{ id: string; address: string; kind: RecipientKind }>;
}

/** Most messages stored in one transaction, and inboxes looked up in one query. */
const STORE_BATCH = 50;
const LOOKUP_BATCH = 100;

/** Stores messages QUEUED with their recipients, threads and sources, and queues their sends, in one transaction. */
export async function storeOutbound(
  pool: pg.Pool,
  mailQueue: MailQueue,
  entries: OutboundEntry[],
): Promise<undefined[]> {
  // BEGIN, the writes and COMMIT: one round trip on a pipelined connection.
  await withPgTransaction(pool, (tx) =>
    commitAfter(
      tx,
      Promise.all([
        insertMessages(tx, entries),
        insertQueuedRecipients(
          tx,
          entries.flatMap(({ message, recipients }) =>
            recipients.map((r) => ({
              ...r,
              organizationId: message.organizationId,
              messageId: message.id,
              at: message.createdAt,
            })),
          ),
        ),
        mailQueue.enqueue(
          tx,
          entries.map(({ message }) => ({ messageId: message.id, round: 1 })),
        ),
      ]),
    ),
  );
  return entries.map(() => undefined);
}

/**
 * Outbound deps where concurrent sends share work: messages queued while a transaction stores
 * others go together in the next one (a failed batch is retried one message at a time, so a
 * refused mutation still changes nothing), and their inboxes are looked up in one query.
 */
export function createOutboundDeps(deps: {
  db: Database;
  pool: pg.Pool;
  mailQueue: MailQueue;
  compose: ComposeMail;
  mailDomain: string;
}): OutboundDeps {
  const { db, pool, mailQueue } = deps;
  const findInbox = batched(
    async (keys: Array<{ organizationId: string; id: string }>): Promise<Array<SenderInbox | null>> => {
      const found = await inboxesByIds(pgExecutor(pool), keys);
      return keys.map(
        (key) => found.find((inbox) => inbox.id === key.id && inbox.organization_id === key.organizationId) ?? null,
      );
    },
    { maxItems: LOOKUP_BATCH },
  );
  return {
    db,
    compose: deps.compose,
    mailDomain: deps.mailDomain,
    store: batched((entries: OutboundEntry[]) => storeOutbound(pool, mailQueue, entries), {
      maxItems: STORE_BATCH,
    }),
    findInbox: (organizationId, id) => findInbox({ organizationId, id }),
  };
}
