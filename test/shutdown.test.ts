import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDatabase } from '../src/db/client.ts';
import { CreateInbox, CreateWebhook } from './documents/operations.ts';
import { createTestDatabase } from './helpers/database.ts';
import { expectData, graphqlClient } from './helpers/graphql-client.ts';
import { spawnService } from './helpers/process.ts';
import { hang, Receiver } from './helpers/receiver.ts';
import { TEST_ENV } from './helpers/service.ts';

let receiver: Receiver;
beforeAll(async () => {
  receiver = await Receiver.start();
});
afterAll(async () => {
  await receiver?.close();
});

it('SIGTERM lets an in-flight attempt finish and record, then exits 0', async () => {
  const databaseUrl = await createTestDatabase();
  const service = spawnService({ DATABASE_URL: databaseUrl, WEBHOOK_TIMEOUT_MS: '3000' });
  try {
    await service.waitForLog(/GraphQL API/);
    const gql = graphqlClient(`http://127.0.0.1:${service.port()}`, TEST_ENV.BOOTSTRAP_API_KEY);
    // The receiver answers slowly, so the attempt is still in flight when SIGTERM arrives.
    receiver.always((_req, res) => {
      void delay(700).then(() => res.writeHead(200).end('late but fine'));
    });
    expectData(await gql(CreateWebhook, { input: { url: receiver.url, events: ['*'] } }));
    expectData(await gql(CreateInbox, {}));
    await receiver.waitForRequests(1);
    service.child.kill('SIGTERM');
    // `npm start` forwards the signal the process also gets itself: the echo must not force the exit.
    setTimeout(() => service.child.kill('SIGTERM'), 50);
    expect(await service.exited).toBe(0);
  } finally {
    await service.stop('SIGKILL');
  }

  const db = createDatabase(databaseUrl, 1);
  try {
    const deliveries = await db.delivery.findMany({ include: { attempts: true } });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0].status).toBe('SUCCEEDED');
    expect(deliveries[0].attempts[0]).toMatchObject({ succeeded: true, responseBody: 'late but fine' });
  } finally {
    await db.$disconnect();
  }
});

it('stopping that hangs ends at SHUTDOWN_TIMEOUT_MS, or at once on a second signal, with a non-zero code', async () => {
  const databaseUrl = await createTestDatabase();
  // The receiver never answers and attempts may take 30 s: stopping waits for them, longer than allowed.
  receiver.always(hang);
  const seen = receiver.requests.length;
  const start = async () => {
    const service = spawnService({
      DATABASE_URL: databaseUrl,
      WEBHOOK_TIMEOUT_MS: '30000',
      SHUTDOWN_TIMEOUT_MS: '2000',
    });
    await service.waitForLog('mail worker started');
    return service;
  };
  const first = await start();
  try {
    const gql = graphqlClient(`http://127.0.0.1:${first.port()}`, TEST_ENV.BOOTSTRAP_API_KEY);
    expectData(await gql(CreateWebhook, { input: { url: receiver.url, events: ['*'] } }));
    expectData(await gql(CreateInbox, {}));
    await receiver.waitForRequests(seen + 1);
    const signalled = Date.now();
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(1);
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(1900);
    expect(Date.now() - signalled).toBeLessThan(4000);
    expect(first.logs.some((l) => /SHUTDOWN_TIMEOUT_MS/.test(String(l.msg)))).toBe(true);
  } finally {
    await first.stop('SIGKILL');
  }

  // Its job stays claimed and runs again once its lease ends, as after a crash (test/worker-crash.test.ts).
  // The same wait again, ended at once by a second signal:
  const second = await start();
  try {
    const gql = graphqlClient(`http://127.0.0.1:${second.port()}`, TEST_ENV.BOOTSTRAP_API_KEY);
    expectData(await gql(CreateInbox, {}));
    await receiver.waitForRequests(seen + 2);
    const signalled = Date.now();
    second.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(1);
    expect(Date.now() - signalled).toBeLessThan(2200);
  } finally {
    await second.stop('SIGKILL');
  }
});
