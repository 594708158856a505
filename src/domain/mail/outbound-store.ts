import { batched } from '../../batched.ts';
import type { Database, Transaction } from '../../db/client.ts';
import { insertMessages } from '../../db/sql/messages.ts';
import type { Attachment, Inbox, Message, RecipientKind } from '../../generated/prisma/client.ts';
import type { ComposeMail, MailQueue } from '../ports.ts';
import type { OutboundDeps } from './outbound.ts';

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
  db: Database,
  mailQueue: MailQueue,
  entries: OutboundEntry[],
): Promise<undefined[]> {
  await db.$transaction(async (tx: Transaction) => {
    await insertMessages(tx, entries);
    await tx.messageRecipient.createMany({
      data: entries.flatMap(({ message, recipients }) =>
        recipients.map((r) => ({
          id: r.id,
          organizationId: message.organizationId,
          messageId: message.id,
          address: r.address,
          kind: r.kind,
          status: 'QUEUED' as const,
          createdAt: message.createdAt,
          updatedAt: message.createdAt,
        })),
      ),
    });
    await mailQueue.enqueue(
      tx,
      entries.map(({ message }) => ({ messageId: message.id, round: 1 })),
    );
  });
  return entries.map(() => undefined);
}

/**
 * Outbound deps where concurrent sends share work: messages queued while a transaction stores
 * others go together in the next one (a failed batch is retried one message at a time, so a
 * refused mutation still changes nothing), and their inboxes are looked up in one query.
 */
export function createOutboundDeps(deps: {
  db: Database;
  mailQueue: MailQueue;
  compose: ComposeMail;
  mailDomain: string;
}): OutboundDeps {
  const { db, mailQueue } = deps;
  const findInbox = batched(
    async (keys: Array<{ organizationId: string; id: string }>): Promise<Array<Inbox | null>> => {
      const found = await db.inbox.findMany({ where: { id: { in: [...new Set(keys.map((k) => k.id))] } } });
      return keys.map(
        (key) => found.find((inbox) => inbox.id === key.id && inbox.organizationId === key.organizationId) ?? null,
      );
    },
    { maxItems: LOOKUP_BATCH, concurrency: 2 },
  );
  return {
    db,
    compose: deps.compose,
    mailDomain: deps.mailDomain,
    store: batched((entries: OutboundEntry[]) => storeOutbound(db, mailQueue, entries), {
      maxItems: STORE_BATCH,
      concurrency: 2,
    }),
    findInbox: (organizationId, id) => findInbox({ organizationId, id }),
  };
}
