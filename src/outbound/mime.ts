import { buffer } from 'node:stream/consumers';
import DKIM from 'nodemailer/lib/dkim';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { ComposeInput, ComposeMail } from '../domain/ports.ts';

export interface DkimOptions {
  keySelector: string;
  privateKey: string;
}

/**
 * The MIME source of an outbound message (nodemailer's composer), DKIM-signed when configured,
 * for the From address's domain.
 */
export function createComposer(dkim?: DkimOptions): ComposeMail {
  return async (input: ComposeInput) => {
    const signer = dkim ? new DKIM({ ...dkim, domainName: input.from.address.split('@')[1] }) : null;
    const composed = await new MailComposer({
      from: input.from.name ? { name: input.from.name, address: input.from.address } : input.from.address,
      to: input.to,
      cc: input.cc.length ? input.cc : undefined,
      subject: input.subject ?? undefined,
      text: input.text ?? undefined,
      html: input.html ?? undefined,
      messageId: input.messageId,
      inReplyTo: input.inReplyTo ?? undefined,
      references: input.references.length ? input.references : undefined,
      attachments: input.attachments.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: a.content,
      })),
    })
      .compile()
      .build();
    if (!signer) return composed;
    return buffer(signer.sign(composed));
  };
}
