import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListInboxes } from './documents/operations.ts';
import { expectData } from './helpers/graphql-client.ts';
import { startTestService, type TestService } from './helpers/service.ts';

let service: TestService;
beforeAll(async () => {
  service = await startTestService({ ROLE: 'api' });
});
afterAll(() => service?.stop());

async function call(key: string, idempotencyKey: string | null, body: object) {
  const response = await fetch(`${service.baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${key}`,
      ...(idempotencyKey === null ? {} : { 'idempotency-key': idempotencyKey }),
    },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    replayed: response.headers.get('idempotent-replayed'),
    body: await response.text(),
  };
}

const createInbox = (name: string) => ({
  query: 'mutation($name: String) { createInbox(input: { name: $name }) { id name email } }',
  variables: { name },
});

describe('Idempotency-Key on mutations', () => {
  it('runs the first request once and replays its response to a repeat', async () => {
    const { key, gql } = await service.newOrganization();
    const first = await call(key, 'create-support-1', createInbox('Support'));
    const again = await call(key, 'create-support-1', createInbox('Support'));
    expect(first.status).toBe(200);
    expect(first.replayed).toBeNull();
    expect(again).toEqual({ status: 200, replayed: 'true', body: first.body });
    expect(expectData(await gql(ListInboxes, {})).inboxes.edges).toHaveLength(1);
  });

  it('refuses the same key with a different body with CONFLICT, and changes nothing', async () => {
    const { key, gql } = await service.newOrganization();
    await call(key, 'k-2', createInbox('One'));
    const other = await call(key, 'k-2', createInbox('Two'));
    expect(other.status).toBe(409);
    expect(JSON.parse(other.body).errors[0].extensions.code).toBe('CONFLICT');
    expect(expectData(await gql(ListInboxes, {})).inboxes.edges).toHaveLength(1);
  });

  it('runs ten concurrent copies once, and every copy gets the same answer', async () => {
    const { key, gql } = await service.newOrganization();
    const answers = await Promise.all(Array.from({ length: 10 }, () => call(key, 'burst', createInbox('Burst'))));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(answers.filter((a) => a.replayed === null)).toHaveLength(1);
    expect(expectData(await gql(ListInboxes, {})).inboxes.edges).toHaveLength(1);
  });

  it('scopes keys per organization and leaves queries and keyless requests alone', async () => {
    const a = await service.newOrganization('A');
    const b = await service.newOrganization('B');
    await call(a.key, 'shared', createInbox('A inbox'));
    const forB = await call(b.key, 'shared', createInbox('B inbox'));
    expect(forB.replayed).toBeNull();
    expect(JSON.parse(forB.body).data.createInbox.name).toBe('B inbox');
    const query = { query: '{ inboxes { edges { node { id } } } }' };
    expect((await call(a.key, 'shared', query)).replayed).toBeNull();
    await call(a.key, null, createInbox('Keyless'));
    await call(a.key, null, createInbox('Keyless'));
    expect(expectData(await a.gql(ListInboxes, {})).inboxes.edges).toHaveLength(3);
  });

  it('refuses a malformed key, and replays a refused mutation instead of running it again', async () => {
    const { key, gql } = await service.newOrganization();
    const bad = await call(key, 'x'.repeat(256), createInbox('Nope'));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'Idempotency-Key',
    });
    // A validation refusal is an answer too: replayed, not run again.
    const invalid = { query: 'mutation { createInbox(input: { email: "not-an-address" }) { id } }' };
    const first = await call(key, 'invalid-1', invalid);
    expect((await call(key, 'invalid-1', invalid)).replayed).toBe('true');
    expect(JSON.parse(first.body).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(expectData(await gql(ListInboxes, {})).inboxes.edges).toHaveLength(0);
  });
});
