import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database } from '../db/client.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import { newId } from '../ids.ts';
import { publish } from '../live/notices.ts';
import type { ApiKeyCache } from './api-key-cache.ts';

export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function newApiKeySecret(): string {
  return `sk_${randomBytes(24).toString('base64url')}`;
}

export function parseKeyName(value: string | null | undefined, fallback?: string): string {
  const name = (value ?? fallback ?? '').trim();
  if (name.length === 0 || name.length > 100) {
    throw new InvalidInputError('name', 'A name must be between 1 and 100 characters long.');
  }
  return name;
}

export async function createApiKey(db: Database, organizationId: string, name: string, secret = newApiKeySecret()) {
  const apiKey = await db.apiKey.create({
    data: { id: newId('apiKey'), organizationId, name: parseKeyName(name), hash: hashApiKey(secret) },
  });
  return { apiKey, secret };
}

export async function revokeApiKey(db: Database, organizationId: string, id: string) {
  const key = await db.apiKey.findFirst({ where: { id, organizationId } });
  if (!key) throw new NotFoundError('API key', id);
  if (key.revokedAt) return key;
  return db.$transaction(async (tx) => {
    const revoked = await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    // Open subscription sockets authenticated with this key are closed by every API process.
    await publish(tx, { kind: 'apiKeyRevoked', id, organizationId });
    return revoked;
  });
}

export interface ApiKeyPrincipal {
  organizationId: string;
  apiKeyId: string;
}

const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Finds the live key for a secret (in `cache` if it was verified moments ago); `lastUsedAt` is
 * refreshed at most once a minute to spare writes.
 */
export async function authenticateApiKey(
  db: Database,
  secret: string,
  cache?: ApiKeyCache,
): Promise<ApiKeyPrincipal | null> {
  if (!secret.startsWith('sk_')) return null;
  const hash = hashApiKey(secret);
  const cached = cache?.get(hash);
  if (cached) return cached;
  const snapshot = cache?.snapshot();
  const key = await db.apiKey.findUnique({ where: { hash } });
  if (!key || key.revokedAt) return null;
  const now = Date.now();
  if (!key.lastUsedAt || now - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date(now) } });
  }
  const principal = { organizationId: key.organizationId, apiKeyId: key.id };
  if (snapshot !== undefined) cache?.set(hash, principal, snapshot);
  return principal;
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
