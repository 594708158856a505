import { organizationOf } from './auth.ts';
import { builder, connectionOptions } from './builder.ts';
import { Inbox } from './inbox.ts';
import { MessageConnection } from './message.ts';

export const Thread = builder.prismaObject('Thread', {
  fields: (t) => ({
    id: t.exposeID('id'),
    inbox: t.relation('inbox'),
    subject: t.exposeString('subject', { nullable: true, description: 'The subject of its first message.' }),
    messageCount: t.exposeInt('messageCount'),
    lastMessageAt: t.expose('lastMessageAt', { type: 'DateTime' }),
    messages: t.relatedConnection(
      'messages',
      { ...connectionOptions, query: { orderBy: { id: 'desc' } } },
      MessageConnection,
    ),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const ThreadConnection = builder.connectionObject({ type: Thread, name: 'ThreadConnection' });

builder.queryFields((t) => ({
  threads: t.prismaConnection(
    {
      type: Thread,
      ...connectionOptions,
      args: { inboxId: t.arg.id() },
      resolve: (query, _root, { inboxId }, ctx) =>
        ctx.db.thread.findMany({
          ...query,
          where: { organizationId: organizationOf(ctx), ...(inboxId ? { inboxId: String(inboxId) } : {}) },
          orderBy: { id: 'desc' },
        }),
    },
    ThreadConnection,
  ),
  thread: t.prismaField({
    type: Thread,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, ctx) =>
      ctx.db.thread.findFirst({ ...query, where: { id: String(id), organizationId: organizationOf(ctx) } }),
  }),
}));

builder.prismaObjectField(Inbox, 'threads', (t) =>
  t.relatedConnection('threads', { ...connectionOptions, query: { orderBy: { id: 'desc' } } }, ThreadConnection),
);
