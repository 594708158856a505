import { organizationOf } from './auth.ts';
import { builder, connectionOptions } from './builder.ts';

export const Event = builder.prismaObject('Event', {
  fields: (t) => ({
    id: t.exposeID('id'),
    type: t.exposeString('type'),
    messageId: t.exposeID('messageId', { nullable: true }),
    inboxId: t.exposeID('inboxId', { nullable: true }),
    payload: t.expose('payload', { type: 'JSON' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    deliveries: t.relation('deliveries', { query: { orderBy: { id: 'asc' } } }),
  }),
});

export const EventConnection = builder.connectionObject({ type: Event, name: 'EventConnection' });

const EventFilter = builder.inputType('EventFilter', {
  fields: (t) => ({
    types: t.stringList({ description: 'Event names; "*" or an empty list means every type.' }),
    inboxId: t.id(),
    messageId: t.id(),
  }),
});

builder.queryFields((t) => ({
  events: t.prismaConnection(
    {
      type: Event,
      ...connectionOptions,
      args: { filter: t.arg({ type: EventFilter }) },
      resolve: (query, _root, { filter }, ctx) => {
        const types = filter?.types?.filter((type) => type !== '*') ?? [];
        const everyType = !filter?.types?.length || filter.types.includes('*');
        return ctx.db.event.findMany({
          ...query,
          where: {
            organizationId: organizationOf(ctx),
            test: false,
            ...(everyType ? {} : { type: { in: types } }),
            ...(filter?.inboxId ? { inboxId: String(filter.inboxId) } : {}),
            ...(filter?.messageId ? { messageId: String(filter.messageId) } : {}),
          },
          orderBy: { id: 'desc' },
        });
      },
    },
    EventConnection,
  ),
  event: t.prismaField({
    type: Event,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, ctx) =>
      ctx.db.event.findFirst({ ...query, where: { id: String(id), organizationId: organizationOf(ctx), test: false } }),
  }),
}));
