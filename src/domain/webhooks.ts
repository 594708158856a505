import { z } from 'zod';
import type { Database, Transaction } from '../db/client.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { newId } from '../ids.ts';
import { disableWebhookByUser } from './deliveries.ts';
import { parseEventSelection } from './event-types.ts';
import type { DeliveryQueue } from './ports.ts';
import { type AddressPolicy, parseWebhookUrl } from './url-policy.ts';
import { parseWebhookHeaders } from './webhook-headers.ts';
import { newWebhookSecret, SECRET_OVERLAP_MS } from './webhook-secrets.ts';

export interface WebhookRules {
  addressPolicy: AddressPolicy;
  strictUrls: boolean;
  /** Where disabling records its webhook.disabled event's deliveries. */
  queue: DeliveryQueue;
}

export interface WebhookInput {
  url?: string | null;
  events?: readonly string[] | null;
  description?: string | null;
  enabled?: boolean | null;
  /** The three options below: null clears (on update), undefined keeps. */
  headers?: unknown;
  inboxIds?: readonly (string | number)[] | null;
  rateLimitPerSecond?: number | null;
}

const MAX_WEBHOOKS_PER_ORGANIZATION = 100;
const description = z.string().max(500);

function parseDescription(value: string | null | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (!description.safeParse(value).success) {
    throw new InvalidInputError('description', 'A description may be at most 500 characters long.');
  }
  return value.trim() || null;
}

const MAX_INBOX_IDS = 100;
const MAX_RATE_LIMIT_PER_SECOND = 1000;

/**
 * 1 to 100 inboxes of the organization, deduplicated in the order given. Another organization's
 * inbox is NOT_FOUND, exactly like an id that does not exist (contract 4.1), naming the entry.
 */
async function parseInboxIds(
  db: Database,
  organizationId: string,
  value: readonly (string | number)[],
): Promise<string[]> {
  if (value.length === 0 || value.length > MAX_INBOX_IDS) {
    throw new InvalidInputError(
      'inboxIds',
      `inboxIds takes 1 to ${MAX_INBOX_IDS} inbox ids (got ${value.length}); pass null for events of every inbox.`,
    );
  }
  const ids = value.map(String);
  const found = await db.inbox.findMany({
    where: { organizationId, id: { in: [...new Set(ids)] } },
    select: { id: true },
  });
  const known = new Set(found.map((inbox) => inbox.id));
  const missing = ids.findIndex((id) => !known.has(id));
  if (missing >= 0) throw new NotFoundError('inbox', ids[missing], `inboxIds[${missing}]`);
  return [...new Set(ids)];
}

function parseRateLimit(value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_RATE_LIMIT_PER_SECOND) {
    throw new InvalidInputError(
      'rateLimitPerSecond',
      `rateLimitPerSecond must be a whole number of requests per second from 1 to ${MAX_RATE_LIMIT_PER_SECOND} (got ${value}); pass null for no limit.`,
    );
  }
  return value;
}

export async function createWebhook(db: Database, rules: WebhookRules, organizationId: string, input: WebhookInput) {
  if (!input.url) throw new InvalidInputError('url', 'A webhook needs a url.');
  if (!input.events) throw new InvalidInputError('events', 'A webhook needs a list of events.');
  const url = parseWebhookUrl('url', input.url, rules.addressPolicy, rules.strictUrls);
  const events = parseEventSelection('events', input.events);
  const desc = parseDescription(input.description);
  const headers = input.headers == null ? null : parseWebhookHeaders('headers', input.headers);
  const inboxIds = input.inboxIds == null ? null : await parseInboxIds(db, organizationId, input.inboxIds);
  const rateLimitPerSecond = input.rateLimitPerSecond == null ? null : parseRateLimit(input.rateLimitPerSecond);
  const count = await db.webhook.count({ where: { organizationId } });
  if (count >= MAX_WEBHOOKS_PER_ORGANIZATION) {
    throw new InvalidInputError('url', `An organization may have at most ${MAX_WEBHOOKS_PER_ORGANIZATION} webhooks.`);
  }
  return db.webhook.create({
    data: {
      id: newId('webhook'),
      organizationId,
      url,
      events,
      description: desc ?? null,
      enabled: input.enabled ?? true,
      secret: newWebhookSecret(),
      headers: headers ?? Prisma.DbNull,
      // Left out, the column stays NULL: every inbox.
      ...(inboxIds ? { inboxIds } : {}),
      rateLimitPerSecond,
    },
  });
}

