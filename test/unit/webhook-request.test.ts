import { Webhook as StandardWebhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { buildWebhookRequest, USER_AGENT, webhookBody } from '../../src/domain/webhook-request.ts';

const event = { id: 'evt_1', type: 'inbox.created', messageId: null, inboxId: 'inbox_1', payload: { id: 'inbox_1' } };
const webhook = {
  url: 'https://example.com/hook',
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  previousSecret: null,
  previousSecretExpiresAt: null,
};

describe('buildWebhookRequest with custom headers', () => {
  it("adds the webhook's headers beside the signed ones", () => {
    const request = buildWebhookRequest(
      { ...webhook, headers: { Authorization: 'Bearer x', 'X-Tenant': 'acme' } },
      event,
    );
    expect(request.headers).toMatchObject({ Authorization: 'Bearer x', 'X-Tenant': 'acme' });
    expect(new StandardWebhook(webhook.secret).verify(request.body, request.headers)).toEqual(JSON.parse(request.body));
  });

  it('never lets a stored header that escaped validation override or break the request', () => {
    // A row written by hand or under older rules: create and update would refuse all but X-Ok.
    const stored = {
      'webhook-signature': 'v1,forged',
      'Webhook-Id': 'evt_forged',
      'Content-Type': 'text/plain',
      'user-agent': 'spoof',
      Host: 'evil.example',
      'Transfer-Encoding': 'chunked',
      'X-Injected': 'a\r\nX-Evil: 1',
      'X-Number': 1,
      'Bad Name': 'x',
      'X-Ok': 'yes',
    };
    const request = buildWebhookRequest({ ...webhook, headers: stored }, event);
    expect(Object.keys(request.headers).sort()).toEqual(
      ['X-Ok', 'content-type', 'user-agent', 'webhook-id', 'webhook-signature', 'webhook-timestamp'].sort(),
    );
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['user-agent']).toBe(USER_AGENT);
    expect(request.headers['webhook-id']).toBe('evt_1');
    expect(new StandardWebhook(webhook.secret).verify(request.body, request.headers)).toEqual(JSON.parse(request.body));
  });

  it('ignores headers that are not an object', () => {
    for (const headers of [null, ['X-Foo', 'a'], 'X-Foo: a', 42]) {
      expect(Object.keys(buildWebhookRequest({ ...webhook, headers }, event).headers)).toHaveLength(5);
    }
  });
});

describe('webhookBody', () => {
  const payloads = [
    { id: 'inbox_1' },
    { text: 'quote " and \\ and \u2028 and 😀', n: [1, 2.5, -0, 1e21], nested: { a: null } },
    [],
  ];
  it('is the same whether the payload is parsed or the JSON text it is stored as', () => {
    for (const payload of payloads) {
      for (const ids of [
        {},
        { messageId: 'msg_1' },
        { inboxId: 'inbox_1' },
        { messageId: 'msg_1', inboxId: 'inbox_1' },
      ]) {
        const base = { id: 'evt_1', type: 'message.received', messageId: null, inboxId: null, ...ids };
        const parsed = webhookBody({ ...base, payload });
        expect(webhookBody({ ...base, payloadText: JSON.stringify(payload) })).toBe(parsed);
        expect(Object.keys(JSON.parse(parsed))).toEqual(['event', ...Object.keys(ids), 'payload']);
        expect(JSON.parse(parsed).payload).toEqual(JSON.parse(JSON.stringify(payload)));
      }
    }
  });
});
