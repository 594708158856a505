import { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pgOptions } from '../src/db/client.ts';
import { recordEvent } from '../src/domain/events.ts';
import { type DeliveryWorker, startDeliveryWorker } from '../src/jobs/delivery-worker.ts';
import { createLogger } from '../src/logger.ts';
import { createWebhookFor } from './helpers/factories.ts';
import { Receiver } from './helpers/receiver.ts';
import { startTestService, type TestService } from './helpers/service.ts';

let service: TestService;
let receiver: Receiver;
let boss: PgBoss;
let worker: DeliveryWorker | undefined;

beforeAll(async () => {
  // No worker in the service: the test runs one itself, on a pg-boss whose fetch it can hold back.
  service = await startTestService({ ROLE: 'api' });
  receiver = await Receiver.start();
  boss = new PgBoss({ ...pgOptions(service.databaseUrl), max: 4, schedule: false, supervise: false });
  boss.on('error', () => undefined);
  await boss.start();
});
afterAll(async () => {
  await worker?.stop();
  await boss?.stop({ graceful: false });
  await receiver?.close();
  await service?.stop();
});

it('keeps a wake-up that arrives while a fetch is in flight: the new job does not wait a poll interval', async () => {
  const { gql, organizationId } = await service.newOrganization();
  await createWebhookFor(gql, receiver.url, ['inbox.created']);

  // The worker's first fetch finds nothing, and its answer is held until the event is recorded and
  // the worker woken, as when a commit lands just after a fetch took its snapshot.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let fetchHeld: () => void = () => undefined;
  const fetching = new Promise<void>((resolve) => {
    fetchHeld = resolve;
  });
  const fetch = boss.fetch.bind(boss);
  let first = true;
  boss.fetch = (async (...args: Parameters<typeof fetch>) => {
    const jobs = await fetch(...args);
    if (first) {
      first = false;
      fetchHeld();
      await held;
    }
    return jobs;
  }) as typeof boss.fetch;

  const pollMs = 20_000;
  worker = startDeliveryWorker(boss, service.services.deliveries, createLogger('silent'), {
    concurrency: 10,
    maxInFlightPerWebhook: 10,
    pollMs,
  });
  await fetching;
  await service.db.$transaction((tx) =>
    recordEvent(tx, service.services.deliveries.queue, { organizationId, type: 'inbox.created', payload: {} }),
  );
  worker.wake();
  const woken = Date.now();
  release();

  await receiver.waitForRequests(1, 5_000);
  expect(Date.now() - woken).toBeLessThan(pollMs / 4);
});
