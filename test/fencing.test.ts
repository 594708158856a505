import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeAttempt, recordAttempts } from '../src/domain/deliveries.ts';
import { recordEvent } from '../src/domain/events.ts';
import { DeliveriesOfWebhook } from './documents/health-operations.ts';
import { createWebhookFor } from './helpers/factories.ts';
import { expectData } from './helpers/graphql-client.ts';
import { answer, Receiver } from './helpers/receiver.ts';
import { startTestService, type TestService } from './helpers/service.ts';

let service: TestService;
let receiver: Receiver;
beforeAll(async () => {
  // No worker: the test plays two workers itself.
  service = await startTestService({ ROLE: 'api' });
  receiver = await Receiver.start();
});
afterAll(async () => {
  await receiver?.close();
  await service?.stop();
});

it('drops a late writer: a worker whose claim lapsed cannot change a delivery another worker finished', async () => {
  const { gql, organizationId } = await service.newOrganization();
  const webhook = await createWebhookFor(gql, receiver.url, ['inbox.created']);
  receiver.respondWith([answer(500)], answer(200));
  await service.db.$transaction((tx) =>
    recordEvent(tx, service.services.deliveries.queue, { organizationId, type: 'inbox.created', payload: {} }),
  );
  const [pending] = expectData(await gql(DeliveriesOfWebhook, { webhookId: webhook.id })).deliveries.edges;
  const request = { deliveryId: pending.node.id, trigger: 'AUTOMATIC' as const, scheduledAttempt: 1 };
  const deps = service.services.deliveries;

  // Worker A makes attempt 1 (the receiver fails it) and stalls before recording...
  const late = await makeAttempt(deps, request);
  // ...its lease lapses; worker B makes attempt 1 again, succeeds and records it.
  const onTime = await makeAttempt(deps, request);
  if (!('made' in late) || !('made' in onTime)) throw new Error('both attempts should have been made');
  expect(await recordAttempts(deps, [onTime.made])).toHaveLength(1);
  // A finally records its failure: nothing changes.
  expect(await recordAttempts(deps, [late.made])).toEqual([]);

  const [finished] = expectData(await gql(DeliveriesOfWebhook, { webhookId: webhook.id })).deliveries.edges;
  expect(finished.node).toMatchObject({ status: 'SUCCEEDED', attemptCount: 1 });
  expect(finished.node.attempts).toEqual([
    expect.objectContaining({ number: 1, succeeded: true, responseStatus: 200 }),
  ]);
});
