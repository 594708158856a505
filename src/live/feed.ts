import type { Database } from '../db/client.ts';
import { DomainError, UnauthenticatedError } from '../errors.ts';
import type { DeliveryAttempt, Event } from '../generated/prisma/client.ts';
import type { RowNotice } from './notices.ts';
import type { EventSequencer } from './sequencer.ts';
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

/**
 * Rows behind notices, loaded once per process however many subscribers want them
 * (1,000 sockets on one organization cost one query per event, not 1,000).
 */
class RowCache<T> {
  private readonly rows = new Map<string, Promise<T | null>>();
  constructor(
    private readonly load: (id: string) => Promise<T | null>,
    private readonly size = 2000,
  ) {}

  get(id: string): Promise<T | null> {
    let row = this.rows.get(id);
    if (!row) {
      row = this.load(id);
      this.rows.set(id, row);
      if (this.rows.size > this.size) this.rows.delete(this.rows.keys().next().value as string);
    }
    return row;
  }
}

export interface StreamOptions<T> {
  accept(notice: RowNotice): boolean;
  load(notice: RowNotice): Promise<T | null>;
  /** Rows recorded before the subscription started, oldest first (the `after` replay). */
  replay?: () => Promise<T[]>;
  idOf(row: T): string;
  /** The API key the subscriber authenticated with: its revocation ends the stream. */
  apiKeyId?: string;
}

export interface LiveFeedOptions {
  /** Most undelivered items per subscription (default MAX_QUEUED_PER_SUBSCRIPTION). */
  maxQueued?: number;
  /** Counts the streams open on this process (the sendook_live_subscriptions gauge). */
  openStreams?: { inc(): void; dec(): void };
  /**
   * Places committed events in the stream and announces them (`event` notices). Without one, this
   * process relies on another one sequencing (tests that only read notices).
   */
  sequencer?: EventSequencer;
}

/** Live data for subscriptions: notices from PostgreSQL, rows loaded by id. */
export class LiveFeed {
  private readonly events: RowCache<Event>;
  private readonly attempts: RowCache<DeliveryAttempt>;
  private readonly maxQueued: number;
  private readonly openStreams?: LiveFeedOptions['openStreams'];
  private readonly sequencer?: EventSequencer;
  private streams = 0;

  constructor(
    readonly subscriber: PgSubscriber,
    private readonly db: Database,
    options: LiveFeedOptions = {},
  ) {
    this.maxQueued = options.maxQueued ?? MAX_QUEUED_PER_SUBSCRIPTION;
    this.openStreams = options.openStreams;
    const sequencer = options.sequencer;
    this.sequencer = sequencer;
    if (sequencer) {
      // Only processes with open streams sequence as events are recorded (the streams are here); every
      // new stream sequences what was recorded before it, and `after:` look-ups sequence on demand.
      subscriber.on((notice) => {
        if (notice.kind === 'recorded' && this.streams > 0) sequencer.trigger();
      });
      subscriber.onReset(() => {
        if (this.streams > 0) sequencer.trigger();
      });
    }
    this.events = new RowCache((id) => db.event.findUnique({ where: { id } }));
    this.attempts = new RowCache((id) => db.deliveryAttempt.findUnique({ where: { id } }));
  }

  loadEvent(id: string) {
    return this.events.get(id);
  }

  loadAttempt(id: string) {
    return this.attempts.get(id);
  }

  /**
   * An event's position in its organization's stream (null: no such event). An event just committed
   * may not have one yet: then it is placed first.
   */
  async positionOf(organizationId: string, eventId: string): Promise<bigint | null> {
    const find = () =>
      this.db.event.findFirst({ where: { id: eventId, organizationId, test: false }, select: { position: true } });
    let event = await find();
    if (event && event.position === null && this.sequencer) {
      await this.sequencer.sequence();
      event = await find();
    }
    if (!event) return null;
    if (event.position === null) throw new DomainError('UNAVAILABLE', 'The event stream is being ordered; try again.');
    return event.position;
  }

  /**
   * Listens before replaying, so nothing recorded in between is missed; rows seen in the replay are
   * skipped when their live notice arrives, so nothing is sent twice. Rows are yielded in notice
   * order. A hand-written iterator rather than a generator: `return()` must end a stream that is
   * waiting for the next notice at once, not when (if ever) that notice comes.
   */
  stream<T>(options: StreamOptions<T>): AsyncIterableIterator<T> {
    const queue: Array<Promise<T | null>> = [];
    const replayed = new Set<string>();
    let pendingReplay: T[] | null = null;
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
      if (notice.kind === 'recorded' || !options.accept(notice)) return;
      if (queue.length >= this.maxQueued) return end(new SlowConsumerError(this.maxQueued));
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
    this.streams++;
    this.sequencer?.trigger();
    const finish = () => {
      if (done) return;
      this.openStreams?.dec();
      this.streams--;
      done = true;
      stopNotices();
      stopResets();
      wake?.();
    };

    const iterator: AsyncIterableIterator<T> = {
      [Symbol.asyncIterator]: () => iterator,
      next: async () => {
        if (pendingReplay === null) {
          pendingReplay = options.replay ? await options.replay() : [];
          for (const row of pendingReplay) replayed.add(options.idOf(row));
        }
        for (;;) {
          if (done) return { done: true, value: undefined };
          const replayedRow = pendingReplay.shift();
          if (replayedRow !== undefined) return { done: false, value: replayedRow };
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
          if (row && !replayed.has(options.idOf(row))) return { done: false, value: row };
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
