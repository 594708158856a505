import type { Job, PgBoss } from 'pg-boss';
import { batched } from '../batched.ts';
import { loadDeliveriesForAttempts } from '../db/sql/deliveries.ts';
import {
  type DeliveryDeps,
  type MadeAttempt,
  prepareAttempt,
  recordAttempts,
  sendPrepared,
} from '../domain/deliveries.ts';
import type { Logger } from '../logger.ts';
import {
  CLAIMS_PER_SLOT,
  DELIVERY_QUEUE,
  type DeliveryJobData,
  deliveryJobData,
  deliveryJobId,
} from './delivery-queue.ts';
import { WebhookSlots } from './webhook-slots.ts';

/** How long a timed-out request's slot stays taken after it was cut off. */
const TORN_DOWN_GRACE_MS = 100;
/** How long completions are gathered before the worker fetches again. */
const REFETCH_DELAY_MS = 10;

export interface WorkerOptions {
  /** Attempts in flight in this process, all webhooks together. */
  concurrency: number;
  /** WEBHOOK_MAX_IN_FLIGHT: open requests to one webhook at a time, across workers. */
  maxInFlightPerWebhook: number;
  /** How often to look for due retries when nothing wakes the worker. */
  pollMs: number;
}

export interface DeliveryWorker {
  /** Look for new jobs now (a new event was recorded). */
  wake(): void;
  /** Takes no new jobs, lets attempts in flight finish and be recorded, then resolves. */
  stop(): Promise<void>;
}

/**
 * Delivers webhook jobs with no batch barrier: each job's attempt is made as soon as it is
 * claimed and recorded as soon as it ends, so a slow or hanging receiver delays nothing but its
 * own deliveries. pg-boss hands out at most `maxInFlightPerWebhook` jobs of one webhook at a time
 * (its jobs are a group), so jobs waiting for a busy webhook stay in the queue and hold no slot
 * here. Attempts that end together are recorded together (one transaction), and their jobs
 * completed together, which is what keeps the drain rate of a backlog.
 */
