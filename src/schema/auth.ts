import type { Database } from '../db/client.ts';
import type { ApiKeyCache } from '../domain/api-key-cache.ts';
import { authenticateApiKey, safeEqual } from '../domain/api-keys.ts';
import { ForbiddenError, UnauthenticatedError } from '../errors.ts';
import type { Auth, Context } from './context.ts';

/** The organization a request acts for; every root field starts here. */
export function organizationOf(ctx: Context): string {
  if (ctx.auth.kind === 'apiKey') return ctx.auth.organizationId;
  if (ctx.auth.kind === 'invalid') throw new UnauthenticatedError(ctx.auth.reason);
  if (ctx.auth.kind === 'admin') {
    throw new ForbiddenError('The admin token may only call createOrganization; use an API key (sk_...) for the rest.');
  }
  throw new UnauthenticatedError();
}

export function requireAdmin(ctx: Context): void {
  if (ctx.auth.kind === 'admin') return;
  if (ctx.auth.kind === 'invalid') throw new UnauthenticatedError(ctx.auth.reason);
  if (ctx.auth.kind === 'anonymous') {
    throw new UnauthenticatedError('createOrganization needs "Authorization: Bearer <ADMIN_TOKEN>".');
  }
  throw new ForbiddenError('Only the admin token (ADMIN_TOKEN) may create organizations.');
}

/** Reads `Bearer <token>` (HTTP header or graphql-ws connection_init) into who is calling. */
export async function resolveAuth(
  db: Database,
  authorization: string | null | undefined,
  adminToken: string | undefined,
  apiKeys?: ApiKeyCache,
): Promise<Auth> {
  if (!authorization) return { kind: 'anonymous' };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) return { kind: 'invalid', reason: 'The Authorization header must be "Bearer <api key>".' };
  const token = match[1];
  if (adminToken && safeEqual(token, adminToken)) return { kind: 'admin' };
  const principal = await authenticateApiKey(db, token, apiKeys);
  if (!principal) return { kind: 'invalid', reason: 'This API key is unknown or has been revoked.' };
  return { kind: 'apiKey', ...principal };
}
