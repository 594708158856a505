import type { Attachment, Message } from '../../generated/prisma/client.ts';

/** A webhook body stays small whatever the mail (contract 3.2). */
export const PAYLOAD_BODY_MAX_BYTES = 256 * 1024;

/** A parsed mail, as the SMTP side hands it to the domain. */
export interface InboundMail {
  rfcMessageId: string | null;
  inReplyTo: string | null;
  references: string[];
  from: { address: string; name: string | null };
  replyTo: string[];
  to: string[];
  cc: string[];
  subject: string | null;
  text: string | null;
  html: string | null;
  attachments: InboundAttachment[];
}

export interface InboundAttachment {
  filename: string | null;
  contentType: string;
  contentId: string | null;
  inline: boolean;
  content: Buffer;
}

function cut(value: string | null): [string | null, boolean] {
  if (value === null || Buffer.byteLength(value) <= PAYLOAD_BODY_MAX_BYTES) return [value, false];
  // Cut on a character boundary: decoding a byte slice drops a split trailing character.
  const head = Buffer.from(value).subarray(0, PAYLOAD_BODY_MAX_BYTES).toString('utf8');
  return [head.endsWith('\uFFFD') ? head.slice(0, -1) : head, true];
}

/** The `message.*` payload of contract 3.2, without attachment contents. */
export function messagePayload(
  message: Message,
  attachments: ReadonlyArray<Pick<Attachment, 'id' | 'filename' | 'contentType' | 'size'>>,
) {
  const [text, textCut] = cut(message.text);
  const [html, htmlCut] = cut(message.html);
  return {
    id: message.id,
    organizationId: message.organizationId,
    inboxId: message.inboxId,
    threadId: message.threadId,
    from: message.fromAddress,
    to: message.to,
    cc: message.cc,
    subject: message.subject,
    text,
    html,
    labels: message.labels,
    status: message.status.toLowerCase(),
    createdAt: message.createdAt.toISOString(),
    updatedAt: message.updatedAt.toISOString(),
    attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, contentType: a.contentType, size: a.size })),
    ...(textCut || htmlCut ? { truncated: true } : {}),
  };
}
