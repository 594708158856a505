import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga } from 'graphql-yoga';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import { resolveAuth } from '../schema/auth.ts';
import type { Auth, Context, Services } from '../schema/context.ts';
import { defaultGraphiqlQuery } from '../schema/graphiql.ts';
import { schema } from '../schema/index.ts';
import { createMaskError } from '../schema/mask-error.ts';
import { serveDeliveryLog } from './delivery-log.ts';
import { documentLimits } from './document-limits.ts';
import { graphiqlAssetsHandler, renderGraphiqlPage } from './graphiql.ts';
import { serveGraphqlWs } from './graphql-ws.ts';
import { healthHandler } from './health.ts';
import { IDEMPOTENCY_HEADER, idempotencyHandler, json, readBody, send } from './idempotency.ts';
import { metricsHandler } from './metrics.ts';
import type { ApiRateLimiter } from './rate-limit.ts';
import {
  errorRequestIds,
  REQUEST_ID_HEADER,
  type RequestOrigin,
  requestIdOf,
  requestIdOfOrigin,
} from './request-id.ts';
import { sesNotificationsHandler } from './ses-notifications.ts';
import { capStreamsPerKey } from './stream-cap.ts';

export interface AppDeps {
  config: Pick<Config, 'auth' | 'production' | 'mail' | 'corsOrigins' | 'wsMaxConnectionsPerKey'>;
  /** Requests per API key per minute, across API processes (contract 4.6). */
  rateLimiter?: ApiRateLimiter;
  services: Services;
  logger: Logger;
  /** Served on `/metrics`, with yoga's GraphQL metrics added to it. */
  metrics?: Metrics;
}

export interface App {
  /** Answers GraphQL over fetch's Request/Response, for in-process tests. */
  fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response> | Response;
  start(port: number, host?: string): Promise<number>;
  stop(): Promise<void>;
}

export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;
/** Live SSE streams one API key may hold open on one API process. */
export const MAX_STREAMS_PER_KEY = 100;

/** Contract 4.6: CORS_ORIGINS if set; otherwise none in production and any origin, without credentials, elsewhere. */
function corsPolicy(config: Pick<Config, 'production' | 'corsOrigins'>) {
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (config.corsOrigins?.length) {
      return origin && config.corsOrigins.includes(origin)
        ? { origin: [origin], credentials: true, exposedHeaders: ['x-request-id', 'retry-after'] }
        : false;
    }
    if (config.production) return false;
    return { origin: '*', credentials: false, exposedHeaders: ['x-request-id', 'retry-after'] };
  };
}

export function buildApp({ config, services, logger, rateLimiter, metrics }: AppDeps): App {
  const requestIds = errorRequestIds();
  const streamsPerKey = capStreamsPerKey(MAX_STREAMS_PER_KEY);
  const yoga = createYoga<{ req: IncomingMessage; res: ServerResponse }, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'Sendook events', defaultQuery: defaultGraphiqlQuery },
    // The page and its assets from this service (graphiql.ts), not from a CDN.
    renderGraphiQL: renderGraphiqlPage,
    maskedErrors: { maskError: createMaskError(logger, requestIds.of), isDev: !config.production },
    logging: yogaLogger(logger),
    plugins: [
      requestIds.plugin,
      ...documentLimits({ production: config.production }),
      streamsPerKey.plugin,
      ...(metrics ? [metrics.graphqlPlugin()] : []),
    ],
    // Contract 4.6: 413 before parsing; batched (array) bodies stay off, so they get 400.
    maxRequestBodySize: MAX_REQUEST_BODY_BYTES,
    batching: false,
    cors: corsPolicy(config),
    context: async (initial: { request: Request; auth?: Auth } & RequestOrigin) => {
      const requestId = requestIdOfOrigin(initial);
      // graphql-ws connections authenticate once, in connection_init; HTTP requests on every request.
      const auth =
        initial.auth ??
        (await resolveAuth(
          services.db,
          initial.request.headers.get('authorization'),
          config.auth.adminToken,
          services.apiKeys,
        ));
      if (!initial.auth && auth.kind === 'apiKey') await rateLimiter?.consume(auth.apiKeyId);
      return { db: services.db, services, requestId, logger: logger.child({ requestId }), auth };
    },
  });

  const idempotent = idempotencyHandler(services.db, config.auth.adminToken, services.apiKeys);
  const idempotentGraphql = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req, MAX_REQUEST_BODY_BYTES);
    if (!body) {
      res.on('finish', () => req.destroy());
      return send(res, json(413, 'REQUEST_ENTITY_TOO_LARGE', 'Request body too large'));
    }
    const answer = await idempotent(req, body, async (payload) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined || ['content-length', 'connection', 'transfer-encoding', 'host'].includes(name))
          continue;
        headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const response = await yoga.fetch(
        `http://localhost${req.url}`,
        { method: 'POST', headers, body: new Uint8Array(payload) },
        { req, res },
      );
      const kept: Record<string, string> = {};
      for (const name of ['retry-after', 'access-control-allow-origin', 'access-control-allow-credentials']) {
        const value = response.headers.get(name);
        if (value) kept[name] = value;
      }
      return { status: response.status, body: await response.text(), headers: kept };
    });
    send(res, answer);
  };
  const health = healthHandler(services.db);
  const metricsRoute = metrics ? metricsHandler(metrics) : () => false;
  const graphiqlAssets = graphiqlAssetsHandler();
  const sesNotifications = sesNotificationsHandler({
    sns: config.mail.sns,
    db: services.db,
    queue: services.deliveries.queue,
    logger,
  });
  const server = createServer((req, res) => {
    res.setHeader(REQUEST_ID_HEADER, requestIdOf(req));
    if (serveDeliveryLog(req, res)) return;
    if (health(req, res) || metricsRoute(req, res) || graphiqlAssets(req, res) || sesNotifications.handle(req, res))
      return;
    if (req.method === 'POST' && req.headers[IDEMPOTENCY_HEADER] !== undefined && req.url?.startsWith('/graphql')) {
      idempotentGraphql(req, res).catch((err) => {
        logger.error({ err, requestId: requestIdOf(req) }, 'idempotent request failed');
        if (!res.headersSent) send(res, json(500, 'INTERNAL_SERVER_ERROR', 'Unexpected error.'));
      });
      return;
    }
    yoga(req, res);
  });

  const sockets = serveGraphqlWs(server, yoga, services, config.auth.adminToken, config.wsMaxConnectionsPerKey);

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
