import type pg from 'pg';
import type { Database, Transaction } from '../../db/client.ts';
import { commitAfter, type SqlExecutor, withPgTransaction } from '../../db/executor.ts';
import { readEnabledWebhooksOfInboxes } from '../../db/sql/events.ts';
import { inboxesAndThreads, inboxesByAddressUnscoped, insertMessages } from '../../db/sql/messages.ts';
import type { Attachment, Message } from '../../generated/prisma/client.ts';
import { newId } from '../../ids.ts';
import { type NewEvent, recordEvents } from '../events.ts';
import type { DeliveryQueue } from '../ports.ts';
import { applyRecipientReport, type Report, reportFingerprint } from './feedback.ts';
import { type InboundMail, messagePayload } from './messages.ts';
import { pickThread, threadCandidates } from './threads.ts';
import { parseBounceAddress } from './verp.ts';

export interface InboundDeps {
  db: Database;
  /** Pipelined pg connections for storing mail (db/executor.ts: a Prisma transaction costs more than the mail). */
  pool: pg.Pool;
  queue: DeliveryQueue;
  /** The key and domain of the service's bounce (VERP) addresses. */
  bounces: { secret: string; domain: string };
}

/** One accepted SMTP transaction: its envelope sender and recipients, raw source and parsed form. */
export interface ReceivedMail {
  mailFrom: string;
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

// PostgreSQL text cannot hold NUL, which a malformed mail may carry, nor its json a lone surrogate
// (an encoded word in UTF-16 can decode to one), and the event payload travels as json.
const clean = (value: string | null) =>
  (value as (string & { toWellFormed(): string }) | null)?.toWellFormed().replaceAll('\u0000', '\uFFFD') ?? null;
const cleanAll = (values: readonly string[]) => values.map((v) => clean(v) ?? '');

/**
 * Stores one INBOUND message per recipient inbox of each mail (each in its own organization), with
 * thread, raw source and attachments, and records `message.received` for each, all in one
 * transaction: either every inbox has every mail or none has. Recipients that are no inbox are
 * ignored. Returns, per mail, the messages stored.
 */
export async function receiveMails(deps: InboundDeps, mails: readonly ReceivedMail[]): Promise<StoredMessage[][]> {
  const wanted = mails.map((item) => ({
    item,
    addresses: [...new Set(item.recipients.map(normalizeAddress))],
    candidates: threadCandidates(item.mail.inReplyTo, item.mail.references),
  }));
  const addresses = [...new Set(wanted.flatMap((w) => w.addresses))];
  const pairs = wanted.flatMap((w) =>
    w.addresses.flatMap((address) => w.candidates.map((rfcMessageId) => ({ address, rfcMessageId }))),
  );
  // Mail the service sent to itself also moves its sender's recipient (localDeliveries, through Prisma).
  const local = mails.some((m) => parseBounceAddress(deps.bounces.secret, m.mailFrom, deps.bounces.domain));
  const inTransaction = <T>(work: (tx: SqlExecutor) => Promise<T>) =>
    local ? deps.db.$transaction(work) : withPgTransaction(deps.pool, work);
  return inTransaction(async (tx) => {
    // Two round trips on a pipelined connection: BEGIN and these reads, then the writes and COMMIT.
    const [{ inboxes, threads }, webhooks] = await Promise.all([
      inboxesAndThreads(tx, addresses, pairs),
      readEnabledWebhooksOfInboxes(tx, addresses),
    ]);
    const routed = wanted.map(({ item, addresses, candidates }) => ({
      item,
      candidates,
      targets: addresses.flatMap((a) => inboxes.get(a) ?? []),
    }));
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
          parentMessageId: null,
          providerMessageId: null,
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
    if (local) events.push(...(await localDeliveries(tx as Transaction, deps, mails, stored, inboxes)));
    // Issued at once (recordEvents reads nothing when given the webhooks), with COMMIT right behind.
    await commitAfter(
      tx,
      Promise.all([rows.length > 0 && insertMessages(tx, rows), recordEvents(tx, deps.queue, events, webhooks)]),
    );
    return stored;
  });
}

/**
 * Mail that one of the service's own inboxes sent (its envelope sender is one of our bounce
 * addresses) and that was just stored in the recipient's inbox has reached its final destination:
 * `message.delivered` for the sender (contract 5.3), in the same transaction as the receipt.
 */
async function localDeliveries(
  tx: Transaction,
  deps: InboundDeps,
  mails: readonly ReceivedMail[],
  stored: StoredMessage[][],
  inboxes: Map<string, { id: string }>,
): Promise<NewEvent[]> {
  const delivered = mails.flatMap((mail, i) => {
    const recipientId = parseBounceAddress(deps.bounces.secret, mail.mailFrom, deps.bounces.domain);
    return recipientId ? [{ recipientId, inboxIds: new Set(stored[i].map((m) => m.inboxId)) }] : [];
  });
  if (delivered.length === 0) return [];
  const recipients = await tx.messageRecipient.findMany({ where: { id: { in: delivered.map((d) => d.recipientId) } } });
  const events: NewEvent[] = [];
  for (const recipient of recipients) {
    const inbox = inboxes.get(recipient.address);
    const reached = delivered.find((d) => d.recipientId === recipient.id)?.inboxIds.has(inbox?.id ?? '');
    if (!inbox || !reached) continue;
    events.push(
      ...(await applyRecipientReport(tx, recipient, {
        source: 'local',
        action: 'delivered',
        status: '2.0.0',
        diagnostic: `Delivered to inbox ${inbox.id}`,
        externalId: `local:${recipient.id}`,
        fields: { inboxId: inbox.id },
      })),
    );
  }
  return events;
}

/** Whether an address is a bounce address whose recipient exists (contract 5.3: forged tags refused). */
export async function isBounceAddress(deps: InboundDeps, address: string): Promise<boolean> {
  if (normalizeAddress(address) === genericBounceAddress(deps)) return true;
  const recipientId = parseBounceAddress(deps.bounces.secret, address, deps.bounces.domain);
  if (!recipientId) return false;
  return (await deps.db.messageRecipient.count({ where: { id: recipientId } })) > 0;
}

/** Reports may also come to bounces@BOUNCE_DOMAIN, matched by envelope id or enclosed Message-ID. */
function genericBounceAddress(deps: InboundDeps) {
  return `bounces@${deps.bounces.domain}`;
}

/**
 * Applies a DSN or ARF report that arrived at bounce addresses. Each of its recipients is matched
 * by the bounce address it came to, else by Original-Envelope-Id, else by the enclosed Message-ID
 * and the reported address; each is applied once (the report's Message-ID and recipient identify a
 * repeat). Returns how many recipients changed.
 */
export async function receiveReport(
  deps: InboundDeps,
  envelopeRecipients: readonly string[],
  report: Report,
  raw: Buffer,
): Promise<number> {
  const verpIds = envelopeRecipients.flatMap(
    (a) => parseBounceAddress(deps.bounces.secret, a, deps.bounces.domain) ?? [],
  );
  return deps.db.$transaction(async (tx) => {
    const events: NewEvent[] = [];
    const reportId = report.reportMessageId ?? reportFingerprint(raw.toString('latin1'));
    for (const entry of report.recipients) {
      const recipient = await matchRecipient(tx, verpIds, report, entry.address);
      if (!recipient) continue;
      events.push(
        ...(await applyRecipientReport(tx, recipient, {
          source: report.kind === 'dsn' ? 'smtp_dsn' : 'arf',
          action: entry.action ?? 'failed',
          status: entry.status,
          diagnostic: entry.diagnostic,
          externalId: `${report.kind}:${reportId}:${recipient.id}`,
          fields: { ...entry, envelopeId: report.envelopeId, feedbackType: report.feedbackType ?? null },
        })),
      );
    }
    await recordEvents(tx, deps.queue, events);
    return events.length;
  });
}

async function matchRecipient(tx: Transaction, verpIds: string[], report: Report, address: string | null) {
  const byAddress = address ? { address: normalizeAddress(address) } : {};
  // One SMTP transaction per recipient: a report to a bounce address is about that recipient.
  if (verpIds.length > 0) {
    return tx.messageRecipient.findFirst({ where: { id: { in: verpIds }, ...(verpIds.length > 1 ? byAddress : {}) } });
  }
  if (report.envelopeId && /^rcpt_[0-9a-z]{26}$/.test(report.envelopeId)) {
    const found = await tx.messageRecipient.findUnique({ where: { id: report.envelopeId } });
    if (found) return found;
  }
  if (report.originalMessageId && address) {
    const message = await tx.message.findFirst({
      where: { rfcMessageId: report.originalMessageId, direction: 'OUTBOUND' },
      select: { id: true },
    });
    if (message) return tx.messageRecipient.findFirst({ where: { messageId: message.id, ...byAddress } });
  }
  return null;
}
