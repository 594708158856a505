import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PgBoss } from 'pg-boss';
import { startHealthServer } from './api/health.ts';
import { metricsHandler } from './api/metrics.ts';
import { type Config, quietAwsSdkNodeWarning } from './config.ts';
import { createDatabase, createPool, pgOptions } from './db/client.ts';
import { startEmbeddedPostgres } from './db/embedded.ts';
import { pgExecutor } from './db/executor.ts';
import { migrate } from './db/migrator.ts';
import { settingOrCreate } from './db/sql/settings.ts';
import type { DeliveryDeps } from './domain/deliveries.ts';
import { createOutboundDeps } from './domain/mail/outbound-store.ts';
import { bootstrapDefaultOrganization } from './domain/organizations.ts';
import { AddressPolicy } from './domain/url-policy.ts';
import {
  createDeliveryQueue,
  deliveryQueueDepth,
  pgBossDeliveryQueue,
  superviseSeconds,
} from './jobs/delivery-queue.ts';
import { startDeliveryWorker } from './jobs/delivery-worker.ts';
import { createMailQueue, MAIL_QUEUE, pgBossMailQueue, startMailWorker } from './jobs/mail-queue.ts';
import { startRetention } from './jobs/retention.ts';
import { createWebhookPacer } from './jobs/webhook-pacer.ts';
import { PgSubscriber } from './live/subscriber.ts';
import type { Logger } from './logger.ts';
import { Metrics } from './metrics.ts';
import { createGuardedAgent, type ResolveHost } from './outbound/guarded-agent.ts';
import { createComposer } from './outbound/mime.ts';
import { createSmtpTransport } from './outbound/smtp-transport.ts';
import { postWebhook } from './outbound/webhook-client.ts';
import type { Services } from './schema/context.ts';

export interface RunningService {
  port: number | null;
  /** Inbound SMTP, on the api and all roles. */
  smtpPort: number | null;
  databaseUrl: string;
  services: Services;
  /** Stops everything in order; false when a step failed (each failure is logged). */
  stop(): Promise<boolean>;
}

/** What main.ts leaves to the system and in-process tests replace. */
export interface ServiceOverrides {
  /** How webhook host names are resolved (default: dns.lookup). */
  resolveHost?: ResolveHost;
}

