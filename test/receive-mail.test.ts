import { randomBytes } from 'node:crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetMessage, GetThread, InboxMail, ListMessages, ListThreads } from './documents/mail-operations.ts';
import { ListEvents } from './documents/operations.ts';
import { EventsSubscription } from './documents/subscription-operations.ts';
import { createInboxFor, createWebhookFor } from './helpers/factories.ts';
import { expectData, type GraphQLRequest } from './helpers/graphql-client.ts';
import { Receiver } from './helpers/receiver.ts';
import { startTestService, type TestService } from './helpers/service.ts';
import { RawSmtp, sendMail, sendRaw } from './helpers/smtp.ts';
import { waitFor } from './helpers/wait.ts';
import { connectWs, subscribe } from './helpers/ws-client.ts';

const MAX_MESSAGE_BYTES = 256 * 1024;
let service: TestService;
let smtpPort: number;
const receivers: Receiver[] = [];

beforeAll(async () => {
  service = await startTestService({ SMTP_MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) });
  smtpPort = service.smtpPort as number;
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await service?.stop();
});

async function messagesOf(gql: GraphQLRequest, filter = {}) {
  return expectData(await gql(ListMessages, { first: 100, filter })).messages.edges.map((e) => e.node);
}

async function onlyMessage(gql: GraphQLRequest) {
  const [message] = await waitFor(async () => {
    const list = await messagesOf(gql);
    return list.length > 0 && list;
  });
  return message;
}

