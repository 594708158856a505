import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { migrate } from '../../src/db/migrator.ts';
import { createDeliveryQueue } from '../../src/jobs/delivery-queue.ts';
import { createMailQueue } from '../../src/jobs/mail-queue.ts';
import { createLogger } from '../../src/logger.ts';

export const TEMPLATE_DATABASE = 'sendook_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    serverUrl: string;
    templateDatabase: string;
  }
}

/** One PostgreSQL for the run (embedded unless DATABASE_URL is set) and a migrated template database. */
export default async function setup(project: TestProject) {
  const logger = createLogger('warn');
  let serverUrl = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let dataDir: string | undefined;
  if (!serverUrl) {
    dataDir = await mkdtemp(path.join(tmpdir(), 'sendook-test-'));
    const embedded = await startEmbeddedPostgres(dataDir, logger);
    serverUrl = embedded.url;
    stopEmbedded = embedded.stop;
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  const templateUrl = withDatabase(serverUrl, TEMPLATE_DATABASE);
  await migrate(templateUrl, logger);
  // pg-boss's own schema and our queue go into the template too, so each test database starts ready.
  const boss = new PgBoss({ connectionString: templateUrl, schedule: false, supervise: false });
  await boss.start();
  await createDeliveryQueue(boss, 5000);
  await createMailQueue(boss, 30_000);
  await boss.stop({ graceful: false });
  await admin.end();

  project.provide('serverUrl', serverUrl);
  project.provide('templateDatabase', TEMPLATE_DATABASE);

  return async () => {
    await stopEmbedded?.();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
