import type { Database } from '../db/client.ts';
import type { ApiKeyCache } from '../domain/api-key-cache.ts';
import type { DeliveryDeps } from '../domain/deliveries.ts';
import type { InboxDeps } from '../domain/inboxes.ts';
import type { OutboundDeps } from '../domain/mail/outbound.ts';
import type { WebhookRules } from '../domain/webhooks.ts';
import type { LiveFeed } from '../live/feed.ts';
import type { Logger } from '../logger.ts';

export type Auth =
  | { kind: 'apiKey'; organizationId: string; apiKeyId: string }
  | { kind: 'admin' }
  | { kind: 'anonymous' }
  | { kind: 'invalid'; reason: string };

/** What resolvers need; built once per app (services) and per request (auth). */
export interface Services {
  db: Database;
  deliveries: DeliveryDeps;
  inboxes: InboxDeps;
  outbound: OutboundDeps;
  webhookRules: WebhookRules;
  /** Subscriptions' source; present on processes that serve the API. */
  live?: LiveFeed;
  /** Keys verified moments ago; present on processes that serve the API. */
  apiKeys?: ApiKeyCache;
}

export interface Context {
  db: Database;
  auth: Auth;
  services: Services;
  /** The HTTP request's, or the WebSocket connection's, `x-request-id`. */
  requestId: string;
  /** Carries the requestId. */
  logger: Logger;
}
