import { afterAll, beforeAll, expect, it } from 'vitest';
import { CreateInbox, CreateWebhook } from './documents/operations.ts';
import { DeliveryAttemptsSubscription, EventsSubscription } from './documents/subscription-operations.ts';
import { createTestDatabase } from './helpers/database.ts';
import { expectData, graphqlClient } from './helpers/graphql-client.ts';
import { type ServiceProcess, spawnService } from './helpers/process.ts';
import { Receiver } from './helpers/receiver.ts';
import { TEST_ENV } from './helpers/service.ts';
import { connectWs, subscribe } from './helpers/ws-client.ts';

const processes: ServiceProcess[] = [];
let receiver: Receiver;

beforeAll(async () => {
  receiver = await Receiver.start();
});
afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop('SIGTERM')));
  await receiver?.close();
});

it('a subscriber on API process 2 gets the event made through API process 1 and the attempt made by the worker', async () => {
  const databaseUrl = await createTestDatabase();
  const start = (role: string) => {
    const child = spawnService({ DATABASE_URL: databaseUrl, ROLE: role, LOG_LEVEL: 'debug' });
    processes.push(child);
    return child;
  };
  const [api1, api2, worker] = [start('api'), start('api'), start('worker')];
  await Promise.all([
    api1.waitForLog(/GraphQL API/),
    api2.waitForLog(/GraphQL API/),
    worker.waitForLog('delivery worker started'),
  ]);

  const key = TEST_ENV.BOOTSTRAP_API_KEY;
  const ws = connectWs(`http://127.0.0.1:${api2.port()}`, key);
  try {
    const events = subscribe(ws.client, EventsSubscription, {});
    const attempts = subscribe(ws.client, DeliveryAttemptsSubscription, {});
    await new Promise((resolve) => setTimeout(resolve, 200));

    const gql = graphqlClient(`http://127.0.0.1:${api1.port()}`, key);
    const webhook = expectData(await gql(CreateWebhook, { input: { url: receiver.url, events: ['*'] } })).createWebhook;
    const inbox = expectData(await gql(CreateInbox, { input: { name: 'Across' } })).createInbox;

    const [event] = await events.waitForItems(1);
    expect(event.events).toMatchObject({ type: 'inbox.created', inboxId: inbox.id });
    const [attempt] = await attempts.waitForItems(1);
    expect(attempt.deliveryAttempts).toMatchObject({
      trigger: 'AUTOMATIC',
      succeeded: true,
      delivery: { status: 'SUCCEEDED', webhook: { id: webhook.id } },
    });
    expect(receiver.requests).toHaveLength(1);
    // The API processes do not deliver: only the worker logged an attempt.
    expect(worker.logs.some((l) => l.msg === 'delivered')).toBe(true);
    expect([...api1.logs, ...api2.logs].some((l) => l.msg === 'delivered')).toBe(false);
  } finally {
    await ws.client.dispose();
  }
});
