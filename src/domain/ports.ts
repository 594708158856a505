import type { SqlExecutor } from '../db/executor.ts';

/** One automatic delivery attempt to make; `attempt` is its 1-based place in the retry schedule. */
export interface DeliveryJob {
  deliveryId: string;
  /** Jobs of one webhook are a group: at most WEBHOOK_MAX_IN_FLIGHT of them run at a time. */
  webhookId: string;
  attempt: number;
  /** AUTOMATIC, or RECOVERY for a recoverWebhook re-send (same schedule). */
  trigger?: 'AUTOMATIC' | 'RECOVERY';
  /** For RECOVERY jobs: the recovery they belong to. */
  recoveryId?: string;
  startAfter?: Date;
}

/** A claimed job, as the queue identifies one claim of it (its id and retry count). */
export interface ClaimedJob {
  id: string;
  retryCount: number;
}

/** Where domain code puts delivery work, inside the caller's transaction (implemented in jobs/). */
export interface DeliveryQueue {
  enqueue(tx: SqlExecutor, jobs: DeliveryJob[]): Promise<void>;
  /** Settles claimed jobs with the attempts they made, in the same transaction; a lapsed claim is left alone. */
  complete?(tx: SqlExecutor, jobs: ClaimedJob[]): Promise<void>;
  /**
   * Told of the events written with their deliveries' jobs (metrics). Called inside the caller's
   * transaction, whose commit the domain cannot see: a rare rollback afterwards still counts them.
   */
  eventsRecorded?(types: readonly string[]): void;
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

/** One send attempt of an outbound message's queued recipients (implemented in jobs/). */
export interface MailJob {
  messageId: string;
  /** 1-based: which pass over the message's queued recipients this is. */
  round: number;
  startAfter?: Date;
}

export interface MailQueue {
  enqueue(tx: SqlExecutor, jobs: MailJob[]): Promise<void>;
}

/** One SMTP transaction (or SES call) for one recipient. */
export interface OutboundEnvelope {
  /** The recipient's bounce address (VERP), the envelope sender. */
  from: string;
  to: string;
  /** ENVID: comes back in delivery status notifications. */
  envelopeId: string;
}

export type SendOutcome =
  | {
      kind: 'accepted';
      response: string;
      providerMessageId: string | null;
      /** SES replaces the Message-ID header with its own (mail.md G7): replies will reference this one. */
      rfcMessageId?: string | null;
    }
  | { kind: 'rejected' | 'temporary'; smtpCode: number | null; enhancedStatus: string | null; diagnostic: string };

/** Hands composed mail to a relay or SES; never throws, failures are outcomes (outbound/). */
export interface MailTransport {
  readonly name: 'smtp' | 'ses' | 'local';
  send(envelope: OutboundEnvelope, raw: Buffer): Promise<SendOutcome>;
  close(): Promise<void>;
}

export interface ComposeInput {
  messageId: string;
  from: { address: string; name: string | null };
  to: string[];
  cc: string[];
  subject: string | null;
  text: string | null;
  html: string | null;
  inReplyTo: string | null;
  references: string[];
  attachments: Array<{ filename: string; contentType: string; content: Buffer }>;
}

/** Builds the MIME source of an outbound message (Bcc never appears in it). */
export type ComposeMail = (input: ComposeInput) => Promise<Buffer>;
