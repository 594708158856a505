import type { Database } from '../db/client.ts';
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
 * empty database without one it gets a fresh key that the caller shows once.
 */
export async function bootstrapDefaultOrganization(db: Database, bootstrapKey?: string): Promise<BootstrapResult> {
  // One transaction-level advisory lock so concurrent first starts (api + worker) create one default org.
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('sendook:bootstrap'))`;
    let organization = await tx.organization.findFirst({
      where: { name: DEFAULT_ORGANIZATION },
      orderBy: { id: 'asc' },
    });
    if (bootstrapKey) {
      const hash = hashApiKey(bootstrapKey);
      const existing = await tx.apiKey.findUnique({ where: { hash } });
      if (existing) return { created: false } as const;
      organization ??= await tx.organization.create({
        data: { id: newId('organization'), name: DEFAULT_ORGANIZATION },
      });
      await tx.apiKey.create({
        data: { id: newId('apiKey'), organizationId: organization.id, name: 'Bootstrap key', hash },
      });
      return { created: true, secret: bootstrapKey, generated: false } as const;
    }
    if (organization || (await tx.organization.count()) > 0) return { created: false } as const;
    organization = await tx.organization.create({ data: { id: newId('organization'), name: DEFAULT_ORGANIZATION } });
    const secret = newApiKeySecret();
    await tx.apiKey.create({
      data: { id: newId('apiKey'), organizationId: organization.id, name: 'Default key', hash: hashApiKey(secret) },
    });
    return { created: true, secret, generated: true } as const;
  });
}
