import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Viewer } from './documents/operations.ts';
import { expectData, graphqlClient } from './helpers/graphql-client.ts';
import { spawnService } from './helpers/process.ts';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'sendook-first-start-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

// What `npm start` does on a fresh machine: no DATABASE_URL, so an embedded PostgreSQL in DATA_DIR.
const freshEnv = () => ({ DATABASE_URL: '', BOOTSTRAP_API_KEY: '', DATA_DIR: dataDir, PORT: '0' });

it('starts an embedded database, prints and stores a working key, and keeps data across restarts', async () => {
  const first = spawnService(freshEnv());
  let key: string;
  try {
    await first.waitForLog(/GraphQL API/, 60_000);
    key = (await readFile(path.join(dataDir, 'api-key'), 'utf8')).trim();
    expect(key).toMatch(/^sk_/);
    expect((await stat(path.join(dataDir, 'api-key'))).mode & 0o777).toBe(0o600);
    expect(first.output()).toContain(key);
    const viewer = expectData(await graphqlClient(`http://127.0.0.1:${first.port()}`, key)(Viewer)).viewer;
    expect(viewer.name).toBe('default');
    const health = await fetch(`http://127.0.0.1:${first.port()}/readyz`);
    expect(health.status).toBe(200);
  } finally {
    expect(await first.stop('SIGTERM')).toBe(0);
  }

  const second = spawnService(freshEnv());
  try {
    await second.waitForLog(/GraphQL API/, 60_000);
    expect(second.output()).not.toContain('shown once');
    const viewer = expectData(await graphqlClient(`http://127.0.0.1:${second.port()}`, key)(Viewer)).viewer;
    expect(viewer.name).toBe('default');
  } finally {
    expect(await second.stop('SIGTERM')).toBe(0);
  }
});

it('recovers when the previous process was SIGKILLed and left its PostgreSQL running', async () => {
  const killed = spawnService(freshEnv());
  await killed.waitForLog(/GraphQL API/, 60_000);
  killed.child.kill('SIGKILL');
  await killed.exited;
  const next = spawnService(freshEnv());
  try {
    await next.waitForLog(/GraphQL API/, 60_000);
  } finally {
    expect(await next.stop('SIGTERM')).toBe(0);
  }
});

it('refuses bad configuration with one message naming every bad variable', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    env: { ...process.env, PORT: 'x', WEBHOOK_TIMEOUT_MS: '-1', ROLE: 'everything' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/Invalid configuration/);
  for (const name of ['PORT', 'WEBHOOK_TIMEOUT_MS', 'ROLE']) expect(result.stderr).toContain(name);
});
