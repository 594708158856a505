import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateInbox,
  GetDelivery,
  ListDeliveries,
  RetryDelivery,
  RotateWebhookSecret,
  TestWebhook,
} from './documents/operations.ts';
import { createWebhookFor } from './helpers/factories.ts';
import { expectData, type GraphQLRequest } from './helpers/graphql-client.ts';
import { startRawServer, trickleHeaders } from './helpers/raw-server.ts';
import { answer, hang, Receiver } from './helpers/receiver.ts';
import { startTestService, type TestService } from './helpers/service.ts';
import { waitFor } from './helpers/wait.ts';

let service: TestService;
const receivers: Receiver[] = [];

beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await service?.stop();
});

async function newReceiver() {
  const receiver = await Receiver.start();
  receivers.push(receiver);
  return receiver;
}

async function deliveryOfOnlyEvent(gql: GraphQLRequest) {
  return waitFor(async () => {
    const data = expectData(await gql(ListDeliveries, { first: 5 }));
    return data.deliveries.edges[0]?.node;
  });
}

async function finishedDelivery(gql: GraphQLRequest, id: string, timeoutMs = 15_000) {
  return waitFor(
    async () => {
      const delivery = expectData(await gql(GetDelivery, { id })).delivery;
      return delivery && delivery.status !== 'PENDING' ? delivery : undefined;
    },
    { timeoutMs, what: `delivery ${id} to finish` },
  );
}

