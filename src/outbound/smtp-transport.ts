import ipaddr from 'ipaddr.js';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import type { MailTransport, OutboundEnvelope, SendOutcome } from '../domain/ports.ts';
import { type SmtpError, SmtpPool } from './smtp-pool.ts';

const enhanced = (text: string | undefined) => /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(text ?? '')?.[1] ?? null;

/**
 * A relay on this machine: nobody can stand between the service and it, so its certificate is not
 * verified unless the URL asks (a local Postfix offers STARTTLS with its self-signed snakeoil one).
 */
export function onThisMachine(host: string | undefined): boolean {
  if (!host || host === 'localhost') return true;
  return ipaddr.isValid(host) && ipaddr.process(host).range() === 'loopback';
}

/** Node's codes for a certificate that failed verification (expired, self-signed, wrong name...). */
function certificateRefused(err: SmtpError & { originalCode?: string }): boolean {
  const code = err.originalCode ?? '';
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code);
}

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
  let pool: SmtpPool | null = null;
  const get = () => {
    if (pool) return pool;
    const { auth, tls, ...connection } = parseConnectionUrl(relayUrl());
    pool = new SmtpPool({
      connection: {
        ...connection,
        tls: { ...(onThisMachine(connection.host) ? { rejectUnauthorized: false } : {}), ...tls },
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs,
        // The service's own port offers STARTTLS only with SMTP_TLS_* set; mail to itself needs none.
        ignoreTLS: name === 'local',
      },
      auth: auth?.user ? { user: auth.user, pass: auth.pass ?? '' } : undefined,
      maxConnections: 10,
      maxMessages: 1000,
    });
    return pool;
  };
  return {
    name,
    async send(envelope: OutboundEnvelope, raw: Buffer): Promise<SendOutcome> {
      try {
        const info = await get().send(
          {
            from: envelope.from,
            to: [envelope.to],
            dsn: { envid: envelope.envelopeId, ret: 'HDRS', notify: ['SUCCESS', 'FAILURE', 'DELAY'] },
          },
          raw,
        );
        const rejected = info.rejectedErrors?.[0];
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
        if (certificateRefused(err)) {
          return refusal(
            undefined,
            `The relay's TLS certificate was not trusted (${err.message}): give the relay a certificate this machine trusts, or add ?tls.rejectUnauthorized=false to SMTP_RELAY_URL to accept it unverified.`,
          );
        }
        return refusal(err.responseCode, err.response ?? `${err.code ?? 'error'}: ${err.message}`);
      }
    },
    async close() {
      await pool?.close();
    },
  };
}
