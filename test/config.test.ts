import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  it('has the contract defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 4000,
      role: 'all',
      production: false,
      logLevel: 'info',
      database: { url: undefined, dataDir: './.data' },
      webhooks: { timeoutMs: 5000, retryScheduleSeconds: [5, 25, 125], allowedCidrs: [], strictUrlPolicy: false },
      mailDomain: 'sendook.localhost',
    });
  });

  it('parses decimals in the retry schedule and CIDR lists', () => {
    const config = loadConfig({
      WEBHOOK_RETRY_SCHEDULE: '0.2, 0.4,0.8',
      WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8, ::1/128',
    });
    expect(config.webhooks.retryScheduleSeconds).toEqual([0.2, 0.4, 0.8]);
    expect(config.webhooks.allowedCidrs).toEqual(['127.0.0.0/8', '::1/128']);
  });

  it('names every bad variable at once, with what it expects', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'abc', ROLE: 'boss', WEBHOOK_RETRY_SCHEDULE: '5,,x', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'ROLE', 'WEBHOOK_RETRY_SCHEDULE', 'DATABASE_URL']) expect(message).toContain(name);
    expect(message).toMatch(/api.*worker.*all/);
    expect(message).toContain('comma-separated list of seconds');
  });

  it('keeps 30 days by default and refuses a retention outside 1..3650 whole days', () => {
    expect(loadConfig({}).retentionDays).toBe(30);
    expect(loadConfig({ RETENTION_DAYS: '7' }).retentionDays).toBe(7);
    for (const value of ['0', '3651', '1.5', 'forever']) {
      expect(() => loadConfig({ RETENTION_DAYS: value })).toThrow(
        /RETENTION_DAYS: a whole number of days from 1 to 3650/,
      );
    }
  });

  it('refuses malformed CIDR ranges and never echoes secret values', () => {
    let message = '';
    try {
      loadConfig({
        WEBHOOK_ALLOWED_CIDRS: '10.0.0.0/33',
        ADMIN_TOKEN: 'short',
        DATABASE_URL: 'mysql://u:hunter2@x/db',
      });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('WEBHOOK_ALLOWED_CIDRS');
    expect(message).toContain('10.0.0.0/33');
    expect(message).toContain('ADMIN_TOKEN');
    expect(message).not.toContain('short"');
    expect(message).not.toContain('hunter2');
  });
});
