import { afterEach, describe, expect, it, vi } from 'vitest';
import { rememberInboxes } from '../../src/smtp/known-inboxes.ts';

describe('RCPT inbox look-ups', () => {
  afterEach(() => vi.useRealTimers());

  it('asks again only once a found inbox is older than the TTL, and never remembers a miss', async () => {
    vi.useFakeTimers();
    const inboxes = new Set(['a@x.test']);
    const lookup = vi.fn(async (address: string) => inboxes.has(address.toLowerCase()));
    const isInbox = rememberInboxes(lookup, { ttlMs: 1000, maxEntries: 10 });

    expect(await isInbox('a@x.test')).toBe(true);
    expect(await isInbox(' A@X.test')).toBe(true);
    expect(lookup).toHaveBeenCalledTimes(1);

    expect(await isInbox('b@x.test')).toBe(false);
    inboxes.add('b@x.test');
    expect(await isInbox('b@x.test')).toBe(true);

    inboxes.delete('a@x.test');
    vi.advanceTimersByTime(1001);
    expect(await isInbox('a@x.test')).toBe(false);
    expect(lookup).toHaveBeenCalledTimes(4);
  });

  it('stays bounded', async () => {
    const lookup = vi.fn(async () => true);
    const isInbox = rememberInboxes(lookup, { ttlMs: 60_000, maxEntries: 2 });
    for (const address of ['a@x', 'b@x', 'c@x', 'a@x']) await isInbox(address);
    expect(lookup).toHaveBeenCalledTimes(4);
  });
});
