import type { JobResult, PgBoss } from 'pg-boss';
import { attemptDelivery, type DeliveryDeps } from '../domain/deliveries.ts';
import type { Logger } from '../logger.ts';
import { DELIVERY_QUEUE, deliveryJobData } from './delivery-queue.ts';

export interface WorkerOptions {
  batchSize: number;
  concurrency: number;
}

/** Claims delivery jobs in batches, woken by NOTIFY; each job is one automatic attempt. */
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
      perJobResults: true,
      burstWhenBatchFull: true,
      // Retries are deferred jobs, which NOTIFY does not announce when they come due: poll often.
      pollingIntervalSeconds: 0.5,
      notifyPollingIntervalSeconds: 0.5,
    },
    async (jobs): Promise<JobResult[]> =>
      Promise.all(
        jobs.map(async (job): Promise<JobResult> => {
          const log = logger.child({ jobId: job.id, ...(job.data as object) });
          try {
            const data = deliveryJobData.parse(job.data);
            const attempt = await attemptDelivery(deps, {
              deliveryId: data.deliveryId,
              trigger: 'AUTOMATIC',
              scheduledAttempt: data.attempt,
            });
            if (attempt) {
              log.info(
                {
                  organizationId: attempt.organizationId,
                  webhookId: attempt.webhookId,
                  succeeded: attempt.succeeded,
                  status: attempt.responseStatus,
                  durationMs: attempt.durationMs,
                  error: attempt.error,
                },
                attempt.succeeded ? 'delivered' : 'delivery attempt failed',
              );
            }
            return { id: job.id, status: 'completed' };
          } catch (error) {
            log.error({ err: error }, 'delivery job crashed; pg-boss will run it again');
            return { id: job.id, status: 'failed', output: { message: (error as Error).message } };
          }
        }),
      ),
  );
}
