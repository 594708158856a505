import { createApiKey, revokeApiKey } from '../domain/api-keys.ts';
import { organizationOf } from './auth.ts';
import { builder } from './builder.ts';

export const ApiKey = builder.prismaObject('ApiKey', {
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lastUsedAt: t.expose('lastUsedAt', { type: 'DateTime', nullable: true }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

const CreatedApiKey = builder.objectRef<{ apiKeyId: string; secret: string }>('CreatedApiKey').implement({
  fields: (t) => ({
    apiKey: t.prismaField({
      type: ApiKey,
      resolve: (query, parent, _args, ctx) =>
        ctx.db.apiKey.findUniqueOrThrow({ ...query, where: { id: parent.apiKeyId } }),
    }),
    secret: t.exposeString('secret', { description: 'The key itself (sk_...). Shown once: store it now.' }),
  }),
});

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  fields: (t) => ({ name: t.string({ required: true }) }),
});

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreatedApiKey,
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { apiKey, secret } = await createApiKey(ctx.db, organizationOf(ctx), input.name);
      return { apiKeyId: apiKey.id, secret };
    },
  }),
  revokeApiKey: t.prismaField({
    type: ApiKey,
    description: 'Revokes a key at once; requests made with it are refused from then on.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, { id }, ctx) => {
      const key = await revokeApiKey(ctx.db, organizationOf(ctx), String(id));
      ctx.services.apiKeys?.forget(key.id);
      return ctx.db.apiKey.findUniqueOrThrow({ ...query, where: { id: key.id } });
    },
  }),
}));
