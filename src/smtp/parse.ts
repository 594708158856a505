import { type AddressObject, type EmailAddress, simpleParser } from 'mailparser';
import type { InboundMail } from '../domain/mail/messages.ts';
import { parseMessageIds } from '../domain/mail/threads.ts';

/**
 * keepCidLinks: keep the HTML as sent; inline images stay attachments instead of data: URLs.
 * skipTextToHtml: `textAsHtml` (the text part escaped and linkified) is never used.
 */
export const MAILPARSER_OPTIONS = { keepCidLinks: true, skipTextToHtml: true } as const;

/** Reads a raw MIME message into what the domain stores (mailparser does the MIME work). */
export async function parseMail(raw: Buffer): Promise<InboundMail> {
  const parsed = await simpleParser(raw, MAILPARSER_OPTIONS);
  const from = addresses(parsed.from)[0];
  return {
    rfcMessageId: parseMessageIds(parsed.messageId)[0] ?? null,
    inReplyTo: parseMessageIds(parsed.inReplyTo)[0] ?? null,
    references: parseMessageIds(parsed.references),
    from: { address: from?.address ?? '', name: from?.name || null },
    replyTo: addresses(parsed.replyTo).map((a) => a.address),
    to: addresses(parsed.to).map((a) => a.address),
    cc: addresses(parsed.cc).map((a) => a.address),
    subject: parsed.subject ?? null,
    text: parsed.text ?? null,
    html: parsed.html || null,
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType,
      contentId: a.contentId ?? null,
      inline: a.contentDisposition === 'inline',
      content: a.content,
    })),
  };
}

/** Every address of one or several address headers, groups flattened. */
function addresses(value: AddressObject | AddressObject[] | undefined): Array<{ address: string; name: string }> {
  const flatten = (list: EmailAddress[]): EmailAddress[] =>
    list.flatMap((entry) => (entry.group ? flatten(entry.group) : [entry]));
  const objects = Array.isArray(value) ? value : value ? [value] : [];
  return flatten(objects.flatMap((o) => o.value))
    .filter((a): a is EmailAddress & { address: string } => Boolean(a.address))
    .map((a) => ({ address: a.address, name: a.name }));
}
