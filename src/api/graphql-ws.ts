import type { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { ExecutionArgs } from 'graphql';
import { GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { createYoga } from 'graphql-yoga';
import { type WebSocket, WebSocketServer } from 'ws';
import { resolveAuth } from '../schema/auth.ts';
import type { Auth, Context, Services } from '../schema/context.ts';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id.ts';

type Executor = (args: ExecutionArgs) => unknown;

/** graphql-ws runs what yoga's envelop prepared in onSubscribe, handed over as rootValue. */
export const envelopedExecutors = {
  execute: (args: ExecutionArgs) => (args.rootValue as { execute: Executor }).execute(args) as never,
  subscribe: (args: ExecutionArgs) => (args.rootValue as { subscribe: Executor }).subscribe(args) as never,
};

type Enveloped = ReturnType<ReturnType<typeof createYoga>['getEnveloped']>;

/** The execution arguments for one graphql-ws subscribe message, from yoga's envelop. */
export async function envelopedArgs(
  enveloped: Enveloped,
  payload: { query: string; operationName?: string | null; variables?: Record<string, unknown> | null },
) {
  const { schema, execute, subscribe, contextFactory, parse } = enveloped;
  return {
    schema,
    operationName: payload.operationName,
    document: parse(payload.query),
    variableValues: payload.variables,
    contextValue: await contextFactory(),
    rootValue: { execute, subscribe },
  };
}

export const MAX_SUBSCRIPTIONS_PER_SOCKET = 100;

const MAX_MESSAGE_BYTES = 64 * 1024;
const REVOCATION_SWEEP_MS = 5000;

interface SocketState {
  auth: Auth;
  subscriptions: Set<string>;
}

/** graphql-ws on the same path and port as HTTP; authentication in connection_init. */
export function serveGraphqlWs(
  server: ReturnType<typeof createServer>,
  yoga: ReturnType<typeof createYoga<{ req: IncomingMessage; res: ServerResponse }, Context>>,
  services: Services,
  adminToken: string | undefined,
  /** graphql-ws connections one API key may hold open on this process. */
  maxSocketsPerKey: number,
) {
  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: MAX_MESSAGE_BYTES });
  // A connection's subscriptions share the id of its upgrade request, echoed in the 101 response.
  wss.on('headers', (headers, request) => headers.push(`${REQUEST_ID_HEADER}: ${requestIdOf(request)}`));
  const states = new WeakMap<WebSocket, SocketState>();
  const byApiKey = new Map<string, Set<WebSocket>>();

  const closeRevoked = (apiKeyId: string) => {
    for (const socket of byApiKey.get(apiKeyId) ?? []) socket.close(4403, 'Forbidden: the API key was revoked');
  };
  const stopRevocations = services.live?.subscriber.on((notice) => {
    if (notice.kind === 'apiKeyRevoked') closeRevoked(notice.id);
  });
  // NOTIFY is not replayed after the LISTEN connection drops; this sweep bounds how long a
  // revoked key's socket can outlive a missed notification.
  const sweep = setInterval(() => {
    if (byApiKey.size === 0) return;
    services.db.apiKey
      .findMany({ where: { id: { in: [...byApiKey.keys()] }, revokedAt: { not: null } }, select: { id: true } })
      .then((revoked) => {
        for (const { id } of revoked) closeRevoked(id);
      })
      .catch(() => undefined);
  }, REVOCATION_SWEEP_MS);
  sweep.unref();

  useServer<Record<string, unknown>, { socket: WebSocket; request: IncomingMessage }>(
    {
      ...envelopedExecutors,
      onConnect: async (ctx) => {
        const header = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const auth = await resolveAuth(
          services.db,
          typeof header === 'string' ? header : undefined,
          adminToken,
          services.apiKeys,
        );
        if (auth.kind !== 'apiKey') return false; // graphql-ws closes with 4403 Forbidden
        const socket = ctx.extra.socket;
        if ((byApiKey.get(auth.apiKeyId)?.size ?? 0) >= maxSocketsPerKey) {
          socket.close(4429, `At most ${maxSocketsPerKey} connections per API key`);
          return false;
        }
        states.set(socket, { auth, subscriptions: new Set() });
        const group = byApiKey.get(auth.apiKeyId) ?? new Set();
        group.add(socket);
        byApiKey.set(auth.apiKeyId, group);
        socket.once('close', () => {
          group.delete(socket);
          if (group.size === 0) byApiKey.delete(auth.apiKeyId);
        });
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        const socket = ctx.extra.socket;
        const state = states.get(socket);
        if (!state) return [new GraphQLError('Not authenticated.')];
        if (state.subscriptions.size >= MAX_SUBSCRIPTIONS_PER_SOCKET) {
          return [
            new GraphQLError(
              `At most ${MAX_SUBSCRIPTIONS_PER_SOCKET} subscriptions may be active on one connection; complete one first or open another connection.`,
              { extensions: { code: 'RATE_LIMITED' } },
            ),
          ];
        }
        // Counted before the first await: a burst of subscribe messages cannot pass the cap together.
        state.subscriptions.add(id);
        const enveloped = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket,
          params: payload,
          auth: state.auth,
        });
        try {
          const args = await envelopedArgs(enveloped, payload);
          const errors = enveloped.validate(args.schema, args.document);
          if (errors.length) {
            state.subscriptions.delete(id);
            return errors;
          }
          return args;
        } catch (error) {
          state.subscriptions.delete(id);
          // A bad document fails this subscription only, not the socket's other ones.
          return [error instanceof GraphQLError ? error : new GraphQLError('Unexpected error.')];
        }
      },
      onComplete: (ctx, id) => {
        states.get(ctx.extra.socket)?.subscriptions.delete(id);
      },
      onError: (ctx, id) => {
        states.get(ctx.extra.socket)?.subscriptions.delete(id);
      },
    },
    wss,
  );

  return {
    close() {
      clearInterval(sweep);
      stopRevocations?.();
      for (const socket of wss.clients) socket.close(1001, 'Server shutting down');
      wss.close();
    },
  };
}
