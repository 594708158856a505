import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestWebhook } from './documents/operations.ts';
import { EventsSubscription } from './documents/subscription-operations.ts';
import { createInboxFor, createWebhookFor } from './helpers/factories.ts';
import { expectData } from './helpers/graphql-client.ts';
import { answer, Receiver } from './helpers/receiver.ts';
import { startTestService, type TestService } from './helpers/service.ts';
import { waitFor } from './helpers/wait.ts';
import { connectWs, subscribe } from './helpers/ws-client.ts';

/** Contract 6: the names every role's /metrics serves. */
const CONTRACT_NAMES = [
  'sendook_webhook_attempts_total',
  'sendook_webhook_attempt_duration_seconds',
  'sendook_webhook_queue_depth',
  'sendook_webhook_delivery_lag_seconds',
  'sendook_events_total',
  'sendook_live_subscriptions',
];

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

async function scrape(baseUrl: string) {
  const response = await fetch(`${baseUrl}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  const types = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
  /** The sum of the samples named so whose labels include `labels`. */
  const value = (name: string, labels: Record<string, string> = {}) =>
    samples
      .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .reduce((sum, s) => sum + s.value, 0);
  return { text, samples, types, value };
}
type Scrape = Awaited<ReturnType<typeof scrape>>;

function expectContractNames(metrics: Scrape) {
  for (const name of CONTRACT_NAMES) expect(metrics.types, name).toContain(name);
  // The process's default metrics.
  expect(metrics.types).toContain('process_cpu_user_seconds_total');
  expect(metrics.types).toContain('nodejs_eventloop_lag_seconds');
}

let receiver: Receiver;
beforeAll(async () => {
  receiver = await Receiver.start();
});
afterAll(async () => {
  await receiver?.close();
});

describe('one process (ROLE=all)', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService();
  });
  afterAll(async () => {
    await service?.stop();
  });

  it('serves the contract names, and its counters move with an event, a failed and a retried attempt, and a test', async () => {
    const { gql } = await service.newOrganization();
    const before = await scrape(service.baseUrl);
    expectContractNames(before);
    // Every event type is there from zero.
    expect(before.samples).toContainEqual({
      name: 'sendook_events_total',
      labels: { type: 'message.bounced' },
      value: 0,
    });

    const webhook = await createWebhookFor(gql, receiver.url);
    receiver.respondWith([answer(500)]);
    await createInboxFor(gql);
    const attempts = (m: Scrape, labels: Record<string, string> = {}) =>
      m.value('sendook_webhook_attempts_total', labels) - before.value('sendook_webhook_attempts_total', labels);
    // The failed first attempt, then the retry 0.2 s later that succeeds.
    const after = await waitFor(
      async () => {
        const m = await scrape(service.baseUrl);
        return attempts(m, { outcome: 'succeeded' }) >= 1 && m;
      },
      { what: 'a succeeded attempt in /metrics' },
    );
    expect(attempts(after, { outcome: 'failed', error_kind: 'status', trigger: 'automatic' })).toBe(1);
    expect(attempts(after, { outcome: 'succeeded', error_kind: 'none', trigger: 'automatic' })).toBe(1);
    expect(attempts(after)).toBe(2);
    const moved = (name: string, labels: Record<string, string> = {}) =>
      after.value(name, labels) - before.value(name, labels);
    expect(moved('sendook_events_total', { type: 'inbox.created' })).toBe(1);
    expect(moved('sendook_webhook_attempt_duration_seconds_count')).toBe(2);
    expect(moved('sendook_webhook_attempt_duration_seconds_count', { outcome: 'failed' })).toBe(1);
    // Only the first attempt measures the lag from the event.
    expect(moved('sendook_webhook_delivery_lag_seconds_count')).toBe(1);
    expect(moved('sendook_webhook_delivery_lag_seconds_sum')).toBeGreaterThan(0);
    expect(moved('sendook_webhook_delivery_lag_seconds_sum')).toBeLessThan(10);
    // pg-boss's counts of the delivery queue, by state.
    expect(
      after.samples
        .filter((s) => s.name === 'sendook_webhook_queue_depth')
        .map((s) => s.labels.state)
        .sort(),
    ).toEqual(['deferred', 'ready']);

    // testWebhook's attempt is counted as such, with no lag (its event is made for it).
    expectData(await gql(TestWebhook, { id: webhook.id }));
    const tested = await scrape(service.baseUrl);
    expect(attempts(tested, { outcome: 'succeeded', trigger: 'test' })).toBe(1);
    expect(tested.value('sendook_webhook_delivery_lag_seconds_count')).toBe(
      after.value('sendook_webhook_delivery_lag_seconds_count'),
    );
  });

  it("serves yoga's GraphQL metrics without unbounded labels", async () => {
    const { gql } = await service.newOrganization();
    await createInboxFor(gql); // a named operation, CreateInbox
    const metrics = await scrape(service.baseUrl);
    expect(metrics.value('graphql_envelop_request', { operationType: 'mutation' })).toBeGreaterThanOrEqual(1);
    expect(metrics.value('graphql_yoga_http_duration_count', { operationType: 'mutation' })).toBeGreaterThanOrEqual(1);
    const labelNames = new Set(metrics.samples.flatMap((s) => Object.keys(s.labels)));
    for (const unbounded of ['url', 'operationName', 'path']) expect(labelNames).not.toContain(unbounded);
    expect(metrics.text).not.toContain('CreateInbox');
  });

  it('counts the subscription streams open on the process', async () => {
    const { key } = await service.newOrganization();
    const open = async () => (await scrape(service.baseUrl)).value('sendook_live_subscriptions');
    const before = await open();
    const ws = connectWs(service.baseUrl, key);
    try {
      const first = subscribe(ws.client, EventsSubscription, {});
      const second = subscribe(ws.client, EventsSubscription, { types: ['inbox.created'] });
      await waitFor(async () => (await open()) === before + 2, { what: 'two open streams' });
      first.dispose();
      await waitFor(async () => (await open()) === before + 1, { what: 'one stream closed' });
      second.dispose();
      await waitFor(async () => (await open()) === before, { what: 'both streams closed' });
    } finally {
      await ws.client.dispose();
    }
  });
});

describe('separate processes on one database', () => {
  let api: TestService;
  let worker: TestService;
  beforeAll(async () => {
    api = await startTestService({ ROLE: 'api' });
    worker = await startTestService({ ROLE: 'worker' }, api.databaseUrl);
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
  });

  it("each role's port serves /metrics; the API counts the event, the worker the attempt", async () => {
    expect(worker.port).not.toBe(api.port);
    const [apiBefore, workerBefore] = await Promise.all([scrape(api.baseUrl), scrape(worker.baseUrl)]);
    expectContractNames(apiBefore);
    expectContractNames(workerBefore);

    const { gql } = await api.newOrganization();
    const requestsBefore = receiver.requests.length;
    await createWebhookFor(gql, receiver.url);
    await createInboxFor(gql);
    await receiver.waitForRequests(requestsBefore + 1);

    const workerAfter = await waitFor(
      async () => {
        const m = await scrape(worker.baseUrl);
        return m.value('sendook_webhook_attempts_total') > workerBefore.value('sendook_webhook_attempts_total') && m;
      },
      { what: "the attempt in the worker's /metrics" },
    );
    const apiAfter = await scrape(api.baseUrl);
    const moved = (after: Scrape, before: Scrape, name: string, labels: Record<string, string> = {}) =>
      after.value(name, labels) - before.value(name, labels);

    expect(moved(workerAfter, workerBefore, 'sendook_webhook_attempts_total', { outcome: 'succeeded' })).toBe(1);
    expect(moved(workerAfter, workerBefore, 'sendook_webhook_delivery_lag_seconds_count')).toBe(1);
    expect(moved(workerAfter, workerBefore, 'sendook_events_total')).toBe(0);
    expect(moved(apiAfter, apiBefore, 'sendook_events_total', { type: 'inbox.created' })).toBe(1);
    expect(moved(apiAfter, apiBefore, 'sendook_webhook_attempts_total')).toBe(0);
    // The worker runs no GraphQL.
    expect(workerAfter.types).not.toContain('graphql_envelop_request');
    expect(apiAfter.types).toContain('graphql_envelop_request');

    // The worker's health port answers /metrics beside its health checks, and nothing else.
    expect((await fetch(`${worker.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${worker.baseUrl}/graphql`)).status).toBe(404);
  });
});
