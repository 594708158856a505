import { describe, expect, it } from 'vitest';
import { ApiKeyCache } from '../../src/domain/api-key-cache.ts';

const principal = { organizationId: 'org_a', apiKeyId: 'key_a' };

describe('verified API keys kept briefly', () => {
  it('answers from memory until the TTL, and forgets a revoked key at once', () => {
    const cache = new ApiKeyCache(() => true, 50);
    cache.set('hash', principal, cache.snapshot());
    expect(cache.get('hash')).toEqual(principal);
    cache.forget('key_a');
    expect(cache.get('hash')).toBeUndefined();
  });

  it('keeps nothing read before a revocation it did not see the end of', () => {
    const cache = new ApiKeyCache(() => true);
    const before = cache.snapshot();
    cache.forget('key_other');
    cache.set('hash', principal, before);
    expect(cache.get('hash')).toBeUndefined();
  });

  it('trusts nothing while revocation notices cannot arrive', () => {
    let listening = true;
    const cache = new ApiKeyCache(() => listening);
    cache.set('hash', principal, cache.snapshot());
    listening = false;
    expect(cache.get('hash')).toBeUndefined();
    cache.set('hash', principal, cache.snapshot());
    listening = true;
    expect(cache.get('hash')).toBeUndefined();
  });

  it('expires entries after the TTL', async () => {
    const cache = new ApiKeyCache(() => true, 10);
    cache.set('hash', principal, cache.snapshot());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(cache.get('hash')).toBeUndefined();
  });
});
