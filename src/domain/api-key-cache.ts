import type { ApiKeyPrincipal } from './api-keys.ts';

/** Longest a verified key is trusted without reading it again. */
export const API_KEY_CACHE_TTL_MS = 5000;
const MAX_ENTRIES = 10_000;

/**
 * Verified API keys (by hash), kept briefly so that each request does not read its key again.
 * Revoking a key drops it here at once (forget, in the revoking process; the `apiKeyRevoked`
 * notice, in every other). Entries are trusted only while that notice can arrive (the LISTEN
 * connection is up, and everything is dropped when it comes back), and never longer than the TTL.
 */
export class ApiKeyCache {
  private readonly entries = new Map<string, { principal: ApiKeyPrincipal; until: number }>();
  private generation = 0;

  constructor(
    private readonly listening: () => boolean,
    private readonly ttlMs = API_KEY_CACHE_TTL_MS,
  ) {}

  get(hash: string): ApiKeyPrincipal | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.until > Date.now() && this.listening()) return entry.principal;
    this.entries.delete(hash);
    return undefined;
  }

  /** Taken before a key is read: `set` keeps what was read only if no key was revoked meanwhile. */
  snapshot(): number {
    return this.generation;
  }

  set(hash: string, principal: ApiKeyPrincipal, snapshot: number): void {
    if (snapshot !== this.generation || !this.listening()) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(hash, { principal, until: Date.now() + this.ttlMs });
  }

  forget(apiKeyId: string): void {
    this.generation++;
    for (const [hash, entry] of this.entries) if (entry.principal.apiKeyId === apiKeyId) this.entries.delete(hash);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
