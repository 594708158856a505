import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga } from 'graphql-yoga';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { resolveAuth } from '../schema/auth.ts';
import type { Auth, Context, Services } from '../schema/context.ts';
import { defaultGraphiqlQuery } from '../schema/graphiql.ts';
import { schema } from '../schema/index.ts';
import { createMaskError } from '../schema/mask-error.ts';
import { serveGraphqlWs } from './graphql-ws.ts';
import { healthHandler } from './health.ts';
import {
  errorRequestIds,
  REQUEST_ID_HEADER,
  type RequestOrigin,
  requestIdOf,
  requestIdOfOrigin,
} from './request-id.ts';
import { sesNotificationsHandler } from './ses-notifications.ts';

export interface AppDeps {
  config: Pick<Config, 'auth' | 'production' | 'mail'>;
  services: Services;
  logger: Logger;
}

export interface App {
  /** Answers GraphQL over fetch's Request/Response, for in-process tests. */
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response> | Response;
  start(port: number, host?: string): Promise<number>;
  stop(): Promise<void>;
}

export function buildApp({ config, services, logger }: AppDeps): App {
  const requestIds = errorRequestIds();
  const yoga = createYoga<{ req: IncomingMessage; res: ServerResponse }, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'Sendook events', defaultQuery: defaultGraphiqlQuery },
    maskedErrors: { maskError: createMaskError(logger, requestIds.of), isDev: !config.production },
    logging: yogaLogger(logger),
    plugins: [requestIds.plugin],
    context: async (initial: { request: Request; auth?: Auth } & RequestOrigin) => {
      const requestId = requestIdOfOrigin(initial);
      return {
        db: services.db,
        services,
        requestId,
        logger: logger.child({ requestId }),
        // graphql-ws connections authenticate once, in connection_init; HTTP requests on every request.
        auth:
          initial.auth ??
          (await resolveAuth(services.db, initial.request.headers.get('authorization'), config.auth.adminToken)),
      };
    },
  });

  const health = healthHandler(services.db);
  const sesNotifications = sesNotificationsHandler({
    sns: config.mail.sns,
    db: services.db,
    queue: services.deliveries.queue,
    logger,
  });
  const server = createServer((req, res) => {
    res.setHeader(REQUEST_ID_HEADER, requestIdOf(req));
    if (!health(req, res) && !sesNotifications.handle(req, res)) yoga(req, res);
  });

  const sockets = serveGraphqlWs(server, yoga, services, config.auth.adminToken);

  return {
    fetch: yoga.fetch as App['fetch'],
    start(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      });
    },
    async stop() {
      sockets.close();
      if (!server.listening) return;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      });
      await sesNotifications.close();
    },
  };
}

/** Yoga reports every refused operation as an error; ours are logged once, in maskError. */
function yogaLogger(logger: Logger) {
  const child = logger.child({ component: 'yoga' });
  const debug = (...args: unknown[]) => child.debug({ args }, 'yoga');
  return { debug, info: debug, warn: (...args: unknown[]) => child.warn({ args }, 'yoga'), error: debug };
}
