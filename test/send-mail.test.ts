import { createVerify, generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DeleteSuppression,
  GetOutbound,
  ListMessages,
  ListSuppressions,
  ReplyToMessage,
  SendMessage,
} from './documents/mail-operations.ts';
import { createInboxFor, createWebhookFor } from './helpers/factories.ts';
import { type FakeRelay, startFakeRelay } from './helpers/fake-relay.ts';
import { expectData, type GraphQLRequest } from './helpers/graphql-client.ts';
import { Receiver } from './helpers/receiver.ts';
import { arfReport, failureDsn } from './helpers/reports.ts';
import { startTestService, type TestService } from './helpers/service.ts';
import { RawSmtp, sendRaw } from './helpers/smtp.ts';
import { waitFor } from './helpers/wait.ts';

type Outbound = NonNullable<Awaited<ReturnType<typeof outbound>>>;

async function outbound(gql: GraphQLRequest, id: string) {
  return expectData(await gql(GetOutbound, { id })).message;
}

/** Waits until the message's recipients have settled as `done` says. */
function settled(gql: GraphQLRequest, id: string, done: (m: Outbound) => boolean, timeoutMs = 15_000) {
  return waitFor(
    async () => {
      const message = await outbound(gql, id);
      return message && done(message) ? message : undefined;
    },
    { timeoutMs, what: `message ${id} to settle` },
  );
}

const statusOf = (m: Outbound, address: string) => m.recipients.find((r) => r.address === address)?.status;
const eventTypes = (m: Outbound) => m.events.map((e) => e.type);

