import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CreateInbox, CreateWebhook } from './documents/operations.ts';
import { expectData, graphqlClient } from './helpers/graphql-client.ts';
import { type ServiceProcess, spawnService } from './helpers/process.ts';
import { Receiver } from './helpers/receiver.ts';
import { TEST_ENV } from './helpers/service.ts';
import { waitFor } from './helpers/wait.ts';

let dataDir: string;
let receiver: Receiver;
let service: ServiceProcess | undefined;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'sendook-embedded-restart-'));
  receiver = await Receiver.start();
});
afterAll(async () => {
  await service?.stop('SIGKILL');
  await receiver?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const pidFile = () => path.join(dataDir, 'postgres', 'postmaster.pid');
const postmasterPid = async () => Number((await readFile(pidFile(), 'utf8')).split('\n')[0]);

it('restarts its embedded PostgreSQL when it dies (same port, same data), and Ctrl-C stops both in order', async () => {
  // Detached: the test signals its process group the way a terminal's Ctrl-C does.
  service = spawnService({ DATABASE_URL: '', DATA_DIR: dataDir }, { detached: true });
  await service.waitForLog('mail worker started');
  const baseUrl = `http://127.0.0.1:${service.port()}`;
  const gql = graphqlClient(baseUrl, TEST_ENV.BOOTSTRAP_API_KEY);
  expectData(await gql(CreateWebhook, { input: { url: receiver.url, events: ['inbox.created'] } }));
  expectData(await gql(CreateInbox, {}));
  await receiver.waitForRequests(1);

  const crashed = await postmasterPid();
  process.kill(crashed, 'SIGKILL');
  await service.waitForLog('embedded PostgreSQL exited unexpectedly; restarting it', 5000);
  const restarted = await service.waitForLog('embedded PostgreSQL restarted', 20_000);
  expect(restarted.pid).not.toBe(crashed);
  await waitFor(async () => (await fetch(`${baseUrl}/readyz`)).status === 200, {
    timeoutMs: 10_000,
    what: 'ready again',
  });
  // The same data (the key, the webhook) behind the same URL: the process kept its pools and went on.
  const after = expectData(await gql(CreateInbox, {})).createInbox;
  await waitFor(() => receiver.requests.some((request) => JSON.parse(request.body).inboxId === after.id), {
    timeoutMs: 10_000,
    what: 'the webhook of the inbox created after the restart',
  });
  expect(service.child.exitCode).toBeNull();

  // PostgreSQL has a process group of its own, so only the service gets this SIGINT; it stops
  // everything in order, PostgreSQL last (a clean shutdown removes postmaster.pid).
  process.kill(-(service.child.pid as number), 'SIGINT');
  expect(await service.exited).toBe(0);
  const shutdown = service.logs.slice(service.logs.findIndex((line) => line.signal === 'SIGINT'));
  expect(shutdown.filter((line) => Number(line.level) >= 50).map((line) => line.msg)).toEqual([]);
  expect(existsSync(pidFile())).toBe(false);
}, 40_000);
