import ipaddr from 'ipaddr.js';
import { z } from 'zod';

const retrySchedule = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?(\s*,\s*\d+(\.\d+)?)*$/, 'a comma-separated list of seconds, for example 5,25,125')
  .transform((s) => s.split(',').map((part) => Number(part.trim())));

/** A comma-separated list whose every item must pass `item`. */
const commaList = (item: z.ZodString) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));

const cidrList = commaList(
  z.string().refine((cidr) => ipaddr.isValidCIDR(cidr), 'CIDR ranges such as 127.0.0.0/8 or fc00::/7'),
);

const retentionDays = 'a whole number of days from 1 to 3650';

const envSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// connection string')
      .optional(),
    DATA_DIR: z.string().min(1).default('./.data'),
    DATABASE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).optional(),
    ROLE: z.enum(['api', 'worker', 'all']).default('all'),
    NODE_ENV: z.string().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
    WEBHOOK_RETRY_SCHEDULE: retrySchedule.default([5, 25, 125]),
    WEBHOOK_ALLOWED_CIDRS: cidrList.default([]),
    WEBHOOK_SOURCE_ADDRESS: z
      .string()
      .refine((ip) => ipaddr.IPv4.isValidFourPartDecimal(ip) || ipaddr.IPv6.isValid(ip), 'an IP address of this host')
      .optional(),
    WEBHOOK_DISABLE_AFTER: z
      .string()
      .trim()
      .regex(/^\d+(\.\d+)?\s*[smhd]?$/i, 'a duration: seconds, or a number with s, m, h or d, such as 5d')
      .transform(parseDuration)
      .default(5 * 24 * 3600 * 1000),
    WEBHOOK_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(1000).default(10),
    RETENTION_DAYS: z.coerce
      .number(retentionDays)
      .int(retentionDays)
      .min(1, retentionDays)
      .max(3650, retentionDays)
      .default(30),
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
    CORS_ORIGINS: commaList(
      z
        .string()
        .regex(
          /^https?:\/\/[a-z0-9.-]+(:\d+)?$/i,
          'origins such as https://app.example.com (scheme, host and optional port)',
        ),
    ).optional(),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(1200),
    WS_MAX_CONNECTIONS_PER_KEY: z.coerce.number().int().min(1).max(100_000).default(1000),
    MAIL_TRANSPORT: z.enum(['smtp', 'ses']).default('smtp'),
    SMTP_RELAY_URL: z
      .string()
      .refine((value) => {
        try {
          const url = new URL(value);
          return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && Boolean(url.hostname);
        } catch {
          return false;
        }
      }, 'an smtp:// or smtps:// URL such as smtp://user:password@relay.example.com:587')
      .optional(),
    BOUNCE_DOMAIN: z
      .string()
      .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'a domain name such as bounces.example.com')
      .optional(),
    SEND_RETRY_SCHEDULE: retrySchedule.default([60, 300, 1800, 7200]),
    SMTP_SEND_TIMEOUT_MS: z.coerce.number().int().min(500).max(300_000).default(30_000),
    VERP_SECRET: z.string().min(16, 'at least 16 characters').optional(),
    DKIM_PRIVATE_KEY_FILE: z.string().min(1).optional(),
    DKIM_SELECTOR: z
      .string()
      .regex(/^[a-z0-9-_.]+$/i, 'a DKIM selector such as sendook2026')
      .optional(),
    AWS_REGION: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as us-east-1')
      .optional(),
    SES_CONFIGURATION_SET: z.string().min(1).optional(),
    SES_ENDPOINT: z.url('an http(s) URL').optional(),
    SNS_TOPIC_ARNS: commaList(
      z
        .string()
        .regex(
          /^arn:aws(-[a-z]+)?:sns:[a-z0-9-]+:\d{12}:[\w-]+$/,
          'SNS topic ARNs such as arn:aws:sns:us-east-1:123456789012:sendook',
        ),
    ).optional(),
    SNS_CERT_URL_PATTERN: z
      .string()
      .refine((value) => {
        try {
          new RegExp(value);
          return true;
        } catch {
          return false;
        }
      }, 'a regular expression')
      .optional(),
    SNS_CA_FILE: z.string().min(1).optional(),
    MAIL_DOMAIN: z
      .string()
      .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i, 'a domain name such as sendook.localhost')
      .default('sendook.localhost'),
  })
  .refine((e) => Boolean(e.SMTP_TLS_KEY_FILE) === Boolean(e.SMTP_TLS_CERT_FILE), {
    message: 'set both SMTP_TLS_KEY_FILE and SMTP_TLS_CERT_FILE for STARTTLS, or neither',
    path: ['SMTP_TLS_CERT_FILE'],
  })
  .refine((e) => Boolean(e.DKIM_PRIVATE_KEY_FILE) === Boolean(e.DKIM_SELECTOR), {
    message: 'set both DKIM_PRIVATE_KEY_FILE and DKIM_SELECTOR to sign outbound mail, or neither',
    path: ['DKIM_SELECTOR'],
  })
  .refine((e) => e.MAIL_TRANSPORT !== 'ses' || Boolean(e.AWS_REGION), {
    message: 'MAIL_TRANSPORT=ses needs AWS_REGION',
    path: ['AWS_REGION'],
  })
  .refine((e) => e.NODE_ENV !== 'production' || !e.SNS_CERT_URL_PATTERN, {
    message: 'SNS_CERT_URL_PATTERN may only be changed outside production (tests)',
    path: ['SNS_CERT_URL_PATTERN'],
  })
  .refine((e) => e.NODE_ENV !== 'production' || !e.SNS_CA_FILE, {
    message: 'SNS_CA_FILE may only be set outside production (tests)',
    path: ['SNS_CA_FILE'],
  });

