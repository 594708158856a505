import DataLoader from 'dataloader';
import type { SqlExecutor } from '../db/executor.ts';
import { selectAttemptsByIds, selectEventsByIds } from '../db/sql/live.ts';
import { DomainError, UnauthenticatedError } from '../errors.ts';
import type { DeliveryAttempt, Event } from '../generated/prisma/client.ts';
import type { Notice } from './notices.ts';
import type { PgSubscriber } from './subscriber.ts';

/**
 * Most undelivered items one subscription may hold before it is ended as a slow consumer.
 * graphql-ws writes a subscription's next message only once the previous one has been handed to
 * the socket, so a consumer that stops reading backs up here, and nowhere else.
 */
export const MAX_QUEUED_PER_SUBSCRIPTION = 1000;

export class SlowConsumerError extends DomainError {
  constructor(limit: number) {
    super(
      'RATE_LIMITED',
      `This subscription fell more than ${limit} items behind and was ended; resubscribe with after: to catch up.`,
    );
  }
}

/** A Map that forgets its oldest entries beyond `limit` (DataLoader's cache for rows behind notices). */
class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) {
    super();
  }
  override set(key: K, value: V) {
    super.set(key, value);
    if (super.size > this.limit) this.delete(this.keys().next().value as K);
    return this;
  }
}

/**
 * Rows behind notices, loaded once per process however many subscribers want them (1,000 sockets
 * on one organization cost one load per event, not 1,000), and the notices of one commit in one
 * query (a query per event cost more than everything else a live event needs).
 */
function rowLoader<T extends { id: string }>(loadMany: (ids: string[]) => PromiseLike<T[]>, size = 2000) {
  return new DataLoader<string, T | null>(
    async (ids) => {
      const byId = new Map((await loadMany([...ids])).map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    { cacheMap: new BoundedMap(size), maxBatchSize: 500 },
  );
}

/** Rows recorded before a subscription started (the `after` replay), read a page at a time. */
export interface Replay<T> {
  /** The row the subscriber saw last (its `after`): the replay starts after it. */
  from: T;
  /** Up to `limit` rows after `cursor`, oldest first. */
  page(cursor: T, limit: number): Promise<T[]>;
  /** Whether a live row comes after `cursor` (live rows arrive in this order too). */
  isAfter(row: T, cursor: T): boolean;
}

/** Rows replayed per query while a subscription catches up. */
export const REPLAY_PAGE = 500;

export interface StreamOptions<T> {
  accept(notice: Notice): boolean;
  load(notice: Notice): Promise<T | null>;
  replay?: Replay<T>;
  /** The API key the subscriber authenticated with: its revocation ends the stream. */
  apiKeyId?: string;
}

export interface LiveFeedOptions {
  /** Most undelivered items per subscription (default MAX_QUEUED_PER_SUBSCRIPTION). */
  maxQueued?: number;
  /** Counts the streams open on this process (the sendook_live_subscriptions gauge). */
  openStreams?: { inc(): void; dec(): void };
}

/** Live data for subscriptions: notices from PostgreSQL, rows loaded by id. */
export class LiveFeed {
  private readonly events: DataLoader<string, Event | null>;
  private readonly attempts: DataLoader<string, DeliveryAttempt | null>;
  private readonly maxQueued: number;
  private readonly openStreams?: LiveFeedOptions['openStreams'];

  constructor(
    readonly subscriber: PgSubscriber,
    db: SqlExecutor,
    options: LiveFeedOptions = {},
  ) {
    this.maxQueued = options.maxQueued ?? MAX_QUEUED_PER_SUBSCRIPTION;
    this.openStreams = options.openStreams;
    this.events = rowLoader((ids) => selectEventsByIds(db, ids));
    this.attempts = rowLoader((ids) => selectAttemptsByIds(db, ids));
  }

  loadEvent(id: string) {
    return this.events.load(id);
  }

  loadAttempt(id: string) {
    return this.attempts.load(id);
  }

  /**
   * Listens before replaying, so nothing recorded in between is missed. The replay goes page by
   * page, however far behind the subscriber is; it turns live once a page comes back short with no
   * notice dropped since that page was asked for (while catching up, a full notice queue is emptied
   * and the next pages cover what it held). Live rows the replay already sent are skipped, so
   * nothing is sent twice. A hand-written iterator rather than a generator: `return()` must end a
   * stream that is waiting for the next notice at once, not when (if ever) that notice comes.
   */
  stream<T>(options: StreamOptions<T>): AsyncIterableIterator<T> {
    const queue: Array<Promise<T | null>> = [];
    const replay = options.replay;
    let catchingUp = Boolean(replay);
    let page: T[] = [];
    // Live rows up to here were sent by the replay, or seen by the subscriber before it resumed.
    let lastReplayed: T | null = replay?.from ?? null;
    let caughtUp = false;
    let droppedSincePage = false;
    let ended: Error | null = null;
    let done = false;
    let wake: (() => void) | null = null;
    const end = (reason: Error) => {
      ended ??= reason;
      wake?.();
    };
    const stopNotices = this.subscriber.on((notice) => {
      if (notice.kind === 'apiKeyRevoked' && notice.id === options.apiKeyId) {
        return end(new UnauthenticatedError('The API key of this subscription was revoked.'));
      }
      if (!options.accept(notice)) return;
      if (queue.length >= this.maxQueued) {
        if (!catchingUp) return end(new SlowConsumerError(this.maxQueued));
        queue.length = 0;
        droppedSincePage = true;
      }
      const row = options.load(notice);
      row.catch(() => undefined);
      queue.push(row);
      wake?.();
    });
    const stopResets = this.subscriber.onReset(() =>
      end(
        new DomainError(
          'UNAVAILABLE',
          'The live feed was interrupted; subscribe again with after: <last event id> to resume.',
        ),
      ),
    );
    this.openStreams?.inc();
    const finish = () => {
      if (done) return;
      this.openStreams?.dec();
      done = true;
      stopNotices();
      stopResets();
      wake?.();
    };

    const iterator: AsyncIterableIterator<T> = {
      [Symbol.asyncIterator]: () => iterator,
      next: async () => {
        while (catchingUp && replay && lastReplayed) {
          if (done) return { done: true, value: undefined };
          if (ended) break;
          const row = page.shift();
          if (row !== undefined) {
            lastReplayed = row;
            return { done: false, value: row };
          }
          if (caughtUp && !droppedSincePage) {
            catchingUp = false;
            break;
          }
          droppedSincePage = false;
          page = await replay.page(lastReplayed, REPLAY_PAGE);
          caughtUp = page.length < REPLAY_PAGE;
        }
        for (;;) {
          if (done) return { done: true, value: undefined };
          if (ended) {
            finish();
            throw ended;
          }
          const next = queue.shift();
          if (!next) {
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
            wake = null;
            continue;
          }
          const row = await next;
          if (row && (!lastReplayed || replay?.isAfter(row, lastReplayed))) return { done: false, value: row };
        }
      },
      return: async () => {
        finish();
        return { done: true, value: undefined };
      },
      throw: async (error) => {
        finish();
        throw error;
      },
    };
    return iterator;
  }
}
