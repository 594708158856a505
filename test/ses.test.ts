import { createSign, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sesNotificationsHandler } from '../src/api/ses-notifications.ts';
import { loadConfig } from '../src/config.ts';
import { createDatabase } from '../src/db/client.ts';
import { createLogger } from '../src/logger.ts';
import { mailHeaders, sesOutcome, sesRfcMessageId } from '../src/outbound/ses-transport.ts';
import { GetOutbound, ListSuppressions, SendMessage } from './documents/mail-operations.ts';
import { selfSignedCertificate } from './helpers/certificate.ts';
import { createInboxFor } from './helpers/factories.ts';
import { expectData, type GraphQLRequest } from './helpers/graphql-client.ts';
import { startTestService, type TestService } from './helpers/service.ts';
import { waitFor } from './helpers/wait.ts';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:sendook';

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });

const listen = (server: Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

interface SesCall {
  to: string;
  authorization: string;
  body: {
    FromEmailAddress?: string;
    Destination?: { ToAddresses?: string[] };
    Content?: { Raw?: { Data?: string } };
    ConfigurationSetName?: string;
    EmailTags?: Array<{ Name: string; Value: string }>;
  };
  /** What the fake answered: the SES message id, or the error type. */
  answer: string;
}

/** Amazon SES v2 on 127.0.0.1: SendEmail answers by recipient (rejected@ 400, busy@ 429, else 200). */
async function startFakeSes() {
  const calls: SesCall[] = [];
  const server = createHttpServer(async (req, res) => {
    const body = JSON.parse(await read(req)) as SesCall['body'];
    const to = body.Destination?.ToAddresses?.[0] ?? '';
    const call = { to, authorization: String(req.headers.authorization), body, answer: '' };
    calls.push(call);
    if (req.method !== 'POST' || req.url !== '/v2/email/outbound-emails') {
      res.writeHead(404).end();
    } else if (to.startsWith('rejected@')) {
      call.answer = 'MessageRejected';
      res.writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'MessageRejected' });
      res.end(JSON.stringify({ message: 'Email address is not verified.' }));
    } else if (to.startsWith('busy@')) {
      call.answer = 'TooManyRequestsException';
      res.writeHead(429, { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' });
      res.end(JSON.stringify({ message: 'Maximum sending rate exceeded.' }));
    } else {
      call.answer = `0100018c${randomBytes(4).toString('hex')}-${randomUUID()}-000000`;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ MessageId: call.answer }));
    }
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    /** The SES message id given to the latest accepted call for `to`. */
    idFor: (to: string) => calls.findLast((c) => c.to === to && !/^[A-Z]/.test(c.answer))?.answer,
    close: () => close(server),
  };
}

/** Plays Amazon SNS: a key and certificate, the certificate served over https, signed messages. */
async function startFakeSns(dir: string) {
  const { key, cert, certFile } = await selfSignedCertificate(dir, {
    commonName: '127.0.0.1',
    altName: 'IP:127.0.0.1',
    rsa: true,
  });
  const hits: string[] = [];
  const server = createHttpsServer({ key, cert }, (req, res) => {
    hits.push(req.url ?? '');
    if (req.url?.endsWith('.pem')) {
      res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(cert);
    } else if (req.url?.startsWith('/?Action=ConfirmSubscription')) {
      res.writeHead(200, { 'content-type': 'text/xml' }).end('<ConfirmSubscriptionResponse/>');
    } else {
      res.writeHead(404).end();
    }
  });
  const port = await listen(server);
  const origin = `https://127.0.0.1:${port}`;
  const certUrl = `${origin}/SimpleNotificationService-${randomBytes(16).toString('hex')}.pem`;

  /** Signs as SNS does (mail.md 4(e)), with its own canonical string so the service's is checked. */
  function sign(fields: Record<string, string>, version: '1' | '2', signingCertUrl = certUrl) {
    const keys =
      fields.Type === 'Notification'
        ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
        : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
    const canonical = keys
      .filter((k) => fields[k] !== undefined)
      .map((k) => `${k}\n${fields[k]}\n`)
      .join('');
    const signature = createSign(version === '1' ? 'RSA-SHA1' : 'RSA-SHA256')
      .update(canonical)
      .sign(key, 'base64');
    return { ...fields, SignatureVersion: version, Signature: signature, SigningCertURL: signingCertUrl };
  }

  function notification(message: object, version: '1' | '2' = '1', extra: Record<string, string> = {}) {
    return sign(
      {
        Type: 'Notification',
        MessageId: randomUUID(),
        TopicArn: TOPIC,
        Message: JSON.stringify(message),
        Timestamp: new Date().toISOString(),
        UnsubscribeURL: `${origin}/?Action=Unsubscribe`,
        ...extra,
      },
      version,
    );
  }

  return { origin, certUrl, certFile, hits, sign, notification, close: () => close(server) };
}

