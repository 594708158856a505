import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';

export const REQUEST_ID_HEADER = 'x-request-id';

// A caller's id is logged and echoed as it is, so only ids that cannot forge a log field or a header pass.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,200}$/;

/** The caller's `x-request-id` when it is safe to log and echo, else a new id. */
export function requestIdFrom(header: string | string[] | null | undefined): string {
  return typeof header === 'string' && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
}

const idsByRequest = new WeakMap<IncomingMessage, string>();

/** One id per HTTP request, or per WebSocket connection (its upgrade request), however often asked. */
export function requestIdOf(req: IncomingMessage): string {
  let id = idsByRequest.get(req);
  if (id === undefined) {
    id = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    idsByRequest.set(req, id);
  }
  return id;
}

/** What yoga's context is built from: the node request, or only a fetch Request (`yoga.fetch`). */
export interface RequestOrigin {
  req?: IncomingMessage;
  request?: Request;
}

export function requestIdOfOrigin(origin: RequestOrigin): string {
  return origin.req ? requestIdOf(origin.req) : requestIdFrom(origin.request?.headers.get(REQUEST_ID_HEADER));
}

/**
 * yoga calls maskError with an error and nothing else. This plugin sees the errors before yoga masks
 * them (plugins given to yoga run before its masking) and notes which request each came from, so the
 * unexpected ones are logged with their request's id.
 */
export function errorRequestIds() {
  const ids = new WeakMap<object, string>();
  const note = (errors: readonly unknown[] | undefined, requestId: string | undefined) => {
    if (requestId === undefined) return;
    for (const error of errors ?? []) if (typeof error === 'object' && error !== null) ids.set(error, requestId);
  };
  const plugin: Plugin<{ requestId?: string } & RequestOrigin> = {
    onPluginInit({ registerContextErrorHandler }) {
      // The context could not be built, so it has no requestId yet; the request it came from has one.
      registerContextErrorHandler(({ error, context }) => note([error], requestIdOfOrigin(context as RequestOrigin)));
    },
    onExecute: ({ args }) => ({
      onExecuteDone: (payload) =>
        handleStreamOrSingleExecutionResult(payload, ({ result }) => note(result.errors, args.contextValue.requestId)),
    }),
    onSubscribe: ({ args }) => ({
      onSubscribeResult: (payload) =>
        handleStreamOrSingleExecutionResult(payload, ({ result }) => note(result.errors, args.contextValue.requestId)),
      onSubscribeError: ({ error }) => note([error], args.contextValue.requestId),
    }),
  };
  return {
    plugin,
    of: (error: unknown): string | undefined =>
      typeof error === 'object' && error !== null ? ids.get(error) : undefined,
  };
}
