import Sendook, { SendookError } from '@sendook/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestService, type TestService } from './helpers/service.ts';
import { sendMail } from './helpers/smtp.ts';

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(() => service?.stop());

async function client() {
  const { key } = await service.newOrganization();
  return new Sendook(key, { baseUrl: service.baseUrl, webSocketImpl: WebSocket });
}

describe('@sendook/node', () => {
  it('throws one error class with the status, the code and the field at fault', async () => {
    const sendook = await client();
    const bad = await sendook.webhook.create({ url: 'ftp://example.com', events: ['*'] }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(SendookError);
    expect(bad).toMatchObject({ code: 'BAD_USER_INPUT', status: 400, field: 'url' });
    const anonymous = new Sendook('sk_not_a_real_key_0000000000', { baseUrl: service.baseUrl });
    await expect(anonymous.inbox.list()).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  });

  it('covers inboxes, messages and deliveries, and pages through lists', async () => {
    const sendook = await client();
    const a = await sendook.inbox.create({ name: 'Alpha' });
    const b = await sendook.inbox.create({ name: 'Beta' });
    expect((await sendook.inbox.list()).map((i) => i.id).sort()).toEqual([a.id, b.id].sort());
    expect(await sendook.inbox.list({ limit: 1 })).toHaveLength(1);
    const sent = await sendook.message.send({ inboxId: a.id, to: [b.email], subject: 'Hi', text: 'hello' });
    expect(sent.status).toBe('QUEUED');
    const received = await (async () => {
      for (let i = 0; i < 200; i++) {
        const [message] = await sendook.message.list({ inboxId: b.id });
        if (message) return message;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('no message arrived');
    })();
    expect(received).toMatchObject({ direction: 'INBOUND', subject: 'Hi', from: a.email });
    const reply = await sendook.message.reply(received.id, { text: 'thanks' });
    expect(reply).toMatchObject({ subject: 'Re: Hi', to: [a.email] });
    expect((await sendook.message.get(reply.id)).thread.id).toBe(received.thread.id);
    expect(await sendook.delivery.list()).toEqual([]);
  });

  it('streams live events as an async iterator, resuming after an event', async () => {
    const sendook = await client();
    await sendook.inbox.create({ name: 'Before' });
    const latest = await sendook.request<{ events: { edges: Array<{ node: { id: string } }> } }, Record<string, never>>(
      '{ events(first: 1) { edges { node { id } } } }',
    );
    // Resuming after the last event seen: whatever is recorded from then on comes, with no gap.
    const stream = sendook.events.stream({
      types: ['inbox.created', 'message.received'],
      after: latest.events.edges[0].node.id,
    });
    const inbox = await sendook.inbox.create({ name: 'Live' });
    const first = await stream.next();
    expect(first.value).toMatchObject({ type: 'inbox.created', inboxId: inbox.id });
    await sendMail(service.smtpPort as number, { to: inbox.email, subject: 'live', text: 'x' });
    const second = await stream.next();
    expect(second.value).toMatchObject({ type: 'message.received', inboxId: inbox.id });
    await stream.return?.();
    await sendook.close();
  });
});
