import { Agent } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { postWebhook } from '../src/outbound/webhook-client.ts';
import { startRawServer, trickleHeaders } from './helpers/raw-server.ts';
import { answer, Receiver, trickle } from './helpers/receiver.ts';

// The deadline covers the whole exchange: connecting, the headers and the body.

const agent = new Agent({ connections: 10 });
afterAll(() => agent.close());
const request = (url: string) => ({ url, headers: { 'content-type': 'application/json' }, body: '{}' });

const expectTimedOut = (outcome: Awaited<ReturnType<typeof postWebhook>>, timeoutMs: number) => {
  expect(outcome).toMatchObject({
    succeeded: false,
    errorKind: 'timeout',
    error: `No complete response within ${timeoutMs} ms.`,
  });
  expect(outcome.durationMs).toBeGreaterThanOrEqual(timeoutMs - 5);
  expect(outcome.durationMs).toBeLessThan(timeoutMs + 1000);
};

describe('postWebhook', () => {
  it('fails a receiver that trickles its headers, at the deadline', async () => {
    const raw = await startRawServer(trickleHeaders(20));
    try {
      expectTimedOut(await postWebhook(agent, request(raw.url), 400), 400);
    } finally {
      await raw.close();
    }
  });

  it('fails a receiver that answers 200 and then trickles its body, at the deadline, keeping the status', async () => {
    const receiver = await Receiver.start();
    try {
      receiver.always(trickle(20));
      const outcome = await postWebhook(agent, request(receiver.url), 400);
      expectTimedOut(outcome, 400);
      expect(outcome.status).toBe(200);
    } finally {
      await receiver.close();
    }
  });

  it('records a prompt answer in full, and its deadline does not outlive it', async () => {
    const receiver = await Receiver.start();
    try {
      receiver.always(answer(201, 'made'));
      expect(await postWebhook(agent, request(receiver.url), 200)).toMatchObject({
        succeeded: true,
        status: 201,
        body: 'made',
        errorKind: null,
        error: null,
      });
      // Past the first attempt's deadline, a second one on the kept connection is unaffected by it.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await postWebhook(agent, request(receiver.url), 200)).toMatchObject({ succeeded: true, status: 201 });
    } finally {
      await receiver.close();
    }
  });
});
