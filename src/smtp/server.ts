import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import { batched } from '../batched.ts';
import type { Config } from '../config.ts';
import {
  areInboxAddresses,
  type InboundDeps,
  isBounceAddress,
  type ReceivedMail,
  receiveMails,
  receiveReport,
} from '../domain/mail/inbound.ts';
import type { InboundMail } from '../domain/mail/messages.ts';
import type { Logger } from '../logger.ts';
import { rememberInboxes } from './known-inboxes.ts';
import { createMailParser, UnparsableMailError } from './parse-pool.ts';
import { parseReport } from './reports.ts';

export interface SmtpListener {
  port: number;
  stop(): Promise<void>;
}

/** Most mails stored in one transaction (sessions that end DATA while one is being stored). */
const STORE_BATCH = 50;
/** How long a batch of mails to store waits for more to share its transaction (see batched). */
const STORE_LINGER = { quietMs: 2, maxMs: 10 };

const LOOKUP_BATCH = 500;

/** How long RCPT trusts an address it found to be an inbox (see rememberInboxes). */
const KNOWN_INBOX_TTL_MS = 5000;
const KNOWN_INBOX_MAX = 10_000;

const smtpError = (responseCode: number, message: string) => Object.assign(new Error(message), { responseCode });

/**
 * Inbound SMTP (contract 5.1): routes by envelope recipient, refuses unknown addresses at RCPT
 * (550) and oversize mail (552), and answers 250 only once every recipient inbox's message and
 * event are committed (451 if storing failed, so the sender retries and nothing is half-stored).
 */
export async function startSmtpServer(
  config: Config['smtp'] & { hostname: string },
  deps: InboundDeps,
  logger: Logger,
): Promise<SmtpListener> {
  const tls = config.tls
    ? { key: await readFile(config.tls.keyFile), cert: await readFile(config.tls.certFile) }
    : undefined;
  const parser = createMailParser();
  // Sessions between MAIL FROM and handing their mail to `store`: the mails a batch can wait for.
  const inTransaction = new Set<string>();
  const store = batched(
    async (mails: ReceivedMail[]) => {
      const stored = await receiveMails(deps, mails);
      // One line per stored batch: a log write per message costs more than storing it.
      const messages = stored
        .flat()
        .map((m) => ({ organizationId: m.organizationId, inboxId: m.inboxId, messageId: m.id }));
      if (messages.length > 0) logger.info({ messages }, 'mail received');
      return stored;
    },
    { maxItems: STORE_BATCH, linger: { ...STORE_LINGER, coming: () => inTransaction.size } },
  );
  const isInbox = rememberInboxes(
    batched((addresses: string[]) => areInboxAddresses(deps.db, addresses), { maxItems: LOOKUP_BATCH }),
    { ttlMs: KNOWN_INBOX_TTL_MS, maxEntries: KNOWN_INBOX_MAX },
  );
  const classify = async (address: string): Promise<'inbox' | 'bounce' | 'unknown'> => {
    if (await isInbox(address)) return 'inbox';
    return (await isBounceAddress(deps, address)) ? 'bounce' : 'unknown';
  };
  // The bounce addresses among each transaction's recipients (keyed by its envelope, which
  // smtp-server replaces on every MAIL FROM): they take delivery reports, not inbox mail.
  const sessionBounces = new WeakMap<object, Set<string>>();
  const bounceRecipients = (session: object) => {
    const set = sessionBounces.get(session) ?? new Set<string>();
    sessionBounces.set(session, set);
    return set;
  };
  const handleReport = async (addresses: string[], raw: Buffer) => {
    const report = await parseReport(raw);
    if (!report) {
      logger.info({ addresses }, 'mail to a bounce address that is no delivery report; ignored');
      return;
    }
    const changed = await receiveReport(deps, addresses, report, raw);
    logger.info({ kind: report.kind, changed }, 'delivery report received');
  };
  const server = new SMTPServer({
    name: config.hostname,
    banner: 'Sendook inbound mail',
    logger: false,
    // An MX takes no AUTH; without a configured certificate STARTTLS is hidden (smtp-server would
    // otherwise offer its bundled self-signed one, which clients refuse).
    authOptional: true,
    disabledCommands: ['AUTH'],
    hideSTARTTLS: !tls,
    ...tls,
    size: config.maxMessageBytes,
    maxClients: config.maxClients,
    maxRecipients: config.maxRecipients,
    socketTimeout: config.idleTimeoutMs,
    closeTimeout: 3000,
    disableReverseLookup: true,
    onMailFrom(_address, session, callback) {
      inTransaction.add(session.id);
      callback();
    },
    onClose(session) {
      inTransaction.delete(session.id);
    },
    onRcptTo(address, session, callback) {
      classify(address.address).then(
        (kind) => {
          if (kind === 'unknown') return callback(smtpError(550, `5.1.1 <${address.address}>: no such inbox here`));
          if (kind === 'bounce') bounceRecipients(session.envelope).add(address.address);
          callback();
        },
        (err) => {
          logger.error({ err }, 'inbox lookup failed at RCPT');
          callback(smtpError(451, '4.3.0 Temporary failure looking up the recipient; try again later'));
        },
      );
    },
    onData(stream, session, callback) {
      readCapped(stream, config.maxMessageBytes)
        .then(async (raw) => {
          if (!raw) {
            return callback(
              smtpError(552, `5.3.4 Message too big: at most ${config.maxMessageBytes} bytes are accepted`),
            );
          }
          let mail: InboundMail;
          try {
            mail = await parser.parse(raw);
          } catch (err) {
            if (!(err instanceof UnparsableMailError)) throw err;
            logger.warn({ err }, 'inbound mail could not be parsed');
            return callback(smtpError(554, '5.6.0 The message could not be parsed as MIME'));
          }
          const bounces = bounceRecipients(session.envelope);
          const recipients = session.envelope.rcptTo.map((r) => r.address).filter((a) => !bounces.has(a));
          const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
          try {
            if (bounces.size > 0) await handleReport([...bounces], raw);
            if (recipients.length === 0) return callback(null, '2.0.0 Report received');
            inTransaction.delete(session.id);
            const stored = await store({ mailFrom, recipients, raw, mail });
            if (stored.length === 0) return callback(smtpError(554, '5.1.1 None of the recipients is an inbox here'));
            callback(null, `2.0.0 Stored as ${stored.map((m) => m.id).join(', ')}`);
          } catch (err) {
            logger.error({ err }, 'storing inbound mail failed; answered 451');
            callback(smtpError(451, '4.3.0 Temporary failure storing the message; try again later'));
          }
        })
        .finally(() => inTransaction.delete(session.id))
        .catch((err) => {
          logger.error({ err }, 'reading or parsing inbound mail failed');
          callback(smtpError(451, '4.3.0 Temporary failure; try again later'));
        });
    },
  });
  server.on('error', (err) => logger.warn({ err }, 'smtp connection error'));

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await parser.close();
    },
  };
}

/** The whole message, or null once it is over `maxBytes` (the rest is drained, not kept). */
function readCapped(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes && !stream.sizeExceeded) chunks.push(chunk);
    });
    stream.once('error', reject);
    stream.once('end', () => resolve(stream.sizeExceeded || size > maxBytes ? null : Buffer.concat(chunks)));
  });
}