describe('sending through a relay', () => {
  let service: TestService;
  let relay: FakeRelay;

  beforeAll(async () => {
    relay = await startFakeRelay((address, attempt) => {
      if (address.startsWith('refused@')) return { rcpt: 550 };
      if (address.startsWith('later@')) return attempt === 1 ? { rcpt: 451 } : {};
      if (address.startsWith('datafail@')) return { data: 554 };
      return {};
    });
    service = await startTestService({
      SMTP_RELAY_URL: relay.url,
      SEND_RETRY_SCHEDULE: '0.3,0.6',
      SMTP_SEND_TIMEOUT_MS: '3000',
    });
  });
  afterAll(async () => {
    await service?.stop();
    await relay?.close();
  });

  it('gives each recipient its outcome and event, through its own VERP transaction with DSN parameters', async () => {
    const { gql } = await service.newOrganization();
    const receiver = await Receiver.start();
    const webhook = await createWebhookFor(gql, receiver.url, ['message.sent', 'message.rejected']);
    const inbox = await createInboxFor(gql, { name: 'Sales' });
    const sent = expectData(
      await gql(SendMessage, {
        input: {
          inboxId: inbox.id,
          to: ['ok@example.net', 'refused@example.net'],
          cc: ['later@example.net'],
          bcc: ['datafail@example.net'],
          subject: 'Quote',
          text: 'Here is the quote.',
        },
      }),
    ).sendMessage;
    expect(sent.status).toBe('QUEUED');
    expect(sent.recipients.map((r) => [r.address, r.kind, r.status])).toEqual([
      ['ok@example.net', 'TO', 'QUEUED'],
      ['refused@example.net', 'TO', 'QUEUED'],
      ['later@example.net', 'CC', 'QUEUED'],
      ['datafail@example.net', 'BCC', 'QUEUED'],
    ]);

    const done = await settled(gql, sent.id, (m) => m.recipients.every((r) => r.status !== 'QUEUED'));
    expect(statusOf(done, 'ok@example.net')).toBe('SENT');
    expect(statusOf(done, 'later@example.net')).toBe('SENT');
    expect(statusOf(done, 'refused@example.net')).toBe('REJECTED');
    expect(statusOf(done, 'datafail@example.net')).toBe('REJECTED');
    expect(done.recipients.find((r) => r.address === 'refused@example.net')).toMatchObject({ smtpCode: 550 });
    expect(done.recipients.find((r) => r.address === 'datafail@example.net')).toMatchObject({ smtpCode: 554 });
    expect(done.recipients.find((r) => r.address === 'later@example.net')?.attempts).toBe(1);
    expect(done.status).toBe('SENT');

    // Every event lists the recipients it is about, and the signed webhook carries them.
    const listed = done.events.flatMap((e) =>
      (e.payload as { recipients: Array<{ address: string; status: string }> }).recipients.map((r) => [
        e.type,
        r.address,
        r.status,
      ]),
    );
    expect(listed.sort()).toEqual(
      [
        ['message.rejected', 'datafail@example.net', 'rejected'],
        ['message.rejected', 'refused@example.net', 'rejected'],
        ['message.sent', 'later@example.net', 'sent'],
        ['message.sent', 'ok@example.net', 'sent'],
      ].sort(),
    );
    const requests = await receiver.waitForRequests(done.events.length);
    for (const request of requests) {
      const body = new StandardWebhook(webhook.secret).verify(request.body, request.headers) as {
        event: string;
        messageId: string;
        payload: { recipients: unknown[]; status: string };
      };
      expect(body.messageId).toBe(sent.id);
      expect(body.payload.recipients.length).toBeGreaterThan(0);
    }
    await receiver.close();

    // One SMTP transaction per recipient, from its own bounce address, with DSN parameters.
    const ours = relay.transactions.filter((t) => t.raw?.includes(sent.rfcMessageId ?? '-') || t.rcptCode !== 250);
    const okTx = relay.delivered('ok@example.net').at(-1);
    expect(okTx?.mailFrom).toMatch(/^bounces\+rcpt_[0-9a-z]{26}\.[0-9a-f]+@sendook\.localhost$/);
    expect(okTx?.mailFromArgs).toMatchObject({ RET: 'HDRS' });
    expect(String((okTx?.mailFromArgs as Record<string, string> | undefined)?.ENVID)).toMatch(/^rcpt_/);
    expect(okTx?.rcptArgs).toMatchObject({ NOTIFY: 'SUCCESS,FAILURE,DELAY' });
    const senders = new Set(ours.map((t) => t.mailFrom));
    expect(senders.size).toBeGreaterThanOrEqual(4);
    // Bcc never appears in the headers.
    expect(okTx?.raw).not.toContain('datafail@example.net');
    expect(okTx?.raw).toContain(`Message-ID: ${sent.rfcMessageId}`);
    expect(sent.rfcMessageId).toBe(`<${sent.id}@sendook.localhost>`);
  });

  it('sends messages queued together, each with its own attachments in its message.sent payload', async () => {
    const { gql } = await service.newOrganization();
    const inbox = await createInboxFor(gql);
    const sent = await Promise.all(
      ['one', 'two', 'three'].map(
        async (name) =>
          expectData(
            await gql(SendMessage, {
              input: {
                inboxId: inbox.id,
                to: [`${name}@example.net`],
                subject: `Files ${name}`,
                text: 'Attached.',
                attachments: [
                  {
                    filename: `${name}.txt`,
                    contentType: 'text/plain',
                    contentBase64: Buffer.from(name).toString('base64'),
                  },
                ],
              },
            }),
          ).sendMessage,
      ),
    );
    for (const [i, name] of ['one', 'two', 'three'].entries()) {
      const done = await settled(gql, sent[i].id, (m) => eventTypes(m).includes('message.sent'));
      expect(statusOf(done, `${name}@example.net`)).toBe('SENT');
      const payload = done.events[0].payload as { attachments: unknown[] };
      expect(payload.attachments).toEqual([
        { id: expect.stringMatching(/^file_/), filename: `${name}.txt`, contentType: 'text/plain', size: name.length },
      ]);
    }
  });

  it('turns a failure DSN into bounced and a suppression, so the next send never reaches the relay', async () => {
    const { gql } = await service.newOrganization();
    const inbox = await createInboxFor(gql);
    const first = expectData(
      await gql(SendMessage, { input: { inboxId: inbox.id, to: ['gone@example.net'], subject: 'Hi', text: 'x' } }),
    ).sendMessage;
    await settled(gql, first.id, (m) => statusOf(m, 'gone@example.net') === 'SENT');
    const tx = relay.delivered('gone@example.net').at(-1);
    const dsn = failureDsn({
      recipient: 'gone@example.net',
      originalMessageId: first.rfcMessageId ?? '',
      reportMessageId: '<dsn-1@relay.example.net>',
    });
    expect(await sendRaw(service.smtpPort as number, '', [tx?.mailFrom ?? ''], dsn)).toMatch(/^250 /);
    const bounced = await settled(gql, first.id, (m) => statusOf(m, 'gone@example.net') === 'BOUNCED');
    expect(bounced.status).toBe('BOUNCED');
    expect(bounced.recipients[0]).toMatchObject({ enhancedStatus: '5.1.1', bounceType: 'Permanent' });
    expect(eventTypes(bounced)).toEqual(['message.sent', 'message.bounced']);
    // The same report again changes nothing.
    expect(await sendRaw(service.smtpPort as number, '', [tx?.mailFrom ?? ''], dsn)).toMatch(/^250 /);
    const suppressions = expectData(await gql(ListSuppressions, {})).suppressions.edges.map((e) => e.node);
    expect(suppressions).toEqual([
      expect.objectContaining({ email: 'gone@example.net', reason: 'hard_bounce', message: { id: first.id } }),
    ]);

    const rcptsBefore = relay.transactions.filter((t) => t.rcpt === 'gone@example.net').length;
    const second = expectData(
      await gql(SendMessage, { input: { inboxId: inbox.id, to: ['gone@example.net'], subject: 'Again', text: 'y' } }),
    ).sendMessage;
    const rejected = await settled(gql, second.id, (m) => statusOf(m, 'gone@example.net') === 'REJECTED');
    expect(rejected.recipients[0].diagnostic).toMatch(/suppression list/);
    expect(relay.transactions.filter((t) => t.rcpt === 'gone@example.net')).toHaveLength(rcptsBefore);
    expect(expectData(await gql(ListMessages, { first: 10 })).messages.edges).toHaveLength(2);
    expect(eventTypes((await outbound(gql, first.id)) as Outbound)).toEqual(['message.sent', 'message.bounced']);

    expectData(await gql(DeleteSuppression, { email: 'GONE@example.net' }));
    expect(expectData(await gql(ListSuppressions, {})).suppressions.edges).toEqual([]);
  });

  it('turns a success DSN into delivered and an ARF report into complained, each once', async () => {
    const { gql } = await service.newOrganization();
    const inbox = await createInboxFor(gql);
    const message = expectData(
      await gql(SendMessage, {
        input: { inboxId: inbox.id, to: ['alice@example.net', 'carol@example.net'], subject: 'News', text: 'z' },
      }),
    ).sendMessage;
    await settled(gql, message.id, (m) => m.recipients.every((r) => r.status === 'SENT'));
    const alice = relay.delivered('alice@example.net').at(-1)?.mailFrom ?? '';
    const carol = relay.delivered('carol@example.net').at(-1)?.mailFrom ?? '';
    const success = failureDsn({
      recipient: 'alice@example.net',
      originalMessageId: message.rfcMessageId ?? '',
      reportMessageId: '<dsn-ok@relay.example.net>',
      action: 'delivered',
    });
    const arf = arfReport({
      recipient: 'carol@example.net',
      originalMessageId: message.rfcMessageId ?? '',
      reportMessageId: '<arf-1@mailbox.example.net>',
      mailFrom: carol,
    });
    for (const [to, raw] of [
      [alice, success],
      [carol, arf],
      [carol, arf],
    ]) {
      expect(await sendRaw(service.smtpPort as number, '', [to], raw)).toMatch(/^250 /);
    }
    const done = await settled(
      gql,
      message.id,
      (m) => statusOf(m, 'alice@example.net') === 'DELIVERED' && statusOf(m, 'carol@example.net') === 'COMPLAINED',
    );
    expect(eventTypes(done).sort()).toEqual(['message.complained', 'message.delivered', 'message.sent'].sort());
    const suppressions = expectData(await gql(ListSuppressions, {})).suppressions.edges.map((e) => e.node);
    expect(suppressions.map((s) => [s.email, s.reason])).toEqual([['carol@example.net', 'complaint']]);
  });

  it('refuses a forged bounce address at RCPT with 550', async () => {
    const { gql } = await service.newOrganization();
    const inbox = await createInboxFor(gql);
    const message = expectData(
      await gql(SendMessage, { input: { inboxId: inbox.id, to: ['victim@example.net'], subject: 's', text: 't' } }),
    ).sendMessage;
    await settled(gql, message.id, (m) => statusOf(m, 'victim@example.net') === 'SENT');
    const real = relay.delivered('victim@example.net').at(-1)?.mailFrom ?? '';
    const forged = real.replace(
      /\.([0-9a-f]+)@/,
      (_m, tag: string) => `.${tag.replace(/^./, tag[0] === 'a' ? 'b' : 'a')}@`,
    );
    const { smtp } = await RawSmtp.connect(service.smtpPort as number);
    await smtp.send('EHLO attacker.example.org');
    await smtp.send('MAIL FROM:<>');
    expect(await smtp.send(`RCPT TO:<${forged}>`)).toMatch(/^550 /);
    expect(await smtp.send('RCPT TO:<bounces+rcpt_01aaaaaaaaaaaaaaaaaaaaaaaa.0123456789@sendook.localhost>')).toMatch(
      /^550 /,
    );
    expect(await smtp.send(`RCPT TO:<${real}>`)).toMatch(/^250 /);
    smtp.close();
  });

  it('replies in the thread with In-Reply-To, References and one "Re: ", seen by the relay', async () => {
    const { gql } = await service.newOrganization();
    const inbox = await createInboxFor(gql);
    const original = expectData(
      await gql(SendMessage, {
        input: {
          inboxId: inbox.id,
          to: ['dave@example.net'],
          cc: ['erin@example.net'],
          subject: 'Re: Plan',
          text: 'a',
        },
      }),
    ).sendMessage;
    const reply = expectData(
      await gql(ReplyToMessage, { id: original.id, input: { text: 'b', replyAll: true } }),
    ).replyToMessage;
    expect(reply).toMatchObject({
      subject: 'Re: Plan',
      to: ['dave@example.net'],
      cc: ['erin@example.net'],
      inReplyTo: original.rfcMessageId,
      references: [original.rfcMessageId],
      parentMessageId: original.id,
      thread: { id: original.thread.id },
    });
    await settled(gql, reply.id, (m) => m.recipients.every((r) => r.status === 'SENT'));
    const seen = relay.delivered('dave@example.net').find((t) => t.raw?.includes(reply.rfcMessageId ?? '-'));
    expect(seen?.raw).toContain(`In-Reply-To: ${original.rfcMessageId}`);
    expect(seen?.raw).toContain(`References: ${original.rfcMessageId}`);
    expect(seen?.raw).toMatch(/^Subject: Re: Plan\r?$/m);
  });

  it('refuses bad input with the field at fault and stores nothing', async () => {
    const { gql } = await service.newOrganization();
    const inbox = await createInboxFor(gql);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ to: ['not an address'] }, 'to[0]'],
      [{ to: ['a@example.net\r\nBcc: x@evil.test'] }, 'to[0]'],
      [{ to: [] }, 'to'],
      [{ to: ['a@example.net'], subject: 'two\r\nlines' }, 'subject'],
      [{ to: ['a@example.net'], cc: ['ok@example.net', 'bad@'] }, 'cc[1]'],
      [{ to: ['a@example.net'], text: null, html: null }, 'text'],
      [
        {
          to: ['a@example.net'],
          attachments: [{ filename: '../x', contentType: 'text/plain', contentBase64: 'eA==' }],
        },
        'attachments[0].filename',
      ],
      [
        { to: ['a@example.net'], attachments: [{ filename: 'x', contentType: 'nonsense', contentBase64: 'eA==' }] },
        'attachments[0].contentType',
      ],
    ];
    for (const [input, field] of cases) {
      const result = await gql(SendMessage, {
        input: { inboxId: inbox.id, text: 'body', ...input } as never,
      });
      expect(result.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const other = await service.newOrganization();
    const foreign = await other.gql(SendMessage, { input: { inboxId: inbox.id, to: ['a@example.net'], text: 'x' } });
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(expectData(await gql(ListMessages, { first: 10 })).messages.edges).toEqual([]);
  });
});

