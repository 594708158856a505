import { createOrganization } from '../domain/organizations.ts';
import { ApiKey } from './api-key.ts';
import { organizationOf, requireAdmin } from './auth.ts';
import { builder } from './builder.ts';

export const Organization = builder.prismaObject('Organization', {
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const CreatedOrganization = builder
  .objectRef<{ organizationId: string; apiKeyId: string; secret: string }>('CreatedOrganization')
  .implement({
    fields: (t) => ({
      organization: t.prismaField({
        type: 'Organization',
        resolve: (query, parent, _args, ctx) =>
          ctx.db.organization.findUniqueOrThrow({ ...query, where: { id: parent.organizationId } }),
      }),
      apiKey: t.prismaField({
        type: ApiKey,
        resolve: (query, parent, _args, ctx) =>
          ctx.db.apiKey.findUniqueOrThrow({ ...query, where: { id: parent.apiKeyId } }),
      }),
      secret: t.exposeString('secret', { description: 'The API key (sk_...). Shown once: store it now.' }),
    }),
  });

const CreateOrganizationInput = builder.inputType('CreateOrganizationInput', {
  fields: (t) => ({ name: t.string({ required: true }) }),
});

builder.queryField('viewer', (t) =>
  t.prismaField({
    type: 'Organization',
    description: 'The organization of the API key making the request.',
    resolve: (query, _root, _args, ctx) =>
      ctx.db.organization.findUniqueOrThrow({ ...query, where: { id: organizationOf(ctx) } }),
  }),
);

builder.mutationField('createOrganization', (t) =>
  t.field({
    type: CreatedOrganization,
    description: 'Creates an organization and its first API key. Only with the ADMIN_TOKEN bearer.',
    args: { input: t.arg({ type: CreateOrganizationInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      requireAdmin(ctx);
      const { organization, apiKey, secret } = await createOrganization(ctx.db, input.name);
      return { organizationId: organization.id, apiKeyId: apiKey.id, secret };
    },
  }),
);
