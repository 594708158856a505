import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Database, Transaction } from '../db/client.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.ts';
import type { Inbox } from '../generated/prisma/client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { newId } from '../ids.ts';
import type { EventType } from './event-types.ts';
import { recordEvent } from './events.ts';
import type { DeliveryQueue } from './ports.ts';

export interface InboxDeps {
  db: Database;
  queue: DeliveryQueue;
  mailDomain: string;
}

const emailSchema = z.email();

function parseName(value: string): string {
  const name = value.trim();
  if (name.length === 0 || name.length > 200) {
    throw new InvalidInputError('name', 'An inbox name must be between 1 and 200 characters long.');
  }
  return name;
}

function parseEmail(value: string): string {
  const email = value.trim().toLowerCase();
  if (!emailSchema.safeParse(email).success || email.length > 254) {
    throw new InvalidInputError('email', `"${value}" is not an email address such as support@example.com.`);
  }
  return email;
}

function generatedEmail(name: string, mailDomain: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${slug || 'inbox'}-${randomBytes(4).toString('hex')}@${mailDomain}`;
}

export function inboxPayload(inbox: Inbox) {
  return {
    id: inbox.id,
    organizationId: inbox.organizationId,
    name: inbox.name,
    email: inbox.email,
    createdAt: inbox.createdAt.toISOString(),
    updatedAt: inbox.updatedAt.toISOString(),
  };
}

async function withInboxEvent(deps: InboxDeps, type: EventType, change: (tx: Transaction) => Promise<Inbox>) {
  try {
    return await deps.db.$transaction(async (tx) => {
      const inbox = await change(tx);
      await recordEvent(tx, deps.queue, {
        organizationId: inbox.organizationId,
        type,
        inboxId: inbox.id,
        payload: inboxPayload(inbox),
      });
      return inbox;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new ConflictError('That email address is already taken by another inbox; choose another.', 'email');
    }
    throw error;
  }
}

export function createInbox(
  deps: InboxDeps,
  organizationId: string,
  input: { name?: string | null; email?: string | null } = {},
) {
  const email = input.email ? parseEmail(input.email) : undefined;
  const name = input.name != null ? parseName(input.name) : (email?.split('@')[0] ?? 'Inbox');
  return withInboxEvent(deps, 'inbox.created', (tx) =>
    tx.inbox.create({
      data: {
        id: newId('inbox'),
        organizationId,
        name,
        email: email ?? generatedEmail(name, deps.mailDomain),
      },
    }),
  );
}

export function updateInbox(
  deps: InboxDeps,
  organizationId: string,
  id: string,
  input: { name?: string | null; email?: string | null },
) {
  const data: { name?: string; email?: string } = {};
  if (input.name != null) data.name = parseName(input.name);
  if (input.email != null) data.email = parseEmail(input.email);
  return withInboxEvent(deps, 'inbox.updated', async (tx) => {
    const { count } = await tx.inbox.updateMany({
      where: { id, organizationId },
      data: { ...data, updatedAt: new Date() },
    });
    if (count === 0) throw new NotFoundError('inbox', id);
    return tx.inbox.findUniqueOrThrow({ where: { id } });
  });
}

export function deleteInbox(deps: InboxDeps, organizationId: string, id: string) {
  return withInboxEvent(deps, 'inbox.deleted', async (tx) => {
    const inbox = await tx.inbox.findFirst({ where: { id, organizationId } });
    if (!inbox) throw new NotFoundError('inbox', id);
    await tx.inbox.delete({ where: { id } });
    return inbox;
  });
}
