import type { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { rootCertificates } from 'node:tls';
import { Agent, request } from 'undici';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { applySesEvent, parseSesEvent } from '../domain/mail/ses-feedback.ts';
import type { DeliveryQueue } from '../domain/ports.ts';
import type { Logger } from '../logger.ts';
import {
  certificateCurrent,
  parseSnsEnvelope,
  readCertificate,
  type SnsEnvelope,
  signatureMatches,
} from './sns-signature.ts';

export const SNS_PATH = '/ses/sns';
/** SNS messages are at most 256 KiB. */
const MAX_BODY_BYTES = 256 * 1024;
const MAX_CERT_BYTES = 64 * 1024;
const FETCH_TIMEOUT_MS = 5000;
/** SNS signs with one certificate per region at a time; a few entries cover rotations. */
const MAX_CACHED_CERTIFICATES = 16;

export interface SesNotificationDeps {
  sns: Config['mail']['sns'];
  db: Database;
  queue: DeliveryQueue;
  logger: Logger;
}

/** An answer to SNS, with why (logged; the body says it too). */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * `POST /ses/sns`: Amazon SES notifications delivered by SNS (contract 5.2). Every message's
 * signature is checked with the certificate at its SigningCertURL, fetched only from where AWS
 * serves them (SNS_CERT_URL_PATTERN); only SNS_TOPIC_ARNS are accepted (unset: 404); subscriptions
 * are confirmed; notifications are applied and answered 200 only after commit, so that SNS retries
 * what failed (and a retry, with the same MessageId, changes nothing the second time).
 */
export function sesNotificationsHandler(deps: SesNotificationDeps) {
  const log = deps.logger.child({ component: 'ses-sns' });
  const fetcher = new SnsFetcher(deps.sns.caFile);
  const certificates = new Map<string, Promise<X509Certificate>>();

  function certificate(url: string): Promise<X509Certificate> {
    const cached = certificates.get(url);
    if (cached) return cached;
    const pending = fetcher.text(url, MAX_CERT_BYTES).then((pem) => {
      const parsed = readCertificate(pem);
      if (!parsed) throw new Refusal(403, 'The signing certificate is not a certificate.');
      return parsed;
    });
    if (certificates.size >= MAX_CACHED_CERTIFICATES) certificates.delete(certificates.keys().next().value as string);
    certificates.set(url, pending);
    // Only a certificate that was read is kept: a failed fetch is tried again next time.
    pending.catch(() => certificates.delete(url));
    return pending;
  }

  async function verify(envelope: SnsEnvelope) {
    if (!deps.sns.certUrlPattern.test(envelope.SigningCertURL)) {
      throw new Refusal(403, 'The signing certificate URL is not an Amazon SNS one.');
    }
    const cert = await certificate(envelope.SigningCertURL);
    if (!certificateCurrent(cert)) throw new Refusal(403, 'The signing certificate has expired or is not valid yet.');
    if (!signatureMatches(envelope, cert)) throw new Refusal(403, 'The signature does not match the message.');
  }

  /** The SubscribeURL must be https on the host that served the (pattern-checked) certificate. */
  function subscribeUrl(envelope: SnsEnvelope): string {
    try {
      const url = new URL(envelope.SubscribeURL ?? '');
      if (url.protocol === 'https:' && url.host === new URL(envelope.SigningCertURL).host) return url.href;
    } catch {}
    throw new Refusal(403, 'The SubscribeURL is not on the Amazon SNS host that signed the message.');
  }

  async function handle(req: IncomingMessage): Promise<[number, object]> {
    if (deps.sns.topicArns.length === 0) {
      return [404, { error: 'SES notifications are off: set SNS_TOPIC_ARNS to the topics SES publishes to.' }];
    }
    if (req.method !== 'POST') throw new Refusal(405, 'Use POST.');
    const envelope = parseSnsEnvelope(await readBody(req, MAX_BODY_BYTES));
    if (!envelope) throw new Refusal(400, 'The body is not an Amazon SNS message.');
    if (!deps.sns.topicArns.includes(envelope.TopicArn)) {
      throw new Refusal(403, 'The topic is not one of SNS_TOPIC_ARNS.');
    }
    await verify(envelope);
    const context = { topicArn: envelope.TopicArn, snsMessageId: envelope.MessageId };
    switch (envelope.Type) {
      case 'SubscriptionConfirmation': {
        await fetcher.text(subscribeUrl(envelope), MAX_BODY_BYTES);
        log.info(context, 'confirmed the SNS subscription');
        return [200, { status: 'subscribed' }];
      }
      case 'UnsubscribeConfirmation':
        log.info(context, 'the SNS subscription was removed');
        return [200, { status: 'ok' }];
      default: {
        const event = parseSesEvent(envelope.Message);
        if (!event) {
          log.info(context, 'ignored an SNS notification that is no SES event');
          return [200, { status: 'ignored' }];
        }
        try {
          const applied = await applySesEvent({ db: deps.db, queue: deps.queue }, envelope.MessageId, event);
          log.debug({ ...context, type: event.type, ...applied }, 'applied an SES notification');
          return [200, { status: 'ok', ...applied }];
        } catch (err) {
          log.error({ ...context, err }, 'could not store an SES notification; SNS will retry');
          return [500, { error: 'Could not store the notification; retry later.' }];
        }
      }
    }
  }

  return {
    /** Answers `/ses/sns`; false for other paths. */
    handle(req: IncomingMessage, res: ServerResponse): boolean {
      if (req.url?.split('?')[0] !== SNS_PATH) return false;
      handle(req)
        .catch((error: unknown): [number, object] => {
          if (error instanceof Refusal) {
            if (error.status === 403) log.warn({ reason: error.message }, 'refused an SNS message');
            return [error.status, { error: error.message }];
          }
          log.error({ err: error }, 'SNS message failed');
          return [500, { error: 'Internal error' }];
        })
        .then(([status, body]) => {
          // An unread body (413) must not be taken for the next request on this connection.
          if (!req.complete) res.setHeader('connection', 'close');
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        });
      return true;
    },
    close: () => fetcher.close(),
  };
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    return Promise.reject(new Refusal(413, `The body is larger than ${limit} bytes.`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.pause();
        reject(new Refusal(413, `The body is larger than ${limit} bytes.`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

/**
 * GETs from Amazon SNS (signing certificates, subscription confirmations) with a timeout, a size
 * limit and a status check. SNS_CA_FILE (tests only) adds a certificate authority to the usual ones.
 */
class SnsFetcher {
  private agent: Promise<Agent> | null = null;

  constructor(private readonly caFile?: string) {}

  private dispatcher(): Promise<Agent> {
    this.agent ??= (async () => {
      const extra = this.caFile ? await readFile(this.caFile, 'utf8') : null;
      return new Agent({
        headersTimeout: FETCH_TIMEOUT_MS,
        bodyTimeout: FETCH_TIMEOUT_MS,
        connect: { timeout: FETCH_TIMEOUT_MS, ...(extra ? { ca: [...rootCertificates, extra] } : {}) },
      });
    })();
    return this.agent;
  }

  async text(url: string, limit: number): Promise<string> {
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(url, {
        method: 'GET',
        dispatcher: await this.dispatcher(),
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
    } catch (error) {
      throw new Refusal(502, `Could not reach Amazon SNS at ${new URL(url).host}: ${(error as Error).message}`);
    }
    if (response.statusCode < 200 || response.statusCode >= 300) {
      await response.body.dump();
      throw new Refusal(502, `Amazon SNS answered ${response.statusCode} for ${new URL(url).pathname}.`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response.body) {
        size += chunk.length;
        if (size > limit) {
          response.body.destroy();
          throw new Refusal(502, `Amazon SNS sent more than ${limit} bytes.`);
        }
        chunks.push(chunk);
      }
    } catch (error) {
      if (error instanceof Refusal) throw error;
      throw new Refusal(502, `Could not read from Amazon SNS: ${(error as Error).message}`);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  async close() {
    const agent = await this.agent?.catch(() => null);
    await agent?.close();
  }
}