describe('delivering inbox.created', () => {
  it('POSTs the exact body with Standard Webhooks headers that verify', async () => {
    const { gql, organizationId } = await service.newOrganization();
    const receiver = await newReceiver();
    const webhook = await createWebhookFor(gql, `${receiver.url}/webhooks/sendook`);
    const inbox = expectData(await gql(CreateInbox, { input: { name: 'Support' } })).createInbox;

    const [request] = await receiver.waitForRequests(1);
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/webhooks/sendook');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['user-agent']).toMatch(/^Sendook-Webhooks\/\d+\.\d+\.\d+/);
    expect(request.headers['webhook-id']).toMatch(/^evt_[0-9a-z]{26}$/);
    expect(Number(request.headers['webhook-timestamp'])).toBeGreaterThan(Date.now() / 1000 - 60);

    const body = JSON.parse(request.body);
    expect(Object.keys(body)).toEqual(['event', 'inboxId', 'payload']);
    expect(body.event).toBe('inbox.created');
    expect(body.inboxId).toBe(inbox.id);
    expect(Object.keys(body.payload)).toEqual(['id', 'organizationId', 'name', 'email', 'createdAt', 'updatedAt']);
    expect(body.payload).toEqual({
      id: inbox.id,
      organizationId,
      name: 'Support',
      email: inbox.email,
      createdAt: inbox.createdAt,
      updatedAt: inbox.updatedAt,
    });
    expect(inbox.email).toMatch(/^support-[0-9a-f]{8}@sendook\.localhost$/);
    expect(body.payload.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const verified = new StandardWebhook(webhook.secret).verify(request.body, request.headers);
    expect(verified).toEqual(body);

    const delivery = await finishedDelivery(gql, (await deliveryOfOnlyEvent(gql)).id);
    expect(delivery.status).toBe('SUCCEEDED');
    expect(delivery.attemptCount).toBe(1);
    expect(delivery.attempts[0]).toMatchObject({
      number: 1,
      trigger: 'AUTOMATIC',
      succeeded: true,
      responseStatus: 200,
      responseBody: 'ok',
      requestBody: request.body,
    });
    expect((delivery.attempts[0].requestHeaders as Record<string, string>)['webhook-id']).toBe(
      request.headers['webhook-id'],
    );
  });

  it('sends nothing to disabled webhooks or webhooks of other events', async () => {
    const { gql } = await service.newOrganization();
    const receiver = await newReceiver();
    const other = await newReceiver();
    await createWebhookFor(gql, receiver.url, ['*']);
    await createWebhookFor(gql, other.url, ['inbox.deleted']);
    expectData(await gql(CreateInbox, {}));
    await receiver.waitForRequests(1);
    expect(other.requests).toHaveLength(0);
  });
});

describe('the test request', () => {
  it('is exactly the contract body, signed, one attempt, in that webhook only', async () => {
    const { gql } = await service.newOrganization();
    const receiver = await newReceiver();
    const bystander = await newReceiver();
    const webhook = await createWebhookFor(gql, receiver.url);
    await createWebhookFor(gql, bystander.url, ['*']);

    const delivery = expectData(await gql(TestWebhook, { id: webhook.id })).testWebhook;
    expect(delivery).toMatchObject({ status: 'SUCCEEDED', test: true, attemptCount: 1 });
    expect(delivery.attempts).toHaveLength(1);
    expect(delivery.attempts[0]).toMatchObject({ trigger: 'TEST', succeeded: true, responseStatus: 200 });

    const [request] = receiver.requests;
    expect(request.body).toBe('{"event":"message.received","payload":{"test":"test"}}');
    expect(new StandardWebhook(webhook.secret).verify(request.body, request.headers)).toEqual({
      event: 'message.received',
      payload: { test: 'test' },
    });
    expect(bystander.requests).toHaveLength(0);
  });

  it('reports a failing receiver without retrying', async () => {
    const { gql } = await service.newOrganization();
    const receiver = (await newReceiver()).always(answer(503, 'down'));
    const webhook = await createWebhookFor(gql, receiver.url);
    const delivery = expectData(await gql(TestWebhook, { id: webhook.id })).testWebhook;
    expect(delivery).toMatchObject({ status: 'FAILED', attemptCount: 1, nextAttemptAt: null });
    expect(delivery.attempts[0]).toMatchObject({
      succeeded: false,
      responseStatus: 503,
      responseBody: 'down',
      errorKind: 'status',
    });
    await new Promise((resolve) => setTimeout(resolve, 500)); // longer than the first retry gap (0.2 s)
    expect(receiver.requests).toHaveLength(1);
  });
});

describe('retries', () => {
  it('makes exactly 4 attempts against a 500, with gaps no shorter than the schedule, then FAILED', async () => {
    const { gql } = await service.newOrganization();
    const receiver = (await newReceiver()).always(answer(500, 'nope'));
    await createWebhookFor(gql, receiver.url);
    expectData(await gql(CreateInbox, {}));
    const delivery = await finishedDelivery(gql, (await deliveryOfOnlyEvent(gql)).id);

    expect(delivery.status).toBe('FAILED');
    expect(delivery.attemptCount).toBe(4);
    expect(delivery.nextAttemptAt).toBeNull();
    expect(delivery.attempts.map((a) => a.number)).toEqual([1, 2, 3, 4]);
    expect(delivery.attempts.every((a) => a.trigger === 'AUTOMATIC' && !a.succeeded && a.responseStatus === 500)).toBe(
      true,
    );
    expect(receiver.requests).toHaveLength(4);
    const schedule = [200, 400, 800];
    for (let i = 1; i < 4; i++) {
      const gap = receiver.requests[i].receivedAt - receiver.requests[i - 1].receivedAt;
      expect(gap).toBeGreaterThanOrEqual(schedule[i - 1]);
    }
    const ids = new Set(receiver.requests.map((r) => r.headers['webhook-id']));
    expect(ids.size).toBe(1);
  });

  it('ends SUCCEEDED after 500, 500, 200', async () => {
    const { gql } = await service.newOrganization();
    const receiver = (await newReceiver()).respondWith([answer(500), answer(500)], answer(200, 'fine'));
    await createWebhookFor(gql, receiver.url);
    expectData(await gql(CreateInbox, {}));
    const delivery = await finishedDelivery(gql, (await deliveryOfOnlyEvent(gql)).id);
    expect(delivery.status).toBe('SUCCEEDED');
    expect(delivery.attemptCount).toBe(3);
    expect(delivery.attempts.map((a) => a.responseStatus)).toEqual([500, 500, 200]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.requests).toHaveLength(3);
  });

  it('treats a 302 as a failure and never follows it', async () => {
    const { gql } = await service.newOrganization();
    const target = await newReceiver();
    const receiver = (await newReceiver()).always(answer(302, '', { location: `${target.url}/elsewhere` }));
    const webhook = await createWebhookFor(gql, receiver.url);
    const delivery = expectData(await gql(TestWebhook, { id: webhook.id })).testWebhook;
    expect(delivery.status).toBe('FAILED');
    expect(delivery.attempts[0]).toMatchObject({ responseStatus: 302, errorKind: 'status' });
    expect(delivery.attempts[0].error).toMatch(/redirect/i);
    expect(target.requests).toHaveLength(0);
  });

  it('fails an attempt that gets no answer by the deadline', async () => {
    const { gql } = await service.newOrganization();
    const receiver = (await newReceiver()).always(hang);
    const webhook = await createWebhookFor(gql, receiver.url);
    const started = Date.now();
    const delivery = expectData(await gql(TestWebhook, { id: webhook.id })).testWebhook;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(delivery.attempts[0]).toMatchObject({ succeeded: false, errorKind: 'timeout', responseStatus: null });
    expect(delivery.attempts[0].durationMs).toBeGreaterThanOrEqual(950);
  });

  it('fails a receiver that trickles its headers, at the deadline', async () => {
    const { gql } = await service.newOrganization();
    const raw = await startRawServer(trickleHeaders(50));
    try {
      const webhook = await createWebhookFor(gql, raw.url);
      const started = Date.now();
      const delivery = expectData(await gql(TestWebhook, { id: webhook.id })).testWebhook;
      expect(Date.now() - started).toBeLessThan(3000);
      expect(delivery.attempts[0]).toMatchObject({ succeeded: false, errorKind: 'timeout' });
      expect(delivery.attempts[0].durationMs).toBeGreaterThanOrEqual(950);
    } finally {
      await raw.close();
    }
  });

  it.each([
    [
      'a 1 MB header',
      `HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\nx-big: ${'a'.repeat(1024 * 1024)}\r\ncontent-length: 2\r\n\r\nok`,
    ],
    ['a body cut short', 'HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 100\r\n\r\nonly part'],
  ])('fails a 200 whose answer cannot be read completely: %s', async (_name, answerText) => {
    const { gql } = await service.newOrganization();
    const raw = await startRawServer((socket) => {
      socket.once('data', () => {
        socket.write(answerText);
        socket.end();
      });
    });
    try {
      const webhook = await createWebhookFor(gql, raw.url);
      const delivery = expectData(await gql(TestWebhook, { id: webhook.id })).testWebhook;
      expect(delivery.status).toBe('FAILED');
      expect(delivery.attempts[0].succeeded).toBe(false);
      expect(delivery.attempts[0].error).toBeTruthy();
    } finally {
      await raw.close();
    }
  });

  it('fails a refused connection with a connection error', async () => {
    const { gql } = await service.newOrganization();
    const receiver = await newReceiver();
    const url = receiver.url;
    await receiver.close();
    const webhook = await createWebhookFor(gql, url);
    const delivery = expectData(await gql(TestWebhook, { id: webhook.id })).testWebhook;
    expect(delivery.attempts[0]).toMatchObject({ succeeded: false, errorKind: 'connection' });
    expect(delivery.attempts[0].error).toMatch(/ECONNREFUSED/);
  });

  it('records at most 16 KiB of a large response body', async () => {
    const { gql } = await service.newOrganization();
    const receiver = (await newReceiver()).always(answer(200, 'x'.repeat(200_000)));
    const webhook = await createWebhookFor(gql, receiver.url);
    const delivery = expectData(await gql(TestWebhook, { id: webhook.id })).testWebhook;
    expect(delivery.attempts[0].succeeded).toBe(true);
    expect(delivery.attempts[0].responseBody).toHaveLength(16 * 1024);
  });

  it('records a binary response body (NUL bytes) without failing the record', async () => {
    const { gql } = await service.newOrganization();
    const receiver = (await newReceiver()).always(answer(200, 'bin\u0000ary'));
    const webhook = await createWebhookFor(gql, receiver.url);
    const delivery = expectData(await gql(TestWebhook, { id: webhook.id })).testWebhook;
    expect(delivery.status).toBe('SUCCEEDED');
    expect(delivery.attempts[0].responseBody).toBe('bin\uFFFDary');
  });
});

describe('retryDelivery', () => {
  it('makes one MANUAL attempt with the same webhook-id and can end SUCCEEDED', async () => {
    const { gql } = await service.newOrganization();
    const receiver = (await newReceiver()).always(answer(500));
    await createWebhookFor(gql, receiver.url);
    expectData(await gql(CreateInbox, {}));
    const failed = await finishedDelivery(gql, (await deliveryOfOnlyEvent(gql)).id);
    expect(failed.status).toBe('FAILED');

    receiver.always(answer(204));
    const retried = expectData(await gql(RetryDelivery, { id: failed.id })).retryDelivery;
    expect(retried.status).toBe('SUCCEEDED');
    expect(retried.attemptCount).toBe(5);
    expect(retried.attempts[4]).toMatchObject({ number: 5, trigger: 'MANUAL', succeeded: true, responseStatus: 204 });
    const ids = new Set(receiver.requests.map((r) => r.headers['webhook-id']));
    expect(receiver.requests).toHaveLength(5);
    expect(ids.size).toBe(1);
  });
});

describe('secret rotation', () => {
  it('signs with the new and the previous secret during the overlap', async () => {
    const { gql } = await service.newOrganization();
    const receiver = await newReceiver();
    const webhook = await createWebhookFor(gql, receiver.url);
    const rotated = expectData(await gql(RotateWebhookSecret, { id: webhook.id })).rotateWebhookSecret;
    expect(rotated.secret).not.toBe(webhook.secret);
    expect(rotated.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    expectData(await gql(TestWebhook, { id: webhook.id }));
    const [request] = receiver.requests;
    expect(request.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new StandardWebhook(rotated.secret).verify(request.body, request.headers)).not.toThrow();
    expect(() => new StandardWebhook(webhook.secret).verify(request.body, request.headers)).not.toThrow();
    expect(() =>
      new StandardWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').verify(request.body, request.headers),
    ).toThrow();
  });
});
