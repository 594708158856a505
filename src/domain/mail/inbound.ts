import type { Database } from '../../db/client.ts';
import { inboxesByAddressUnscoped, insertMessage, threadsByMessageIds } from '../../db/sql/messages.ts';
import type { Attachment, Message } from '../../generated/prisma/client.ts';
import { newId } from '../../ids.ts';
import { recordEvent } from '../events.ts';
import type { DeliveryQueue } from '../ports.ts';
import { type InboundMail, messagePayload } from './messages.ts';
import { pickThread, threadCandidates } from './threads.ts';

export interface InboundDeps {
  db: Database;
  queue: DeliveryQueue;
}

export interface StoredMessage {
  id: string;
  organizationId: string;
  inboxId: string;
}

/** Lower-cases what the domain compares: inbox addresses are stored lower-case. */
export function normalizeAddress(address: string): string {
  return address.trim().toLowerCase();
}

/** Whether an address is some inbox's; inbound SMTP refuses others at RCPT. */
export async function isInboxAddress(db: Database, address: string): Promise<boolean> {
  return (await inboxesByAddressUnscoped(db, [normalizeAddress(address)])).length > 0;
}

// PostgreSQL text cannot hold NUL, which a malformed mail may carry.
const clean = (value: string | null) => value?.replaceAll('\u0000', '\uFFFD') ?? null;
const cleanAll = (values: readonly string[]) => values.map((v) => clean(v) ?? '');

/**
 * Stores one INBOUND message per recipient inbox (each in its own organization), with thread,
 * raw source and attachments, and records `message.received` for each, all in one transaction:
 * either every inbox has the mail or none has. Recipients that are no inbox are ignored.
 */
export async function receiveMail(
  deps: InboundDeps,
  recipients: readonly string[],
  raw: Buffer,
  mail: InboundMail,
): Promise<StoredMessage[]> {
  const addresses = [...new Set(recipients.map(normalizeAddress))];
  return deps.db.$transaction(async (tx) => {
    // Ordered by organization: each recordEvent takes that organization's lock until commit, and a
    // fixed order keeps two multi-organization mails from deadlocking.
    const inboxes = await inboxesByAddressUnscoped(tx, addresses);
    const stored: StoredMessage[] = [];
    const candidates = threadCandidates(mail.inReplyTo, mail.references);
    for (const inbox of inboxes) {
      const now = new Date();
      const threadId = pickThread(candidates, await threadsByMessageIds(tx, inbox.id, candidates)) ?? newId('thread');
      const message: Message = {
        id: newId('message'),
        organizationId: inbox.organization_id,
        inboxId: inbox.id,
        threadId,
        direction: 'INBOUND',
        status: 'RECEIVED',
        rfcMessageId: clean(mail.rfcMessageId),
        inReplyTo: clean(mail.inReplyTo),
        references: cleanAll(mail.references),
        fromAddress: clean(mail.from.address) ?? '',
        fromName: clean(mail.from.name),
        replyTo: cleanAll(mail.replyTo),
        to: cleanAll(mail.to),
        cc: cleanAll(mail.cc),
        bcc: [],
        subject: clean(mail.subject),
        text: clean(mail.text),
        html: clean(mail.html),
        labels: [],
        sizeBytes: raw.length,
        createdAt: now,
        updatedAt: now,
      };
      const attachments: Attachment[] = mail.attachments.map((a) => ({
        id: newId('file'),
        messageId: message.id,
        filename: clean(a.filename),
        contentType: clean(a.contentType) ?? 'application/octet-stream',
        size: a.content.length,
        contentId: clean(a.contentId),
        inline: a.inline,
        content: a.content as Attachment['content'],
        createdAt: now,
      }));
      await insertMessage(tx, message, raw, attachments);
      await recordEvent(tx, deps.queue, {
        organizationId: message.organizationId,
        type: 'message.received',
        inboxId: message.inboxId,
        messageId: message.id,
        payload: messagePayload(message, attachments),
      });
      stored.push({ id: message.id, organizationId: message.organizationId, inboxId: message.inboxId });
    }
    return stored;
  });
}
