import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PgBoss } from 'pg-boss';
import { buildApp } from './api/app.ts';
import { startHealthServer } from './api/health.ts';
import type { Config } from './config.ts';
import { createDatabase } from './db/client.ts';
import { startEmbeddedPostgres } from './db/embedded.ts';
import { migrate } from './db/migrator.ts';
import type { DeliveryDeps } from './domain/deliveries.ts';
import { bootstrapDefaultOrganization } from './domain/organizations.ts';
import { AddressPolicy } from './domain/url-policy.ts';
import { createDeliveryQueue, leaseSeconds, pgBossDeliveryQueue } from './jobs/delivery-queue.ts';
import { startDeliveryWorker } from './jobs/delivery-worker.ts';
import { LiveFeed } from './live/feed.ts';
import { PgSubscriber } from './live/subscriber.ts';
import type { Logger } from './logger.ts';
import { createGuardedAgent } from './outbound/guarded-agent.ts';
import { postWebhook } from './outbound/webhook-client.ts';
import type { Services } from './schema/context.ts';
import { startSmtpServer } from './smtp/server.ts';

export interface RunningService {
  port: number | null;
  /** Inbound SMTP, on the api and all roles. */
  smtpPort: number | null;
  databaseUrl: string;
  services: Services;
  stop(): Promise<void>;
}

/** Wires the whole service for one process: database, migrations, queue, API and/or worker. */
export async function startService(config: Config, logger: Logger): Promise<RunningService> {
  const stack: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    while (stack.length > 0)
      await stack
        .pop()?.()
        .catch((err) => logger.error({ err }, 'error while stopping'));
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

    const db = createDatabase(databaseUrl);
    stack.push(() => db.$disconnect());
    await announceBootstrap(await bootstrapDefaultOrganization(db, config.auth.bootstrapApiKey), config, logger);

    const runsWorker = config.role !== 'api';
    const addressPolicy = new AddressPolicy({
      strict: config.webhooks.strictUrlPolicy,
      allowedCidrs: config.webhooks.allowedCidrs,
    });
    const agent = createGuardedAgent(addressPolicy, config.webhooks.timeoutMs);
    // Unwound in reverse: pg-boss stops (in-flight attempts finish) before the HTTP client closes.
    stack.push(() => agent.close());
    const boss = new PgBoss({
      connectionString: databaseUrl,
      max: 10,
      useListenNotify: true,
      schedule: false,
      supervise: runsWorker,
      superviseIntervalSeconds: leaseSeconds(config.webhooks.timeoutMs),
      instanceName: `sendook-${config.role}`,
    });
    boss.on('error', (err) => logger.error({ err }, 'pg-boss error'));
    await boss.start();
    stack.push(() => boss.stop({ graceful: true, timeout: config.webhooks.timeoutMs + 5000 }));
    await createDeliveryQueue(boss, config.webhooks.timeoutMs);

    const queue = pgBossDeliveryQueue(boss);
    const deliveries: DeliveryDeps = {
      db,
      queue,
      send: (request) => postWebhook(agent, request, config.webhooks.timeoutMs),
      retryScheduleSeconds: config.webhooks.retryScheduleSeconds,
    };
    const services: Services = {
      db,
      deliveries,
      inboxes: { db, queue, mailDomain: config.mailDomain },
      webhookRules: { addressPolicy, strictUrls: config.webhooks.strictUrlPolicy },
    };

    if (runsWorker) {
      await startDeliveryWorker(boss, deliveries, logger.child({ component: 'worker' }));
      logger.info('delivery worker started');
    }

    let port: number | null = null;
    let smtpPort: number | null = null;
    if (config.role === 'worker') {
      const health = await startHealthServer(db, config.port);
      stack.push(() => health.stop());
      port = health.port;
      logger.info({ port }, `health checks on http://localhost:${port}/healthz and /readyz`);
    } else {
      const subscriber = new PgSubscriber(databaseUrl, logger.child({ component: 'pubsub' }));
      await subscriber.start();
      stack.push(() => subscriber.stop());
      services.live = new LiveFeed(subscriber, db);
      const app = buildApp({ config, services, logger });
      port = await app.start(config.port);
      stack.push(() => app.stop());
      logger.info({ port }, `GraphQL API and GraphiQL on http://localhost:${port}/graphql`);
      const smtp = await startSmtpServer(
        { ...config.smtp, hostname: config.mailDomain },
        { db, queue },
        logger.child({ component: 'smtp' }),
      );
      stack.push(() => smtp.stop());
      smtpPort = smtp.port;
      logger.info({ smtpPort }, `inbound SMTP on localhost:${smtpPort} (mail to any inbox address)`);
    }
    return { port, smtpPort, databaseUrl, services, stop };
  } catch (error) {
    await stop();
    throw error;
  }
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
