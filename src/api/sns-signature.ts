import { createVerify, X509Certificate } from 'node:crypto';

/** An SNS HTTP(S) delivery: the JSON body SNS posts (mail.md 4(e)). */
export interface SnsEnvelope {
  Type: 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation';
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  Subject?: string;
  SubscribeURL?: string;
  Token?: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
}

const TYPES = new Set(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']);

/** The envelope, if the body is one; null when a field SNS always sends is missing. */
export function parseSnsEnvelope(body: string): SnsEnvelope | null {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const required = [
    'Type',
    'MessageId',
    'TopicArn',
    'Message',
    'Timestamp',
    'SignatureVersion',
    'Signature',
    'SigningCertURL',
  ];
  if (!required.every((key) => typeof parsed[key] === 'string')) return null;
  if (!TYPES.has(parsed.Type as string)) return null;
  if (parsed.Type !== 'Notification' && (typeof parsed.SubscribeURL !== 'string' || typeof parsed.Token !== 'string')) {
    return null;
  }
  for (const optional of ['Subject', 'SubscribeURL', 'Token']) {
    if (parsed[optional] !== undefined && parsed[optional] !== null && typeof parsed[optional] !== 'string')
      return null;
  }
  return parsed as unknown as SnsEnvelope;
}

/**
 * The string SNS signs: `Key\nvalue\n` for each key, in this order, Subject only when present.
 * Notification: Message, MessageId, Subject, Timestamp, TopicArn, Type; (Un)SubscriptionConfirmation:
 * Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type.
 */
export function canonicalString(envelope: SnsEnvelope): string {
  const keys: Array<keyof SnsEnvelope> =
    envelope.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  return keys
    .filter((key) => typeof envelope[key] === 'string')
    .map((key) => `${key}\n${envelope[key]}\n`)
    .join('');
}

const ALGORITHMS: Record<string, string> = { '1': 'RSA-SHA1', '2': 'RSA-SHA256' };

/** Whether the envelope's signature verifies with the certificate (SignatureVersion 1 or 2). */
export function signatureMatches(envelope: SnsEnvelope, certificate: X509Certificate): boolean {
  const algorithm = ALGORITHMS[envelope.SignatureVersion];
  if (!algorithm) return false;
  try {
    return createVerify(algorithm)
      .update(canonicalString(envelope), 'utf8')
      .verify(certificate.publicKey, envelope.Signature, 'base64');
  } catch {
    return false;
  }
}

/** Whether a certificate is within its validity dates now. */
export function certificateCurrent(certificate: X509Certificate, now = new Date()): boolean {
  return new Date(certificate.validFrom) <= now && now <= new Date(certificate.validTo);
}

/** Reads a PEM certificate; null for anything else (an error page, garbage). */
export function readCertificate(pem: string): X509Certificate | null {
  try {
    return new X509Certificate(pem);
  } catch {
    return null;
  }
}
