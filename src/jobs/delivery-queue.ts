import { createHash } from 'node:crypto';
import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import { type SqlExecutor, withJobs } from '../db/executor.ts';
import type { ClaimedJob, DeliveryJob, DeliveryQueue } from '../domain/ports.ts';
import type { QueueDepth } from '../metrics.ts';

export const DELIVERY_QUEUE = 'webhook-delivery';

export const deliveryJobData = z.object({
  deliveryId: z.string().startsWith('dlv_'),
  attempt: z.number().int().min(1),
  trigger: z.enum(['AUTOMATIC', 'RECOVERY']).default('AUTOMATIC'),
  webhookId: z.string().optional(),
});
export type DeliveryJobData = z.infer<typeof deliveryJobData>;

/**
 * The job id is derived from (delivery, attempt): if a worker dies after recording an attempt but
 * before completing its job, the re-run cannot schedule the same retry twice (insert skips conflicts).
 */
export function deliveryJobId(deliveryId: string, attempt: number, recoveryId?: string): string {
  // A recovery restarts the schedule: its jobs must not collide with the first run's.
  return stableJobId(recoveryId ? `${deliveryId}:${recoveryId}:${attempt}` : `${deliveryId}:${attempt}`);
}

/** A UUID derived from a key, so that inserting the same job twice inserts it once. */
export function stableJobId(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A worker killed mid-attempt leaves its job active; after this lease pg-boss hands it out again. */
export function leaseSeconds(timeoutMs: number): number {
  // Claimed jobs may wait for their webhook's open-request slots for up to CLAIMS_PER_SLOT waves.
  return Math.ceil(timeoutMs / 1000) * CLAIMS_PER_SLOT + 5;
}

/** How often expired leases are looked for: about one attempt's length, however long leases are. */
export function superviseSeconds(timeoutMs: number): number {
  return Math.ceil(timeoutMs / 1000) + 5;
}

/**
 * Jobs of one webhook claimed at once (across workers), per allowed open request: enough to keep
 * the slots busy while other claimed jobs are loaded and recorded (with 5, one webhook drained at
 * about 1,200/s; with 10, about 1,770/s on 2 cores).
 */
export const CLAIMS_PER_SLOT = 10;

export async function createDeliveryQueue(boss: PgBoss, timeoutMs: number): Promise<void> {
  const options = {
    // No pg-boss NOTIFY per insert: workers fetch, woken by the recorded events' own notices
    // (service.ts) or their poll; a second notification per recording transaction only costs.
    notify: false,
    expireInSeconds: leaseSeconds(timeoutMs),
    // Retries here only cover crashed or expired workers; the webhook retry schedule is ours.
    retryLimit: 50,
    retryDelay: 1,
    retryBackoff: true,
    retryDelayMax: 60,
    deleteAfterSeconds: 24 * 60 * 60,
  };
  await boss.createQueue(DELIVERY_QUEUE, options);
  await boss.updateQueue(DELIVERY_QUEUE, options);
}

export function pgBossDeliveryQueue(boss: PgBoss): DeliveryQueue {
  return {
    async enqueue(tx: SqlExecutor, jobs: DeliveryJob[]) {
      if (jobs.length === 0) return;
      await withJobs(tx, (db) =>
        boss.insert(
          DELIVERY_QUEUE,
          jobs.map((job) => ({
            id: deliveryJobId(job.deliveryId, job.attempt, job.recoveryId),
            data: deliveryJobData.parse({
              deliveryId: job.deliveryId,
              attempt: job.attempt,
              trigger: job.trigger,
              webhookId: job.webhookId,
            }),
            startAfter: job.startAfter,
            // At most WEBHOOK_MAX_IN_FLIGHT jobs of one webhook are handed out at a time (fetch's groupConcurrency).
            group: { id: job.webhookId },
          })),
          { db },
        ),
      );
    },
    async complete(tx: SqlExecutor, jobs: ClaimedJob[]) {
      if (jobs.length === 0) return;
      await withJobs(tx, (db) => boss.complete(DELIVERY_QUEUE, jobs, null, { db }));
    },
  };
}

/**
 * The delivery queue's waiting jobs, from the counts pg-boss keeps on its queue table (its monitor
 * refreshes them every monitorIntervalSeconds): a row read, not a count over the job table.
 */
export async function deliveryQueueDepth(boss: PgBoss): Promise<QueueDepth> {
  const [stats] = await boss.getQueueStats(DELIVERY_QUEUE);
  return { ready: stats?.readyCount ?? 0, deferred: stats?.deferredCount ?? 0 };
}
