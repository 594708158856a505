import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { InvalidInputError, NotFoundError } from '../../errors.ts';
import type { Attachment, Message, RecipientKind } from '../../generated/prisma/client.ts';
import { newId } from '../../ids.ts';
import type { ComposeMail } from '../ports.ts';
import type { OutboundEntry } from './outbound-store.ts';

/** What a message is sent from. */
export interface SenderInbox {
  id: string;
  email: string;
  name: string;
}

/** Built by createOutboundDeps (outbound-store.ts). */
export interface OutboundDeps {
  db: Database;
  compose: ComposeMail;
  mailDomain: string;
  /** Stores a message QUEUED with its recipients, thread and source, and queues its send, atomically. */
  store: (entry: OutboundEntry) => Promise<void>;
  /** The organization's inbox with this id, if there is one. */
  findInbox: (organizationId: string, id: string) => Promise<SenderInbox | null>;
}

export const MAX_RECIPIENTS = 50;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const MAX_BODY_CHARS = 5 * 1024 * 1024;
const MAX_SUBJECT_CHARS = 998;
const MAX_LABELS = 20;

const email = z.email();

export interface AttachmentInput {
  filename: string;
  contentType: string;
  contentBase64: string;
}

export interface SendMessageInput {
  inboxId: string;
  to: readonly string[];
  cc?: readonly string[] | null;
  bcc?: readonly string[] | null;
  subject?: string | null;
  text?: string | null;
  html?: string | null;
  labels?: readonly string[] | null;
  attachments?: readonly AttachmentInput[] | null;
}

export interface ReplyInput {
  text?: string | null;
  html?: string | null;
  replyAll?: boolean | null;
  attachments?: readonly AttachmentInput[] | null;
}

function addresses(field: string, values: readonly string[] | null | undefined): string[] {
  return (values ?? []).map((value, i) => {
    const address = value.trim().toLowerCase();
    // Header injection: an address must be one line, without angle brackets or commas.
    if (!email.safeParse(address).success || address.length > 254 || /[\s<>,;]/.test(address)) {
      throw new InvalidInputError(`${field}[${i}]`, `"${value}" is not an email address such as alice@example.com.`);
    }
    return address;
  });
}

function text(field: string, value: string | null | undefined, max: number): string | null {
  if (value == null) return null;
  if (value.includes('\u0000')) throw new InvalidInputError(field, `${field} must not contain NUL characters.`);
  if (value.length > max) throw new InvalidInputError(field, `${field} may be at most ${max} characters long.`);
  return value;
}

function subjectOf(value: string | null | undefined): string | null {
  const subject = text('subject', value, MAX_SUBJECT_CHARS);
  if (subject && /[\r\n]/.test(subject)) {
    throw new InvalidInputError('subject', 'subject must be one line (no CR or LF).');
  }
  return subject;
}

function hasControlOrSlash(value: string): boolean {
  return [...value].some((ch) => ch === '/' || ch === '\\' || ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
}

function decodeAttachments(values: readonly AttachmentInput[] | null | undefined) {
  let total = 0;
  return (values ?? []).map((a, i) => {
    const field = `attachments[${i}]`;
    if (!a.filename.trim() || a.filename.length > 255 || hasControlOrSlash(a.filename)) {
      throw new InvalidInputError(`${field}.filename`, 'A filename is 1 to 255 characters, one line, without / or \\.');
    }
    if (!/^[\w.+-]+\/[\w.+-]+$/.test(a.contentType)) {
      throw new InvalidInputError(
        `${field}.contentType`,
        `"${a.contentType}" is not a MIME type such as application/pdf.`,
      );
    }
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(a.contentBase64.replace(/\s+/g, ''))) {
      throw new InvalidInputError(`${field}.contentBase64`, 'contentBase64 must be standard base64.');
    }
    const content = Buffer.from(a.contentBase64, 'base64');
    total += content.length;
    if (total > MAX_ATTACHMENT_BYTES) {
      throw new InvalidInputError(field, `Attachments may total at most ${MAX_ATTACHMENT_BYTES} bytes.`);
    }
    return { filename: a.filename.trim(), contentType: a.contentType.toLowerCase(), content };
  });
}

interface Draft {
  organizationId: string;
  inbox: SenderInbox;
  threadId: string;
  parent: Message | null;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string | null;
  text: string | null;
  html: string | null;
  labels: string[];
  attachments: Array<{ filename: string; contentType: string; content: Buffer }>;
}

