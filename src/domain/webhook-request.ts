import type { Event, Webhook } from '../generated/prisma/client.ts';
import { signWebhook } from './signature.ts';
import { customHeaders } from './webhook-headers.ts';
import { signingSecrets } from './webhook-secrets.ts';

export const USER_AGENT = 'Sendook-Webhooks/0.1.0 (+https://sendook.com)';

/** The exact body of contract 3.2: keys in order, messageId and inboxId only where they apply. */
export function webhookBody(event: Pick<Event, 'type' | 'messageId' | 'inboxId' | 'payload'>): string {
  return JSON.stringify({
    event: event.type,
    ...(event.messageId ? { messageId: event.messageId } : {}),
    ...(event.inboxId ? { inboxId: event.inboxId } : {}),
    payload: event.payload,
  });
}

/** The signed POST of contract 3.2 and 3.3, with the webhook's own headers (which cannot override ours). */
export function buildWebhookRequest(
  webhook: Pick<Webhook, 'url' | 'secret' | 'previousSecret' | 'previousSecretExpiresAt' | 'headers'>,
  event: Pick<Event, 'id' | 'type' | 'messageId' | 'inboxId' | 'payload'>,
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