/** Wires the whole service for one process: database, migrations, queue, API and/or worker. */
export async function startService(
  config: Config,
  logger: Logger,
  overrides: ServiceOverrides = {},
): Promise<RunningService> {
  const stack: Array<() => Promise<unknown>> = [];
  let stoppedCleanly = true;
  const stop = async () => {
    while (stack.length > 0)
      await stack
        .pop()?.()
        .catch((err) => {
          stoppedCleanly = false;
          logger.error({ err }, 'error while stopping');
        });
    return stoppedCleanly;
  };
  try {
    let databaseUrl = config.database.url;
    if (!databaseUrl) {
      const embedded = await startEmbeddedPostgres(config.database.dataDir, logger);
      stack.push(() => embedded.stop());
      databaseUrl = embedded.url;
      logger.info({ dataDir: path.resolve(config.database.dataDir) }, 'embedded PostgreSQL started');
    }
    await migrate(databaseUrl, logger);

    const timeoutMs = config.database.timeoutMs;
    const connection = pgOptions(databaseUrl, timeoutMs);
    const db = createDatabase(databaseUrl, 20, timeoutMs);
    stack.push(() => db.$disconnect());
    // Hot paths (the delivery worker, storing and sending mail) use pg directly, pipelined:
    // statements issued together share a round trip and a socket write (db/executor.ts).
    const pool = createPool({ ...connection, pipeline: true }, 10, (err) =>
      logger.warn({ err }, 'database connection failed'),
    );
    stack.push(() => pool.end());
    // The worker role's start and delivery drain go through pg alone: Prisma's query compiler, loaded
    // by a process's first Prisma query, costs about 60 MB of RSS.
    const sql = pgExecutor(pool);
    await announceBootstrap(await bootstrapDefaultOrganization(pool, config.auth.bootstrapApiKey), config, logger);

    const runsWorker = config.role !== 'api';
    const addressPolicy = new AddressPolicy({
      strict: config.webhooks.strictUrlPolicy,
      allowedCidrs: config.webhooks.allowedCidrs,
    });
    const agent = createGuardedAgent(addressPolicy, config.webhooks.timeoutMs, {
      resolveHost: overrides.resolveHost,
      localAddress: config.webhooks.sourceAddress,
    });
    // Unwound in reverse: pg-boss stops (in-flight attempts finish) before the HTTP client closes.
    stack.push(() => agent.close());
    const boss = new PgBoss({
      ...connection,
      max: 10,
      useListenNotify: true,
      schedule: false,
      supervise: runsWorker,
      superviseIntervalSeconds: superviseSeconds(config.webhooks.timeoutMs),
      // Expired leases are found by the monitor pass (default every 60 s): as often as a lease is short.
      monitorIntervalSeconds: superviseSeconds(config.webhooks.timeoutMs),
      instanceName: `sendook-${config.role}`,
    });
    boss.on('error', (err) => logger.error({ err }, 'pg-boss error'));
    await boss.start();
    stack.push(() => boss.stop({ graceful: true, timeout: config.webhooks.timeoutMs + 5000 }));
    await createDeliveryQueue(boss, config.webhooks.timeoutMs);
    await createMailQueue(boss, config.mail.sendTimeoutMs);

    const metrics = new Metrics({ readQueueDepth: () => deliveryQueueDepth(boss) });
    const queue = { ...pgBossDeliveryQueue(boss), eventsRecorded: metrics.eventsRecorded };
    const pacer = createWebhookPacer(connection);
    stack.push(() => pacer.close());
    const deliveries: DeliveryDeps = {
      db,
      pool,
      queue,
      send: (request) => postWebhook(agent, request, config.webhooks.timeoutMs),
      retryScheduleSeconds: config.webhooks.retryScheduleSeconds,
      disableAfterMs: config.webhooks.disableAfterMs,
      pace: pacer.pace,
      onRecorded: metrics.attemptsRecorded,
    };
    const mailQueue = pgBossMailQueue(boss);
    const bounces = {
      secret:
        config.mail.verpSecret ?? (await settingOrCreate(sql, 'verp_secret', () => randomBytes(32).toString('hex'))),
      domain: config.mail.bounceDomain,
    };
    const dkim = config.mail.dkim
      ? { keySelector: config.mail.dkim.selector, privateKey: await readFile(config.mail.dkim.privateKeyFile, 'utf8') }
      : undefined;
    const services: Services = {
      db,
      deliveries,
      inboxes: { db, queue, mailDomain: config.mailDomain },
      outbound: createOutboundDeps({
        db,
        pool,
        mailQueue,
        compose: createComposer(dkim),
        mailDomain: config.mailDomain,
      }),
      webhookRules: { addressPolicy, strictUrls: config.webhooks.strictUrlPolicy, queue },
    };

    // One LISTEN connection per process: live streams on API nodes, wake-ups on workers.
    const subscriber = new PgSubscriber(connection, logger.child({ component: 'pubsub' }), {
      heartbeatTimeoutMs: timeoutMs,
    });
    await subscriber.start();
    stack.push(() => subscriber.stop());

    let port: number | null = null;
    let smtpPort: number | null = null;
    if (config.role === 'worker') {
      const health = await startHealthServer(sql, config.port, metricsHandler(metrics));
      stack.push(() => health.stop());
      port = health.port;
      logger.info({ port }, `health checks on http://localhost:${port}/healthz and /readyz, metrics on /metrics`);
    } else {
      // Imported here: a worker process never loads the schema, yoga or smtp-server (about 50 MB of RSS).
      const [{ buildApp }, { createApiRateLimiter }, { ApiKeyCache }, { LiveFeed }, { startSmtpServer }] =
        await Promise.all([
          import('./api/app.ts'),
          import('./api/rate-limit.ts'),
          import('./domain/api-key-cache.ts'),
          import('./live/feed.ts'),
          import('./smtp/server.ts'),
        ]);
      services.live = new LiveFeed(subscriber, sql, { openStreams: metrics.liveSubscriptions });
      const apiKeys = new ApiKeyCache(() => subscriber.listening);
      const stopForgetting = subscriber.on((notice) => {
        if (notice.kind === 'apiKeyRevoked') apiKeys.forget(notice.id);
      });
      const stopClearing = subscriber.onReset(() => apiKeys.clear());
      stack.push(async () => {
        stopForgetting();
        stopClearing();
      });
      services.apiKeys = apiKeys;
      const rateLimiter = createApiRateLimiter(connection, config.rateLimitPerMinute);
      stack.push(() => rateLimiter.close());
      const app = buildApp({ config, services, logger, rateLimiter, metrics });
      port = await app.start(config.port);
      stack.push(() => app.stop());
      logger.info({ port }, `GraphQL API and GraphiQL on http://localhost:${port}/graphql`);
      const smtp = await startSmtpServer(
        { ...config.smtp, hostname: config.mailDomain },
        { db, pool, queue, bounces },
        logger.child({ component: 'smtp' }),
      );
      stack.push(() => smtp.stop());
      smtpPort = smtp.port;
      logger.info({ smtpPort }, `inbound SMTP on localhost:${smtpPort} (mail to any inbox address)`);
    }

    // Workers start once the API (and its SMTP port, the default relay) is up.
    if (runsWorker) {
      const worker = startDeliveryWorker(boss, deliveries, logger.child({ component: 'worker' }), {
        concurrency: 200,
        maxInFlightPerWebhook: config.webhooks.maxInFlight,
        pollMs: 250,
      });
      // Unwound before pg-boss stops: attempts in flight finish and are recorded first.
      stack.push(() => worker.stop());
      const stopWaking = subscriber.on((notice) => {
        // Only events with deliveries: most mail and API writes queue none, and a fetch per event is costly.
        if (notice.kind === 'event' && notice.queued) worker.wake();
      });
      stack.push(async () => stopWaking());
      logger.info('delivery worker started');
      const retention = startRetention(
        sql,
        { databaseUrl, databaseTimeoutMs: timeoutMs, retentionDays: config.retentionDays },
        logger.child({ component: 'retention' }),
      );
      stack.push(() => retention.stop());
      const transport = await createMailTransport(config, () => smtpPort);
      stack.push(() => transport.close());
      await startMailWorker(
        boss,
        {
          db,
          pool,
          queue,
          mailQueue,
          transport,
          verpSecret: bounces.secret,
          bounceDomain: bounces.domain,
          retryScheduleSeconds: config.mail.retryScheduleSeconds,
        },
        logger.child({ component: 'mail-worker' }),
      );
      // Unwound before the transport closes: sends in flight finish and are recorded first.
      stack.push(() => boss.offWork(MAIL_QUEUE));
      logger.info({ transport: transport.name }, 'mail worker started');
    }
    return { port, smtpPort, databaseUrl, services, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** SES, the configured relay, or (unset) the service's own SMTP port: local delivery only. */
async function createMailTransport(config: Config, ownSmtpPort: () => number | null) {
  const { region, configurationSet, endpoint } = config.mail.ses;
  if (config.mail.transport === 'ses' && region) {
    quietAwsSdkNodeWarning();
    // Imported only when used: the AWS SDK is large.
    const { createSesTransport } = await import('./outbound/ses-transport.ts');
    return createSesTransport({ region, configurationSet, endpoint, timeoutMs: config.mail.sendTimeoutMs });
  }
  const relayUrl = config.mail.relayUrl;
  if (relayUrl) return createSmtpTransport(() => relayUrl, { name: 'smtp', timeoutMs: config.mail.sendTimeoutMs });
  return createSmtpTransport(() => `smtp://127.0.0.1:${ownSmtpPort() ?? config.smtp.port}`, {
    name: 'local',
    timeoutMs: config.mail.sendTimeoutMs,
  });
}

async function announceBootstrap(
  result: Awaited<ReturnType<typeof bootstrapDefaultOrganization>>,
  config: Config,
  logger: Logger,
) {
  if (!result.created || !result.generated) return;
  const lines = [
    '',
    '  Created the "default" organization. Its API key (shown once):',
    '',
    `    ${result.secret}`,
    '',
    '  Send it as  Authorization: Bearer <key>  (GraphiQL: Headers tab).',
  ];
  if (!config.database.url) {
    const file = path.resolve(config.database.dataDir, 'api-key');
    await writeFile(file, `${result.secret}\n`, { mode: 0o600 });
    lines.push(`  It is also in ${file} (mode 0600).`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
  logger.info('default organization created');
}
