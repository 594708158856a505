import { afterAll, beforeAll, expect, it } from 'vitest';
import { CreateInbox, CreateWebhook } from './documents/operations.ts';
import { expectData } from './helpers/graphql-client.ts';
import { type ServiceProcess, spawnService } from './helpers/process.ts';
import { Receiver } from './helpers/receiver.ts';
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

it('four worker processes deliver 1,000 deliveries: each exactly once, none left pending', async () => {
  // With the tests' 1-s timeout, a busy machine's slow answers become retries, which the receiver
  // rightly sees twice; here only overlapping claims may cause a second request.
  for (let i = 0; i < 4; i++) {
    workers.push(
      spawnService({ ROLE: 'worker', DATABASE_URL: api.databaseUrl, LOG_LEVEL: 'debug', WEBHOOK_TIMEOUT_MS: '10000' }),
    );
  }
  await Promise.all(workers.map((w) => w.waitForLog('delivery worker started')));

  // 10 webhooks (one path each) x 100 events = 1,000 deliveries.
  const { gql } = await api.newOrganization();
  for (let w = 0; w < 10; w++) {
    expectData(await gql(CreateWebhook, { input: { url: `${receiver.url}/w${w}`, events: ['inbox.created'] } }));
  }
  for (let batch = 0; batch < 10; batch++) {
    await Promise.all(Array.from({ length: 10 }, async () => expectData(await gql(CreateInbox, {}))));
  }

  await waitFor(async () => (await api.db.delivery.count({ where: { status: 'SUCCEEDED' } })) === 1000, {
    timeoutMs: 30_000,
    intervalMs: 200,
    what: '1,000 deliveries to succeed',
  });
  expect(await api.db.delivery.count({ where: { status: { not: 'SUCCEEDED' } } })).toBe(0);
  const received = receiver.requests.map((r) => `${r.path} ${r.headers['webhook-id']}`);
  expect(received).toHaveLength(1000);
  expect(new Set(received).size).toBe(1000);
  const events = await api.db.event.findMany({ select: { id: true } });
  expect(new Set(receiver.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set(events.map((e) => e.id)));
  // The work was shared: claims never overlapped, whichever worker made them.
  const busy = workers.filter((w) => w.logs.some((line) => line.msg === 'delivered'));
  expect(busy.length).toBeGreaterThanOrEqual(2);
}, 40_000);
