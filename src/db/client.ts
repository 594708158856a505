import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { type Prisma, PrismaClient } from '../generated/prisma/client.ts';

export type Database = PrismaClient;
export type Transaction = Prisma.TransactionClient;

/** DATABASE_TIMEOUT_MS: longest a statement, or connecting, may take. */
export const DEFAULT_DATABASE_TIMEOUT_MS = 10_000;

/**
 * Connection options for every pg client and pool of the service. The server cancels a statement
 * after `timeoutMs`; the client gives up a little later, which covers a database that does not answer
 * at all (a silent partition keeps the socket open, and only a client-side timeout notices). Sessions
 * left idle in a transaction are ended by the server, so that a process cut off mid-transaction does
 * not hold its locks. TCP keepalive notices a peer that went away without a word.
 */
export function pgOptions(url: string, timeoutMs = DEFAULT_DATABASE_TIMEOUT_MS): pg.PoolConfig {
  return {
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
    query_timeout: timeoutMs + 2000,
    idle_in_transaction_session_timeout: Math.max(timeoutMs * 3, 30_000),
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}

/**
 * A pg pool whose clients never crash the process: a connection that fails while idle in the pool,
 * or while checked out between two statements, emits 'error' on its client, which without a
 * listener is thrown. The statement in flight (or the next one) reports the failure instead.
 */
export function createPool(connection: pg.PoolConfig, max: number, onError: (err: Error) => void = () => undefined) {
  const pool = new pg.Pool({ ...connection, max });
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}

/**
 * A raw statement whose text starts with this comment is prepared once per connection (parsed and
 * planned once), for hot statements whose planning costs PostgreSQL more than running them. Only
 * for statements whose plan does not depend on table sizes: a connection keeps its generic plan
 * until the next ANALYZE, and one made while a table was small may scan it whole. Others stay
 * unnamed: Prisma's own statements are too many and varied to keep on every connection.
 */
export const PREPARED = '/* prepared */';

const statementNames = new Map<string, string>();
/** The statement's name on every connection ('' for an unnamed one): Prisma's adapter and pgExecutor share it. */
export function statementName({ sql }: { sql: string }): string {
  if (!sql.startsWith(PREPARED)) return ''; // unnamed
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `prepared_${statementNames.size}`;
    statementNames.set(sql, name);
  }
  return name;
}

export function createDatabase(url: string, poolSize = 20, timeoutMs = DEFAULT_DATABASE_TIMEOUT_MS): Database {
  return new PrismaClient({
    adapter: new PrismaPg({ ...pgOptions(url, timeoutMs), max: poolSize }, { statementNameGenerator: statementName }),
  });
}

const UNAVAILABLE_CODES = new Set([
  // sockets
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  // PostgreSQL: connection exceptions, shutting down or starting up, too many connections, statement timeout
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '57014',
  // Prisma: cannot reach, timed out, connection closed, no pool connection in time, transaction could not start
  'P1001',
  'P1002',
  'P1008',
  'P1017',
  'P2024',
]);
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout expired|Query read timeout|timeout exceeded when trying to connect|not queryable|Unable to start a transaction in the given time|Cannot use a pool after calling end/;

/** Whether `error` says the database could not be reached or did not answer in time (anywhere in its causes). */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && typeof cause === 'object' && depth < 5; depth++) {
    const { code, kind, message, originalCode } = cause as Record<string, unknown>;
    if (UNAVAILABLE_CODES.has(String(code)) || UNAVAILABLE_CODES.has(String(originalCode))) return true;
    if (UNAVAILABLE_KINDS.has(String(kind))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
    cause =
      (cause as { cause?: unknown }).cause ??
      (cause as { meta?: { driverAdapterError?: unknown } }).meta?.driverAdapterError;
  }
  return false;
}
