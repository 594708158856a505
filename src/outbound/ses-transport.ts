import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { MailTransport, OutboundEnvelope, SendOutcome } from '../domain/ports.ts';

export interface SesOptions {
  region: string;
  configurationSet?: string;
  /** Another SES v2 endpoint (tests, LocalStack); unset: the region's. */
  endpoint?: string;
  timeoutMs: number;
}

/** Names SES (and the SDK) give failures that may pass: throttling, paused sending, quotas. */
const TEMPORARY = new Set([
  'TooManyRequestsException',
  'SendingPausedException',
  'LimitExceededException',
  'ThrottlingException',
  'TimeoutError',
]);

interface SdkError extends Error {
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
  code?: string;
}

/**
 * What SES said, as an outcome: its refusals of the message (MessageRejected,
 * MailFromDomainNotVerifiedException, AccountSuspendedException, other 4xx) reject the recipient;
 * throttling, paused sending, 5xx and network errors are retried. A refusal of our credentials
 * (401, 403) is retried too, like a relay login failure: it is the service's fault, not the mail's.
 */
export function sesOutcome(error: unknown): SendOutcome {
  const err = error as SdkError;
  const status = err.$metadata?.httpStatusCode;
  const name = err.name && err.name !== 'Error' ? err.name : (err.code ?? 'Error');
  const diagnostic = `Amazon SES: ${name}${status ? ` (HTTP ${status})` : ''}: ${err.message}`;
  const temporary =
    TEMPORARY.has(name) || status === undefined || status === 401 || status === 403 || status === 429 || status >= 500;
  return { kind: temporary ? 'temporary' : 'rejected', smtpCode: null, enhancedStatus: null, diagnostic };
}

/** The Message-ID SES gives the mail in place of ours (mail.md G7): us-east-1 is spelled `email`. */
export function sesRfcMessageId(sesMessageId: string, region: string): string {
  return `<${sesMessageId}@${region === 'us-east-1' ? 'email' : region}.amazonses.com>`;
}

/** Reads the From address and Message-ID from a composed message's header block. */
export function mailHeaders(raw: Buffer): { from: string | null; messageId: string | null } {
  const text = raw.subarray(0, Math.min(raw.length, 64 * 1024)).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const unfolded = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(unfolded)?.[1].trim() ?? null;
  const from = header('from');
  const address = from ? (/<([^<>\s]+@[^<>\s]+)>/.exec(from)?.[1] ?? /[^\s<>"]+@[^\s<>"]+/.exec(from)?.[0]) : null;
  return { from: address ?? null, messageId: header('message-id') };
}

/** Message tag values may hold only letters, digits, `_` and `-`, which Sendook ids do. */
const tagValue = (value: string | null | undefined) => (value && /^[\w-]{1,256}$/.test(value) ? value : null);

/**
 * Hands each message to Amazon SES v2 (SendEmail with the raw MIME), one call per recipient like
 * the SMTP transport. Credentials come from the SDK's default chain (environment, shared files,
 * instance or container roles). The SDK makes one attempt: retries follow SEND_RETRY_SCHEDULE.
 * Each call is tagged with the message and recipient ids, which SES event publishing hands back in
 * `mail.tags`. Never throws: refusals are outcomes.
 */
export function createSesTransport(options: SesOptions): MailTransport {
  const client = new SESv2Client({
    region: options.region,
    endpoint: options.endpoint,
    maxAttempts: 1,
    requestHandler: { connectionTimeout: options.timeoutMs, requestTimeout: options.timeoutMs },
  });
  return {
    name: 'ses',
    async send(envelope: OutboundEnvelope, raw: Buffer): Promise<SendOutcome> {
      const headers = mailHeaders(raw);
      const messageTag = tagValue(/^<(msg_[0-9a-z]{26})@/.exec(headers.messageId ?? '')?.[1]);
      const recipientTag = tagValue(envelope.envelopeId);
      const tags = [
        ...(messageTag ? [{ Name: 'sendook-message', Value: messageTag }] : []),
        ...(recipientTag ? [{ Name: 'sendook-recipient', Value: recipientTag }] : []),
      ];
      try {
        const result = await client.send(
          new SendEmailCommand({
            FromEmailAddress: headers.from ?? envelope.from,
            Destination: { ToAddresses: [envelope.to] },
            Content: { Raw: { Data: raw } },
            ConfigurationSetName: options.configurationSet,
            EmailTags: tags.length > 0 ? tags : undefined,
          }),
        );
        const id = result.MessageId ?? null;
        return {
          kind: 'accepted',
          response: id ? `Accepted by Amazon SES as ${id}` : 'Accepted by Amazon SES',
          providerMessageId: id,
          rfcMessageId: id ? sesRfcMessageId(id, options.region) : null,
        };
      } catch (error) {
        return sesOutcome(error);
      }
    },
    async close() {
      client.destroy();
    },
  };
}
