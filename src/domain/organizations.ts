import type pg from 'pg';
import type { Database } from '../db/client.ts';
import { withPgTransaction } from '../db/executor.ts';
import { InvalidInputError } from '../errors.ts';
import { newId } from '../ids.ts';
import { hashApiKey, newApiKeySecret } from './api-keys.ts';

export const DEFAULT_ORGANIZATION = 'default';

function parseOrganizationName(value: string): string {
  const name = value.trim();
  if (name.length === 0 || name.length > 100) {
    throw new InvalidInputError('name', 'An organization name must be between 1 and 100 characters long.');
  }
  return name;
}

/** Creates an organization together with its first API key; the secret is returned once. */
export async function createOrganization(db: Database, name: string, secret = newApiKeySecret()) {
  const orgName = parseOrganizationName(name);
  return db.$transaction(async (tx) => {
    const organization = await tx.organization.create({ data: { id: newId('organization'), name: orgName } });
    const apiKey = await tx.apiKey.create({
      data: { id: newId('apiKey'), organizationId: organization.id, name: 'Initial key', hash: hashApiKey(secret) },
    });
    return { organization, apiKey, secret };
  });
}

export type BootstrapResult = { created: false } | { created: true; secret: string; generated: boolean };

/**
 * Makes sure the `default` organization exists: with BOOTSTRAP_API_KEY it holds that key; on an
 * empty database without one it gets a fresh key that the caller shows once. Through pg, not
 * Prisma: a worker process that never queries through Prisma never loads its query compiler
 * (about 60 MB of RSS).
 */
export function bootstrapDefaultOrganization(pool: pg.Pool, bootstrapKey?: string): Promise<BootstrapResult> {
  return withPgTransaction(pool, async (tx) => {
    // Concurrent first starts (api + worker) create one default organization.
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext('sendook:bootstrap'))`;
    const [found] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM organizations WHERE name = ${DEFAULT_ORGANIZATION} ORDER BY id LIMIT 1`;
    const insertDefaultOrganization = async () => {
      const id = newId('organization');
      await tx.$executeRaw`INSERT INTO organizations (id, name) VALUES (${id}, ${DEFAULT_ORGANIZATION})`;
      return id;
    };
    const addKey = (organizationId: string, name: string, secret: string) =>
      tx.$executeRaw`INSERT INTO api_keys (id, organization_id, name, hash)
        VALUES (${newId('apiKey')}, ${organizationId}, ${name}, ${hashApiKey(secret)})`;
    if (bootstrapKey) {
      const [existing] = await tx.$queryRaw<unknown[]>`SELECT 1 FROM api_keys WHERE hash = ${hashApiKey(bootstrapKey)}`;
      if (existing) return { created: false } as const;
      await addKey(found?.id ?? (await insertDefaultOrganization()), 'Bootstrap key', bootstrapKey);
      return { created: true, secret: bootstrapKey, generated: false } as const;
    }
    if (found) return { created: false } as const;
    const [any] = await tx.$queryRaw<unknown[]>`SELECT 1 FROM organizations LIMIT 1`;
    if (any) return { created: false } as const;
    const secret = newApiKeySecret();
    await addKey(await insertDefaultOrganization(), 'Default key', secret);
    return { created: true, secret, generated: true } as const;
  });
}
