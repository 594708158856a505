import { createInbox, deleteInbox, updateInbox } from '../domain/inboxes.ts';
import { organizationOf } from './auth.ts';
import { builder, connectionOptions } from './builder.ts';

export const Inbox = builder.prismaObject('Inbox', {
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    email: t.exposeString('email'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

export const InboxConnection = builder.connectionObject({ type: Inbox, name: 'InboxConnection' });

const CreateInboxInput = builder.inputType('CreateInboxInput', {
  fields: (t) => ({
    name: t.string(),
    email: t.string({ description: 'Leave out for <name>-<random>@<MAIL_DOMAIN>.' }),
  }),
});

const UpdateInboxInput = builder.inputType('UpdateInboxInput', {
  fields: (t) => ({ name: t.string(), email: t.string() }),
});

builder.queryFields((t) => ({
  inboxes: t.prismaConnection(
    {
      type: Inbox,
      ...connectionOptions,
      resolve: (query, _root, _args, ctx) =>
        ctx.db.inbox.findMany({ ...query, where: { organizationId: organizationOf(ctx) }, orderBy: { id: 'desc' } }),
    },
    InboxConnection,
  ),
  inbox: t.prismaField({
    type: Inbox,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (query, _root, { id }, ctx) =>
      ctx.db.inbox.findFirst({ ...query, where: { id: String(id), organizationId: organizationOf(ctx) } }),
  }),
}));

builder.mutationFields((t) => ({
  createInbox: t.prismaField({
    type: Inbox,
    args: { input: t.arg({ type: CreateInboxInput }) },
    resolve: async (query, _root, { input }, ctx) => {
      const inbox = await createInbox(ctx.services.inboxes, organizationOf(ctx), input ?? {});
      return ctx.db.inbox.findUniqueOrThrow({ ...query, where: { id: inbox.id } });
    },
  }),
  updateInbox: t.prismaField({
    type: Inbox,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateInboxInput, required: true }) },
    resolve: async (query, _root, { id, input }, ctx) => {
      const inbox = await updateInbox(ctx.services.inboxes, organizationOf(ctx), String(id), input);
      return ctx.db.inbox.findUniqueOrThrow({ ...query, where: { id: inbox.id } });
    },
  }),
  deleteInbox: t.prismaField({
    type: Inbox,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_query, _root, { id }, ctx) => deleteInbox(ctx.services.inboxes, organizationOf(ctx), String(id)),
  }),
}));