describe('sending with no relay configured', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({ SEND_RETRY_SCHEDULE: '0.3', SMTP_SEND_TIMEOUT_MS: '3000' });
  });
  afterAll(() => service?.stop());

  it("delivers between the service's own inboxes through its SMTP port, and rejects other domains", async () => {
    const a = await service.newOrganization('A');
    const b = await service.newOrganization('B');
    const inboxA = await createInboxFor(a.gql, { name: 'Alpha' });
    const inboxB = await createInboxFor(b.gql, { name: 'Beta' });
    const sent = expectData(
      await a.gql(SendMessage, {
        input: { inboxId: inboxA.id, to: [inboxB.email, 'someone@example.com'], subject: 'Hello B', text: 'hi' },
      }),
    ).sendMessage;
    const done = await settled(a.gql, sent.id, (m) =>
      m.recipients.every((r) => ['DELIVERED', 'REJECTED'].includes(r.status)),
    );
    expect(statusOf(done, inboxB.email)).toBe('DELIVERED');
    expect(statusOf(done, 'someone@example.com')).toBe('REJECTED');
    expect(done.recipients.find((r) => r.address === 'someone@example.com')?.diagnostic).toMatch(/SMTP_RELAY_URL/);
    expect(eventTypes(done).sort()).toEqual(['message.delivered', 'message.rejected', 'message.sent'].sort());
    expect(eventTypes(done).indexOf('message.sent')).toBeLessThan(eventTypes(done).indexOf('message.delivered'));

    const received = await waitFor(async () => {
      const edges = expectData(await b.gql(ListMessages, { first: 5 })).messages.edges;
      return edges.length > 0 && edges[0].node;
    });
    expect(received).toMatchObject({
      direction: 'INBOUND',
      subject: 'Hello B',
      from: inboxA.email,
      rfcMessageId: sent.rfcMessageId,
      events: [{ type: 'message.received' }],
    });
  });
});

