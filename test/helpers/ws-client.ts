import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { waitFor } from './wait.ts';

export interface WsConnection {
  client: Client;
  closed: Promise<{ code: number; reason: string }>;
}

/** A real graphql-ws client; `closed` settles with the close code the server chose. */
export function connectWs(baseUrl: string, token?: string): WsConnection {
  let onClosed: (value: { code: number; reason: string }) => void = () => undefined;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    onClosed = resolve;
  });
  const client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    lazy: false,
    onNonLazyError: () => undefined, // surfaced through `closed` instead
    retryAttempts: 0,
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        onClosed({ code, reason: String(reason) });
      },
    },
  });
  return { client, closed };
}

export interface Subscription<T> {
  items: T[];
  errors: unknown[];
  completed: boolean;
  waitForItems(count: number, timeoutMs?: number): Promise<T[]>;
  dispose(): void;
}

export function subscribe<T, V extends Record<string, unknown>>(
  client: Client,
  document: TypedDocumentNode<T, V>,
  variables?: V,
): Subscription<T> {
  const subscription: Subscription<T> = {
    items: [],
    errors: [],
    completed: false,
    waitForItems: (count, timeoutMs = 10_000) =>
      waitFor(() => subscription.items.length >= count && subscription.items.slice(0, count), {
        timeoutMs,
        what: `${count} subscription item(s) (got ${subscription.items.length}, errors ${JSON.stringify(subscription.errors)})`,
      }),
    dispose: () => undefined,
  };
  subscription.dispose = client.subscribe<T>(
    { query: print(document), variables },
    {
      next: (value) => {
        if (value.errors) subscription.errors.push(...value.errors);
        if (value.data) subscription.items.push(value.data as T);
      },
      error: (error) => subscription.errors.push(error),
      complete: () => {
        subscription.completed = true;
      },
    },
  );
  return subscription;
}
