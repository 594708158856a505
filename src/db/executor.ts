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
function jobDb(tx: SqlExecutor): JobDb {
  return 'executeSql' in tx ? (tx as PgExecutor) : fromPrisma(tx as unknown as Parameters<typeof fromPrisma>[0]);
}

/** A transaction on a pipelined pg client (withPgTransaction). */
export interface PgTransaction extends PgExecutor {
  /**
   * Ends the transaction with `statements`, which must all be issued already (pg-boss work run
   * through withJobs counts as issued): COMMIT goes right behind them, in the same round trip,
   * instead of a round trip after their results. Resolves with their result once they and the
   * COMMIT succeeded. If one of them failed, PostgreSQL turned the COMMIT into a rollback, and this
   * rejects with that failure; one that failed before it was sent leaves it uncommitted. A
   * statement issued after COMMIT is refused, never sent.
   */
  commitAfter<T>(statements: Promise<T>): Promise<T>;
  /** Tells commitAfter to wait until `issued` settles before sending COMMIT (see withJobs). */
  issuing(issued: Promise<unknown>): void;
}

/** Ends `tx` with `statements` (PgTransaction.commitAfter); in any other transaction, just awaits them. */
export function commitAfter<T>(tx: SqlExecutor, statements: Promise<T>): Promise<T> {
  return 'commitAfter' in tx ? (tx as PgTransaction).commitAfter(statements) : statements;
}

/**
 * Runs pg-boss work (a job insert, a complete) on the transaction's connection. pg-boss issues its
 * one statement after awaits of its own, so commitAfter is told to wait for it.
 */
export function withJobs<T>(tx: SqlExecutor, work: (db: JobDb) => Promise<T>): Promise<T> {
  if (!('issuing' in tx)) return work(jobDb(tx));
  const transaction = tx as PgTransaction;
  let issued: () => void = () => undefined;
  transaction.issuing(
    new Promise<void>((resolve) => {
      issued = resolve;
    }),
  );
  const db: JobDb = {
    executeSql: (text, values) => {
      const result = transaction.executeSql(text, values);
      issued();
      return result;
    },
  };
  try {
    const done = work(db);
    done.then(issued, issued);
    return done;
  } catch (error) {
    issued();
    throw error;
  }
}

/** Runs `work` in a transaction on a pooled pg client; a failed transaction's client is discarded. */
export async function withPgTransaction<T>(pool: pg.Pool, work: (tx: PgTransaction) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const send = coalescing(client);
  let committing: Promise<pg.QueryResult> | null = null;
  const query: Query = (config) =>
    committing ? Promise.reject(new Error('A statement was issued after its transaction sent COMMIT')) : send(config);
  const pending = new Set<Promise<unknown>>();
  const commit = async () => {
    committing ??= send('COMMIT');
    const ended = await committing;
    // COMMIT of a transaction a failed statement aborted answers ROLLBACK, without an error.
    if (ended.command !== 'COMMIT') throw new Error(`The transaction ended with ${ended.command}`);
  };
  // BEGIN is not awaited: the work's statements queue behind it (on a pipelined pool, they go with it).
  const begun = query('BEGIN');
  begun.catch(() => undefined);
  try {
    const transaction: PgTransaction = {
      ...pgExecutor(client, query),
      issuing: (issued) => pending.add(issued),
      async commitAfter(statements) {
        let failed = false;
        statements.catch(() => {
          failed = true;
        });
        await Promise.all(pending);
        // A failure before its statement was sent (invalid job data, say) leaves the transaction
        // open, not aborted: it must not be committed. Such a failure reaches `statements` within
        // this turn of the event loop.
        await new Promise((resolve) => setImmediate(resolve));
        if (failed) return statements;
        const committed = commit();
        committed.catch(() => undefined); // a failed statement's own error is the one to report
        const result = await statements;
        await committed;
        return result;
      },
    };
    const result = await work(transaction);
    await begun;
    await commit();
    client.release();
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release(error as Error);
    throw error;
  }
}
