import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Bounce (VERP) addresses, contract 5.2: `bounces+<recipient id>.<tag>@<BOUNCE_DOMAIN>`, where the
 * tag is a short HMAC of the recipient id, so a forged report cannot change a recipient's status.
 */
const TAG_LENGTH = 10;

function tag(secret: string, recipientId: string): string {
  return createHmac('sha256', secret).update(recipientId).digest('hex').slice(0, TAG_LENGTH);
}

export function bounceAddress(secret: string, recipientId: string, domain: string): string {
  return `bounces+${recipientId}.${tag(secret, recipientId)}@${domain}`;
}

/** The recipient id a bounce address stands for, or null when it is not one of ours or its tag is wrong. */
export function parseBounceAddress(secret: string, address: string, domain: string): string | null {
  const match = /^bounces\+(rcpt_[0-9a-z]{26})\.([0-9a-f]+)@(.+)$/.exec(address.trim().toLowerCase());
  if (!match || match[3] !== domain.toLowerCase()) return null;
  const expected = Buffer.from(tag(secret, match[1]));
  const given = Buffer.from(match[2]);
  return given.length === expected.length && timingSafeEqual(given, expected) ? match[1] : null;
}