export function startDeliveryWorker(
  boss: PgBoss,
  deps: DeliveryDeps,
  logger: Logger,
  options: WorkerOptions,
): DeliveryWorker {
  const inFlight = new Set<Promise<void>>();
  let running = 0;
  let stopped = false;
  let wakeUp: (() => void) | null = null;
  // A wake-up while a fetch is in flight (its snapshot may predate the new job) must not be lost,
  // or that job would wait a whole poll interval: the next sleep returns at once instead.
  let wokenMeanwhile = false;
  const wake = () => {
    if (wakeUp) wakeUp();
    else wokenMeanwhile = true;
  };
  // Finished jobs free claims one by one; fetching again after each would cost a fetch per job.
  // Completions within a few milliseconds are gathered into one fetch.
  let wakeTimer: NodeJS.Timeout | null = null;
  const wakeSoon = () => {
    wakeTimer ??= setTimeout(() => {
      wakeTimer = null;
      wake();
    }, REFETCH_DELAY_MS);
  };
  const slots = new WebhookSlots(options.maxInFlightPerWebhook);

  const load = batched(
    (ids: string[]) =>
      loadDeliveriesForAttempts(deps.pool, ids).then((rows) => {
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
    { maxItems: 200 },
  );
  const workerDeps: DeliveryDeps = { ...deps, load };
  const record = batched(
    (made: MadeAttempt[]) => recordAttempts(workerDeps, made).then(() => made.map(() => undefined)),
    { maxItems: 200 },
  );
  const complete = batched(
    (jobs: Job<DeliveryJobData>[]) => boss.complete(DELIVERY_QUEUE, jobs).then(() => jobs.map(() => undefined)),
    { maxItems: 500 },
  );

  const run = async (job: Job<DeliveryJobData>) => {
    const data = deliveryJobData.parse(job.data);
    const request = { deliveryId: data.deliveryId, trigger: data.trigger, scheduledAttempt: data.attempt };
    running++;
    try {
      const ready = await prepareAttempt(workerDeps, request);
      if ('prepared' in ready) {
        // Only the request itself holds one of the webhook's open-request slots; waiting for one
        // costs no worker capacity (not `running`).
        running--;
        const release = await slots.acquire(ready.prepared.delivery.webhookId);
        running++;
        let made: MadeAttempt;
        try {
          made = await sendPrepared(workerDeps, ready.prepared);
        } catch (error) {
          release();
          throw error;
        }
        // An attempt cut off at the deadline tears its connection down; the receiver learns of it a
        // moment later, so the slot waits that moment before the next request may open.
        if (made.outcome.errorKind === 'timeout') setTimeout(release, TORN_DOWN_GRACE_MS);
        else release();
        await record({ ...made, job: { id: job.id, retryCount: job.retryCount } });
        const { delivery, outcome } = made;
        // Every attempt is in the delivery history; the log line per success is for debugging.
        logger[outcome.succeeded ? 'debug' : 'info'](
          {
            organizationId: delivery.organizationId,
            webhookId: delivery.webhookId,
            deliveryId: delivery.id,
            attempt: data.attempt,
            jobId: job.id,
            status: outcome.status,
            durationMs: outcome.durationMs,
            error: outcome.error,
          },
          outcome.succeeded ? 'delivered' : 'delivery attempt failed',
        );
        return;
      }
      const start = ready;
      if ('waitMs' in start) {
        // Over the webhook's rateLimitPerSecond: the same attempt, later; it waits, it does not fail.
        await boss.insert(DELIVERY_QUEUE, [
          {
            id: deliveryJobId(data.deliveryId, data.attempt, `paced-${job.id}-${Date.now()}`),
            data,
            startAfter: new Date(Date.now() + start.waitMs),
            group: data.webhookId ? { id: data.webhookId } : undefined,
          },
        ]);
      }
      await complete(job);
    } finally {
      running--;
    }
  };

  const launch = (job: Job<DeliveryJobData>) => {
    const task = run(job)
      .catch((err) => {
        logger.error({ err, jobId: job.id }, 'delivery job failed; pg-boss will run it again');
        return boss.fail(DELIVERY_QUEUE, job.id, { message: String(err) }).then(
          () => undefined,
          () => undefined,
        );
      })
      .finally(() => {
        inFlight.delete(task);
        wakeSoon();
      });
    inFlight.add(task);
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (wokenMeanwhile) {
        wokenMeanwhile = false;
        return resolve();
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });

  const loop = (async () => {
    while (!stopped) {
      const free = options.concurrency - running;
      if (free <= 0) {
        await sleep(options.pollMs);
        continue;
      }
      let jobs: Job<DeliveryJobData>[] = [];
      try {
        jobs = await boss.fetch<DeliveryJobData>(DELIVERY_QUEUE, {
          batchSize: Math.min(free, 100),
          // Bounds how many of one webhook's jobs are claimed at once, across workers; the slots
          // above bound how many of its requests are open.
          groupConcurrency: options.maxInFlightPerWebhook * CLAIMS_PER_SLOT,
        });
      } catch (err) {
        logger.warn({ err }, 'could not fetch delivery jobs; trying again');
        await sleep(options.pollMs);
        continue;
      }
      if (stopped) {
        // Claimed after stop began: handed back at once rather than left to expire.
        if (jobs.length)
          await boss
            .fail(
              DELIVERY_QUEUE,
              jobs.map((j) => j.id),
            )
            .catch(() => undefined);
        break;
      }
      for (const job of jobs) launch(job);
      if (jobs.length === 0) await sleep(options.pollMs);
    }
  })();

  return {
    wake,
    async stop() {
      stopped = true;
      if (wakeTimer) clearTimeout(wakeTimer);
      wake();
      await loop;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
