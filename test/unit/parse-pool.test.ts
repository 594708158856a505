import { afterAll, describe, expect, it } from 'vitest';
import { createMailParser } from '../../src/smtp/parse-pool.ts';

const parser = createMailParser();
afterAll(() => parser.close());

const withAttachment = [
  'From: Alice <alice@example.org>',
  'To: bob@example.org',
  'Subject: report',
  'Message-ID: <r1@example.org>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b"',
  '',
  '--b',
  'Content-Type: text/plain',
  '',
  'see attached',
  '--b',
  'Content-Type: application/pdf; name="r.pdf"',
  'Content-Disposition: attachment; filename="r.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('%PDF-1.4 bytes').toString('base64'),
  '--b--',
  '',
].join('\r\n');

describe('parsing on a worker thread', () => {
  it('gives back what parseMail reads, attachment contents as Buffers', async () => {
    const mail = await parser.parse(Buffer.from(withAttachment));
    expect(mail).toMatchObject({ subject: 'report', rfcMessageId: '<r1@example.org>', text: 'see attached' });
    expect(mail.from).toEqual({ address: 'alice@example.org', name: 'Alice' });
    expect(Buffer.isBuffer(mail.attachments[0].content)).toBe(true);
    expect(mail.attachments[0].content.toString()).toBe('%PDF-1.4 bytes');
  });

  it('answers each of many mails sent in one turn of the event loop with its own parse', async () => {
    const mails = Array.from({ length: 12 }, (_, i) =>
      withAttachment.replace('Subject: report', `Subject: report ${i}`).replace('<r1@', `<r${i}-${i * 7}@`),
    );
    const parsed = await Promise.all(mails.map((mail) => parser.parse(Buffer.from(mail))));
    expect(parsed.map((mail) => [mail.subject, mail.rfcMessageId])).toEqual(
      mails.map((_, i) => [`report ${i}`, `<r${i}-${i * 7}@example.org>`]),
    );
  });

  it('fails the parses of a thread that stops, and starts a new one for the next', async () => {
    const own = createMailParser();
    // Expected before closing: the threads end one by one, and the rejection must not wait unhandled.
    const cut = expect(own.parse(Buffer.from(withAttachment))).rejects.toThrow(/exited/);
    await own.close();
    await cut;
    expect((await own.parse(Buffer.from(withAttachment))).subject).toBe('report');
    await own.close();
  });
});
