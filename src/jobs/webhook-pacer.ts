import type pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { createPool } from '../db/client.ts';

/**
 * A webhook's rateLimitPerSecond, counted in PostgreSQL so that every worker shares it: how long
 * an attempt must wait (0: it may go now). One limiter per distinct rate.
 */
export function createWebhookPacer(connection: pg.PoolConfig) {
  let pool: pg.Pool | null = null;
  const limiters = new Map<number, RateLimiterPostgres>();
  const limiter = (perSecond: number) => {
    // An idle client's error (the server went away); the next query reports it.
    pool ??= createPool(connection, 2);
    let found = limiters.get(perSecond);
    if (!found) {
      found = new RateLimiterPostgres({
        storeClient: pool,
        storeType: 'pool',
        tableName: 'rate_limits',
        tableCreated: true,
        keyPrefix: `webhook${perSecond}`,
        points: perSecond,
        duration: 1,
      });
      limiters.set(perSecond, found);
    }
    return found;
  };
  return {
    async pace(webhookId: string, perSecond: number): Promise<number> {
      try {
        await limiter(perSecond).consume(webhookId);
        return 0;
      } catch (result) {
        if (result instanceof RateLimiterRes) return Math.max(1, result.msBeforeNext);
        throw result;
      }
    },
    close: async () => {
      await pool?.end();
    },
  };
}
