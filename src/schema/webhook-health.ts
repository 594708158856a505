import { webhookStats24h } from '../db/sql/deliveries.ts';
import { disableAtOf, histogramQuantile } from '../domain/webhook-health.ts';
import { recoverWebhook, recoveryCounts } from '../domain/webhook-recovery.ts';
import { organizationOf } from './auth.ts';
import { builder } from './builder.ts';
import { Webhook } from './webhook.ts';

const WebhookHealthStatus = builder.enumType('WebhookHealthStatus', {
  values: ['HEALTHY', 'FAILING', 'DISABLED'] as const,
});

interface Health {
  status: 'HEALTHY' | 'FAILING' | 'DISABLED';
  consecutiveFailures: number;
  failingSince: Date | null;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  disableAt: Date | null;
  /** The last 24 hours' stats, read once however many of their fields are asked for. */
  stats24h: () => ReturnType<typeof webhookStats24h>;
}

const WebhookHealth = builder.objectRef<Health>('WebhookHealth').implement({
  description: 'How deliveries to the webhook are going (contract 3.7).',
  fields: (t) => ({
    status: t.field({ type: WebhookHealthStatus, resolve: (h) => h.status }),
    consecutiveFailures: t.exposeInt('consecutiveFailures', { description: 'Failed attempts since the last success.' }),
    failingSince: t.expose('failingSince', { type: 'DateTime', nullable: true }),
    lastSuccessAt: t.expose('lastSuccessAt', { type: 'DateTime', nullable: true }),
    lastFailureAt: t.expose('lastFailureAt', { type: 'DateTime', nullable: true }),
    disableAt: t.expose('disableAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it will be disabled if nothing succeeds before then.',
    }),
    attempts24h: t.int({ resolve: async (h) => (await h.stats24h()).attempts }),
    successRate24h: t.float({
      nullable: true,
      description: '0 to 1; null without attempts.',
      resolve: async (h) => {
        const stats = await h.stats24h();
        return stats.attempts ? stats.successes / stats.attempts : null;
      },
    }),
    p50DurationMs24h: t.int({
      nullable: true,
      description:
        'Upper bound of the duration bucket (10, 25, 50, 100, 250, 500 ms, 1, 2.5, 5, 10 s) holding the median.',
      resolve: async (h) => histogramQuantile((await h.stats24h()).durations, 0.5),
    }),
    p95DurationMs24h: t.int({
      nullable: true,
      resolve: async (h) => histogramQuantile((await h.stats24h()).durations, 0.95),
    }),
  }),
});

builder.prismaObjectField(Webhook, 'health', (t) =>
  t.field({
    type: WebhookHealth,
    select: {
      id: true,
      enabled: true,
      consecutiveFailures: true,
      failingSince: true,
      lastSuccessAt: true,
      lastFailureAt: true,
    },
    resolve: (w, _args, ctx): Health => {
      let stats: ReturnType<typeof webhookStats24h> | undefined;
      return {
        status: !w.enabled ? 'DISABLED' : w.failingSince ? 'FAILING' : 'HEALTHY',
        consecutiveFailures: w.consecutiveFailures,
        failingSince: w.failingSince,
        lastSuccessAt: w.lastSuccessAt,
        lastFailureAt: w.lastFailureAt,
        disableAt: disableAtOf(w, ctx.services.deliveries.disableAfterMs),
        stats24h: () => {
          stats ??= webhookStats24h(ctx.db, w.id);
          return stats;
        },
      };
    },
  }),
);

builder.prismaObjectField(Webhook, 'disabledAt', (t) => t.expose('disabledAt', { type: 'DateTime', nullable: true }));

export const WebhookRecovery = builder.prismaObject('WebhookRecovery', {
  fields: (t) => ({
    id: t.exposeID('id'),
    webhook: t.relation('webhook'),
    since: t.expose('since', { type: 'DateTime' }),
    total: t.exposeInt('total'),
    pending: t.int({ resolve: async (r, _a, ctx) => (await recoveryCounts(ctx.services.deliveries, r.id)).pending }),
    succeeded: t.int({
      resolve: async (r, _a, ctx) => (await recoveryCounts(ctx.services.deliveries, r.id)).succeeded,
    }),
    failed: t.int({ resolve: async (r, _a, ctx) => (await recoveryCounts(ctx.services.deliveries, r.id)).failed }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryField('webhookRecovery', (t) =>
  t.prismaField({
    type: WebhookRecovery,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, ctx) =>
      ctx.db.webhookRecovery.findFirst({ ...query, where: { id: String(id), organizationId: organizationOf(ctx) } }),
  }),
);

builder.mutationField('recoverWebhook', (t) =>
  t.prismaField({
    type: WebhookRecovery,
    description:
      'Re-sends every FAILED delivery of the webhook created at or after `since` (same webhook-id, trigger RECOVERY, retry schedule included).',
    args: { id: t.arg.id({ required: true }), since: t.arg({ type: 'DateTime', required: true }) },
    resolve: async (query, _root, { id, since }, ctx) => {
      const recoveryId = await recoverWebhook(ctx.services.deliveries, organizationOf(ctx), String(id), since);
      return ctx.db.webhookRecovery.findUniqueOrThrow({ ...query, where: { id: recoveryId } });
    },
  }),
);
