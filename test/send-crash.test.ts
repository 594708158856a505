import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GetOutbound, SendMessage } from './documents/mail-operations.ts';
import { createInboxFor } from './helpers/factories.ts';
import { type FakeRelay, startFakeRelay } from './helpers/fake-relay.ts';
import { expectData } from './helpers/graphql-client.ts';
import { type ServiceProcess, spawnService } from './helpers/process.ts';
import { startTestService, type TestService } from './helpers/service.ts';
import { waitFor } from './helpers/wait.ts';

let api: TestService;
let relay: FakeRelay;
const workers: ServiceProcess[] = [];

beforeAll(async () => {
  relay = await startFakeRelay();
  api = await startTestService({ ROLE: 'api', SMTP_RELAY_URL: relay.url });
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop('SIGKILL')));
  await api?.stop();
  await relay?.close();
});

it('a worker killed between relay acceptance and commit: sent again, recorded sent once', async () => {
  const workerEnv = {
    ROLE: 'worker',
    DATABASE_URL: api.databaseUrl,
    SMTP_RELAY_URL: relay.url,
    SMTP_SEND_TIMEOUT_MS: '1000',
    WEBHOOK_TIMEOUT_MS: '1000',
  };
  const first = spawnService(workerEnv);
  workers.push(first);
  await first.waitForLog('mail worker started');

  const { gql } = await api.newOrganization();
  const inbox = await createInboxFor(gql);
  // Hold the recipient's row: the worker's commit of the relay's answer waits on it.
  const blocker = new pg.Client({ connectionString: api.databaseUrl });
  await blocker.connect();
  try {
    await blocker.query('BEGIN');
    const sent = expectData(
      await gql(SendMessage, { input: { inboxId: inbox.id, to: ['bob@example.net'], subject: 'Crash', text: 'x' } }),
    ).sendMessage;
    await blocker.query('SELECT id FROM message_recipients WHERE message_id = $1 FOR UPDATE', [sent.id]);
    await waitFor(() => relay.delivered('bob@example.net').length === 1, { what: 'the relay to accept' });
    first.child.kill('SIGKILL');
    await first.exited;
    await blocker.query('ROLLBACK');

    const queued = expectData(await gql(GetOutbound, { id: sent.id })).message;
    expect(queued?.recipients[0].status).toBe('QUEUED');
    expect(queued?.events).toEqual([]);

    const second = spawnService(workerEnv);
    workers.push(second);
    await second.waitForLog('mail worker started');
    const done = await waitFor(
      async () => {
        const message = expectData(await gql(GetOutbound, { id: sent.id })).message;
        return message?.recipients[0].status === 'SENT' ? message : undefined;
      },
      { timeoutMs: 40_000, what: 'the recipient to be sent after the crash' },
    );
    expect(relay.delivered('bob@example.net').length).toBeGreaterThanOrEqual(2);
    expect(done.events.map((e) => e.type)).toEqual(['message.sent']);
  } finally {
    await blocker.end();
  }
});
