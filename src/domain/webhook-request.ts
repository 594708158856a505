import type { Event, Webhook } from '../generated/prisma/client.ts';
import { signWebhook } from './signature.ts';
import { customHeaders } from './webhook-headers.ts';
import { signingSecrets } from './webhook-secrets.ts';

export const USER_AGENT = 'Sendook-Webhooks/0.1.0 (+https://sendook.com)';

/** An event as a webhook body needs it: its payload parsed, or as the JSON text it is stored as. */
export type BodyEvent = Pick<Event, 'id' | 'type' | 'messageId' | 'inboxId'> &
  ({ payload: Event['payload'] } | { payloadText: string });

/** The exact body of contract 3.2: keys in order, messageId and inboxId only where they apply. */
export function webhookBody(event: BodyEvent): string {
  // Stored JSON text is spliced in as is (it was written by JSON.stringify): parsing it only to
  // serialise it again cost the worker about 4 % of its CPU.
  const payload = 'payloadText' in event ? event.payloadText : JSON.stringify(event.payload);
  const head = JSON.stringify({
    event: event.type,
    ...(event.messageId ? { messageId: event.messageId } : {}),
    ...(event.inboxId ? { inboxId: event.inboxId } : {}),
  });
  return `${head.slice(0, -1)},"payload":${payload}}`;
}

/** The signed POST of contract 3.2 and 3.3, with the webhook's own headers (which cannot override ours). */
export function buildWebhookRequest(
  webhook: Pick<Webhook, 'url' | 'secret' | 'previousSecret' | 'previousSecretExpiresAt' | 'headers'>,
  event: BodyEvent,
  now = new Date(),
) {
  const body = webhookBody(event);
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    url: webhook.url,
    body,
    headers: {
      ...customHeaders(webhook.headers),
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'webhook-id': event.id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook(signingSecrets(webhook, now), event.id, timestamp, body),
    },
  };
}