export async function updateWebhook(
  db: Database,
  rules: WebhookRules,
  organizationId: string,
  id: string,
  input: WebhookInput,
) {
  const data: Record<string, unknown> = {};
  if (input.url !== undefined) {
    if (input.url === null) throw new InvalidInputError('url', 'url cannot be null; leave it out to keep it.');
    data.url = parseWebhookUrl('url', input.url, rules.addressPolicy, rules.strictUrls);
  }
  if (input.events !== undefined) {
    if (input.events === null) throw new InvalidInputError('events', 'events cannot be null; leave it out to keep it.');
    data.events = parseEventSelection('events', input.events);
  }
  if (input.description !== undefined) data.description = parseDescription(input.description);
  if (input.enabled === null) throw new InvalidInputError('enabled', 'enabled must be true or false.');
  if (input.headers !== undefined) {
    data.headers = input.headers === null ? Prisma.DbNull : parseWebhookHeaders('headers', input.headers);
  }
  const clearInboxIds = input.inboxIds === null;
  if (input.inboxIds != null) data.inboxIds = await parseInboxIds(db, organizationId, input.inboxIds);
  if (input.rateLimitPerSecond !== undefined) {
    data.rateLimitPerSecond = input.rateLimitPerSecond === null ? null : parseRateLimit(input.rateLimitPerSecond);
  }
  await db.$transaction(async (tx) => {
    const { count } = await tx.webhook.updateMany({
      where: { id, organizationId },
      data: { ...data, updatedAt: new Date() },
    });
    if (count === 0) throw new NotFoundError('webhook', id);
    if (input.enabled != null) await setEnabled(tx, rules.queue, id, input.enabled);
    // Prisma cannot write NULL into a list column, and NULL (not an empty list) means every inbox.
    if (clearInboxIds) {
      await tx.$executeRaw`UPDATE webhooks SET inbox_ids = NULL WHERE id = ${id} AND organization_id = ${organizationId}`;
    }
  });
  return db.webhook.findUniqueOrThrow({ where: { id } });
}

export async function deleteWebhook(db: Database, organizationId: string, id: string) {
  const webhook = await findWebhook(db, organizationId, id);
  await db.webhook.deleteMany({ where: { id, organizationId } });
  return webhook;
}

/** The new secret signs at once; the previous one keeps signing beside it for 24 hours. */
export async function rotateWebhookSecret(db: Database, organizationId: string, id: string) {
  return db.$transaction(async (tx) => {
    const [current] = await tx.$queryRaw<{ secret: string }[]>`
      SELECT secret FROM webhooks WHERE id = ${id} AND organization_id = ${organizationId} FOR NO KEY UPDATE`;
    if (!current) throw new NotFoundError('webhook', id);
    const now = new Date();
    return tx.webhook.update({
      where: { id },
      data: {
        secret: newWebhookSecret(),
        previousSecret: current.secret,
        previousSecretExpiresAt: new Date(now.getTime() + SECRET_OVERLAP_MS),
        updatedAt: now,
      },
    });
  });
}

export async function findWebhook(db: Database, organizationId: string, id: string) {
  const webhook = await db.webhook.findFirst({ where: { id, organizationId } });
  if (!webhook) throw new NotFoundError('webhook', id);
  return webhook;
}

/**
 * Disabling by the user works as automatic disabling does (pending deliveries end FAILED, the
 * webhook.disabled event is recorded); enabling again starts a clean health record.
 */
async function setEnabled(tx: Transaction, queue: DeliveryQueue, id: string, enabled: boolean) {
  const [webhook] = await tx.$queryRaw<
    Array<{ id: string; url: string; organization_id: string; enabled: boolean; failing_since: Date | null }>
  >`SELECT id, url, organization_id, enabled, failing_since FROM webhooks WHERE id = ${id} FOR NO KEY UPDATE`;
  if (!webhook || webhook.enabled === enabled) return;
  if (!enabled) {
    await disableWebhookByUser(tx, queue, {
      id: webhook.id,
      url: webhook.url,
      organizationId: webhook.organization_id,
      failingSince: webhook.failing_since,
    });
    return;
  }
  await tx.webhook.update({
    where: { id },
    data: {
      enabled: true,
      disabledReason: null,
      disabledAt: null,
      consecutiveFailures: 0,
      failingSince: null,
      failingNotified: false,
      updatedAt: new Date(),
    },
  });
}