describe('sending through Amazon SES and its SNS notifications', () => {
  let dir: string;
  let ses: Awaited<ReturnType<typeof startFakeSes>>;
  let sns: Awaited<ReturnType<typeof startFakeSns>>;
  let service: TestService;
  // The SDK's default credential chain reads the environment itself.
  const savedEnv = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sendook-ses-'));
    [ses, sns] = await Promise.all([startFakeSes(), startFakeSns(dir)]);
    process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'x';
    service = await startTestService({
      MAIL_TRANSPORT: 'ses',
      AWS_REGION: 'us-east-1',
      SES_ENDPOINT: ses.url,
      SES_CONFIGURATION_SET: 'sendook',
      SEND_RETRY_SCHEDULE: '30',
      SNS_TOPIC_ARNS: TOPIC,
      SNS_CERT_URL_PATTERN: '^https://127\\.0\\.0\\.1:\\d+/SimpleNotificationService-[a-f0-9]{32}\\.pem$',
      SNS_CA_FILE: sns.certFile,
    });
  });
  afterAll(async () => {
    await service?.stop();
    await Promise.all([ses?.close(), sns?.close()]);
    if (dir) await rm(dir, { recursive: true, force: true });
    for (const [name, value] of [
      ['AWS_ACCESS_KEY_ID', savedEnv.id],
      ['AWS_SECRET_ACCESS_KEY', savedEnv.secret],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const post = (body: unknown) =>
    fetch(`${service.baseUrl}/ses/sns`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=UTF-8', 'x-amz-sns-message-type': 'Notification' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  async function outbound(gql: GraphQLRequest, id: string) {
    return expectData(await gql(GetOutbound, { id })).message;
  }
  type Outbound = NonNullable<Awaited<ReturnType<typeof outbound>>>;
  const statusOf = (m: Outbound, address: string) => m.recipients.find((r) => r.address === address)?.status;
  const eventsOf = (m: Outbound, type: string) => m.events.filter((e) => e.type === type);

  /** Sends a message through SES and waits until no recipient is queued (or `until` holds). */
  async function sendAndSettle(
    gql: GraphQLRequest,
    to: string[],
    until = (m: Outbound) => m.recipients.every((r) => r.status !== 'QUEUED'),
  ) {
    const inbox = await createInboxFor(gql, { name: 'Sales' });
    const sent = expectData(
      await gql(SendMessage, { input: { inboxId: inbox.id, to, subject: 'Quote', text: 'Hi.' } }),
    ).sendMessage;
    await waitFor(
      async () => {
        const m = await outbound(gql, sent.id);
        return m && until(m) ? m : undefined;
      },
      { timeoutMs: 10_000, what: 'the SES send to settle' },
    );
    // Read again once settled: one GraphQL answer reads the message and its recipients in separate
    // queries, so the answer that first showed them settled may hold the message row from before.
    const done = (await outbound(gql, sent.id)) as Outbound;
    const recipients = await service.db.messageRecipient.findMany({ where: { messageId: sent.id } });
    const rcpt = (address: string) => recipients.find((r) => r.address === address)?.id ?? '';
    return { inbox, sent, done, rcpt };
  }

  it('sends through SendEmail: accepted is sent with the SES id stored, MessageRejected is rejected', async () => {
    const { gql } = await service.newOrganization();
    const { inbox, sent, done, rcpt } = await sendAndSettle(gql, ['ok@example.net', 'rejected@example.net']);
    expect(statusOf(done, 'ok@example.net')).toBe('SENT');
    expect(statusOf(done, 'rejected@example.net')).toBe('REJECTED');
    expect(done.recipients.find((r) => r.address === 'rejected@example.net')?.diagnostic).toMatch(
      /MessageRejected.*Email address is not verified/,
    );
    expect(eventsOf(done, 'message.sent')).toHaveLength(1);
    expect(eventsOf(done, 'message.rejected')).toHaveLength(1);

    const sesId = ses.idFor('ok@example.net');
    const stored = await service.db.message.findUniqueOrThrow({ where: { id: sent.id } });
    expect(stored.providerMessageId).toBe(sesId);
    // SES replaces the Message-ID; replies will reference its own (mail.md G7).
    expect(stored.rfcMessageId).toBe(`<${sesId}@email.amazonses.com>`);
    expect(done.rfcMessageId).toBe(stored.rfcMessageId);

    const call = ses.calls.find((c) => c.to === 'ok@example.net');
    expect(call?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/us-east-1\/ses\/aws4_request/);
    expect(call?.body.FromEmailAddress).toBe(inbox.email);
    expect(call?.body.ConfigurationSetName).toBe('sendook');
    expect(call?.body.EmailTags).toEqual([
      { Name: 'sendook-message', Value: sent.id },
      { Name: 'sendook-recipient', Value: rcpt('ok@example.net') },
    ]);
    const raw = Buffer.from(call?.body.Content?.Raw?.Data ?? '', 'base64').toString('utf8');
    expect(raw).toContain('Subject: Quote');
    expect(raw).toContain(`Message-ID: <${sent.id}@sendook.localhost>`);
    expect(raw).not.toContain('rejected@example.net\r\nCc');
  });

  it('applies signed Delivery (v1), Bounce (v2) and Complaint notifications once each, suppressing as it should', async () => {
    const { gql } = await service.newOrganization();
    const to = ['ok@example.net', 'bounce@example.net', 'complain@example.net', 'notspam@example.net'];
    const { sent, rcpt } = await sendAndSettle(gql, to);
    const mail = (address: string) => ({
      messageId: ses.idFor(address),
      destination: [address],
      timestamp: new Date().toISOString(),
      source: 'sales@example.com',
    });

    // Identity notification, found by the SES id stored on the message or the submitted Message-ID.
    const delivery = sns.notification(
      {
        notificationType: 'Delivery',
        mail: { ...mail('ok@example.net'), commonHeaders: { messageId: `<${sent.id}@sendook.localhost>` } },
        delivery: { recipients: ['ok@example.net'], smtpResponse: '250 2.6.0 Message received' },
      },
      '1',
    );
    expect((await post(delivery)).status).toBe(200);
    // SNS redelivers with the same MessageId: nothing changes the second time.
    expect((await post(delivery)).status).toBe(200);

    // Event publishing, found by the recipient tag the transport set.
    const bounce = sns.notification(
      {
        eventType: 'Bounce',
        mail: { ...mail('bounce@example.net'), tags: { 'sendook-recipient': [rcpt('bounce@example.net')] } },
        bounce: {
          bounceType: 'Permanent',
          bounceSubType: 'General',
          bouncedRecipients: [
            {
              emailAddress: 'bounce@example.net',
              action: 'failed',
              status: '5.1.1',
              diagnosticCode: 'smtp; 550 5.1.1 user unknown',
            },
          ],
        },
      },
      '2',
    );
    expect((await post(bounce)).status).toBe(200);

    const complaint = (address: string, feedbackType: string) =>
      sns.notification(
        {
          notificationType: 'Complaint',
          mail: { ...mail(address), commonHeaders: { messageId: `<${sent.id}@sendook.localhost>` } },
          complaint: { complainedRecipients: [{ emailAddress: address }], complaintFeedbackType: feedbackType },
        },
        '2',
        { Subject: 'Amazon SES Email Event Notification' },
      );
    expect((await post(complaint('complain@example.net', 'abuse'))).status).toBe(200);
    expect((await post(complaint('notspam@example.net', 'not-spam'))).status).toBe(200);

    const done = await outbound(gql, sent.id);
    expect(done && Object.fromEntries(done.recipients.map((r) => [r.address, r.status]))).toEqual({
      'ok@example.net': 'DELIVERED',
      'bounce@example.net': 'BOUNCED',
      'complain@example.net': 'COMPLAINED',
      'notspam@example.net': 'COMPLAINED',
    });
    if (!done) throw new Error('message gone');
    expect(done.recipients.find((r) => r.address === 'bounce@example.net')).toMatchObject({
      enhancedStatus: '5.1.1',
      bounceType: 'Permanent',
      diagnostic: 'smtp; 550 5.1.1 user unknown',
    });
    expect(eventsOf(done, 'message.delivered')).toHaveLength(1);
    expect(eventsOf(done, 'message.bounced')).toHaveLength(1);
    expect(eventsOf(done, 'message.complained')).toHaveLength(2);
    const suppressions = expectData(await gql(ListSuppressions, {})).suppressions.edges.map((e) => [
      e.node.email,
      e.node.reason,
    ]);
    expect(suppressions.sort()).toEqual([
      ['bounce@example.net', 'hard_bounce'],
      ['complain@example.net', 'complaint'],
    ]);
    const feedback = await service.db.mailFeedback.findMany({ where: { messageId: sent.id, source: 'ses' } });
    expect(feedback).toHaveLength(4);
    // One certificate fetch for all of them.
    expect(sns.hits.filter((h) => h.endsWith('.pem'))).toHaveLength(1);
  });

  it('refuses tampered messages, foreign certificate URLs and unknown topics with 403, changing nothing', async () => {
    const { gql } = await service.newOrganization();
    const { sent } = await sendAndSettle(gql, ['ok@example.net']);
    const message = {
      notificationType: 'Delivery',
      mail: { messageId: ses.idFor('ok@example.net'), destination: ['ok@example.net'] },
      delivery: { recipients: ['ok@example.net'] },
    };
    const valid = sns.notification(message, '2');
    const tampered = { ...valid, Message: JSON.stringify({ ...message, notificationType: 'Bounce' }) };
    const hitsBefore = sns.hits.length;

    const foreignUrl = `${sns.origin}/certs/SimpleNotificationService-${'a'.repeat(32)}.pem`;
    const foreign = sns.sign(
      {
        Type: 'Notification',
        MessageId: randomUUID(),
        TopicArn: TOPIC,
        Message: JSON.stringify(message),
        Timestamp: new Date().toISOString(),
      },
      '2',
      foreignUrl,
    );
    const unknownTopic = sns.sign(
      { ...valid, MessageId: randomUUID(), TopicArn: 'arn:aws:sns:us-east-1:123456789012:other' },
      '1',
    );
    const wrongKey = { ...valid, Signature: Buffer.from(randomBytes(256)).toString('base64') };

    for (const body of [tampered, foreign, unknownTopic, wrongKey]) {
      const response = await post(body);
      expect(response.status).toBe(403);
    }
    expect((await post('not json')).status).toBe(400);
    // The foreign certificate URL was never fetched.
    expect(sns.hits.slice(hitsBefore)).toEqual([]);
    const after = await outbound(gql, sent.id);
    expect(after?.recipients.map((r) => r.status)).toEqual(['SENT']);
    expect(await service.db.mailFeedback.count({ where: { messageId: sent.id } })).toBe(0);

    // The untampered original is still good.
    expect((await post(valid)).status).toBe(200);
    expect((await outbound(gql, sent.id))?.recipients.map((r) => r.status)).toEqual(['DELIVERED']);
  });

  it('confirms a subscription by GETting its SubscribeURL once, and acknowledges unsubscribing', async () => {
    const token = randomBytes(16).toString('hex');
    const subscribeUrl = `${sns.origin}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent(TOPIC)}&Token=${token}`;
    const confirmation = sns.sign(
      {
        Type: 'SubscriptionConfirmation',
        MessageId: randomUUID(),
        Token: token,
        TopicArn: TOPIC,
        Message: `You have chosen to subscribe to the topic ${TOPIC}.`,
        SubscribeURL: subscribeUrl,
        Timestamp: new Date().toISOString(),
      },
      '1',
    );
    const response = await post(confirmation);
    expect(response.status).toBe(200);
    expect(sns.hits.filter((h) => h.includes(token))).toEqual([subscribeUrl.slice(sns.origin.length)]);

    // A SubscribeURL somewhere else than SNS is never fetched.
    const elsewhere = sns.sign(
      {
        ...confirmation,
        MessageId: randomUUID(),
        SubscribeURL: `https://127.0.0.2:1/?Action=ConfirmSubscription&Token=${token}`,
      },
      '2',
    );
    expect((await post(elsewhere)).status).toBe(403);

    const unsubscribe = sns.sign(
      { ...confirmation, Type: 'UnsubscribeConfirmation', MessageId: randomUUID(), Message: 'You have unsubscribed.' },
      '2',
    );
    expect((await post(unsubscribe)).status).toBe(200);
    expect(sns.hits.filter((h) => h.includes(token))).toHaveLength(1);
  });

  it('retries SES throttling, and a Reject notification rejects a recipient still queued', async () => {
    const { gql } = await service.newOrganization();
    const { sent, done, rcpt } = await sendAndSettle(gql, ['busy@example.net'], (m) => m.recipients[0]?.attempts === 1);
    expect(done.recipients[0]).toMatchObject({ status: 'QUEUED', attempts: 1 });
    expect(done.recipients[0]?.diagnostic).toMatch(/TooManyRequestsException/);

    const reject = sns.notification({
      eventType: 'Reject',
      mail: {
        messageId: 'unknown-to-sendook',
        destination: ['busy@example.net'],
        tags: { 'sendook-recipient': [rcpt('busy@example.net')] },
      },
      reject: { reason: 'Bad content' },
    });
    expect((await post(reject)).status).toBe(200);
    const after = await outbound(gql, sent.id);
    expect(after?.recipients[0]).toMatchObject({
      status: 'REJECTED',
      diagnostic: 'Amazon SES rejected the message: Bad content',
    });
    expect(after && eventsOf(after, 'message.rejected')).toHaveLength(1);
  });

  /** The SNS endpoint alone, on its own port, with other settings or another database. */
  async function serveHandler(topicArns: string[], db = service.db) {
    const handler = sesNotificationsHandler({
      sns: { ...service.config.mail.sns, topicArns },
      db,
      queue: service.services.deliveries.queue,
      logger: createLogger('silent'),
    });
    const server = createHttpServer((req, res) => {
      if (!handler.handle(req, res)) res.writeHead(418).end();
    });
    const port = await listen(server);
    return {
      post: (body: string) => fetch(`http://127.0.0.1:${port}/ses/sns`, { method: 'POST', body }),
      close: async () => {
        await close(server);
        await handler.close();
      },
    };
  }

  it('answers 404 while SNS_TOPIC_ARNS is unset, 413 over 256 KiB, and ignores what is no SES event', async () => {
    const off = await serveHandler([]);
    const response = await off.post('{}');
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/SNS_TOPIC_ARNS/);
    await off.close();

    expect((await post('x'.repeat(300 * 1024))).status).toBe(413);
    expect((await post(sns.notification({ hello: 'world' }, '2'))).status).toBe(200);
  });

  it('answers 500 when the notification cannot be stored, so that SNS retries it', async () => {
    const unreachable = createDatabase('postgresql://nobody@127.0.0.1:1/none', 1);
    const endpoint = await serveHandler([TOPIC], unreachable);
    const delivery = sns.notification({
      notificationType: 'Delivery',
      mail: { messageId: 'some-ses-id', destination: ['ok@example.net'] },
      delivery: { recipients: ['ok@example.net'] },
    });
    const response = await endpoint.post(JSON.stringify(delivery));
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(/Could not store the notification/);
    await endpoint.close();
    await unreachable.$disconnect();
  });
});

describe('SES outcomes and headers', () => {
  it('refuses the test-only SNS settings in production', () => {
    const env = { NODE_ENV: 'production', SNS_CA_FILE: '/tmp/ca.pem', SNS_CERT_URL_PATTERN: '^https://127' };
    expect(() => loadConfig(env)).toThrow(/SNS_CA_FILE/);
  });

  it('rejects what SES refuses about the mail and retries what may pass', () => {
    const error = (name: string, status?: number) =>
      Object.assign(new Error('x'), { name, $metadata: status ? { httpStatusCode: status } : {} });
    const kinds = [
      error('MessageRejected', 400),
      error('MailFromDomainNotVerifiedException', 400),
      error('AccountSuspendedException', 400),
      error('BadRequestException', 400),
      error('TooManyRequestsException', 429),
      error('SendingPausedException', 400),
      error('LimitExceededException', 400),
      error('InternalFailure', 500),
      error('UnrecognizedClientException', 403),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
    ].map((e) => sesOutcome(e).kind);
    expect(kinds).toEqual([
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'temporary',
      'temporary',
      'temporary',
      'temporary',
      'temporary',
      'temporary',
    ]);
  });

  it("spells SES's Message-ID per region and reads From and Message-ID from the raw mail", () => {
    expect(sesRfcMessageId('abc', 'us-east-1')).toBe('<abc@email.amazonses.com>');
    expect(sesRfcMessageId('abc', 'eu-west-1')).toBe('<abc@eu-west-1.amazonses.com>');
    const raw = Buffer.from(
      'From: "Sales, EU" <sales@example.com>\r\nMessage-ID:\r\n <msg_01@x>\r\nSubject: a\r\n\r\nFrom: body@example.org\r\n',
    );
    expect(mailHeaders(raw)).toEqual({ from: 'sales@example.com', messageId: '<msg_01@x>' });
  });
});
