import { ConflictError, NotFoundError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { DeliveryDeps } from './deliveries.ts';

/**
 * Contract 3.7: re-sends every FAILED non-test delivery of the webhook created at or after `since`,
 * as new attempts (trigger RECOVERY, the same webhook-id) through the normal queue, retry schedule
 * included. The recovery's counts are read live from its deliveries.
 */
export async function recoverWebhook(deps: DeliveryDeps, organizationId: string, webhookId: string, since: Date) {
  const webhook = await deps.db.webhook.findFirst({ where: { id: webhookId, organizationId } });
  if (!webhook) throw new NotFoundError('webhook', webhookId);
  if (!webhook.enabled) {
    throw new ConflictError('The webhook is disabled; enable it with updateWebhook before recovering its deliveries.');
  }
  const id = newId('recovery');
  await deps.db.$transaction(async (tx) => {
    const reset = await tx.$queryRaw<{ id: string }[]>`
      UPDATE deliveries
      SET status = 'PENDING', scheduled_attempt = 1, recovery_id = ${id}, last_error = NULL,
          next_attempt_at = now(), updated_at = now()
      WHERE webhook_id = ${webhookId} AND organization_id = ${organizationId} AND status = 'FAILED'
        AND NOT test AND created_at >= ${since}
      RETURNING id`;
    await tx.webhookRecovery.create({ data: { id, organizationId, webhookId, since, total: reset.length } });
    await deps.queue.enqueue(
      tx,
      reset.map((d) => ({ deliveryId: d.id, webhookId, attempt: 1, trigger: 'RECOVERY' as const, recoveryId: id })),
    );
  });
  return id;
}

/** Live counts of a recovery's deliveries. */
export async function recoveryCounts(deps: Pick<DeliveryDeps, 'db'>, recoveryId: string) {
  const rows = await deps.db.delivery.groupBy({ by: ['status'], where: { recoveryId }, _count: { _all: true } });
  const count = (status: string) => rows.find((r) => r.status === status)?._count._all ?? 0;
  return { pending: count('PENDING'), succeeded: count('SUCCEEDED'), failed: count('FAILED') };
}
