import { randomBytes } from 'node:crypto';

export const SECRET_OVERLAP_MS = 24 * 60 * 60 * 1000;

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

interface SecretHolder {
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: Date | null;
}

/** Every secret that signs right now: the current one, plus the previous one during a rotation's overlap. */
export function signingSecrets(webhook: SecretHolder, now = new Date()): string[] {
  const secrets = [webhook.secret];
  if (webhook.previousSecret && webhook.previousSecretExpiresAt && webhook.previousSecretExpiresAt > now) {
    secrets.push(webhook.previousSecret);
  }
  return secrets;
}
