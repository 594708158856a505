import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, pgOptions } from '../src/db/client.ts';
import { commitAfter, withJobs, withPgTransaction } from '../src/db/executor.ts';
import { createTestDatabase } from './helpers/database.ts';

// commitAfter sends COMMIT right behind a transaction's last statements, before their results: it
// must still commit all of them or none, whichever way one of them fails.

let pool: pg.Pool;
let n = 0;

beforeAll(async () => {
  pool = createPool({ ...pgOptions(await createTestDatabase()), pipeline: true }, 2);
  await pool.query(`CREATE TABLE notes (id text PRIMARY KEY)`);
});
afterAll(() => pool?.end());

const id = () => `note_${++n}`;
const insert = (tx: { $executeRaw(s: TemplateStringsArray, ...v: unknown[]): PromiseLike<number> }, note: string) =>
  Promise.resolve(tx.$executeRaw`INSERT INTO notes (id) VALUES (${note})`);
const stored = async (...notes: string[]) =>
  (await pool.query<{ id: string }>('SELECT id FROM notes WHERE id = ANY($1) ORDER BY id', [notes])).rows.map(
    (r) => r.id,
  );

describe('commitAfter', () => {
  it('commits the last statements with the rest of the transaction', async () => {
    const [a, b, c] = [id(), id(), id()];
    const result = await withPgTransaction(pool, async (tx) => {
      await insert(tx, a);
      return commitAfter(tx, Promise.all([insert(tx, b), insert(tx, c)]));
    });
    expect(result).toEqual([1, 1]);
    expect(await stored(a, b, c)).toEqual([a, b, c].sort());
  });

  it('commits nothing when one of the last statements fails in PostgreSQL, and says why', async () => {
    const [a, b] = [id(), id()];
    await pool.query('INSERT INTO notes (id) VALUES ($1)', [b]);
    const failed = withPgTransaction(pool, async (tx) => {
      await insert(tx, a);
      return commitAfter(tx, Promise.all([insert(tx, b), insert(tx, id())]));
    });
    await expect(failed).rejects.toThrow(/duplicate key/);
    expect(await stored(a)).toEqual([]);
  });

  it('commits nothing when the last statements fail before one of them is sent', async () => {
    const a = id();
    const failed = withPgTransaction(pool, async (tx) =>
      commitAfter(
        tx,
        Promise.all([
          insert(tx, a),
          withJobs(tx, async () => {
            await Promise.resolve();
            throw new Error('invalid job data');
          }),
        ]),
      ),
    );
    await expect(failed).rejects.toThrow('invalid job data');
    expect(await stored(a)).toEqual([]);
  });

  it('waits for job statements issued after awaits of their own, and commits them too', async () => {
    const [a, job] = [id(), id()];
    await withPgTransaction(pool, async (tx) =>
      commitAfter(
        tx,
        Promise.all([
          insert(tx, a),
          withJobs(tx, async (db) => {
            await new Promise((resolve) => setTimeout(resolve, 30));
            return db.executeSql('INSERT INTO notes (id) VALUES ($1)', [job]);
          }),
        ]),
      ),
    );
    expect(await stored(a, job)).toEqual([a, job].sort());
  });

  it('refuses a statement issued after COMMIT was sent, and never sends it', async () => {
    const [a, late] = [id(), id()];
    let lateInsert: Promise<unknown> = Promise.resolve();
    await withPgTransaction(pool, async (tx) => {
      await commitAfter(tx, insert(tx, a));
      lateInsert = insert(tx, late);
      lateInsert.catch(() => undefined);
    });
    await expect(lateInsert).rejects.toThrow(/after its transaction sent COMMIT/);
    expect(await stored(a, late)).toEqual([a]);
  });
});
