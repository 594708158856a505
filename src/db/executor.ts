import type { Writable } from 'node:stream';
import type pg from 'pg';
import { fromPrisma } from 'pg-boss';
import { PREPARED, statementName } from './client.ts';

/**
 * What the raw-SQL functions of db/sql need: Prisma's interactive transaction satisfies it, and so
 * does a plain pg client (pgExecutor). Hot paths (the delivery worker, bulk recording) use the
 * latter: on these machines a Prisma call costs about 0.35 ms of CPU and an interactive transaction
 * about 1.2 ms on top, against about 0.07 ms for the same statement through pg.
 */
export interface SqlExecutor {
  $queryRaw<T = unknown>(strings: TemplateStringsArray, ...values: unknown[]): PromiseLike<T>;
  $executeRaw(strings: TemplateStringsArray, ...values: unknown[]): PromiseLike<number>;
}

/** pg-boss's view of a connection: its SQL run inside the caller's transaction. */
export interface JobDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

interface PgExecutor extends SqlExecutor, JobDb {}

/** $1, $2... for a tagged template's values. */
function toText(strings: TemplateStringsArray): string {
  let text = strings[0];
  for (let i = 1; i < strings.length; i++) text += `$${i}${strings[i]}`;
  return text;
}

function statement(strings: TemplateStringsArray, values: unknown[]): pg.QueryConfig {
  const text = toText(strings);
  const name = statementName({ sql: text });
  return name ? { name, text, values } : { text, values };
}

const JOB_INSERT = /^\s*INSERT INTO /;

type Query = (config: pg.QueryConfig | string) => Promise<pg.QueryResult>;

/**
 * The client's query, such that the statements a pipelined client is given in one tick leave in one
 * socket write: pg writes each statement on its own, and a write to a socket costs more here than
 * most statements' serialising (hand-written: pg has no option for it).
 */
function coalescing(client: pg.ClientBase | pg.Pool): Query {
  const internals = client as unknown as { pipeline?: boolean; connection?: { stream?: Writable } };
  const stream = internals.pipeline ? internals.connection?.stream : undefined;
  let corked = false;
  return (config) => {
    if (stream && !corked) {
      corked = true;
      stream.cork();
      process.nextTick(() => {
        corked = false;
        stream.uncork();
      });
    }
    return client.query(config as pg.QueryConfig);
  };
}

/** A pg client (or a pool, outside transactions) seen as an executor (bigint columns come back as strings, unlike through Prisma). */
export function pgExecutor(client: pg.ClientBase | pg.Pool, query: Query = coalescing(client)): PgExecutor {
  return {
    async $queryRaw<T>(strings: TemplateStringsArray, ...values: unknown[]) {
      return (await query(statement(strings, values))).rows as T;
    },
    async $executeRaw(strings: TemplateStringsArray, ...values: unknown[]) {
      return (await query(statement(strings, values))).rowCount ?? 0;
    },
    // pg-boss's job inserts are a few fixed texts per queue whose planning costs more than running
    // them: prepared once per connection. Not its other statements (complete): they look jobs up in a
    // table that grows fast, where a plan cached while it was small would scan it whole (migration
    // stable_plans).
    executeSql: (text, values) =>
      query(JOB_INSERT.test(text) ? { name: statementName({ sql: PREPARED + text }), text, values } : { text, values }),
  };
}

/** pg-boss's connection for jobs written in the caller's transaction. */
export function jobDb(tx: SqlExecutor): JobDb {
  return 'executeSql' in tx ? (tx as PgExecutor) : fromPrisma(tx as unknown as Parameters<typeof fromPrisma>[0]);
}

/** Runs `work` in a transaction on a pooled pg client; a failed transaction's client is discarded. */
export async function withPgTransaction<T>(pool: pg.Pool, work: (tx: PgExecutor) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const query = coalescing(client);
  // BEGIN is not awaited: the work's statements queue behind it (on a pipelined pool, they go with it).
  const begun = query('BEGIN');
  begun.catch(() => undefined);
  try {
    const result = await work(pgExecutor(client, query));
    await begun;
    await query('COMMIT');
    client.release();
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release(error as Error);
    throw error;
  }
}
