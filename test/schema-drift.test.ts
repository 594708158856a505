import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../src/db/client.ts';
import { getDatamodel } from '../src/generated/prisma/pothos-types.ts';
import { printSchemaFile } from '../src/schema/print.ts';
import { createTestDatabase } from './helpers/database.ts';

describe('schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema:print` after a schema change)', () => {
    expect(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8')).toBe(printSchemaFile());
  });
});

describe('prisma/migrations', () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: await createTestDatabase() });
    await client.connect();
  });
  afterAll(() => client?.end());

  it('create exactly the tables and columns of schema.prisma', async () => {
    const { rows } = await client.query<{ table_name: string; column_name: string; is_nullable: string }>(
      `SELECT table_name, column_name, is_nullable FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    const actual = new Map<string, Map<string, boolean>>();
    for (const row of rows) {
      if (!actual.has(row.table_name)) actual.set(row.table_name, new Map());
      actual.get(row.table_name)?.set(row.column_name, row.is_nullable === 'YES');
    }

    // Column names (@map) live in the client's runtime datamodel; nullability in the Pothos datamodel.
    const db = createDatabase('postgresql://unused@127.0.0.1/unused', 1) as unknown as {
      _runtimeDataModel: {
        models: Record<string, { dbName: string | null; fields: Array<{ name: string; dbName?: string }> }>;
      };
    };
    const runtimeModels = db._runtimeDataModel.models;
    const expected = new Map<string, Map<string, boolean>>();
    for (const [name, model] of Object.entries(getDatamodel().datamodel.models)) {
      const columnNames = new Map(runtimeModels[name].fields.map((f) => [f.name, f.dbName ?? f.name]));
      const columns = new Map<string, boolean>();
      for (const field of model.fields) {
        if (field.kind === 'object') continue;
        columns.set(columnNames.get(field.name) ?? field.name, !field.isRequired || field.isList);
      }
      expected.set(runtimeModels[name].dbName ?? name, columns);
    }
    expect(Object.fromEntries([...actual].map(([t, c]) => [t, Object.fromEntries(c)]))).toEqual(
      Object.fromEntries([...expected].map(([t, c]) => [t, Object.fromEntries(c)])),
    );
  });

  it('create the enums of schema.prisma', async () => {
    const { rows } = await client.query<{ typname: string; labels: string[] }>(
      `SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = 'public' GROUP BY t.typname ORDER BY t.typname`,
    );
    const prisma = readFileSync(new URL('../prisma/schema.prisma', import.meta.url), 'utf8');
    const expected = [...prisma.matchAll(/^enum \w+ \{\n([\s\S]*?)^\}/gm)]
      .map(([, body]) => ({
        typname: /@@map\("(\w+)"\)/.exec(body)?.[1] ?? '',
        labels: [...body.matchAll(/^\s+([A-Z_]+)$/gm)].map((m) => m[1]),
      }))
      .sort((a, b) => a.typname.localeCompare(b.typname));
    expect(rows).toEqual(expected);
  });

  it("create every @@index and @@unique of schema.prisma, with Prisma's names", async () => {
    const { rows } = await client.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%_pkey'`,
    );
    const prisma = readFileSync(new URL('../prisma/schema.prisma', import.meta.url), 'utf8');
    const expected: string[] = [];
    for (const [, body] of prisma.matchAll(/^model \w+ \{\n([\s\S]*?)^\}/gm)) {
      const table = /@@map\("(\w+)"\)/.exec(body)?.[1];
      const column = (field: string) =>
        new RegExp(`^\\s+${field}\\s[^\\n]*@map\\("(\\w+)"\\)`, 'm').exec(body)?.[1] ?? field;
      for (const [, kind, fields] of body.matchAll(/@@(index|unique)\(\[([^\]]+)\]/g)) {
        const columns = fields.split(',').map((f) => column(f.trim()));
        expected.push(`${table}_${columns.join('_')}_${kind === 'index' ? 'idx' : 'key'}`);
      }
      for (const [, field] of body.matchAll(/^\s+(\w+)\s[^\n]*@unique/gm))
        expected.push(`${table}_${column(field)}_key`);
    }
    expect(rows.map((r) => r.indexname).sort()).toEqual(expected.sort());
  });
});
