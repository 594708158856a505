import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLogger } from '../src/logger.ts';
import { startTestService, type TestService } from './helpers/service.ts';
import { waitFor } from './helpers/wait.ts';

let service: TestService;
const logs: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  const logger = createLogger('info', { write: (line: string) => void logs.push(JSON.parse(line)) });
  service = await startTestService({}, undefined, logger);
});
afterAll(async () => {
  await service?.stop();
});

async function post(query: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${service.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { requestId: response.headers.get('x-request-id'), body: (await response.json()) as Record<string, unknown> };
}

/** A table that is not there makes any statement on it fail the way an unexpected fault would. */
async function withoutTable<T>(table: string, run: () => Promise<T>): Promise<T> {
  await service.db.$executeRawUnsafe(`ALTER TABLE ${table} RENAME TO ${table}_hidden`);
  try {
    return await run();
  } finally {
    await service.db.$executeRawUnsafe(`ALTER TABLE ${table}_hidden RENAME TO ${table}`);
  }
}

const unexpectedErrorLogs = () => logs.filter((line) => line.msg === 'unexpected error in a GraphQL operation');

describe('request ids', () => {
  it('echoes a sane x-request-id', async () => {
    for (const id of ['req-1', 'trace:4bf92f3577b34da6.a3ce929d0e0e4736_01', 'x'.repeat(200)]) {
      expect((await post('{ __typename }', { 'x-request-id': id })).requestId).toBe(id);
    }
  });

  it('generates one when the request has none, or one that is not safe to log as it is', async () => {
    const ids = [
      (await post('{ __typename }')).requestId,
      (await post('{ __typename }')).requestId,
      ...(await Promise.all(
        ['has space', 'quote"', 'x'.repeat(201), 'ünicode'].map(async (id) => {
          const { requestId } = await post('{ __typename }', { 'x-request-id': id });
          expect(requestId).not.toBe(id);
          return requestId;
        }),
      )),
    ];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('logs an unexpected error in a resolver with the request id', async () => {
    const { key } = await service.newOrganization();
    const { body, requestId } = await withoutTable('webhooks', () =>
      post('{ webhooks(first: 1) { edges { node { id } } } }', {
        authorization: `Bearer ${key}`,
        'x-request-id': 'req-resolver-fault',
      }),
    );
    expect(requestId).toBe('req-resolver-fault');
    expect(body.errors).toMatchObject([{ message: 'Unexpected error.' }]);
    expect(unexpectedErrorLogs()).toContainEqual(expect.objectContaining({ requestId: 'req-resolver-fault' }));
  });

  it('logs an unexpected error while authenticating with the request id', async () => {
    const { key } = await service.newOrganization();
    const { body } = await withoutTable('api_keys', () =>
      post('{ __typename }', { authorization: `Bearer ${key}`, 'x-request-id': 'req-context-fault' }),
    );
    expect(body.errors).toMatchObject([{ message: 'Unexpected error.' }]);
    expect(unexpectedErrorLogs()).toContainEqual(expect.objectContaining({ requestId: 'req-context-fault' }));
  });

  it('gives a WebSocket connection one id, echoed on upgrade and carried by its subscriptions’ error logs', async () => {
    const { key } = await service.newOrganization();
    let echoed: string | undefined;
    class WebSocketWithRequestId extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { 'x-request-id': 'ws-connection-1' } });
        this.on('upgrade', (response) => {
          echoed = String(response.headers['x-request-id']);
        });
      }
    }
    const client = createClient({
      url: `${service.baseUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocketWithRequestId,
      connectionParams: { authorization: `Bearer ${key}` },
      retryAttempts: 0,
    });
    try {
      const errors = await withoutTable('events', async () => {
        const received: unknown[] = [];
        // `after` replays from the events table first, which fails.
        client.subscribe(
          { query: 'subscription { events(after: "evt_01h2xcejqtf2nbrexx3vqjhp41") { id } }' },
          {
            // A subscription that fails before it starts is answered with one result carrying the errors.
            next: (result) => void received.push(result.errors),
            error: (error) => void received.push(error),
            complete: () => undefined,
          },
        );
        return waitFor(() => received.length > 0 && received, { what: 'the subscription error' });
      });
      expect(echoed).toBe('ws-connection-1');
      expect(errors).toMatchObject([[{ message: 'Unexpected error.' }]]);
      expect(unexpectedErrorLogs()).toContainEqual(expect.objectContaining({ requestId: 'ws-connection-1' }));
    } finally {
      await client.dispose();
    }
  });
});
