import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFloorServer } from './bench/subscriptions.ts';
import { DeliveryAttemptsSubscription, EventsSubscription } from './documents/subscription-operations.ts';
import { createInboxFor, createWebhookFor } from './helpers/factories.ts';
import { Receiver } from './helpers/receiver.ts';
import { startTestService, type TestService } from './helpers/service.ts';
import { waitFor } from './helpers/wait.ts';
import { connectWs, type Subscription, subscribe, type WsConnection } from './helpers/ws-client.ts';

// More listeners than Node's default limit of 10 on anything they might share.
const MANY = 15;

let warnings: Error[] = [];
const onWarning = (warning: Error) => {
  if (warning.name === 'MaxListenersExceededWarning') warnings.push(warning);
};
beforeEach(() => {
  warnings = [];
  process.on('warning', onWarning);
});
afterEach(() => {
  process.off('warning', onWarning);
});
/** Warnings are emitted on the next tick. */
const warningsSoFar = async () => {
  await new Promise((resolve) => setImmediate(resolve));
  return warnings.map((warning) => warning.message);
};

describe('no MaxListenersExceededWarning', () => {
  let service: TestService;
  let receiver: Receiver;
  const connections: WsConnection[] = [];

  beforeAll(async () => {
    service = await startTestService();
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    for (const connection of connections) await connection.client.dispose();
    await receiver?.close();
    await service?.stop();
  });

  it('with many live subscribers on one socket and on many, streaming events and attempts', async () => {
    const { gql, key } = await service.newOrganization();
    await createWebhookFor(gql, `${receiver.url}/hook`);
    const subscriptions: Array<Subscription<unknown>> = [];
    const shared = connectWs(service.baseUrl, key);
    connections.push(shared);
    for (let i = 0; i < MANY; i++) {
      const own = connectWs(service.baseUrl, key);
      connections.push(own);
      subscriptions.push(subscribe(shared.client, EventsSubscription, { types: ['inbox.created'] }));
      subscriptions.push(subscribe(own.client, DeliveryAttemptsSubscription, {}));
    }
    // Subscriptions listen once the server has processed `subscribe`.
    await new Promise((resolve) => setTimeout(resolve, 300));

    await createInboxFor(gql);

    for (const subscription of subscriptions) await subscription.waitForItems(1);
    expect(await warningsSoFar()).toEqual([]);
  });

  it('with many subscribers on the benchmark floor', async () => {
    const floor = await startFloorServer();
    const received: number[] = [];
    const floorConnections = Array.from({ length: MANY }, () => connectWs(floor.url.replace(/\/graphql$/, '')));
    try {
      floorConnections.forEach((connection, i) => {
        received[i] = 0;
        connection.client.subscribe(
          { query: 'subscription { events { id } }' },
          { next: () => void received[i]++, error: () => undefined, complete: () => undefined },
        );
      });
      await waitFor(
        () => {
          floor.publish({ id: 'evt_floor', type: 'inbox.created', payload: {}, createdAt: new Date().toISOString() });
          return received.every((count) => count > 0);
        },
        { intervalMs: 50, what: 'every floor subscriber served' },
      );
      expect(await warningsSoFar()).toEqual([]);
    } finally {
      for (const connection of floorConnections) await connection.client.dispose();
      await floor.stop();
    }
  });
});
