import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga } from 'graphql-yoga';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { resolveAuth } from './schema/auth.ts';
import type { Context, Services } from './schema/context.ts';
import { defaultGraphiqlQuery } from './schema/graphiql.ts';
import { schema } from './schema/index.ts';
import { createMaskError } from './schema/mask-error.ts';

export interface AppDeps {
  config: Pick<Config, 'auth' | 'production'>;
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
  const yoga = createYoga<{ req: IncomingMessage; res: ServerResponse }, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'Sendook events', defaultQuery: defaultGraphiqlQuery },
    maskedErrors: { maskError: createMaskError(logger), isDev: !config.production },
    logging: yogaLogger(logger),
    context: async ({ request }) => ({
      db: services.db,
      services,
      auth: await resolveAuth(services.db, request.headers.get('authorization'), config.auth.adminToken),
    }),
  });

  const server = createServer((req, res) => {
    const path = req.url?.split('?')[0];
    if (path === '/healthz') return respond(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      return void services.db.$queryRaw`SELECT 1`
        .then(() => respond(res, 200, { status: 'ready' }))
        .catch(() => respond(res, 503, { status: 'database unavailable' }));
    }
    return yoga(req, res);
  });

  return {
    fetch: yoga.fetch as App['fetch'],
    start(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      });
    },
    async stop() {
      if (!server.listening) return;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 2000).unref();
      });
    },
  };
}

function respond(res: ServerResponse, status: number, body: object) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Yoga reports every refused operation as an error; ours are logged once, in maskError. */
function yogaLogger(logger: Logger) {
  const child = logger.child({ component: 'yoga' });
  const debug = (...args: unknown[]) => child.debug({ args }, 'yoga');
  return { debug, info: debug, warn: (...args: unknown[]) => child.warn({ args }, 'yoga'), error: debug };
}
