import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvents } from '../src/domain/events.ts';
import {
  DeliveriesOfWebhook,
  GetWebhookRecovery,
  RecoverWebhook,
  WebhookHealth,
} from './documents/health-operations.ts';
import { CreateInbox, UpdateWebhook } from './documents/operations.ts';
import { EventsSubscription } from './documents/subscription-operations.ts';
import { createWebhookFor } from './helpers/factories.ts';
import { expectData, type GraphQLRequest } from './helpers/graphql-client.ts';
import { answer, hang, type ReceivedRequest, Receiver } from './helpers/receiver.ts';
import { startTestService, type TestService } from './helpers/service.ts';
import { waitFor } from './helpers/wait.ts';
import { connectWs, subscribe } from './helpers/ws-client.ts';

const receivers: Receiver[] = [];
async function receiver() {
  const r = await Receiver.start();
  receivers.push(r);
  return r;
}
afterAll(() => Promise.all(receivers.map((r) => r.close())));

const eventOf = (request: ReceivedRequest) =>
  JSON.parse(request.body) as { event: string; payload: Record<string, unknown> };

async function health(gql: GraphQLRequest, id: string) {
  const webhook = expectData(await gql(WebhookHealth, { id })).webhook;
  if (!webhook) throw new Error(`no webhook ${id}`);
  return webhook;
}

async function deliveriesOf(gql: GraphQLRequest, webhookId: string) {
  return expectData(await gql(DeliveriesOfWebhook, { webhookId })).deliveries.edges.map((e) => e.node);
}

