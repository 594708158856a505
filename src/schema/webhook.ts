import { testWebhook } from '../domain/deliveries.ts';
import { createWebhook, deleteWebhook, rotateWebhookSecret, updateWebhook } from '../domain/webhooks.ts';
import { organizationOf } from './auth.ts';
import { builder, connectionOptions } from './builder.ts';

const HEADERS_DESCRIPTION =
  'Extra request headers: a JSON object of at most 20 string values, such as {"Authorization": "Bearer ..."}. ' +
  'Names are HTTP tokens; values printable ASCII, at most 1 KiB. webhook-*, content-type, content-length, host, ' +
  'user-agent, expect and the hop-by-hop headers cannot be set. Null: none.';
const INBOX_IDS_DESCRIPTION =
  "Only events of these inboxes (1 to 100 of the organization's inboxes). Events without an inbox (webhook.*) " +
  'do not reach a filtered webhook. Null: events of every inbox, and those without one.';
const RATE_LIMIT_DESCRIPTION =
  'At most this many requests per second to this webhook (1 to 1000); deliveries beyond it wait, they do not fail. Null: no limit.';
const UPDATE_NOTE = ' On update, null clears it and leaving it out keeps it.';

export const Webhook = builder.prismaObject('Webhook', {
  fields: (t) => ({
    id: t.exposeID('id'),
    url: t.exposeString('url'),
    events: t.exposeStringList('events'),
    description: t.exposeString('description', { nullable: true }),
    enabled: t.exposeBoolean('enabled'),
    disabledReason: t.exposeString('disabledReason', { nullable: true }),
    secret: t.exposeString('secret', {
      description:
        'Signs every request (Standard Webhooks). During a rotation the previous one signs too, for 24 hours.',
    }),
    headers: t.expose('headers', {
      type: 'JSON',
      nullable: true,
      description: HEADERS_DESCRIPTION,
    }),
    inboxIds: t.field({
      type: ['ID'],
      nullable: true,
      description: INBOX_IDS_DESCRIPTION,
      // NULL in the database reads as an empty list; an empty filter is never stored.
      resolve: (webhook) => (webhook.inboxIds.length > 0 ? webhook.inboxIds : null),
    }),
    rateLimitPerSecond: t.exposeInt('rateLimitPerSecond', {
      nullable: true,
      description: RATE_LIMIT_DESCRIPTION,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const WebhookConnection = builder.connectionObject({ type: Webhook, name: 'WebhookConnection' });

const CreateWebhookInput = builder.inputType('CreateWebhookInput', {
  fields: (t) => ({
    url: t.string({ required: true, description: 'Absolute http(s) URL; https only in production.' }),
    events: t.stringList({ required: true, description: 'Event names (see eventTypes), or ["*"] for every event.' }),
    description: t.string(),
    headers: t.field({ type: 'JSON', description: HEADERS_DESCRIPTION }),
    inboxIds: t.idList({ description: INBOX_IDS_DESCRIPTION }),
    rateLimitPerSecond: t.int({ description: RATE_LIMIT_DESCRIPTION }),
  }),
});

const UpdateWebhookInput = builder.inputType('UpdateWebhookInput', {
  fields: (t) => ({
    url: t.string(),
    events: t.stringList(),
    description: t.string(),
    enabled: t.boolean(),
    headers: t.field({ type: 'JSON', description: HEADERS_DESCRIPTION + UPDATE_NOTE }),
    inboxIds: t.idList({ description: INBOX_IDS_DESCRIPTION + UPDATE_NOTE }),
    rateLimitPerSecond: t.int({ description: RATE_LIMIT_DESCRIPTION + UPDATE_NOTE }),
  }),
});

builder.queryFields((t) => ({
  webhooks: t.prismaConnection(
    {
      type: Webhook,
      ...connectionOptions,
      resolve: (query, _root, _args, ctx) =>
        ctx.db.webhook.findMany({ ...query, where: { organizationId: organizationOf(ctx) }, orderBy: { id: 'desc' } }),
    },
    WebhookConnection,
  ),
  webhook: t.prismaField({
    type: Webhook,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, ctx) =>
      ctx.db.webhook.findFirst({ ...query, where: { id: String(id), organizationId: organizationOf(ctx) } }),
  }),
}));

builder.mutationFields((t) => ({
  createWebhook: t.prismaField({
    type: Webhook,
    args: { input: t.arg({ type: CreateWebhookInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const webhook = await createWebhook(ctx.db, ctx.services.webhookRules, organizationOf(ctx), input);
      return ctx.db.webhook.findUniqueOrThrow({ ...query, where: { id: webhook.id } });
    },
  }),
  updateWebhook: t.prismaField({
    type: Webhook,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateWebhookInput, required: true }) },
    resolve: async (query, _root, { id, input }, ctx) => {
      const webhook = await updateWebhook(ctx.db, ctx.services.webhookRules, organizationOf(ctx), String(id), input);
      return ctx.db.webhook.findUniqueOrThrow({ ...query, where: { id: webhook.id } });
    },
  }),
  deleteWebhook: t.prismaField({
    type: Webhook,
    description: 'Deletes the webhook and its delivery history; pending retries are dropped.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_query, _root, { id }, ctx) => deleteWebhook(ctx.db, organizationOf(ctx), String(id)),
  }),
  rotateWebhookSecret: t.prismaField({
    type: Webhook,
    description: 'A new secret signs at once; the previous one keeps signing beside it for 24 hours.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, { id }, ctx) => {
      const webhook = await rotateWebhookSecret(ctx.db, organizationOf(ctx), String(id));
      return ctx.db.webhook.findUniqueOrThrow({ ...query, where: { id: webhook.id } });
    },
  }),
  testWebhook: t.prismaField({
    type: 'Delivery',
    description:
      'Sends {"event":"message.received","payload":{"test":"test"}}, signed, to this webhook only; one attempt, no retries. Returns once the attempt has finished.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, { id }, ctx) => {
      const deliveryId = await testWebhook(ctx.services.deliveries, organizationOf(ctx), String(id));
      return ctx.db.delivery.findUniqueOrThrow({ ...query, where: { id: deliveryId } });
    },
  }),
}));
