import type { Database } from '../../db/client.ts';
import { inboxesByAddressUnscoped, insertMessages, threadsByMessageIds } from '../../db/sql/messages.ts';
import type { Attachment, Message } from '../../generated/prisma/client.ts';
import { newId } from '../../ids.ts';
import { type NewEvent, recordEvents } from '../events.ts';
import type { DeliveryQueue } from '../ports.ts';
import { type InboundMail, messagePayload } from './messages.ts';
import { pickThread, threadCandidates } from './threads.ts';

export interface InboundDeps {
  db: Database;
  queue: DeliveryQueue;
}

/** One accepted SMTP transaction: its envelope recipients, raw source and parsed form. */
export interface ReceivedMail {
  recipients: readonly string[];
  raw: Buffer;
  mail: InboundMail;
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

/** Whether each address is some inbox's; inbound SMTP refuses others at RCPT. */
export async function areInboxAddresses(db: Database, addresses: readonly string[]): Promise<boolean[]> {
  const normalized = addresses.map(normalizeAddress);
  const known = new Set((await inboxesByAddressUnscoped(db, [...new Set(normalized)])).map((inbox) => inbox.email));
  return normalized.map((address) => known.has(address));
}

// PostgreSQL text cannot hold NUL, which a malformed mail may carry.
const clean = (value: string | null) => value?.replaceAll('\u0000', '\uFFFD') ?? null;
const cleanAll = (values: readonly string[]) => values.map((v) => clean(v) ?? '');

/**
 * Stores one INBOUND message per recipient inbox of each mail (each in its own organization), with
 * thread, raw source and attachments, and records `message.received` for each, all in one
 * transaction: either every inbox has every mail or none has. Recipients that are no inbox are
 * ignored. Returns, per mail, the messages stored.
 */
export async function receiveMails(deps: InboundDeps, mails: readonly ReceivedMail[]): Promise<StoredMessage[][]> {
  const addresses = [...new Set(mails.flatMap((m) => m.recipients.map(normalizeAddress)))];
  return deps.db.$transaction(async (tx) => {
    const inboxes = new Map((await inboxesByAddressUnscoped(tx, addresses)).map((inbox) => [inbox.email, inbox]));
    const routed = mails.map((item) => {
      const candidates = threadCandidates(item.mail.inReplyTo, item.mail.references);
      const targets = [...new Set(item.recipients.map(normalizeAddress))].flatMap((a) => inboxes.get(a) ?? []);
      return { item, candidates, targets };
    });
    const threads = await threadsByMessageIds(
      tx,
      routed.flatMap(({ candidates, targets }) =>
        targets.flatMap((inbox) => candidates.map((rfcMessageId) => ({ inboxId: inbox.id, rfcMessageId }))),
      ),
    );
    const stored: StoredMessage[][] = [];
    const events: NewEvent[] = [];
    const rows: Parameters<typeof insertMessages>[1] = [];
    for (const { item, candidates, targets } of routed) {
      const { mail, raw } = item;
      const storedForMail: StoredMessage[] = [];
      for (const inbox of targets) {
        const now = new Date();
        const inInbox = new Map(candidates.map((id) => [id, threads.get(`${inbox.id} ${id}`) ?? '']));
        const threadId = pickThread(candidates, inInbox) ?? newId('thread');
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
        rows.push({ message, raw, attachments });
        // A later mail of this batch may be a reply to this one.
        if (message.rfcMessageId) threads.set(`${inbox.id} ${message.rfcMessageId}`, threadId);
        events.push({
          organizationId: message.organizationId,
          type: 'message.received',
          inboxId: message.inboxId,
          messageId: message.id,
          payload: messagePayload(message, attachments),
        });
        storedForMail.push({ id: message.id, organizationId: message.organizationId, inboxId: message.inboxId });
      }
      stored.push(storedForMail);
    }
    if (rows.length > 0) await insertMessages(tx, rows);
    await recordEvents(tx, deps.queue, events);
    return stored;
  });
}
