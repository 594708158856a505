import type { Job, PgBoss } from 'pg-boss';
import { batched } from '../batched.ts';
import { type DeliveryDeps, type MadeAttempt, makeAttempt, recordAttempts } from '../domain/deliveries.ts';
import type { Logger } from '../logger.ts';
import { DELIVERY_QUEUE, type DeliveryJobData, deliveryJobData, deliveryJobId } from './delivery-queue.ts';

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
  let stopped = false;
  let wakeUp: (() => void) | null = null;
  const wake = () => {
    wakeUp?.();
  };

  const record = batched((made: MadeAttempt[]) => recordAttempts(deps, made).then(() => made.map(() => undefined)), {
    maxItems: 200,
  });
  const complete = batched((ids: string[]) => boss.complete(DELIVERY_QUEUE, ids).then(() => ids.map(() => undefined)), {
    maxItems: 500,
  });

  const run = async (job: Job<DeliveryJobData>) => {
    const data = deliveryJobData.parse(job.data);
    const start = await makeAttempt(deps, {
      deliveryId: data.deliveryId,
      trigger: data.trigger,
      scheduledAttempt: data.attempt,
    });
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
    } else if ('made' in start) {
      await record(start.made);
      const { delivery, outcome } = start.made;
      logger.info(
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
    }
    await complete(job.id);
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
        wake();
      });
    inFlight.add(task);
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
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
      const free = options.concurrency - inFlight.size;
      if (free <= 0) {
        await sleep(options.pollMs);
        continue;
      }
      let jobs: Job<DeliveryJobData>[] = [];
      try {
        jobs = await boss.fetch<DeliveryJobData>(DELIVERY_QUEUE, {
          batchSize: Math.min(free, 100),
          groupConcurrency: options.maxInFlightPerWebhook,
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
      wake();
      await loop;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
