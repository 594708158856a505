import type { Database } from '../db/client.ts';
import { ALL_EVENTS, parseEventSelection } from '../domain/event-types.ts';
import { NotFoundError } from '../errors.ts';
import type { Event as EventRow } from '../generated/prisma/client.ts';
import type { Replay } from '../live/feed.ts';
import { organizationOf } from './auth.ts';
import { builder, connectionOptions } from './builder.ts';
import { liveFeedOf } from './live.ts';

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

/** The `events(after:)` replay: an organization's events after `from`, in stream (position) order. */
export function eventsAfter(
  db: Database,
  from: EventRow,
  filter: { types: string[] | null; inboxId: string | null },
): Replay<EventRow> {
  return {
    from,
    page: (cursor, limit) =>
      db.event.findMany({
        where: {
          organizationId: from.organizationId,
          test: false,
          position: { gt: cursor.position ?? 0n },
          ...(filter.types ? { type: { in: filter.types } } : {}),
          ...(filter.inboxId ? { inboxId: filter.inboxId } : {}),
        },
        orderBy: { position: 'asc' },
        take: limit,
      }),
    isAfter: (event, cursor) => (event.position ?? 0n) > (cursor.position ?? 0n),
  };
}

builder.subscriptionField('events', (t) =>
  t.field({
    type: Event,
    description:
      'Every event of the organization as it is recorded. With `after` (an event id) the events recorded after it are replayed first, in order (however many, a page at a time), then it continues live with no gap and no duplicate.',
    args: {
      types: t.arg.stringList({ description: 'Event names or "*"; all when left out.' }),
      inboxId: t.arg.id(),
      after: t.arg.id(),
    },
    subscribe: async (_root, args, ctx) => {
      const organizationId = organizationOf(ctx);
      const live = liveFeedOf(ctx);
      const types = args.types?.length ? parseEventSelection('types', args.types) : [ALL_EVENTS];
      const everyType = types.includes(ALL_EVENTS);
      const inboxId = args.inboxId == null ? null : String(args.inboxId);
      const after = args.after == null ? null : String(args.after);
      // Positions are given at commit, in commit order: replaying by position gives exactly the events
      // committed after this one, even those with older ids (their transactions began earlier).
      const from = after ? await ctx.db.event.findFirst({ where: { id: after, organizationId, test: false } }) : null;
      if (after && from?.position == null) throw new NotFoundError('event', after);
      return live.stream({
        accept: (notice) =>
          notice.kind === 'event' &&
          notice.organizationId === organizationId &&
          (everyType || types.includes(notice.type)) &&
          (!inboxId || notice.inboxId === inboxId),
        load: (notice) => live.loadEvent(notice.id),
        apiKeyId: ctx.auth.kind === 'apiKey' ? ctx.auth.apiKeyId : undefined,
        replay: from ? eventsAfter(ctx.db, from, { types: everyType ? null : types, inboxId }) : undefined,
      });
    },
    resolve: (event) => event,
  }),
);
