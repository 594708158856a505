import { loadConfig } from '../../src/config.ts';
import { createOrganization } from '../../src/domain/organizations.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import { type ServiceOverrides, startService } from '../../src/service.ts';
import { createTestDatabase } from './database.ts';
import { graphqlClient } from './graphql-client.ts';

export const TEST_ENV = {
  PORT: '0',
  SMTP_PORT: '0',
  // Tests poll the API every few milliseconds; the per-key limit has tests of its own.
  RATE_LIMIT_PER_MINUTE: '1000000',
  LOG_LEVEL: 'silent',
  WEBHOOK_TIMEOUT_MS: '1000',
  WEBHOOK_RETRY_SCHEDULE: '0.2,0.4,0.8',
  BOOTSTRAP_API_KEY: 'sk_test_bootstrap_key_0123456789',
};

/** The whole service in this process (API and worker) on a fresh database and a real port. */
export async function startTestService(
  env: Record<string, string> = {},
  databaseUrl?: string,
  logger?: Logger,
  overrides?: ServiceOverrides,
) {
  const url = databaseUrl ?? (await createTestDatabase());
  const config = loadConfig({ ...TEST_ENV, DATABASE_URL: url, ...env });
  const service = await startService(
    config,
    logger ?? createLogger(process.env.TEST_LOG_LEVEL ?? config.logLevel),
    overrides,
  );
  const baseUrl = `http://127.0.0.1:${service.port}`;
  const db = service.services.db;
  return {
    ...service,
    config,
    baseUrl,
    db,
    client: (token?: string) => graphqlClient(baseUrl, token),
    /** A fresh organization with an API key, and a client that uses it. */
    async newOrganization(name = 'Test org') {
      const { organization, secret } = await createOrganization(db, name);
      return { organizationId: organization.id, key: secret, gql: graphqlClient(baseUrl, secret) };
    },
  };
}

export type TestService = Awaited<ReturnType<typeof startTestService>>;