/** Stores the message QUEUED with its recipients, thread and MIME source, and queues its send, in one transaction. */
async function queueOutbound(deps: OutboundDeps, draft: Draft): Promise<Message> {
  const recipients: Array<{ id: string; address: string; kind: RecipientKind }> = [];
  const seen = new Set<string>();
  for (const [kind, list] of [
    ['TO', draft.to],
    ['CC', draft.cc],
    ['BCC', draft.bcc],
  ] as const) {
    for (const address of list) {
      if (seen.has(address)) continue;
      seen.add(address);
      recipients.push({ id: newId('recipient'), address, kind });
    }
  }
  if (recipients.length === 0) throw new InvalidInputError('to', 'Give at least one recipient in to.');
  if (recipients.length > MAX_RECIPIENTS) {
    throw new InvalidInputError(
      'to',
      `A message may have at most ${MAX_RECIPIENTS} recipients (to, cc and bcc together).`,
    );
  }
  if (draft.text == null && draft.html == null) {
    throw new InvalidInputError('text', 'Give text, html or both.');
  }
  const id = newId('message');
  const rfcMessageId = `<${id}@${deps.mailDomain}>`;
  const references = draft.parent
    ? [...draft.parent.references, ...(draft.parent.rfcMessageId ? [draft.parent.rfcMessageId] : [])].slice(-20)
    : [];
  const raw = await deps.compose({
    messageId: rfcMessageId,
    from: { address: draft.inbox.email, name: draft.inbox.name },
    to: draft.to,
    cc: draft.cc,
    subject: draft.subject,
    text: draft.text,
    html: draft.html,
    inReplyTo: draft.parent?.rfcMessageId ?? null,
    references,
    attachments: draft.attachments,
  });
  const now = new Date();
  const message: Message = {
    id,
    organizationId: draft.organizationId,
    inboxId: draft.inbox.id,
    threadId: draft.threadId,
    direction: 'OUTBOUND',
    status: 'QUEUED',
    rfcMessageId,
    inReplyTo: draft.parent?.rfcMessageId ?? null,
    references,
    fromAddress: draft.inbox.email,
    fromName: draft.inbox.name,
    replyTo: [],
    to: draft.to,
    cc: draft.cc,
    bcc: draft.bcc,
    subject: draft.subject,
    text: draft.text,
    html: draft.html,
    labels: draft.labels,
    sizeBytes: raw.length,
    parentMessageId: draft.parent?.id ?? null,
    providerMessageId: null,
    createdAt: now,
    updatedAt: now,
  };
  const attachments: Attachment[] = draft.attachments.map((a) => ({
    id: newId('file'),
    messageId: id,
    filename: a.filename,
    contentType: a.contentType,
    size: a.content.length,
    contentId: null,
    inline: false,
    content: a.content as Attachment['content'],
    createdAt: now,
  }));
  await deps.store({ message, raw, attachments, recipients });
  return message;
}

export async function sendMessage(deps: OutboundDeps, organizationId: string, input: SendMessageInput) {
  const to = addresses('to', input.to);
  const cc = addresses('cc', input.cc);
  const bcc = addresses('bcc', input.bcc);
  const subject = subjectOf(input.subject);
  const body = { text: text('text', input.text, MAX_BODY_CHARS), html: text('html', input.html, MAX_BODY_CHARS) };
  const labels = (input.labels ?? []).map((label, i) => {
    const value = label.trim();
    if (!value || value.length > 100) throw new InvalidInputError(`labels[${i}]`, 'A label is 1 to 100 characters.');
    return value;
  });
  if (labels.length > MAX_LABELS) throw new InvalidInputError('labels', `At most ${MAX_LABELS} labels.`);
  const attachments = decodeAttachments(input.attachments);
  const inbox = await deps.findInbox(organizationId, input.inboxId);
  if (!inbox) throw new NotFoundError('inbox', input.inboxId);
  return queueOutbound(deps, {
    organizationId,
    inbox,
    threadId: newId('thread'),
    parent: null,
    to,
    cc,
    bcc,
    subject,
    ...body,
    labels,
    attachments,
  });
}

/** `Re: ` once, whatever the parent's subject already had. */
export function replySubject(subject: string | null): string {
  const base = (subject ?? '').replace(/^(\s*(re|aw|sv)\s*:\s*)+/i, '').trim();
  return `Re: ${base}`.trim();
}

export async function replyToMessage(deps: OutboundDeps, organizationId: string, id: string, input: ReplyInput) {
  const body = { text: text('text', input.text, MAX_BODY_CHARS), html: text('html', input.html, MAX_BODY_CHARS) };
  const attachments = decodeAttachments(input.attachments);
  const parent = await deps.db.message.findFirst({ where: { id, organizationId }, include: { inbox: true } });
  if (!parent) throw new NotFoundError('message', id);
  const own = parent.inbox.email.toLowerCase();
  const answerTo =
    parent.direction === 'INBOUND' ? (parent.replyTo.length ? parent.replyTo : [parent.fromAddress]) : parent.to;
  const to = [...new Set(answerTo.map((a) => a.toLowerCase()).filter((a) => a && a !== own))];
  const cc = input.replyAll
    ? [...new Set([...parent.to, ...parent.cc].map((a) => a.toLowerCase()))].filter((a) => a !== own && !to.includes(a))
    : [];
  if (to.length === 0) throw new InvalidInputError('id', 'The message has no address to reply to.');
  return queueOutbound(deps, {
    organizationId,
    inbox: parent.inbox,
    threadId: parent.threadId,
    parent,
    to: addresses('to', to),
    cc: addresses('cc', cc),
    bcc: [],
    subject: replySubject(parent.subject),
    ...body,
    labels: [],
    attachments,
  });
}
