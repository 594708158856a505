import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers/database.ts';
import { waitFor } from './helpers/wait.ts';

// PostgreSQL caches plans per connection (PL/pgSQL statements, foreign-key checks). One made while
// a table's statistics said it was small is a sequential scan, kept while the table grows: the
// position trigger then scanned the whole events table for every event (migration stable_plans).

let url: string;
let connection: pg.Client;
let observer: pg.Client;

beforeAll(async () => {
  url = await createTestDatabase();
  connection = new pg.Client({ connectionString: url });
  observer = new pg.Client({ connectionString: url });
  await Promise.all([connection.connect(), observer.connect()]);
  await observer.query(`INSERT INTO organizations (id, name) VALUES ('org_plans', 'Plans')`);
});
afterAll(async () => {
  await connection?.end();
  await observer?.end();
});

let n = 0;
async function recordOne(client: pg.Client) {
  n++;
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO events (id, organization_id, type, payload) VALUES ($1, 'org_plans', 'inbox.created', '{}')`,
    [`evt_plans_${String(n).padStart(8, '0')}`],
  );
  await client.query('COMMIT');
}

/** The scans once `atLeast` of them are counted (a connection's statistics arrive when it flushes them). */
const scansOnceCounted = (atLeast: number, what: string) =>
  waitFor(
    async () => {
      const counted = await scans();
      return counted.index + counted.seq >= atLeast ? counted : undefined;
    },
    { what },
  );

/** Sequential and index scans of the events table so far, as the cumulative statistics have them. */
async function scans() {
  await observer.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await observer.query<{ seq_scan: string; idx_scan: string }>(
    `SELECT seq_scan, idx_scan FROM pg_stat_user_tables WHERE relname = 'events'`,
  );
  return { seq: Number(rows[0].seq_scan), index: Number(rows[0].idx_scan) };
}

async function flushed(client: pg.Client) {
  await client.query('SELECT pg_stat_force_next_flush()');
  await client.query('SELECT 1');
}

describe('the position trigger', () => {
  it('keeps placing events through an index after the table was analyzed small and then grew', async () => {
    for (let i = 0; i < 20; i++) await recordOne(connection);
    await observer.query('ANALYZE events');
    // The trigger's plan is cached on `connection` now, with statistics of a 20-row table.
    for (let i = 0; i < 20; i++) await recordOne(connection);
    await observer.query(
      `INSERT INTO events (id, organization_id, type, payload, test)
       SELECT 'evt_bulk_' || lpad(g::text, 8, '0'), 'org_plans', 'inbox.created', '{}', true FROM generate_series(1, 20000) g`,
    );
    await flushed(connection);
    await flushed(observer);
    const before = await scansOnceCounted(40, 'statistics of the first events');

    for (let i = 0; i < 5; i++) await recordOne(connection);
    await flushed(connection);
    const after = await scansOnceCounted(before.index + before.seq + 5, 'five more look-ups');
    expect(after.seq - before.seq).toBe(0);

    const { rows } = await observer.query<{ placed: string }>(
      `SELECT count(*) AS placed FROM events WHERE NOT test AND position IS NOT NULL`,
    );
    expect(Number(rows[0].placed)).toBe(45);
  });
});

describe('fast-growing tables', () => {
  it('are not analyzed or vacuumed by autovacuum before 1,000 rows changed', async () => {
    const { rows } = await observer.query<{ relname: string; reloptions: string[] }>(
      `SELECT relname, reloptions FROM pg_class WHERE relname IN ('events', 'deliveries', 'messages', 'threads') ORDER BY relname`,
    );
    expect(rows).toEqual(
      ['deliveries', 'events', 'messages', 'threads'].map((relname) => ({
        relname,
        reloptions: ['autovacuum_analyze_threshold=1000', 'autovacuum_vacuum_threshold=1000'],
      })),
    );
  });
});
