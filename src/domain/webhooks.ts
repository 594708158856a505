import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import { newId } from '../ids.ts';
import { parseEventSelection } from './event-types.ts';
import { type AddressPolicy, parseWebhookUrl } from './url-policy.ts';
import { newWebhookSecret, SECRET_OVERLAP_MS } from './webhook-secrets.ts';

export interface WebhookRules {
  addressPolicy: AddressPolicy;
  strictUrls: boolean;
}

export interface WebhookInput {
  url?: string | null;
  events?: readonly string[] | null;
  description?: string | null;
  enabled?: boolean | null;
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

export async function createWebhook(db: Database, rules: WebhookRules, organizationId: string, input: WebhookInput) {
  if (!input.url) throw new InvalidInputError('url', 'A webhook needs a url.');
  if (!input.events) throw new InvalidInputError('events', 'A webhook needs a list of events.');
  const url = parseWebhookUrl('url', input.url, rules.addressPolicy, rules.strictUrls);
  const events = parseEventSelection('events', input.events);
  const desc = parseDescription(input.description);
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
  if (input.enabled !== undefined) {
    if (input.enabled === null) throw new InvalidInputError('enabled', 'enabled must be true or false.');
    data.enabled = input.enabled;
    data.disabledReason = input.enabled ? null : 'Disabled by a user.';
  }
  const { count } = await db.webhook.updateMany({
    where: { id, organizationId },
    data: { ...data, updatedAt: new Date() },
  });
  if (count === 0) throw new NotFoundError('webhook', id);
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
      SELECT secret FROM webhooks WHERE id = ${id} AND organization_id = ${organizationId} FOR UPDATE`;
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