describe('DKIM', () => {
  it('signs outbound mail for the From domain with the configured selector', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sendook-dkim-'));
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = path.join(dir, 'dkim.pem');
    await writeFile(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const relay = await startFakeRelay();
    const service = await startTestService({
      SMTP_RELAY_URL: relay.url,
      DKIM_PRIVATE_KEY_FILE: keyFile,
      DKIM_SELECTOR: 'sendook2026',
    });
    try {
      const { gql } = await service.newOrganization();
      const inbox = await createInboxFor(gql);
      const sent = expectData(
        await gql(SendMessage, {
          input: { inboxId: inbox.id, to: ['signed@example.net'], subject: 'Signed', text: 'x' },
        }),
      ).sendMessage;
      await settled(gql, sent.id, (m) => statusOf(m, 'signed@example.net') === 'SENT');
      const raw = relay.delivered('signed@example.net')[0]?.raw ?? '';
      const header = /^DKIM-Signature: ([\s\S]*?)\r\n(?=\S)/m.exec(raw)?.[1].replace(/\r\n\s+/g, ' ') ?? '';
      expect(header).toMatch(/\bd=sendook\.localhost;/);
      expect(header).toMatch(/\bs=sendook2026;/);
      // The signature verifies against the public key over the signed header fields (relaxed).
      const fields =
        /\bh=([^;]+);/
          .exec(header)?.[1]
          .split(':')
          .map((f) => f.trim().toLowerCase()) ?? [];
      expect(fields).toEqual(expect.arrayContaining(['from', 'subject', 'message-id']));
      const b = /\bb=([^;]+)$/.exec(header)?.[1].replace(/\s+/g, '') ?? '';
      const relaxed = (line: string) => {
        const at = line.indexOf(':');
        return `${line.slice(0, at).trim().toLowerCase()}:${line
          .slice(at + 1)
          .replace(/\r\n/g, '')
          .replace(/\s+/g, ' ')
          .trim()}`;
      };
      const headerBlock = raw.split('\r\n\r\n')[0].replace(/\r\n(\s)/g, '$1');
      const lines = headerBlock.split('\r\n');
      const signed = fields.map((name) => {
        const line = [...lines].reverse().find((l) => l.toLowerCase().startsWith(`${name}:`));
        return `${relaxed(line ?? `${name}:`)}\r\n`;
      });
      const dkimLine = lines.find((l) => l.toLowerCase().startsWith('dkim-signature:')) ?? '';
      const unsigned = relaxed(dkimLine).replace(/\bb=[^;]*$/, 'b=');
      const verified = createVerify('RSA-SHA256')
        .update(signed.join('') + unsigned)
        .verify(publicKey, b, 'base64');
      expect(verified).toBe(true);
    } finally {
      await service.stop();
      await relay.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
