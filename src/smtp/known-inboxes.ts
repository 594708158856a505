import { normalizeAddress } from '../domain/mail/inbound.ts';

/**
 * Remembers, for `ttlMs`, the addresses found to be inboxes, so that RCPT to a busy inbox costs no
 * query. Only "yes" is remembered: an inbox just created is accepted at once. One deleted or renamed
 * less than `ttlMs` ago may still be accepted at RCPT; storing routes again inside its transaction,
 * finds no inbox for it and answers 554, as for an inbox deleted between RCPT and the end of DATA.
 */
export function rememberInboxes(
  isInbox: (address: string) => Promise<boolean>,
  { ttlMs, maxEntries }: { ttlMs: number; maxEntries: number },
): (address: string) => Promise<boolean> {
  const until = new Map<string, number>();
  return async (address) => {
    const key = normalizeAddress(address);
    const expiry = until.get(key);
    if (expiry !== undefined && expiry > Date.now()) return true;
    const found = await isInbox(address);
    if (found) {
      // Dropping everything is enough to bound it: busy addresses are looked up again once.
      if (until.size >= maxEntries) until.clear();
      until.set(key, Date.now() + ttlMs);
    } else {
      until.delete(key);
    }
    return found;
  };
}
