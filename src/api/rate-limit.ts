import { GraphQLError } from 'graphql';
import pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';

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

/**
 * RATE_LIMIT_PER_MINUTE requests per API key, counted in PostgreSQL so that every API process
 * shares one count (rate-limiter-flexible: one atomic upsert per request, fixed one-minute windows).
 */
export function createApiRateLimiter(connection: pg.PoolConfig, perMinute: number): ApiRateLimiter {
  const pool = new pg.Pool({ ...connection, max: 4 });
  pool.on('error', () => undefined); // an idle client's error; the next query reports it
  const limiter = new RateLimiterPostgres({
    storeClient: pool,
    storeType: 'pool',
    tableName: 'rate_limits',
    tableCreated: true,
    keyPrefix: 'api',
    points: perMinute,
    duration: 60,
  });
  return {
    async consume(apiKeyId) {
      try {
        await limiter.consume(apiKeyId);
      } catch (result) {
        if (!(result instanceof RateLimiterRes)) throw result;
        const seconds = Math.max(1, Math.ceil(result.msBeforeNext / 1000));
        throw rateLimited(
          seconds,
          `This API key made more than ${perMinute} requests in a minute; try again in ${seconds} s.`,
        );
      }
    },
    close: () => pool.end(),
  };
}
