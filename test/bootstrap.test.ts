import type pg from 'pg';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createPool, pgOptions } from '../src/db/client.ts';
import { hashApiKey } from '../src/domain/api-keys.ts';
import { bootstrapDefaultOrganization } from '../src/domain/organizations.ts';
import { createTestDatabase } from './helpers/database.ts';

// The default organization is made through pg alone (a worker process must not load Prisma), by
// however many processes start at once.

let pool: pg.Pool;
afterAll(() => pool?.end());
beforeEach(async () => {
  pool ??= createPool({ ...pgOptions(await createTestDatabase()), pipeline: true }, 6);
  await pool.query('TRUNCATE organizations CASCADE');
});

const organizations = async () =>
  (await pool.query<{ id: string; name: string }>('SELECT id, name FROM organizations ORDER BY id')).rows;
const keysOf = async (organizationId: string) =>
  (
    await pool.query<{ name: string; hash: string }>(
      'SELECT name, hash FROM api_keys WHERE organization_id = $1 ORDER BY name',
      [organizationId],
    )
  ).rows;

describe('bootstrapDefaultOrganization', () => {
  it('on an empty database, five starts at once make one default organization with one new key', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => bootstrapDefaultOrganization(pool)));
    const created = results.filter((r) => r.created);
    expect(created).toHaveLength(1);
    const [only] = created as Array<{ secret: string; generated: boolean }>;
    expect(only.generated).toBe(true);
    const orgs = await organizations();
    expect(orgs.map((o) => o.name)).toEqual(['default']);
    expect(await keysOf(orgs[0].id)).toEqual([{ name: 'Default key', hash: hashApiKey(only.secret) }]);
  });

  it('makes no organization once any exists, unless given BOOTSTRAP_API_KEY', async () => {
    await pool.query(`INSERT INTO organizations (id, name) VALUES ('org_other', 'other')`);
    expect(await bootstrapDefaultOrganization(pool)).toEqual({ created: false });
    expect((await organizations()).map((o) => o.name)).toEqual(['other']);
  });

  it('with BOOTSTRAP_API_KEY: adds the key to the existing default organization once, however often it starts', async () => {
    const first = await bootstrapDefaultOrganization(pool);
    const [org] = await organizations();
    const results = await Promise.all(
      Array.from({ length: 3 }, () => bootstrapDefaultOrganization(pool, 'sk_bootstrap_test_key')),
    );
    expect(results.filter((r) => r.created)).toEqual([
      { created: true, secret: 'sk_bootstrap_test_key', generated: false },
    ]);
    expect(await organizations()).toEqual([org]);
    expect((await keysOf(org.id)).map((k) => k.name)).toEqual(['Bootstrap key', 'Default key']);
    expect(first.created).toBe(true);
  });
});
