import { deleteSuppression } from '../domain/mail/suppressions.ts';
import { organizationOf } from './auth.ts';
import { builder, connectionOptions } from './builder.ts';
import { Message } from './message.ts';

export const Suppression = builder.prismaObject('Suppression', {
  fields: (t) => ({
    email: t.exposeString('address'),
    reason: t.exposeString('reason', { description: 'hard_bounce or complaint.' }),
    detail: t.exposeString('detail', { nullable: true }),
    message: t.field({
      type: Message,
      nullable: true,
      description: 'The message whose report put the address on the list.',
      resolve: (suppression, _args, ctx) =>
        suppression.messageId
          ? ctx.db.message.findFirst({
              where: { id: suppression.messageId, organizationId: suppression.organizationId },
            })
          : null,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const SuppressionConnection = builder.connectionObject({ type: Suppression, name: 'SuppressionConnection' });

builder.queryFields((t) => ({
  suppressions: t.prismaConnection(
    {
      type: Suppression,
      cursor: 'organizationId_address',
      defaultSize: connectionOptions.defaultSize,
      maxSize: connectionOptions.maxSize,
      resolve: (query, _root, _args, ctx) =>
        ctx.db.suppression.findMany({
          ...query,
          where: { organizationId: organizationOf(ctx) },
          orderBy: [{ organizationId: 'asc' }, { address: 'asc' }],
        }),
    },
    SuppressionConnection,
  ),
}));

builder.mutationField('deleteSuppression', (t) =>
  t.prismaField({
    type: Suppression,
    description: 'Takes an address off the suppression list, so mail to it is sent again.',
    args: { email: t.arg.string({ required: true }) },
    resolve: (_query, _root, { email }, ctx) => deleteSuppression(ctx.db, organizationOf(ctx), email),
  }),
);
