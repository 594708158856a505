import type { PgBoss } from 'pg-boss';
import { z } from 'zod';
import { batched } from '../batched.ts';
import { type SqlExecutor, withJobs } from '../db/executor.ts';
import { type PassResult, recordPasses, type SendDeps, sendQueuedRecipients } from '../domain/mail/send.ts';
import type { MailJob, MailQueue } from '../domain/ports.ts';
import type { Logger } from '../logger.ts';
import { stableJobId } from './delivery-queue.ts';

export const MAIL_QUEUE = 'mail-send';

export const mailJobData = z.object({
  messageId: z.string().startsWith('msg_'),
  round: z.number().int().min(1),
});

/** Lease of a send job: a worker killed mid-send leaves it active until then, then it runs again. */
export function mailLeaseSeconds(sendTimeoutMs: number): number {
  return Math.ceil((sendTimeoutMs * 3) / 1000) + 5;
}

export async function createMailQueue(boss: PgBoss, sendTimeoutMs: number): Promise<void> {
  const options = {
    notify: true,
    expireInSeconds: mailLeaseSeconds(sendTimeoutMs),
    // Retries here only cover crashed or expired workers; the send retry schedule is ours.
    retryLimit: 20,
    retryDelay: 1,
    retryBackoff: true,
    retryDelayMax: 60,
    deleteAfterSeconds: 24 * 60 * 60,
  };
  await boss.createQueue(MAIL_QUEUE, options);
  await boss.updateQueue(MAIL_QUEUE, options);
}

export function pgBossMailQueue(boss: PgBoss): MailQueue {
  return {
    async enqueue(tx: SqlExecutor, jobs: MailJob[]) {
      if (jobs.length === 0) return;
      await withJobs(tx, (db) =>
        boss.insert(
          MAIL_QUEUE,
          jobs.map((job) => ({
            // Derived from (message, round): a pass re-run after a crash cannot queue its next pass twice.
            id: stableJobId(`${job.messageId}:send:${job.round}`),
            data: mailJobData.parse({ messageId: job.messageId, round: job.round }),
            startAfter: job.startAfter,
          })),
          { db },
        ),
      );
    },
  };
}

/** Most finished passes recorded in one transaction. */
const RECORD_BATCH = 100;

/**
 * Sends queued messages: each job is one pass over a message's due recipients. The jobs of a batch
 * are loaded together; passes that finish while others are being recorded are recorded together
 * in the next transaction (a failed one is retried pass by pass, so one bad message fails alone).
 * Each job settles on its own outcome.
 */
export async function startMailWorker(boss: PgBoss, deps: SendDeps, logger: Logger): Promise<string> {
  const record = batched(
    (results: PassResult[]) => recordPasses(deps, results).then(() => results.map(() => undefined)),
    { maxItems: RECORD_BATCH },
  );
  return boss.work(
    MAIL_QUEUE,
    {
      batchSize: 50,
      localConcurrency: 2,
      perJobResults: true,
      burstWhenBatchFull: true,
      pollingIntervalSeconds: 0.5,
      notifyPollingIntervalSeconds: 0.5,
    },
    async (jobs) => {
      const passes = jobs.map((job) => mailJobData.parse(job.data));
      const errors = await sendQueuedRecipients(deps, passes, record);
      return jobs.map((job, i) => {
        const err = errors[i];
        if (err === undefined) return { id: job.id, status: 'completed' as const };
        logger.error(
          { err, messageId: passes[i].messageId, jobId: job.id },
          'send pass failed; pg-boss will run it again',
        );
        return { id: job.id, status: 'failed' as const, output: err };
      });
    },
  );
}
