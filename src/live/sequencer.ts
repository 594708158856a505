import type pg from 'pg';
import { createPool } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import { CHANNEL } from './notices.ts';

/** Most events placed per sequencing transaction; a larger backlog takes several. */
const EVENTS_PER_PASS = 5000;

/**
 * One statement per step of a sequencing pass, sent as one simple-protocol round trip. Under READ
 * COMMITTED each statement takes its own snapshot, so the UPDATE, which starts once the lock is held,
 * sees every event whose recording transaction committed before it (each writes its events'
 * ids to unsequenced_events, the work list). Passes hold the lock until commit, so positions become
 * visible in the order they are handed out: a reader that has seen position p will never later see
 * a new event below p. Notices go out in position order (volatile target lists are evaluated after
 * the sort) and are delivered at commit.
 */
const PASS = `
BEGIN;
SELECT pg_advisory_xact_lock(hashtext('sendook:event-sequencer'));
WITH taken AS (
  DELETE FROM unsequenced_events
  WHERE event_id IN (SELECT event_id FROM unsequenced_events LIMIT ${EVENTS_PER_PASS})
  RETURNING event_id
), numbered AS (
  SELECT event_id, nextval('events_position_seq') AS position FROM (SELECT event_id FROM taken ORDER BY event_id) AS t
), placed AS (
  UPDATE events AS e SET position = n.position FROM numbered AS n
  WHERE e.id = n.event_id
  RETURNING e.id, e.organization_id, e.type, e.inbox_id, e.test, e.position
)
SELECT (SELECT count(*) FROM taken)::int AS taken, (
  SELECT count(pg_notify('${CHANNEL}', notice)) FROM (
    SELECT json_build_object('kind', 'event', 'id', id, 'organizationId', organization_id, 'type', type,
      'inboxId', inbox_id)::text AS notice
    FROM placed WHERE NOT test ORDER BY position
  ) AS ordered
) AS announced;
COMMIT;`;

/**
 * Gives committed events their position in the organization's stream, in the order they become
 * visible, and announces them in that order. Recording transactions run side by side and commit in
 * any order; the stream is ordered by this single writer instead of by a lock held through every
 * recording transaction. Runs on processes serving live streams, whenever a transaction that recorded
 * events commits; every such process may run it (passes take turns on an advisory lock).
 */
export class EventSequencer {
  private readonly pool: pg.Pool;
  /** Calls to sequence() so far, and callers waiting for a pass that started after theirs. */
  private asked = 0;
  private waiting: Array<{ ticket: number; resolve: () => void; reject: (error: unknown) => void }> = [];
  private running = false;
  private stopped = false;
  private idle: Promise<void> = Promise.resolve();

  constructor(
    connection: pg.PoolConfig,
    private readonly logger: Logger,
  ) {
    this.pool = createPool(connection, 1, (err) => this.logger.warn({ err }, 'event sequencer connection failed'));
  }

  /** Asks for a pass soon; passes asked for while one runs are merged into the next one. */
  trigger(): void {
    this.sequence().catch((err) => {
      if (!this.stopped) this.logger.warn({ err }, 'event sequencing failed; the next recorded event retries it');
    });
  }

  /** Resolves once a pass that started after this call has placed every event committed before it. */
  sequence(): Promise<void> {
    if (this.stopped) return Promise.reject(new Error('the event sequencer is stopped'));
    const ticket = ++this.asked;
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ ticket, resolve, reject }));
    if (!this.running) this.idle = this.run();
    return done;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle;
    await this.pool.end();
  }

  private async run() {
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const covered = this.asked;
        const settled = this.waiting.filter((w) => w.ticket <= covered);
        this.waiting = this.waiting.filter((w) => w.ticket > covered);
        try {
          while ((await this.pass()) === EVENTS_PER_PASS) {}
          for (const w of settled) w.resolve();
        } catch (error) {
          for (const w of settled) w.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** One sequencing transaction; returns how many events it took off the work list. */
  private async pass(): Promise<number> {
    const client = await this.pool.connect();
    try {
      const results = (await client.query(PASS)) as unknown as pg.QueryResult<{ taken: number }>[];
      client.release();
      return results[2].rows[0].taken;
    } catch (error) {
      client.release(error as Error); // a failed statement leaves the session in an aborted transaction
      throw error;
    }
  }
}
