import ipaddr from 'ipaddr.js';
import { z } from 'zod';

const retrySchedule = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?(\s*,\s*\d+(\.\d+)?)*$/, 'a comma-separated list of seconds, for example 5,25,125')
  .transform((s) => s.split(',').map((part) => Number(part.trim())));

const cidrList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().refine((cidr) => ipaddr.isValidCIDR(cidr), 'CIDR ranges such as 127.0.0.0/8 or fc00::/7')));

const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// connection string')
      .optional(),
    DATA_DIR: z.string().min(1).default('./.data'),
    ROLE: z.enum(['api', 'worker', 'all']).default('all'),
    NODE_ENV: z.string().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
    WEBHOOK_RETRY_SCHEDULE: retrySchedule.default([5, 25, 125]),
    WEBHOOK_ALLOWED_CIDRS: cidrList.default([]),
    BOOTSTRAP_API_KEY: z
      .string()
      .regex(/^sk_[A-Za-z0-9_-]{16,}$/, 'sk_ followed by at least 16 letters, digits, _ or -')
      .optional(),
    ADMIN_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
    SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
    SMTP_HOST: z.string().min(1).optional(),
    SMTP_MAX_MESSAGE_BYTES: z.coerce
      .number()
      .int()
      .min(1024, 'at least 1024 bytes')
      .max(100 * 1024 * 1024, 'at most 104857600 (100 MiB)')
      .default(10 * 1024 * 1024),
    SMTP_MAX_RECIPIENTS: z.coerce.number().int().min(1).max(1000).default(50),
    SMTP_MAX_CLIENTS: z.coerce.number().int().min(1).max(10_000).default(100),
    SMTP_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
    SMTP_TLS_KEY_FILE: z.string().min(1).optional(),
    SMTP_TLS_CERT_FILE: z.string().min(1).optional(),
    MAIL_DOMAIN: z
      .string()
      .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'a domain name such as sendook.localhost')
      .default('sendook.localhost'),
  })
  .refine((e) => Boolean(e.SMTP_TLS_KEY_FILE) === Boolean(e.SMTP_TLS_CERT_FILE), {
    message: 'set both SMTP_TLS_KEY_FILE and SMTP_TLS_CERT_FILE for STARTTLS, or neither',
    path: ['SMTP_TLS_CERT_FILE'],
  });

export type Role = 'api' | 'worker' | 'all';

export interface Config {
  port: number;
  role: Role;
  production: boolean;
  logLevel: string;
  database: { url?: string; dataDir: string };
  webhooks: {
    timeoutMs: number;
    retryScheduleSeconds: number[];
    allowedCidrs: string[];
    /** Private and loopback addresses are refused unless allowed (contract 3.6). */
    strictUrlPolicy: boolean;
  };
  auth: { bootstrapApiKey?: string; adminToken?: string };
  mailDomain: string;
  smtp: {
    port: number;
    host?: string;
    maxMessageBytes: number;
    maxRecipients: number;
    maxClients: number;
    idleTimeoutMs: number;
    tls?: { keyFile: string; certFile: string };
  };
}

export class ConfigError extends Error {}

const SECRET_VARIABLES = new Set(['DATABASE_URL', 'BOOTSTRAP_API_KEY', 'ADMIN_TOKEN']);

/** Parses the environment; every bad variable is reported at once, with what it expects. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blankAsUnset = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(blankAsUnset);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      // Never echo what may be a secret (a key, a token, a password inside a URL).
      const got = SECRET_VARIABLES.has(name) ? '' : ` (got ${JSON.stringify(env[name])})`;
      return `  ${issue.path.join('.')}: ${issue.message}${got}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  return {
    port: e.PORT,
    role: e.ROLE,
    production,
    logLevel: e.LOG_LEVEL,
    database: { url: e.DATABASE_URL, dataDir: e.DATA_DIR },
    webhooks: {
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      retryScheduleSeconds: e.WEBHOOK_RETRY_SCHEDULE,
      allowedCidrs: e.WEBHOOK_ALLOWED_CIDRS,
      strictUrlPolicy: production,
    },
    auth: { bootstrapApiKey: e.BOOTSTRAP_API_KEY, adminToken: e.ADMIN_TOKEN },
    mailDomain: e.MAIL_DOMAIN.toLowerCase(),
    smtp: {
      port: e.SMTP_PORT,
      host: e.SMTP_HOST,
      maxMessageBytes: e.SMTP_MAX_MESSAGE_BYTES,
      maxRecipients: e.SMTP_MAX_RECIPIENTS,
      maxClients: e.SMTP_MAX_CLIENTS,
      idleTimeoutMs: e.SMTP_IDLE_TIMEOUT_MS,
      tls:
        e.SMTP_TLS_KEY_FILE && e.SMTP_TLS_CERT_FILE
          ? { keyFile: e.SMTP_TLS_KEY_FILE, certFile: e.SMTP_TLS_CERT_FILE }
          : undefined,
    },
  };
}
