import nodemailer, { type Transporter, type TransportOptions } from 'nodemailer';
import type { MailTransport, OutboundEnvelope, SendOutcome } from '../domain/ports.ts';

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
}

const enhanced = (text: string | undefined) => /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(text ?? '')?.[1] ?? null;

/** 4xx, a refused or dropped connection, a timeout or a relay login failure are worth retrying. */
function refusal(code: number | undefined, text: string): SendOutcome {
  const temporary = code === undefined || code < 500;
  return {
    kind: temporary ? 'temporary' : 'rejected',
    smtpCode: code ?? null,
    enhancedStatus: enhanced(text),
    diagnostic: text,
  };
}

/**
 * Hands each message to an SMTP relay, one transaction per recipient (its own envelope sender),
 * asking for delivery status notifications (nodemailer sends NOTIFY/ENVID/RET only where the relay
 * offers DSN). Connections are pooled. Never throws: refusals are outcomes.
 */
export function createSmtpTransport(
  relayUrl: () => string,
  { name, timeoutMs }: { name: 'smtp' | 'local'; timeoutMs: number },
): MailTransport {
  let transport: Transporter | null = null;
  const get = () => {
    transport ??= nodemailer.createTransport({
      url: relayUrl(),
      pool: true,
      maxConnections: 10,
      maxMessages: 1000,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      // A relay on loopback (the service's own port) offers no certificate; elsewhere TLS is verified.
      ignoreTLS: name === 'local',
    } as TransportOptions);
    return transport;
  };
  return {
    name,
    async send(envelope: OutboundEnvelope, raw: Buffer): Promise<SendOutcome> {
      try {
        const info = await get().sendMail({
          envelope: { from: envelope.from, to: [envelope.to] },
          raw,
          dsn: { id: envelope.envelopeId, return: 'headers', notify: ['success', 'failure', 'delay'] },
        });
        const rejected = (info.rejectedErrors as SmtpError[] | undefined)?.[0];
        if (rejected || !info.accepted?.length) {
          return refusal(
            rejected?.responseCode,
            rejected?.response ?? rejected?.message ?? 'The relay refused the recipient.',
          );
        }
        const response = info.response ?? '250 OK';
        const queueId = /queued as\s+(\S+)/i.exec(response)?.[1] ?? null;
        return { kind: 'accepted', response, providerMessageId: queueId };
      } catch (error) {
        const err = error as SmtpError;
        if (err.code === 'EENVELOPE' && err.command === 'API') {
          return { kind: 'rejected', smtpCode: null, enhancedStatus: null, diagnostic: err.message };
        }
        if (err.code === 'EAUTH')
          return refusal(undefined, `The relay refused our login: ${err.response ?? err.message}`);
        return refusal(err.responseCode, err.response ?? `${err.code ?? 'error'}: ${err.message}`);
      }
    },
    async close() {
      transport?.close();
    },
  };
}
