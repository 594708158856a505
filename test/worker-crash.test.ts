import { afterAll, beforeAll, expect, it } from 'vitest';
import { CreateInbox, CreateWebhook, GetDelivery, ListDeliveries } from './documents/operations.ts';
import { expectData } from './helpers/graphql-client.ts';
import { type ServiceProcess, spawnService } from './helpers/process.ts';
import { answer, hang, Receiver } from './helpers/receiver.ts';
import { startTestService, type TestService } from './helpers/service.ts';
import { waitFor } from './helpers/wait.ts';

let api: TestService;
let receiver: Receiver;
const workers: ServiceProcess[] = [];

beforeAll(async () => {
  api = await startTestService({ ROLE: 'api' });
  receiver = await Receiver.start();
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop('SIGKILL')));
  await receiver?.close();
  await api?.stop();
});

it('delivers after the worker is SIGKILLed mid-attempt and a new one starts', async () => {
  const workerEnv = { ROLE: 'worker', DATABASE_URL: api.databaseUrl, WEBHOOK_TIMEOUT_MS: '1000' };
  const first = spawnService(workerEnv);
  workers.push(first);
  await first.waitForLog('delivery worker started');
  await first.waitForLog(/health checks/);
  const health = await fetch(`http://127.0.0.1:${first.port()}/readyz`);
  expect(health.status).toBe(200);

  const { gql } = await api.newOrganization();
  receiver.respondWith([hang], answer(200, 'ok'));
  expectData(await gql(CreateWebhook, { input: { url: receiver.url, events: ['inbox.created'] } }));
  expectData(await gql(CreateInbox, {}));

  const [held] = await receiver.waitForRequests(1);
  first.child.kill('SIGKILL');
  await first.exited;

  const deliveryId = expectData(await gql(ListDeliveries, {})).deliveries.edges[0].node.id;
  const pending = expectData(await gql(GetDelivery, { id: deliveryId })).delivery;
  expect(pending).toMatchObject({ status: 'PENDING', attemptCount: 0 });

  const second = spawnService(workerEnv);
  workers.push(second);
  await second.waitForLog('delivery worker started');

  const delivered = await waitFor(
    async () => {
      const delivery = expectData(await gql(GetDelivery, { id: deliveryId })).delivery;
      return delivery?.status === 'SUCCEEDED' ? delivery : undefined;
    },
    { timeoutMs: 40_000, what: 'the delivery to succeed after the crash' },
  );
  expect(delivered.attempts).toHaveLength(1);
  expect(delivered.attempts[0]).toMatchObject({ number: 1, trigger: 'AUTOMATIC', succeeded: true });
  expect(receiver.requests.length).toBeGreaterThanOrEqual(2);
  expect(receiver.requests[1].headers['webhook-id']).toBe(held.headers['webhook-id']);
});