describe('receiving mail over SMTP', () => {
  it('turns a mail into a signed message.received webhook, a stored message and a live event', async () => {
    const { gql, key } = await service.newOrganization();
    const receiver = await Receiver.start();
    receivers.push(receiver);
    const webhook = await createWebhookFor(gql, `${receiver.url}/hook`, ['message.received']);
    const inbox = await createInboxFor(gql, { name: 'Support' });
    const [created] = expectData(await gql(ListEvents, { first: 1 })).events.edges;
    const ws = connectWs(service.baseUrl, key);
    // Replaying from the inbox.created event: the received mail is streamed whether it is
    // recorded before or after the subscription starts listening.
    const live = subscribe(ws.client, EventsSubscription, { types: ['message.received'], after: created.node.id });

    const info = await sendMail(smtpPort, {
      to: `Support Team <${inbox.email}>`,
      cc: 'someone@example.net',
      subject: 'Order #1234 is late',
      text: 'Where is my order?',
      html: '<p>Where is my <b>order</b>?</p>',
      messageId: '<order-1234@example.org>',
    });
    expect(info.accepted).toEqual([inbox.email]);
    expect(info.response).toMatch(/^250 .*msg_/);

    const [request] = await receiver.waitForRequests(1);
    const verified = new StandardWebhook(webhook.secret).verify(request.body, request.headers) as Record<
      string,
      unknown
    >;
    const message = await onlyMessage(gql);
    expect(Object.keys(verified)).toEqual(['event', 'messageId', 'inboxId', 'payload']);
    expect(verified).toMatchObject({ event: 'message.received', messageId: message.id, inboxId: inbox.id });
    const payload = verified.payload as Record<string, unknown>;
    expect(Object.keys(payload)).toEqual([
      'id',
      'organizationId',
      'inboxId',
      'threadId',
      'from',
      'to',
      'cc',
      'subject',
      'text',
      'html',
      'labels',
      'status',
      'createdAt',
      'updatedAt',
      'attachments',
    ]);
    expect(payload).toMatchObject({
      id: message.id,
      inboxId: inbox.id,
      threadId: message.thread.id,
      from: 'alice@example.org',
      to: [inbox.email],
      cc: ['someone@example.net'],
      subject: 'Order #1234 is late',
      text: 'Where is my order?',
      html: '<p>Where is my <b>order</b>?</p>',
      labels: [],
      status: 'received',
      attachments: [],
    });
    expect(payload.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    expect(message).toMatchObject({
      direction: 'INBOUND',
      status: 'RECEIVED',
      from: 'alice@example.org',
      fromName: 'Alice Sender',
      rfcMessageId: '<order-1234@example.org>',
      inbox: { id: inbox.id },
      thread: { messageCount: 1 },
      events: [{ type: 'message.received' }],
    });
    const [streamed] = await live.waitForItems(1);
    expect(streamed.events).toMatchObject({ type: 'message.received', messageId: message.id, inboxId: inbox.id });
    const inboxMail = expectData(await gql(InboxMail, { id: inbox.id })).inbox;
    expect(inboxMail?.messages.edges.map((e) => e.node.id)).toEqual([message.id]);
    expect(inboxMail?.threads.edges.map((e) => e.node.id)).toEqual([message.thread.id]);
    live.dispose();
    await ws.client.dispose();
  });

  it('refuses an unknown recipient at RCPT with 550 and an oversize message with 552', async () => {
    const { gql } = await service.newOrganization();
    const inbox = await createInboxFor(gql);
    const { smtp, greeting } = await RawSmtp.connect(smtpPort);
    expect(greeting).toMatch(/^220 /);
    await smtp.send('EHLO client.example.org');
    await smtp.send('MAIL FROM:<alice@example.org>');
    expect(await smtp.send('RCPT TO:<nobody-here@sendook.localhost>')).toMatch(/^550 /);
    expect(await smtp.send(`RCPT TO:<${inbox.email.toUpperCase()}>`)).toMatch(/^250 /);
    smtp.close();

    const big = sendMail(smtpPort, { to: inbox.email, subject: 'big', text: 'x'.repeat(MAX_MESSAGE_BYTES + 10) });
    await expect(big).rejects.toMatchObject({ responseCode: 552 });
    expect(await messagesOf(gql)).toEqual([]);
  });

  it('stores one message per inbox, each in its own organization, from one transaction', async () => {
    const a = await service.newOrganization('A');
    const b = await service.newOrganization('B');
    const inboxA = await createInboxFor(a.gql);
    const inboxB = await createInboxFor(b.gql);
    const info = await sendMail(smtpPort, {
      to: [inboxA.email, inboxB.email, 'nobody-at-all@sendook.localhost'],
      subject: 'To both',
      text: 'hello',
    });
    expect(info.accepted.sort()).toEqual([inboxA.email, inboxB.email].sort());
    expect(info.rejected).toEqual(['nobody-at-all@sendook.localhost']);

    const [messageA] = await messagesOf(a.gql);
    const [messageB] = await messagesOf(b.gql);
    expect(await messagesOf(a.gql)).toHaveLength(1);
    expect(await messagesOf(b.gql)).toHaveLength(1);
    expect(messageA.inbox.id).toBe(inboxA.id);
    expect(messageB.inbox.id).toBe(inboxB.id);
    // Another organization's message, thread and events behave as if they did not exist.
    expect(expectData(await a.gql(GetMessage, { id: messageB.id })).message).toBeNull();
    expect(expectData(await b.gql(GetThread, { id: messageA.thread.id })).thread).toBeNull();
    expect(await messagesOf(a.gql, { inboxId: inboxB.id })).toEqual([]);
    const eventsA = expectData(await a.gql(ListEvents, { first: 10, filter: { types: ['message.received'] } }));
    expect(eventsA.events.edges.map((e) => e.node.messageId)).toEqual([messageA.id]);
  });

  it('threads replies by In-Reply-To, then by References, and starts a new thread otherwise', async () => {
    const { gql } = await service.newOrganization();
    const inbox = await createInboxFor(gql);
    const first = '<first@example.org>';
    await sendMail(smtpPort, { to: inbox.email, subject: 'Question', text: '1', messageId: first });
    await sendMail(smtpPort, {
      to: inbox.email,
      subject: 'Re: Question',
      text: '2',
      messageId: '<second@example.org>',
      inReplyTo: first,
      references: [first],
    });
    await sendMail(smtpPort, {
      to: inbox.email,
      subject: 'Re: Question',
      text: '3',
      messageId: '<third@example.org>',
      references: ['<unknown@example.org>', '<second@example.org>'],
    });
    await sendMail(smtpPort, { to: inbox.email, subject: 'Question', text: 'unrelated', messageId: '<other@x.org>' });

    const messages = await messagesOf(gql);
    const threadOf = (text: string) => messages.find((m) => m.text?.trim() === text)?.thread.id;
    expect(threadOf('2')).toBe(threadOf('1'));
    expect(threadOf('3')).toBe(threadOf('1'));
    expect(threadOf('unrelated')).not.toBe(threadOf('1'));
    const threads = expectData(await gql(ListThreads, { inboxId: inbox.id })).threads.edges.map((e) => e.node);
    expect(threads.map((t) => t.messageCount).sort()).toEqual([1, 3]);
    const conversation = threads.find((t) => t.messageCount === 3);
    expect(conversation?.subject).toBe('Question');
    expect(conversation?.messages.edges).toHaveLength(3);
  });

  it('gives back a PDF and an inline image byte for byte', async () => {
    const { gql } = await service.newOrganization();
    const inbox = await createInboxFor(gql);
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(40_000)]);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(5000)]);
    await sendMail(smtpPort, {
      to: inbox.email,
      subject: 'Invoice',
      html: '<p>Logo: <img src="cid:logo@example.org"></p>',
      attachments: [
        { filename: 'invoice.pdf', content: pdf, contentType: 'application/pdf' },
        { filename: 'logo.png', content: png, contentType: 'image/png', cid: 'logo@example.org' },
      ],
    });
    const message = await onlyMessage(gql);
    const byName = new Map(message.attachments.map((a) => [a.filename, a]));
    expect(byName.get('invoice.pdf')).toMatchObject({ contentType: 'application/pdf', size: pdf.length });
    expect(Buffer.from(byName.get('invoice.pdf')?.contentBase64 ?? '', 'base64').equals(pdf)).toBe(true);
    expect(byName.get('logo.png')).toMatchObject({ contentType: 'image/png', contentId: '<logo@example.org>' });
    expect(Buffer.from(byName.get('logo.png')?.contentBase64 ?? '', 'base64').equals(png)).toBe(true);
    expect(message.html).toContain('cid:logo@example.org');
    const [event] = expectData(await gql(ListEvents, { first: 1, filter: { messageId: message.id } })).events.edges;
    const listed = (event.node.payload as { attachments: unknown[] }).attachments;
    expect(listed).toHaveLength(2);
    expect(listed).toEqual(
      expect.arrayContaining([
        {
          id: byName.get('invoice.pdf')?.id,
          filename: 'invoice.pdf',
          contentType: 'application/pdf',
          size: pdf.length,
        },
        { id: byName.get('logo.png')?.id, filename: 'logo.png', contentType: 'image/png', size: png.length },
      ]),
    );
  });

  it('answers 451 and stores nothing when the database fails mid-DATA, then stores once on the retry', async () => {
    const { gql, organizationId } = await service.newOrganization();
    const inbox = await createInboxFor(gql);
    // Fail the event insert of this organization only: the message rows are written first, so a
    // half-stored mail would show up if the transaction did not roll back as a whole.
    const fn = `fail_${organizationId.replace(/\W/g, '_')}`;
    await service.db.$executeRawUnsafe(
      `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.organization_id = '${organizationId}' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$`,
    );
    await service.db.$executeRawUnsafe(
      `CREATE TRIGGER ${fn} BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
    );
    const mail = { to: inbox.email, subject: 'Retry me', text: 'once', messageId: '<retry-me@example.org>' };
    try {
      await expect(sendMail(smtpPort, mail)).rejects.toMatchObject({ responseCode: 451 });
      expect(await messagesOf(gql)).toEqual([]);
      const counts = await service.db.$queryRaw<{ n: bigint }[]>`
        SELECT (SELECT count(*) FROM threads WHERE organization_id = ${organizationId})
             + (SELECT count(*) FROM messages WHERE organization_id = ${organizationId}) AS n`;
      expect(Number(counts[0].n)).toBe(0);
    } finally {
      await service.db.$executeRawUnsafe(`DROP TRIGGER ${fn} ON events`);
      await service.db.$executeRawUnsafe(`DROP FUNCTION ${fn}()`);
    }
    await sendMail(smtpPort, mail);
    expect(await messagesOf(gql)).toHaveLength(1);
  });
});

describe('odd mail and abuse', () => {
  it('stores malformed MIME, HTML-only mail and raw 8-bit headers sensibly', async () => {
    const { gql } = await service.newOrganization();
    const inbox = await createInboxFor(gql);
    const malformed = [
      'From: broken@example.org',
      `To: ${inbox.email}`,
      'Subject: broken multipart',
      'Content-Type: multipart/mixed; boundary="never-closed"',
      '',
      '--never-closed',
      'Content-Type: text/plain',
      '',
      'body of a part whose boundary never ends',
    ].join('\n');
    expect(await sendRaw(smtpPort, 'broken@example.org', [inbox.email], malformed)).toMatch(/^250 /);

    await sendMail(smtpPort, { to: inbox.email, subject: 'HTML only', html: '<h1>Hi</h1><p>only html</p>' });

    const eightBit = Buffer.from(
      `From: =?utf-8?q?Ren=C3=A9?= <rene@example.org>\r\nTo: ${inbox.email}\r\nSubject: Grüße aus Köln ✓\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nDanke schön\u0000!\r\n`,
      'utf8',
    );
    expect(await sendRaw(smtpPort, 'rene@example.org', [inbox.email], eightBit)).toMatch(/^250 /);

    const messages = await messagesOf(gql);
    expect(messages).toHaveLength(3);
    const bySubject = new Map(messages.map((m) => [m.subject, m]));
    expect(bySubject.get('broken multipart')?.text).toContain('boundary never ends');
    expect(bySubject.get('HTML only')?.html?.trim()).toBe('<h1>Hi</h1><p>only html</p>');
    expect(bySubject.get('HTML only')?.text).toMatch(/only html/i);
    expect(bySubject.get('Grüße aus Köln ✓')).toMatchObject({ fromName: 'René', from: 'rene@example.org' });
    expect(bySubject.get('Grüße aus Köln ✓')?.text).toContain('Danke schön');
  });

  it('stores a subject that decodes to a lone UTF-16 surrogate, with U+FFFD in its place', async () => {
    const { gql } = await service.newOrganization();
    const inbox = await createInboxFor(gql);
    const loneSurrogate = Buffer.from([0x41, 0, 0x00, 0xd8, 0x42, 0]).toString('base64');
    const mail = `From: a@example.org\r\nTo: ${inbox.email}\r\nSubject: =?utf-16le?B?${loneSurrogate}?=\r\n\r\nhi\r\n`;
    expect(await sendRaw(smtpPort, 'a@example.org', [inbox.email], mail)).toMatch(/^250 /);
    expect((await onlyMessage(gql)).subject).toBe('A\uFFFDB');
  });

  it('caps recipients per transaction and keeps serving other clients during a RCPT flood', async () => {
    const { gql } = await service.newOrganization();
    const inboxes = await Promise.all(
      Array.from({ length: 55 }, (_, i) => createInboxFor(gql, { name: `Flood ${i}` })),
    );
    const { smtp } = await RawSmtp.connect(smtpPort);
    await smtp.send('EHLO flood.example.org');
    await smtp.send('MAIL FROM:<flood@example.org>');
    const addresses = Array.from({ length: 500 }, (_, i) => inboxes[i]?.email ?? `x${i}@nowhere.test`);
    const flood = smtp.sendAll(addresses.map((address) => `RCPT TO:<${address}>`));
    // Another client is served while the flood is answered.
    await sendMail(smtpPort, { to: inboxes[0].email, subject: 'during the flood', text: 'still here' });
    const replies = await flood;
    expect(replies.slice(0, 50).every((r) => r.startsWith('250'))).toBe(true);
    expect(replies.slice(50).every((r) => r.startsWith('452'))).toBe(true);
    await smtp.send('DATA');
    expect(await smtp.send(Buffer.from('Subject: flood\r\n\r\nto fifty\r\n.\r\n'))).toMatch(/^250 /);
    smtp.close();
    const stored = await messagesOf(gql);
    expect(stored.filter((m) => m.subject === 'flood')).toHaveLength(50);
    expect(stored.map((m) => m.subject)).toContain('during the flood');
  });
});

describe('connection limits', () => {
  it('closes idle clients and refuses clients over SMTP_MAX_CLIENTS, with 421', async () => {
    const limited = await startTestService({ SMTP_IDLE_TIMEOUT_MS: '1000', SMTP_MAX_CLIENTS: '2' });
    const port = limited.smtpPort as number;
    try {
      const first = await RawSmtp.connect(port);
      const second = await RawSmtp.connect(port);
      const third = await RawSmtp.connect(port);
      expect(third.greeting).toMatch(/^421 /);
      third.smtp.close();
      const started = Date.now();
      const closed = await first.smtp.closed;
      expect(closed).toMatch(/^421 /);
      expect(Date.now() - started).toBeLessThan(5000);
      second.smtp.close();
    } finally {
      await limited.stop();
    }
  });
});
