import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import { InvalidInputError } from '../errors.ts';
import type PrismaTypes from '../generated/prisma/pothos-types.ts';
import { getDatamodel } from '../generated/prisma/pothos-types.ts';
import type { Context } from './context.ts';

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
  DefaultFieldNullability: false;
}>({
  plugins: [PrismaPlugin, RelayPlugin],
  defaultFieldNullability: false,
  prisma: {
    client: (ctx) => ctx.db,
    dmmf: getDatamodel(),
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: false,
    nodesQueryOptions: false,
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSON', JSONResolver);

export const PAGE_DEFAULT = 20;
export const PAGE_MAX = 100;

/** Contract 4.3: `first` defaults to 20 and may be at most 100; more is refused, not silently cut. */
export function pageSize(args: { first?: number | null; last?: number | null }): number {
  for (const field of ['first', 'last'] as const) {
    const value = args[field];
    if (value != null && (value < 0 || value > PAGE_MAX)) {
      throw new InvalidInputError(field, `${field} must be between 0 and ${PAGE_MAX} (got ${value}).`);
    }
  }
  return PAGE_MAX;
}

export const connectionOptions = { cursor: 'id', defaultSize: PAGE_DEFAULT, maxSize: pageSize } as const;
