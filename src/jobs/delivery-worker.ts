import type { PgBoss } from 'pg-boss';
import { attemptDeliveries, type DeliveryDeps } from '../domain/deliveries.ts';
import type { Logger } from '../logger.ts';
import { DELIVERY_QUEUE, deliveryJobData } from './delivery-queue.ts';

export interface WorkerOptions {
  batchSize: number;
  concurrency: number;
}

/**
 * Claims delivery jobs in batches, woken by NOTIFY; each job is one automatic attempt. A batch's
 * attempts are made concurrently and recorded in one transaction; if recording fails, pg-boss
 * runs the whole batch again (at-least-once).
 */
export async function startDeliveryWorker(
  boss: PgBoss,
  deps: DeliveryDeps,
  logger: Logger,
  options: WorkerOptions = { batchSize: 50, concurrency: 4 },
): Promise<string> {
  return boss.work(
    DELIVERY_QUEUE,
    {
      batchSize: options.batchSize,
      localConcurrency: options.concurrency,
      burstWhenBatchFull: true,
      // Retries are deferred jobs, which NOTIFY does not announce when they come due: poll often.
      pollingIntervalSeconds: 0.5,
      notifyPollingIntervalSeconds: 0.5,
    },
    async (jobs) => {
      const requests = jobs.map((job) => {
        const data = deliveryJobData.parse(job.data);
        return { deliveryId: data.deliveryId, trigger: 'AUTOMATIC' as const, scheduledAttempt: data.attempt };
      });
      try {
        const attempts = await attemptDeliveries(deps, requests);
        for (const attempt of attempts) {
          logger.info(
            {
              organizationId: attempt.organizationId,
              webhookId: attempt.webhookId,
              deliveryId: attempt.deliveryId,
              attempt: attempt.number,
              status: attempt.responseStatus,
              durationMs: attempt.durationMs,
              error: attempt.error,
            },
            attempt.succeeded ? 'delivered' : 'delivery attempt failed',
          );
        }
      } catch (error) {
        logger.error(
          { err: error, jobIds: jobs.map((job) => job.id) },
          'delivery batch failed; pg-boss will run it again',
        );
        throw error;
      }
    },
  );
}