describe('health, failing, recovered and disabled', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService({
      WEBHOOK_RETRY_SCHEDULE: '0.1,0.1',
      WEBHOOK_DISABLE_AFTER: '2s',
      WEBHOOK_TIMEOUT_MS: '1000',
    });
  });
  afterAll(() => service?.stop());

  it('moves HEALTHY -> FAILING -> DISABLED, telling another webhook and a subscriber, then sends nothing', async () => {
    const { gql, key } = await service.newOrganization();
    const failing = (await receiver()).always(answer(500));
    const watcher = await receiver();
    const webhook = await createWebhookFor(gql, failing.url, ['inbox.created']);
    await createWebhookFor(gql, watcher.url, ['*']);
    const ws = connectWs(service.baseUrl, key);
    const live = subscribe(ws.client, EventsSubscription, { types: ['webhook.failing', 'webhook.disabled'] });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await health(gql, webhook.id)).health.status).toBe('HEALTHY');

    expectData(await gql(CreateInbox, {}));
    await waitFor(() => failing.requests.length >= 3, { what: 'three failed attempts' });
    const failingEvent = await waitFor(() => watcher.requests.map(eventOf).find((e) => e.event === 'webhook.failing'));
    const afterFirst = await health(gql, webhook.id);
    expect(afterFirst.health).toMatchObject({
      status: 'FAILING',
      consecutiveFailures: 3,
      attempts24h: 3,
      successRate24h: 0,
    });
    const failingSince = Date.parse(afterFirst.health.failingSince as string);
    expect(Date.parse(afterFirst.health.disableAt as string) - failingSince).toBe(2000);
    expect(failingEvent.payload).toMatchObject({
      id: webhook.id,
      url: webhook.url,
      disableAt: afterFirst.health.disableAt,
    });
    expect(failing.requests.map(eventOf).every((e) => e.event === 'inbox.created')).toBe(true);

    // Still failing after WEBHOOK_DISABLE_AFTER: the next delivery that ends FAILED disables it.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, failingSince + 2100 - Date.now())));
    expectData(await gql(CreateInbox, {}));
    const disabled = await waitFor(() => watcher.requests.map(eventOf).find((e) => e.event === 'webhook.disabled'));
    expect(disabled.payload).toMatchObject({
      id: webhook.id,
      url: webhook.url,
      failingSince: afterFirst.health.failingSince,
    });
    expect(watcher.requests.map(eventOf).filter((e) => e.event === 'webhook.failing')).toHaveLength(1);
    const after = await health(gql, webhook.id);
    expect(after).toMatchObject({ enabled: false, health: { status: 'DISABLED', disableAt: null } });
    expect(after.disabledReason).toMatch(/failed since/);
    const [streamed] = await live.waitForItems(2);
    expect(streamed.events.type).toBe('webhook.failing');
    expect(live.items[1].events.type).toBe('webhook.disabled');

    const before = failing.requests.length;
    expectData(await gql(CreateInbox, {}));
    await waitFor(() => watcher.requests.filter((r) => eventOf(r).event === 'inbox.created').length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(failing.requests).toHaveLength(before);
    live.dispose();
    await ws.client.dispose();
  });

  it('resets the streak on one success and says webhook.recovered after webhook.failing', async () => {
    const { gql } = await service.newOrganization();
    const flaky = (await receiver()).respondWith([answer(500), answer(500), answer(500)], answer(200));
    const watcher = await receiver();
    const webhook = await createWebhookFor(gql, flaky.url, ['inbox.created']);
    await createWebhookFor(gql, watcher.url, ['webhook.failing', 'webhook.recovered']);
    expectData(await gql(CreateInbox, {}));
    await waitFor(() => watcher.requests.length >= 1, { what: 'webhook.failing' });
    expectData(await gql(CreateInbox, {}));
    await waitFor(() => watcher.requests.length >= 2, { what: 'webhook.recovered' });
    expect(watcher.requests.map((r) => eventOf(r).event)).toEqual(['webhook.failing', 'webhook.recovered']);
    expect(eventOf(watcher.requests[1]).payload).toMatchObject({ id: webhook.id, recoveredAt: expect.any(String) });
    const healthy = await health(gql, webhook.id);
    expect(healthy.health).toMatchObject({
      status: 'HEALTHY',
      consecutiveFailures: 0,
      failingSince: null,
      disableAt: null,
      attempts24h: 4,
      successRate24h: 0.25,
    });
    expect(healthy.health.lastSuccessAt).not.toBeNull();
    expect(healthy.health.p50DurationMs24h).toBeGreaterThan(0);
  });

  it('disables at once on 410 Gone', async () => {
    const { gql } = await service.newOrganization();
    const gone = (await receiver()).always(answer(410));
    const webhook = await createWebhookFor(gql, gone.url, ['inbox.created']);
    expectData(await gql(CreateInbox, {}));
    const disabled = await waitFor(async () => {
      const w = await health(gql, webhook.id);
      return !w.enabled && w;
    });
    expect(disabled.disabledReason).toMatch(/410 Gone/);
    expect(gone.requests).toHaveLength(1);
    const [delivery] = await deliveriesOf(gql, webhook.id);
    expect(delivery).toMatchObject({ status: 'FAILED', lastError: 'The webhook is disabled.' });
  });

  it('waits at least a 429 Retry-After before the next attempt', async () => {
    const { gql } = await service.newOrganization();
    const busy = (await receiver()).respondWith([answer(429, '', { 'retry-after': '2' })], answer(200));
    await createWebhookFor(gql, busy.url, ['inbox.created']);
    expectData(await gql(CreateInbox, {}));
    await waitFor(() => busy.requests.length >= 2, { timeoutMs: 10_000, what: 'the retry' });
    const gap = busy.requests[1].receivedAt - busy.requests[0].receivedAt;
    expect(gap).toBeGreaterThanOrEqual(1900);
    expect(gap).toBeLessThan(4000);
  });

  it('ends pending deliveries without sending them when the user disables the webhook', async () => {
    const slow = await startTestService({ WEBHOOK_RETRY_SCHEDULE: '30', WEBHOOK_TIMEOUT_MS: '1000' });
    try {
      const { gql } = await slow.newOrganization();
      const failing = (await receiver()).always(answer(500));
      const webhook = await createWebhookFor(gql, failing.url, ['inbox.created']);
      expectData(await gql(CreateInbox, {}));
      const pending = await waitFor(async () => {
        const [d] = await deliveriesOf(gql, webhook.id);
        return d?.attemptCount === 1 && d;
      });
      expect(pending.status).toBe('PENDING');
      expectData(await gql(UpdateWebhook, { id: webhook.id, input: { enabled: false } }));
      const [ended] = await deliveriesOf(gql, webhook.id);
      expect(ended).toMatchObject({ status: 'FAILED', lastError: 'The webhook is disabled.', attemptCount: 1 });
      expect((await health(gql, webhook.id)).health.status).toBe('DISABLED');
      expect(failing.requests).toHaveLength(1);
      // Enabling again starts a clean slate.
      expectData(await gql(UpdateWebhook, { id: webhook.id, input: { enabled: true } }));
      expect((await health(gql, webhook.id)).health).toMatchObject({ status: 'HEALTHY', consecutiveFailures: 0 });
    } finally {
      await slow.stop();
    }
  });

  it('recovers exactly the failed deliveries since a time, with their webhook-id, and counts them live', async () => {
    const { gql } = await service.newOrganization();
    const target = (await receiver()).always(answer(500));
    const webhook = await createWebhookFor(gql, target.url, ['inbox.created']);
    expectData(await gql(CreateInbox, {}));
    await waitFor(async () => (await deliveriesOf(gql, webhook.id))[0]?.status === 'FAILED');
    const since = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expectData(await gql(CreateInbox, {}));
    expectData(await gql(CreateInbox, {}));
    await waitFor(async () => (await deliveriesOf(gql, webhook.id)).filter((d) => d.status === 'FAILED').length === 3);
    const sentBefore = target.requests.length;
    const failedIds = new Map(target.requests.map((r) => [r.headers['webhook-id'], r]));

    target.always(answer(200));
    const recovery = expectData(
      await gql(RecoverWebhook, { id: webhook.id, since: since.toISOString() }),
    ).recoverWebhook;
    expect(recovery).toMatchObject({ total: 2, webhook: { id: webhook.id } });
    const done = await waitFor(async () => {
      const r = expectData(await gql(GetWebhookRecovery, { id: recovery.id })).webhookRecovery;
      return r?.succeeded === 2 && r;
    });
    expect(done).toMatchObject({ total: 2, pending: 0, failed: 0 });
    const resent = target.requests.slice(sentBefore);
    expect(resent).toHaveLength(2);
    for (const request of resent) expect(failedIds.has(request.headers['webhook-id'])).toBe(true);
    const deliveries = await deliveriesOf(gql, webhook.id);
    expect(deliveries.filter((d) => d.status === 'SUCCEEDED')).toHaveLength(2);
    expect(deliveries.filter((d) => d.status === 'FAILED')).toHaveLength(1);
    const recovered = deliveries.find((d) => d.status === 'SUCCEEDED');
    expect(recovered?.attempts.at(-1)).toMatchObject({ trigger: 'RECOVERY', succeeded: true, number: 4 });

    expectData(await gql(UpdateWebhook, { id: webhook.id, input: { enabled: false } }));
    const refused = await gql(RecoverWebhook, { id: webhook.id, since: since.toISOString() });
    expect(refused.errors?.[0].extensions?.code).toBe('CONFLICT');
  });
});

