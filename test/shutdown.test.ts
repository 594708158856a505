import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDatabase } from '../src/db/client.ts';
import { CreateInbox, CreateWebhook } from './documents/operations.ts';
import { createTestDatabase } from './helpers/database.ts';
import { expectData, graphqlClient } from './helpers/graphql-client.ts';
import { spawnService } from './helpers/process.ts';
import { Receiver } from './helpers/receiver.ts';
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
