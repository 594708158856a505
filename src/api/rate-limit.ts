import { GraphQLError } from 'graphql';
import type pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { batched } from '../batched.ts';
import { createPool } from '../db/client.ts';

export interface ApiRateLimiter {
  /** Counts one request for the key; throws RATE_LIMITED (HTTP 429 with Retry-After) beyond the limit. */
  consume(apiKeyId: string): Promise<void>;
  close(): Promise<void>;
}

export function rateLimited(retryAfterSeconds: number, message: string) {
  return new GraphQLError(message, {
    extensions: {
      code: 'RATE_LIMITED',
      retryAfterSeconds,
      http: { status: 429, headers: { 'retry-after': String(retryAfterSeconds) } },
    },
  });
}

/** Requests counted together: the keys of a batch are counted in parallel, one upsert each. */
const COUNT_BATCH = 200;

/**
 * RATE_LIMIT_PER_MINUTE requests per API key, counted in PostgreSQL so that every API process
 * shares one count (rate-limiter-flexible: one atomic upsert per count, fixed one-minute windows).
 * Requests of one key arriving while earlier ones are being counted are counted together, as one
 * upsert of that many points; each is then allowed or refused by its place in the count.
 */
export function createApiRateLimiter(connection: pg.PoolConfig, perMinute: number): ApiRateLimiter {
  const pool = createPool(connection, 4);
  const limiter = new RateLimiterPostgres({
    storeClient: pool,
    storeType: 'pool',
    tableName: 'rate_limits',
    tableCreated: true,
    keyPrefix: 'api',
    points: perMinute,
    duration: 60,
  });
  /** Per request: null when allowed, else the seconds until the window ends. */
  const count = batched(
    async (apiKeyIds: string[]): Promise<Array<number | null>> => {
      const places = new Map<string, number[]>();
      for (const [i, id] of apiKeyIds.entries()) places.set(id, [...(places.get(id) ?? []), i]);
      const verdicts: Array<number | null> = apiKeyIds.map(() => null);
      await Promise.all(
        [...places].map(async ([apiKeyId, indexes]) => {
          let result: RateLimiterRes;
          try {
            result = await limiter.consume(apiKeyId, indexes.length);
          } catch (refused) {
            if (!(refused instanceof RateLimiterRes)) throw refused;
            result = refused;
          }
          const first = result.consumedPoints - indexes.length;
          for (const [n, index] of indexes.entries()) {
            if (first + n + 1 > perMinute) verdicts[index] = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
          }
        }),
      );
      return verdicts;
    },
    { maxItems: COUNT_BATCH },
  );
  return {
    async consume(apiKeyId) {
      const seconds = await count(apiKeyId);
      if (seconds === null) return;
      throw rateLimited(
        seconds,
        `This API key made more than ${perMinute} requests in a minute; try again in ${seconds} s.`,
      );
    },
    close: () => pool.end(),
  };
}
