// The seed's snippets (Sendook's docs), unchanged apart from the baseUrl option, against a running
// service and a local receiver.
import Sendook from '@sendook/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Receiver } from './helpers/receiver.ts';
import { startTestService, type TestService } from './helpers/service.ts';

let service: TestService;
let receiver: Receiver;
let apiKey: string;

beforeAll(async () => {
  service = await startTestService();
  receiver = await Receiver.start();
  apiKey = (await service.newOrganization()).key;
});
afterAll(async () => {
  await receiver?.close();
  await service?.stop();
});

it('runs the five webhook calls of the docs', async () => {
  const client = new Sendook(apiKey, { baseUrl: service.baseUrl });
  const created = await client.webhook.create({
    url: `${receiver.url}/webhooks/sendook`,
    events: ['message.received', 'message.delivered'],
  });
  expect(created).toMatchObject({
    url: `${receiver.url}/webhooks/sendook`,
    events: ['message.received', 'message.delivered'],
  });

  const webhooks = await client.webhook.list();
  expect(webhooks.map((w) => w.id)).toEqual([created.id]);
  expect(webhooks[0]).toMatchObject({ id: created.id, url: created.url, events: created.events });

  const webhook = await client.webhook.get(created.id);
  expect(webhook.secret).toMatch(/^whsec_/);

  const delivery = await client.webhook.test(created.id);
  expect(delivery).toMatchObject({
    status: 'SUCCEEDED',
    test: true,
    attempts: [{ trigger: 'TEST', responseStatus: 200 }],
  });
  expect(receiver.requests).toHaveLength(1);

  const deleted = await client.webhook.delete(created.id);
  expect(deleted.id).toBe(created.id);
  await expect(client.webhook.get(created.id)).rejects.toMatchObject({
    name: 'SendookError',
    code: 'NOT_FOUND',
    status: 404,
  });
});
