import pg from 'pg';
import { pgOptions } from '../db/client.ts';
import type { SqlExecutor } from '../db/executor.ts';
import {
  deleteAttemptsOfEvents,
  deleteDeliveriesOfEvents,
  deleteEvents,
  selectEventIdsBefore,
  tryRetentionLock,
} from '../db/sql/retention.ts';
import type { Logger } from '../logger.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface PruneOptions {
  retentionDays: number;
  /** Most rows one statement deletes; each statement is a transaction of its own. */
  batchSize?: number;
  /** Asked between statements, so that stopping does not wait for a whole backlog. */
  shouldStop?: () => boolean;
}

export interface PruneResult {
  events: number;
  deliveries: number;
  attempts: number;
  statements: number;
  /** Rows deleted by the largest single statement (cascades aside). */
  largestStatement: number;
}

/**
 * Deletes events older than the retention period with their deliveries and attempts. A delivery
 * and its attempts belong to their event, so they go by the event's age, children first, so that no
 * statement cascades to an unbounded number of rows. Messages are never touched.
 */
export async function pruneExpired(
  db: SqlExecutor,
  { retentionDays, batchSize = 1000, shouldStop = () => false }: PruneOptions,
): Promise<PruneResult> {
  const cutoff = new Date(Date.now() - retentionDays * DAY_MS);
  const result: PruneResult = { events: 0, deliveries: 0, attempts: 0, statements: 0, largestStatement: 0 };
  const counted = async (statement: PromiseLike<number>) => {
    const rows = await statement;
    result.statements++;
    result.largestStatement = Math.max(result.largestStatement, rows);
    return rows;
  };
  while (!shouldStop()) {
    const eventIds = await selectEventIdsBefore(db, cutoff, batchSize);
    if (eventIds.length === 0) break;
    for (;;) {
      const rows = await counted(deleteAttemptsOfEvents(db, eventIds, batchSize));
      result.attempts += rows;
      if (rows < batchSize || shouldStop()) break;
    }
    for (;;) {
      const rows = await counted(deleteDeliveriesOfEvents(db, eventIds, batchSize));
      result.deliveries += rows;
      if (rows < batchSize || shouldStop()) break;
    }
    if (shouldStop()) break;
    result.events += await counted(deleteEvents(db, eventIds));
    if (eventIds.length < batchSize) break;
  }
  return result;
}

export interface RetentionOptions extends Omit<PruneOptions, 'shouldStop'> {
  /** The lock that keeps two workers from pruning at once lives on a session of its own. */
  databaseUrl: string;
  databaseTimeoutMs?: number;
  intervalMs?: number;
  firstRunDelayMs?: number;
}

/** Prunes now and then on a worker; of several workers, one at a time does it. */
export function startRetention(
  db: SqlExecutor,
  { databaseUrl, databaseTimeoutMs, intervalMs = 5 * 60_000, firstRunDelayMs = 15_000, ...prune }: RetentionOptions,
  logger: Logger,
) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const runOnce = async () => {
    const session = new pg.Client(pgOptions(databaseUrl, databaseTimeoutMs));
    session.on('error', (err) => logger.warn({ err }, 'retention lock connection failed'));
    try {
      await session.connect();
      if (!(await tryRetentionLock(session))) return;
      const started = performance.now();
      const result = await pruneExpired(db, { ...prune, shouldStop: () => stopped });
      const durationMs = Math.round(performance.now() - started);
      if (result.events + result.deliveries + result.attempts > 0) {
        logger.info({ ...result, durationMs }, 'deleted events, deliveries and attempts past the retention period');
      }
    } catch (err) {
      logger.warn({ err }, 'retention run failed; trying again at the next interval');
    } finally {
      // Ending the session releases the lock.
      await session.end().catch(() => undefined);
    }
  };

  const schedule = (delayMs: number) => {
    timer = setTimeout(() => {
      running = runOnce().finally(() => {
        if (!stopped) schedule(intervalMs);
      });
    }, delayMs);
    timer.unref();
  };
  schedule(firstRunDelayMs);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
