import { retryDelivery } from '../domain/deliveries.ts';
import { AttemptTrigger, DeliveryStatus } from '../generated/prisma/client.ts';
import { organizationOf } from './auth.ts';
import { builder, connectionOptions } from './builder.ts';
import { liveFeedOf } from './live.ts';
import { Webhook } from './webhook.ts';

const DeliveryStatusEnum = builder.enumType(DeliveryStatus, { name: 'DeliveryStatus' });
const AttemptTriggerEnum = builder.enumType(AttemptTrigger, { name: 'AttemptTrigger' });

export const Delivery = builder.prismaObject('Delivery', {
  fields: (t) => ({
    id: t.exposeID('id'),
    webhook: t.relation('webhook'),
    event: t.relation('event'),
    status: t.expose('status', { type: DeliveryStatusEnum }),
    test: t.exposeBoolean('test', { description: 'A testWebhook delivery: part of its webhook history only.' }),
    attemptCount: t.exposeInt('attemptCount'),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime', nullable: true }),
    attempts: t.relation('attempts', { query: { orderBy: { number: 'asc' } } }),
    lastError: t.exposeString('lastError', {
      nullable: true,
      description: 'Why it ended FAILED without an attempt, such as "The webhook is disabled."',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const DeliveryAttempt = builder.prismaObject('DeliveryAttempt', {
  fields: (t) => ({
    id: t.exposeID('id'),
    delivery: t.relation('delivery'),
    number: t.exposeInt('number'),
    trigger: t.expose('trigger', { type: AttemptTriggerEnum }),
    succeeded: t.exposeBoolean('succeeded'),
    url: t.exposeString('url'),
    requestHeaders: t.expose('requestHeaders', { type: 'JSON' }),
    requestBody: t.exposeString('requestBody'),
    responseStatus: t.exposeInt('responseStatus', { nullable: true }),
    responseHeaders: t.expose('responseHeaders', { type: 'JSON', nullable: true }),
    responseBody: t.exposeString('responseBody', {
      nullable: true,
      description: 'At most the first 16 KiB of the response body.',
    }),
    errorKind: t.exposeString('errorKind', {
      nullable: true,
      description: 'status, timeout, connection, dns, blocked, tls, invalid_url or other.',
    }),
    error: t.exposeString('error', { nullable: true }),
    durationMs: t.exposeInt('durationMs'),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When the attempt started.' }),
  }),
});

export const DeliveryConnection = builder.connectionObject({ type: Delivery, name: 'DeliveryConnection' });

builder.prismaObjectField(Webhook, 'deliveries', (t) =>
  t.relatedConnection(
    'deliveries',
    {
      ...connectionOptions,
      args: { status: t.arg({ type: DeliveryStatusEnum }) },
      query: (args) => ({ where: args.status ? { status: args.status } : {}, orderBy: { id: 'desc' } }),
    },
    DeliveryConnection,
  ),
);

const DeliveryFilter = builder.inputType('DeliveryFilter', {
  fields: (t) => ({
    webhookId: t.id(),
    eventId: t.id(),
    status: t.field({ type: DeliveryStatusEnum }),
  }),
});

builder.queryFields((t) => ({
  deliveries: t.prismaConnection(
    {
      type: Delivery,
      ...connectionOptions,
      args: { filter: t.arg({ type: DeliveryFilter }) },
      resolve: (query, _root, { filter }, ctx) =>
        ctx.db.delivery.findMany({
          ...query,
          where: {
            organizationId: organizationOf(ctx),
            ...(filter?.webhookId ? { webhookId: String(filter.webhookId) } : {}),
            ...(filter?.eventId ? { eventId: String(filter.eventId) } : {}),
            ...(filter?.status ? { status: filter.status } : {}),
          },
          orderBy: { id: 'desc' },
        }),
    },
    DeliveryConnection,
  ),
  delivery: t.prismaField({
    type: Delivery,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, ctx) =>
      ctx.db.delivery.findFirst({ ...query, where: { id: String(id), organizationId: organizationOf(ctx) } }),
  }),
}));

builder.mutationField('retryDelivery', (t) =>
  t.prismaField({
    type: Delivery,
    description:
      'Makes one new MANUAL attempt now, with the same webhook-id; returns the delivery once it has finished.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, { id }, ctx) => {
      const deliveryId = await retryDelivery(ctx.services.deliveries, organizationOf(ctx), String(id));
      return ctx.db.delivery.findUniqueOrThrow({ ...query, where: { id: deliveryId } });
    },
  }),
);

builder.subscriptionField('deliveryAttempts', (t) =>
  t.field({
    type: DeliveryAttempt,
    description: 'Every delivery attempt (automatic, manual and test) as it is recorded, optionally for one webhook.',
    args: { webhookId: t.arg.id() },
    subscribe: (_root, args, ctx) => {
      const organizationId = organizationOf(ctx);
      const live = liveFeedOf(ctx);
      const webhookId = args.webhookId == null ? null : String(args.webhookId);
      return live.stream({
        accept: (notice) =>
          notice.kind === 'attempt' &&
          notice.organizationId === organizationId &&
          (!webhookId || notice.webhookId === webhookId),
        load: (notice) => live.loadAttempt(notice.id),
        apiKeyId: ctx.auth.kind === 'apiKey' ? ctx.auth.apiKeyId : undefined,
      });
    },
    resolve: (attempt) => attempt,
  }),
);
