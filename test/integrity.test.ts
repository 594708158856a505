import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../src/db/client.ts';
import { createOrganization } from '../src/domain/organizations.ts';
import { newId } from '../src/ids.ts';
import { createTestDatabase } from './helpers/database.ts';

let url: string;
let db: Database;
let client: pg.Client;

beforeAll(async () => {
  url = await createTestDatabase();
  db = createDatabase(url, 2);
  client = new pg.Client({ connectionString: url });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await db?.$disconnect();
});

async function refused(sql: string, params: unknown[]) {
  const error = await client.query(sql, params).then(
    () => null,
    (err: { code?: string }) => err,
  );
  return error?.code;
}

describe('the database keeps every row in its parent organization', () => {
  it('refuses a delivery, attempt, thread or message that mixes two organizations', async () => {
    const a = (await createOrganization(db, 'A')).organization.id;
    const b = (await createOrganization(db, 'B')).organization.id;
    const webhookA = newId('webhook');
    const eventB = newId('event');
    const inboxA = newId('inbox');
    await client.query(
      `INSERT INTO webhooks (id, organization_id, url, events, secret) VALUES ($1, $2, 'http://127.0.0.1/', '{*}', 'whsec_x')`,
      [webhookA, a],
    );
    await client.query(
      `INSERT INTO events (id, organization_id, type, payload) VALUES ($1, $2, 'inbox.created', '{}')`,
      [eventB, b],
    );
    await client.query(`INSERT INTO inboxes (id, organization_id, name, email) VALUES ($1, $2, 'A', $3)`, [
      inboxA,
      a,
      `${inboxA}@x.test`,
    ]);

    // A's webhook with B's event, under either organization: refused (foreign key violation).
    for (const org of [a, b]) {
      expect(
        await refused('INSERT INTO deliveries (id, organization_id, webhook_id, event_id) VALUES ($1, $2, $3, $4)', [
          newId('delivery'),
          org,
          webhookA,
          eventB,
        ]),
      ).toBe('23503');
    }
    // A thread of B in A's inbox.
    expect(
      await refused(`INSERT INTO threads (id, organization_id, inbox_id, last_message_at) VALUES ($1, $2, $3, now())`, [
        newId('thread'),
        b,
        inboxA,
      ]),
    ).toBe('23503');

    // The consistent rows go in, and an attempt must share its delivery's organization.
    const eventA = newId('event');
    const delivery = newId('delivery');
    await client.query(
      `INSERT INTO events (id, organization_id, type, payload) VALUES ($1, $2, 'inbox.created', '{}')`,
      [eventA, a],
    );
    await client.query('INSERT INTO deliveries (id, organization_id, webhook_id, event_id) VALUES ($1, $2, $3, $4)', [
      delivery,
      a,
      webhookA,
      eventA,
    ]);
    const attempt = (org: string) =>
      refused(
        `INSERT INTO delivery_attempts (id, organization_id, delivery_id, webhook_id, number, trigger, succeeded, url,
           request_headers, request_body, duration_ms) VALUES ($1, $2, $3, $4, 1, 'AUTOMATIC', true, 'http://x/', '{}', '{}', 1)`,
        [newId('attempt'), org, delivery, webhookA],
      );
    expect(await attempt(b)).toBe('23503');
    expect(await attempt(a)).toBeUndefined();
  });
});