describe('rate limit', () => {
  it('paces a webhook with rateLimitPerSecond: deliveries beyond it wait, they do not fail', async () => {
    const service = await startTestService({ WEBHOOK_RETRY_SCHEDULE: '0.1' });
    try {
      const { gql, organizationId } = await service.newOrganization();
      const paced = await receiver();
      const webhook = await createWebhookFor(gql, paced.url, ['inbox.created']);
      expectData(await gql(UpdateWebhook, { id: webhook.id, input: { rateLimitPerSecond: 2 } }));
      await service.db.$transaction((tx) =>
        recordEvents(
          tx,
          service.services.deliveries.queue,
          Array.from({ length: 6 }, (_, i) => ({ organizationId, type: 'inbox.created' as const, payload: { i } })),
        ),
      );
      await waitFor(() => paced.requests.length >= 6, { timeoutMs: 15_000, what: 'six paced deliveries' });
      const times = paced.requests.map((r) => r.receivedAt).sort((a, b) => a - b);
      // A fixed one-second window: at most 2 per window, so 6 take more than two windows.
      expect(times[5] - times[0]).toBeGreaterThanOrEqual(1000);
      for (let i = 0; i + 4 < times.length; i++) expect(times[i + 4] - times[i]).toBeGreaterThan(1000);
      const deliveries = await waitFor(async () => {
        const all = await deliveriesOf(gql, webhook.id);
        return all.every((d) => d.status === 'SUCCEEDED') && all;
      });
      expect(deliveries.map((d) => d.attemptCount)).toEqual([1, 1, 1, 1, 1, 1]);
    } finally {
      await service.stop();
    }
  });
});

describe('fairness', () => {
  it("keeps a hanging receiver from delaying another organization's deliveries", async () => {
    const service = await startTestService({
      WEBHOOK_TIMEOUT_MS: '2000',
      WEBHOOK_MAX_IN_FLIGHT: '5',
      WEBHOOK_RETRY_SCHEDULE: '60',
    });
    try {
      const a = await service.newOrganization('A');
      const b = await service.newOrganization('B');
      let open = 0;
      let maxOpen = 0;
      const hanging = (await receiver()).always((req, res) => {
        open++;
        maxOpen = Math.max(maxOpen, open);
        res.on('close', () => {
          open--;
        });
        hang(req, res, 0);
      });
      const healthy = await receiver();
      await createWebhookFor(a.gql, hanging.url, ['inbox.created']);
      await createWebhookFor(b.gql, healthy.url, ['inbox.created']);
      await service.db.$transaction((tx) =>
        recordEvents(
          tx,
          service.services.deliveries.queue,
          Array.from({ length: 300 }, (_, i) => ({
            organizationId: a.organizationId,
            type: 'inbox.created' as const,
            payload: { i },
          })),
        ),
      );
      await waitFor(() => hanging.requests.length >= 5, { what: 'the hanging receiver to fill up' });
      const latencies: number[] = [];
      for (let i = 0; i < 10; i++) {
        const started = Date.now();
        expectData(await b.gql(CreateInbox, {}));
        await waitFor(() => healthy.requests.length >= i + 1, { timeoutMs: 5000, what: `B's delivery ${i + 1}` });
        latencies.push(Date.now() - started);
      }
      expect(Math.max(...latencies)).toBeLessThan(1000);
      expect(maxOpen).toBeLessThanOrEqual(5);
    } finally {
      await service.stop();
    }
  });
});