export type Role = 'api' | 'worker' | 'all';

export interface Config {
  port: number;
  role: Role;
  production: boolean;
  logLevel: string;
  /** timeoutMs: longest a statement or connecting may take before the database counts as unavailable. */
  database: { url?: string; dataDir: string; timeoutMs: number };
  /** After SIGTERM or SIGINT, how long stopping may take before the process exits anyway. */
  shutdownTimeoutMs: number;
  webhooks: {
    timeoutMs: number;
    retryScheduleSeconds: number[];
    allowedCidrs: string[];
    /** Private and loopback addresses are refused unless allowed (contract 3.6). */
    strictUrlPolicy: boolean;
    /** A webhook failing this long when a delivery ends FAILED is disabled (contract 3.7). */
    disableAfterMs: number;
    /** Open requests to one webhook at a time, across workers (contract 3.8). */
    maxInFlight: number;
    /** The local address webhook connections leave from (contract 3.6). */
    sourceAddress?: string;
  };
  auth: { bootstrapApiKey?: string; adminToken?: string };
  /** Origins browsers may call from; unset: none in production, any without credentials otherwise. */
  corsOrigins?: string[];
  rateLimitPerMinute: number;
  /** graphql-ws connections one API key may hold open on one API process. */
  wsMaxConnectionsPerKey: number;
  /** Events, deliveries and attempts older than this are deleted by workers (contract 6). */
  retentionDays: number;
  mailDomain: string;
  mail: {
    transport: 'smtp' | 'ses';
    /** Unset: the service's own inbound SMTP port (local delivery only). */
    relayUrl?: string;
    bounceDomain: string;
    retryScheduleSeconds: number[];
    /** Connect, greeting and idle limits of one relay conversation. */
    sendTimeoutMs: number;
    verpSecret?: string;
    dkim?: { privateKeyFile: string; selector: string };
    ses: { region?: string; configurationSet?: string; endpoint?: string };
    /** caFile: a test certificate authority trusted for SNS certificates (never in production). */
    sns: { topicArns: string[]; certUrlPattern: RegExp; caFile?: string };
  };
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

const DURATION_UNITS_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "5d", "90m", "30" (seconds) -> milliseconds. */
export function parseDuration(value: string): number {
  const [, amount, unit] = /^(\d+(?:\.\d+)?)\s*([smhd]?)$/i.exec(value.trim()) ?? [];
  return Math.round(Number(amount) * DURATION_UNITS_MS[(unit || 's').toLowerCase()]);
}

const SECRET_VARIABLES = new Set(['DATABASE_URL', 'BOOTSTRAP_API_KEY', 'ADMIN_TOKEN', 'SMTP_RELAY_URL', 'VERP_SECRET']);

/** Where AWS serves SNS signing certificates (contract 5.2). */
const SNS_CERT_URL_PATTERN =
  '^https://sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/SimpleNotificationService-[a-f0-9]{32}\\.pem$';

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
    database: { url: e.DATABASE_URL, dataDir: e.DATA_DIR, timeoutMs: e.DATABASE_TIMEOUT_MS },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS ?? e.WEBHOOK_TIMEOUT_MS + 10_000,
    webhooks: {
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      retryScheduleSeconds: e.WEBHOOK_RETRY_SCHEDULE,
      allowedCidrs: e.WEBHOOK_ALLOWED_CIDRS,
      strictUrlPolicy: production,
      sourceAddress: e.WEBHOOK_SOURCE_ADDRESS,
      disableAfterMs: e.WEBHOOK_DISABLE_AFTER,
      maxInFlight: e.WEBHOOK_MAX_IN_FLIGHT,
    },
    auth: { bootstrapApiKey: e.BOOTSTRAP_API_KEY, adminToken: e.ADMIN_TOKEN },
    corsOrigins: e.CORS_ORIGINS,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    wsMaxConnectionsPerKey: e.WS_MAX_CONNECTIONS_PER_KEY,
    retentionDays: e.RETENTION_DAYS,
    mailDomain: e.MAIL_DOMAIN.toLowerCase(),
    mail: {
      transport: e.MAIL_TRANSPORT,
      relayUrl: e.SMTP_RELAY_URL,
      bounceDomain: (e.BOUNCE_DOMAIN ?? e.MAIL_DOMAIN).toLowerCase(),
      retryScheduleSeconds: e.SEND_RETRY_SCHEDULE,
      sendTimeoutMs: e.SMTP_SEND_TIMEOUT_MS,
      verpSecret: e.VERP_SECRET,
      dkim:
        e.DKIM_PRIVATE_KEY_FILE && e.DKIM_SELECTOR
          ? { privateKeyFile: e.DKIM_PRIVATE_KEY_FILE, selector: e.DKIM_SELECTOR }
          : undefined,
      ses: { region: e.AWS_REGION, configurationSet: e.SES_CONFIGURATION_SET, endpoint: e.SES_ENDPOINT },
      sns: {
        topicArns: e.SNS_TOPIC_ARNS ?? [],
        certUrlPattern: new RegExp(e.SNS_CERT_URL_PATTERN ?? SNS_CERT_URL_PATTERN),
        caFile: e.SNS_CA_FILE,
      },
    },
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

/**
 * The pinned AWS SDK (mail.md G12) runs on Node 20 but prints, once, that later releases will not.
 * It reads its switch from process.env itself; set it unless the operator did.
 */
export function quietAwsSdkNodeWarning(env: NodeJS.ProcessEnv = process.env) {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
