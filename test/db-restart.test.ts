import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDatabase } from '../src/db/client.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { createLogger } from '../src/logger.ts';
import { CreateInbox, CreateWebhook } from './documents/operations.ts';
import { expectData, type GraphQLResult, graphqlClient } from './helpers/graphql-client.ts';
import { type ServiceProcess, spawnService } from './helpers/process.ts';
import { Receiver } from './helpers/receiver.ts';
import { TEST_ENV } from './helpers/service.ts';
import { waitFor } from './helpers/wait.ts';

// A PostgreSQL of this file's own: the suite's shared one must keep running.
let dataDir: string;
let postgres: EmbeddedDatabase;
let service: ServiceProcess;
let receiver: Receiver;
const logger = createLogger('warn');

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'sendook-db-restart-'));
  postgres = await startEmbeddedPostgres(dataDir, logger, { supervise: false });
  receiver = await Receiver.start();
});
afterAll(async () => {
  await service?.stop('SIGKILL');
  await postgres?.stop();
  await receiver?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const restartPostgres = async () => {
  await postgres.stop(); // fast shutdown: every open connection gets 57P01
  postgres = await startEmbeddedPostgres(dataDir, logger, { port: postgres.port, supervise: false });
};

it('PostgreSQL stopped and started under load: no crash, UNAVAILABLE meanwhile, every committed event delivered', async () => {
  service = spawnService({ DATABASE_URL: postgres.url, DATABASE_TIMEOUT_MS: '2000' });
  await service.waitForLog('mail worker started');
  const baseUrl = `http://127.0.0.1:${service.port()}`;
  const gql = graphqlClient(baseUrl, TEST_ENV.BOOTSTRAP_API_KEY);
  const ready = async () => (await fetch(`${baseUrl}/readyz`)).status;
  expectData(await gql(CreateWebhook, { input: { url: receiver.url, events: ['inbox.created'] } }));

  // Two clients creating inboxes all along; what they were told is kept.
  const answers: Array<GraphQLResult<unknown>> = [];
  let loading = true;
  const load = async () => {
    while (loading) {
      answers.push(await gql(CreateInbox, {}).catch((error) => ({ status: 0, data: null, errors: [error] })));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const loaders = [load(), load()];
  await waitFor(() => answers.length >= 20, { what: 'some inboxes created' });

  await postgres.stop();
  await waitFor(async () => (await ready()) === 503, { timeoutMs: 5000, what: 'readiness 503' });
  const refused = await gql(CreateInbox, {});
  expect(refused.status).toBe(503);
  expect(refused.errors?.[0].extensions?.code).toBe('UNAVAILABLE');
  postgres = await startEmbeddedPostgres(dataDir, logger, { port: postgres.port, supervise: false });
  await waitFor(async () => (await ready()) === 200, { timeoutMs: 10_000, what: 'readiness 200 again' });

  // Quick restarts, under load.
  for (let i = 0; i < 2; i++) {
    const seen = answers.length;
    await restartPostgres();
    await waitFor(() => answers.slice(seen).some((a) => a.status === 200 && !a.errors), {
      timeoutMs: 10_000,
      what: 'a mutation to succeed after the restart',
    });
  }
  loading = false;
  await Promise.all(loaders);

  expect(service.child.exitCode).toBeNull();
  const statuses = new Set(answers.map((a) => (a.errors ? `${a.status} ${a.errors[0].extensions?.code}` : a.status)));
  // Successes, and refusals that say why: never a masked "Unexpected error." nor a dropped connection.
  expect([...statuses].filter((s) => s !== 200 && s !== '503 UNAVAILABLE')).toEqual([]);
  const created = answers.filter((a) => a.status === 200 && !a.errors).length;
  expect(created).toBeGreaterThan(20);

  // Every event that was committed (whatever its client was told) is delivered.
  const db = createDatabase(postgres.url, 2);
  try {
    const events = await db.event.findMany({ where: { type: 'inbox.created' }, select: { id: true } });
    expect(events.length).toBeGreaterThanOrEqual(created);
    await waitFor(async () => (await db.delivery.count({ where: { status: { not: 'SUCCEEDED' } } })) === 0, {
      timeoutMs: 25_000,
      intervalMs: 200,
      what: 'every delivery to succeed',
    });
    expect(await db.delivery.count()).toBe(events.length);
    const received = new Set(receiver.requests.map((r) => r.headers['webhook-id']));
    expect(events.filter((e) => !received.has(e.id))).toEqual([]);
  } finally {
    await db.$disconnect();
  }
  expect(service.output()).not.toMatch(/uncaught|unhandled/i);
  expect(await service.stop('SIGTERM')).toBe(0);
}, 60_000);
