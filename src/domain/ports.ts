import type { Transaction } from '../db/client.ts';

/** One automatic delivery attempt to make; `attempt` is its 1-based place in the retry schedule. */
export interface DeliveryJob {
  deliveryId: string;
  attempt: number;
  startAfter?: Date;
}

/** Where domain code puts delivery work, inside the caller's transaction (implemented in jobs/). */
export interface DeliveryQueue {
  enqueue(tx: Transaction, jobs: DeliveryJob[]): Promise<void>;
}

/** One signed webhook POST, as built by webhook-request.ts. */
export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export type AttemptErrorKind =
  | 'status'
  | 'timeout'
  | 'connection'
  | 'dns'
  | 'blocked'
  | 'tls'
  | 'invalid_url'
  | 'other';

/** What one attempt came to; a failure is an outcome, not an exception. */
export interface WebhookOutcome {
  succeeded: boolean;
  status: number | null;
  headers: Record<string, string | string[]> | null;
  body: string | null;
  errorKind: AttemptErrorKind | null;
  error: string | null;
  durationMs: number;
  startedAt: Date;
}

/** Makes one HTTP attempt and never throws (implemented in outbound/webhook-client.ts). */
export type WebhookSender = (request: WebhookRequest) => Promise<WebhookOutcome>;
