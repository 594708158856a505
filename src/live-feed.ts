import type { Database } from './db/client.ts';
import type { DeliveryAttempt, Event } from './generated/prisma/client.ts';
import type { Notice, PgSubscriber } from './pubsub.ts';

/** Most undelivered items one subscription may hold before it is ended as a slow consumer. */
export const MAX_QUEUED_PER_SUBSCRIPTION = 1000;

export class SlowConsumerError extends Error {
  constructor() {
    super(
      `This subscription fell more than ${MAX_QUEUED_PER_SUBSCRIPTION} items behind and was ended; resubscribe with after: to catch up.`,
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
  accept(notice: Notice): boolean;
  load(notice: Notice): Promise<T | null>;
  /** Rows recorded before the subscription started, oldest first (the `after` replay). */
  replay?: () => Promise<T[]>;
  idOf(row: T): string;
}

/** Live data for subscriptions: notices from PostgreSQL, rows loaded by id. */
export class LiveFeed {
  private readonly events: RowCache<Event>;
  private readonly attempts: RowCache<DeliveryAttempt>;

  constructor(
    readonly subscriber: PgSubscriber,
    db: Database,
  ) {
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
   * Listens before replaying, so nothing recorded in between is missed; rows seen in the replay are
   * skipped when their live notice arrives, so nothing is sent twice. Rows are yielded in notice order.
   */
  async *stream<T>(options: StreamOptions<T>): AsyncGenerator<T> {
    const queue: Array<Promise<T | null>> = [];
    let wake: (() => void) | null = null;
    let overflowed = false;
    const stopListening = this.subscriber.on((notice) => {
      if (!options.accept(notice)) return;
      if (queue.length >= MAX_QUEUED_PER_SUBSCRIPTION) {
        overflowed = true;
      } else {
        const row = options.load(notice);
        row.catch(() => undefined);
        queue.push(row);
      }
      wake?.();
    });
    try {
      const replayed = new Set<string>();
      for (const row of options.replay ? await options.replay() : []) {
        replayed.add(options.idOf(row));
        yield row;
      }
      for (;;) {
        if (overflowed) throw new SlowConsumerError();
        const next = queue.shift();
        if (!next) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = null;
          continue;
        }
        const row = await next;
        if (row && !replayed.has(options.idOf(row))) yield row;
      }
    } finally {
      stopListening();
    }
  }
}
