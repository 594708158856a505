import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, cp, lstat, mkdir, mkdtemp, readdir, readFile, rm, rmdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canReach,
  copyOnce,
  POINTER_FILE,
  type PostgresIds,
  platformBinaries,
  postgresUser,
  RELOCATION_ROOT,
  reachableBinaries,
} from '../src/db/embedded.ts';
import { createLogger } from '../src/logger.ts';
import { CreateInbox, ListInboxes, Viewer } from './documents/operations.ts';
import { expectData, graphqlClient } from './helpers/graphql-client.ts';
import { spawnService } from './helpers/process.ts';

// As root, PostgreSQL runs as `postgres`, which cannot traverse a home folder like /root (mode 0700).
describe.skipIf(process.getuid?.() !== 0)('first start as root in a folder the postgres user cannot traverse', () => {
  let home: string;
  let relocated: string;
  let ids: PostgresIds;
  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'sendook-home-'));
    await chmod(home, 0o700);
    relocated = await mkdtemp(path.join(tmpdir(), 'sendook-relocated-'));
    ids = await postgresUser();
  });
  afterAll(async () => {
    const cluster = (await readFile(path.join(home, 'data', POINTER_FILE), 'utf8').catch(() => '')).trim();
    if (cluster.startsWith(`${RELOCATION_ROOT}/clusters/`)) await rm(cluster, { recursive: true, force: true });
    // Only if empty: a machine's real relocated clusters and binaries stay.
    for (const dir of [path.join(RELOCATION_ROOT, 'clusters'), RELOCATION_ROOT])
      await rmdir(dir).catch(() => undefined);
    await rm(home, { recursive: true, force: true });
    await rm(relocated, { recursive: true, force: true });
  });

  it('tells whether the postgres user can reach a path, whatever the mode of the path itself', async () => {
    const inside = path.join(home, 'open');
    await mkdir(inside, { mode: 0o755 });
    expect(canReach(ids, inside)).toBe(false);
    expect(canReach(ids, home)).toBe(false);
    expect(canReach(ids, tmpdir())).toBe(true);
  });

  it('runs PostgreSQL from a copy of its binaries when they sit in such a folder', async () => {
    const installed = await platformBinaries();
    const unreachable = path.join(home, 'linux-x64', 'native');
    await cp(path.dirname(installed), path.dirname(unreachable), { recursive: true, verbatimSymlinks: true });
    const { version } = JSON.parse(await readFile(path.join(installed, '..', 'package.json'), 'utf8'));

    const bin = await reachableBinaries(ids, unreachable, createLogger('silent'), relocated);
    expect(bin).toBe(path.join(relocated, `postgres-${version}`, 'bin'));
    expect((await lstat(path.join(bin, '..', 'lib', 'libpq.so'))).isSymbolicLink()).toBe(true);
    expect(await reachableBinaries(ids, unreachable, createLogger('silent'), relocated)).toBe(bin);

    // initdb as postgres needs the copied lib/ and share/ as well as bin/.
    const cluster = path.join(relocated, 'cluster');
    await mkdir(cluster);
    await chown(cluster, ids.uid, ids.gid);
    const initdb = spawnSync(path.join(bin, 'initdb'), ['-D', cluster, '-U', 'postgres', '--auth=trust'], {
      ...ids,
      encoding: 'utf8',
    });
    expect(initdb.stderr).not.toMatch(/error|fatal/i);
    expect(initdb.status).toBe(0);
    expect(existsSync(path.join(cluster, 'PG_VERSION'))).toBe(true);
  });

  it('copies once, atomically, when two starts race', async () => {
    const source = path.join(await platformBinaries(), 'share');
    const target = path.join(relocated, 'raced');
    const copied = await Promise.all([copyOnce(source, target), copyOnce(source, target), copyOnce(source, target)]);
    expect(copied.filter(Boolean)).toHaveLength(1);
    expect(await readdir(relocated)).not.toContainEqual(expect.stringContaining('.partial-'));
    expect((await readdir(target)).sort()).toEqual((await readdir(source)).sort());
  });

  it('starts with no DATABASE_URL, keeping the cluster where postgres can reach it, and keeps data across restarts', async () => {
    const dataDir = path.join(home, 'data');
    const env = { DATABASE_URL: '', BOOTSTRAP_API_KEY: '', DATA_DIR: dataDir, PORT: '0', SMTP_PORT: '0' };
    const first = spawnService(env);
    let key: string;
    let organizationId: string;
    let inboxId: string;
    try {
      await first.waitForLog(/GraphQL API/, 60_000);
      expect((await fetch(`http://127.0.0.1:${first.port()}/readyz`)).status).toBe(200);
      key = (await readFile(path.join(dataDir, 'api-key'), 'utf8')).trim();
      const api = graphqlClient(`http://127.0.0.1:${first.port()}`, key);
      organizationId = expectData(await api(Viewer)).viewer.id;
      inboxId = expectData(await api(CreateInbox, { input: { name: 'Support' } })).createInbox.id;
    } finally {
      expect(await first.stop('SIGTERM')).toBe(0);
    }

    const cluster = (await readFile(path.join(dataDir, POINTER_FILE), 'utf8')).trim();
    expect(cluster.startsWith(`${RELOCATION_ROOT}/clusters/`)).toBe(true);
    expect((await stat(cluster)).uid).toBe(ids.uid);
    expect(existsSync(path.join(cluster, 'PG_VERSION'))).toBe(true);
    expect(existsSync(path.join(dataDir, 'postgres'))).toBe(false);
    expect(first.output()).toContain(cluster);

    // The next start finds the same cluster; a SIGKILLed one leaves its Postgres running for the one after.
    const killed = spawnService(env);
    await killed.waitForLog(/GraphQL API/, 60_000);
    killed.child.kill('SIGKILL');
    await killed.exited;
    const next = spawnService(env);
    try {
      await next.waitForLog(/GraphQL API/, 60_000);
      const api = graphqlClient(`http://127.0.0.1:${next.port()}`, key);
      expect(expectData(await api(Viewer)).viewer.id).toBe(organizationId);
      const inboxes = expectData(await api(ListInboxes, { first: 10 })).inboxes.edges.map((edge) => edge.node.id);
      expect(inboxes).toContain(inboxId);
      expect(next.output()).toContain('left running by a previous process');
    } finally {
      expect(await next.stop('SIGTERM')).toBe(0);
    }
  });
});
