/**
 * The floor for (a) of `npm run bench`: bare pg-boss draining the same kind of jobs (a delivery id,
 * an attempt, the webhook as group) with one signed undici POST each and nothing recorded, at a few
 * batch settings; the best one is the floor. Loops of fetch, POST every job, complete the batch, at
 * once again (`work()` waits its polling interval between batches, which would make the floor low).
 */
import { PgBoss } from 'pg-boss';
import { Agent, request } from 'undici';
import { pgOptions } from '../../src/db/client.ts';
import { buildWebhookRequest } from '../../src/domain/webhook-request.ts';
import type { Webhook } from '../../src/generated/prisma/client.ts';
import { newId } from '../../src/ids.ts';
import { WebhookSlots } from '../../src/jobs/webhook-slots.ts';
import { benchPayload as payload } from './payload.ts';

/**
 * groupConcurrency: at most that many jobs of one group (webhook) claimed at once, as the service's
 * worker claims them (WEBHOOK_MAX_IN_FLIGHT × CLAIMS_PER_SLOT = 100 by default), which is what
 * keeps one busy webhook from taking every worker; without it, the floor of claiming alone.
 * openRequests: besides, at most that many requests open to the webhook at a time, through the
 * worker's own WebhookSlots: contract 3.8 allows one webhook WEBHOOK_MAX_IN_FLIGHT (10).
 */
export const FLOOR_SETTINGS: Array<{
  batchSize: number;
  loops: number;
  groupConcurrency?: number;
  openRequests?: number;
}> = [
  { batchSize: 100, loops: 4 },
  { batchSize: 200, loops: 2 },
  { batchSize: 200, loops: 4 },
  { batchSize: 100, loops: 2, groupConcurrency: 100 },
  { batchSize: 100, loops: 4, groupConcurrency: 100 },
  { batchSize: 50, loops: 4, groupConcurrency: 100 },
  { batchSize: 100, loops: 2, groupConcurrency: 100, openRequests: 10 },
  { batchSize: 100, loops: 4, groupConcurrency: 100, openRequests: 10 },
  { batchSize: 50, loops: 4, groupConcurrency: 100, openRequests: 10 },
];

/** One webhook POST as the worker signs it, for an event with the benchmark payload; the status. */
export async function signedPost(agent: Agent, webhook: Webhook, eventId: string): Promise<number> {
  const event = { id: eventId, type: 'message.received', messageId: null, inboxId: null, payload };
  const outbound = buildWebhookRequest(webhook, event);
  const response = await request(outbound.url, {
    method: 'POST',
    headers: outbound.headers,
    body: outbound.body,
    dispatcher: agent,
  });
  await response.body.text();
  return response.statusCode;
}

export interface FloorRun {
  batchSize: number;
  /** fetch-POST-complete loops at once */
  loops: number;
  groupConcurrency?: number;
  openRequests?: number;
  jobsPerSecond: number;
  /** CPU of this process per job (pg-boss client and undici; the receiver runs elsewhere). */
  cpuMsPerJob: number;
}

export async function benchPgBossFloor(options: {
  databaseUrl: string;
  webhook: Webhook;
  jobs: number;
  deadlineMs: number;
}): Promise<FloorRun[]> {
  const boss = new PgBoss({ ...pgOptions(options.databaseUrl), max: 10, schedule: false, supervise: false });
  boss.on('error', () => undefined);
  await boss.start();
  const agent = new Agent({ connections: 100, keepAliveTimeout: 10_000 });
  const runs: FloorRun[] = [];
  const post = (deliveryId: string) => signedPost(agent, options.webhook, deliveryId.replace('dlv_', 'evt_'));
  try {
    for (const [i, setting] of FLOOR_SETTINGS.entries()) {
      const queue = `bench-floor-${i}`;
      await boss.createQueue(queue);
      for (let start = 0; start < options.jobs; start += 1000) {
        await boss.insert(
          queue,
          Array.from({ length: Math.min(1000, options.jobs - start) }, () => ({
            data: { deliveryId: newId('delivery'), attempt: 1, webhookId: options.webhook.id },
            group: { id: options.webhook.id },
          })),
        );
      }
      const slots = setting.openRequests ? new WebhookSlots(setting.openRequests) : null;
      const bounded = async (deliveryId: string) => {
        if (!slots) return post(deliveryId);
        const release = await slots.acquire(options.webhook.id);
        try {
          return await post(deliveryId);
        } finally {
          release();
        }
      };
      const cpu = process.cpuUsage();
      const began = performance.now();
      const deadline = began + options.deadlineMs;
      let done = 0;
      await Promise.all(
        Array.from({ length: setting.loops }, async () => {
          while (performance.now() < deadline) {
            const jobs = await boss.fetch<{ deliveryId: string }>(queue, {
              batchSize: setting.batchSize,
              groupConcurrency: setting.groupConcurrency,
            });
            if (jobs.length === 0) return;
            await Promise.all(jobs.map((job) => bounded(job.data.deliveryId)));
            await boss.complete(
              queue,
              jobs.map((job) => job.id),
            );
            done += jobs.length;
          }
        }),
      );
      const ms = performance.now() - began;
      const used = process.cpuUsage(cpu);
      runs.push({
        ...setting,
        jobsPerSecond: (done / ms) * 1000,
        cpuMsPerJob: (used.user + used.system) / 1000 / Math.max(1, done),
      });
      // Its 20,000 completed jobs would otherwise stay in pg-boss's job table, which the service's
      // phases share: with 120,000 of them there, (a) drained 25 % slower and (b) at 1,000/s fell
      // seconds behind.
      await boss.deleteQueue(queue);
    }
  } finally {
    await boss.stop({ graceful: false, timeout: 5000 }).catch(() => undefined);
    await agent.close();
  }
  return runs;
}
