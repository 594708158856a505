import type {
  CreateInboxInput,
  CreateWebhookInput,
  DeliveryFieldsFragment,
  DeliveryFilter,
  InboxFieldsFragment,
  MessageFieldsFragment,
  MessageFilter,
  ReplyInput,
  SendMessageInput,
  UpdateWebhookInput,
  WebhookFieldsFragment,
} from './gql/graphql.js';
import * as ops from './operations.js';

export type Webhook = WebhookFieldsFragment;
export type Delivery = DeliveryFieldsFragment;
export type Inbox = InboxFieldsFragment;
export type Message = MessageFieldsFragment;
export type LiveEvent = {
  id: string;
  type: string;
  messageId: string | null;
  inboxId: string | null;
  payload: unknown;
  createdAt: string;
};

export interface SendookOptions {
  /** Where the service runs, e.g. http://localhost:4000. */
  baseUrl?: string;
  /** Another fetch (tests, proxies); the global one by default. */
  fetch?: typeof fetch;
  /** Abort a request after this long (default 30 s). */
  timeoutMs?: number;
  /** For live events on Node 20, which has no global WebSocket: `(await import('ws')).default`. */
  webSocketImpl?: unknown;
}

interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string; field?: string; [key: string]: unknown };
}

/** Every failure: HTTP status, the contract's error code (NOT_FOUND, BAD_USER_INPUT...) and the field at fault. */
export class SendookError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly errors: GraphQLErrorBody[] = [],
  ) {
    super(message);
    this.name = 'SendookError';
  }

  get field(): string | undefined {
    return this.errors[0]?.extensions?.field;
  }
}

/** A document with its result and variable types (codegen's string documents). */
interface Document<TResult, TVariables> {
  toString(): string;
  __apiType?: (variables: TVariables) => TResult;
}

type Page = { edges: Array<{ node: unknown }>; pageInfo: { hasNextPage: boolean; endCursor?: string | null } };

/** Sendook's event service: webhooks, inboxes, messages, deliveries and live events. */
export class Sendook {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private live: { dispose(): void | Promise<void> } | null = null;

  constructor(
    private readonly apiKey: string,
    private readonly options: SendookOptions = {},
  ) {
    this.baseUrl = (options.baseUrl ?? 'http://localhost:4000').replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Any operation of the API (the escape hatch), typed when given a generated document. */
  async request<TResult, TVariables>(
    document: Document<TResult, TVariables> | string,
    variables?: TVariables,
    init: { idempotencyKey?: string } = {},
  ): Promise<TResult> {
    const response = await this.fetchImpl(`${this.baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        authorization: `Bearer ${this.apiKey}`,
        ...(init.idempotencyKey ? { 'idempotency-key': init.idempotencyKey } : {}),
      },
      body: JSON.stringify({ query: document.toString(), variables }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    let body: { data?: TResult | null; errors?: GraphQLErrorBody[] };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw new SendookError(`The service answered ${response.status} without JSON.`, response.status, 'BAD_RESPONSE');
    }
    if (body.errors?.length || body.data == null) {
      const first = body.errors?.[0];
      const code = first?.extensions?.code ?? (response.ok ? 'UNKNOWN' : `HTTP_${response.status}`);
      const status = response.ok ? statusOf(code) : response.status;
      throw new SendookError(first?.message ?? `Request failed (${response.status}).`, status, code, body.errors);
    }
    return body.data;
  }

  readonly webhook = {
    create: async (input: CreateWebhookInput) => (await this.request(ops.CreateWebhook, { input })).createWebhook,
    list: (options: { limit?: number } = {}) =>
      this.all(ops.ListWebhooks, {}, (d) => d.webhooks, options.limit) as Promise<Webhook[]>,
    get: async (id: string) => found((await this.request(ops.GetWebhook, { id })).webhook, 'webhook', id),
    update: async (id: string, input: UpdateWebhookInput) =>
      (await this.request(ops.UpdateWebhook, { id, input })).updateWebhook,
    delete: async (id: string) => (await this.request(ops.DeleteWebhook, { id })).deleteWebhook,
    /** Sends the test request once and resolves with the finished delivery. */
    test: async (id: string) => (await this.request(ops.TestWebhook, { id })).testWebhook,
  };

  readonly inbox = {
    create: async (input: CreateInboxInput = {}) => (await this.request(ops.CreateInbox, { input })).createInbox,
    list: (options: { limit?: number } = {}) =>
      this.all(ops.ListInboxes, {}, (d) => d.inboxes, options.limit) as Promise<Inbox[]>,
    get: async (id: string) => found((await this.request(ops.GetInbox, { id })).inbox, 'inbox', id),
    delete: async (id: string) => (await this.request(ops.DeleteInbox, { id })).deleteInbox,
  };

  readonly message = {
    send: async (input: SendMessageInput, init: { idempotencyKey?: string } = {}) =>
      (await this.request(ops.SendMessage, { input }, init)).sendMessage,
    reply: async (id: string, input: ReplyInput) =>
      (await this.request(ops.ReplyToMessage, { id, input })).replyToMessage,
    list: (filter: MessageFilter = {}, options: { limit?: number } = {}) =>
      this.all(ops.ListMessages, { filter }, (d) => d.messages, options.limit) as Promise<Message[]>,
    get: async (id: string) => found((await this.request(ops.GetMessage, { id })).message, 'message', id),
  };

  readonly delivery = {
    list: (filter: DeliveryFilter = {}, options: { limit?: number } = {}) =>
      this.all(ops.ListDeliveries, { filter }, (d) => d.deliveries, options.limit) as Promise<Delivery[]>,
    get: async (id: string) => found((await this.request(ops.GetDelivery, { id })).delivery, 'delivery', id),
    /** One new attempt now, with the same webhook-id; resolves with the finished delivery. */
    retry: async (id: string) => (await this.request(ops.RetryDelivery, { id })).retryDelivery,
  };

  readonly events = {
    /**
     * The organization's events as they are recorded, over graphql-ws (install `graphql-ws`, and
     * on Node 20 `ws`). With `after`, what was recorded after that event comes first, in order.
     */
    stream: (filter: { types?: string[]; inboxId?: string; after?: string } = {}): AsyncIterableIterator<LiveEvent> =>
      this.subscribe<{ events: LiveEvent }, LiveEvent>(ops.EVENTS_SUBSCRIPTION, filter, (d) => d.events),
  };

  /** Ends live streams and closes their connection. */
  async close(): Promise<void> {
    await this.live?.dispose();
    this.live = null;
  }

  /** Every page of a connection, up to `limit` items (default: all, 100 per request). */
  private async all<TResult, TVariables>(
    document: Document<TResult, TVariables>,
    variables: Omit<TVariables, 'first' | 'after'>,
    pick: (data: TResult) => Page,
    limit = Number.POSITIVE_INFINITY,
  ): Promise<unknown[]> {
    const items: unknown[] = [];
    let after: string | null | undefined = null;
    for (;;) {
      const first = Math.min(100, limit - items.length);
      const page = pick(await this.request(document, { ...variables, first, after } as TVariables));
      items.push(...page.edges.map((edge) => edge.node));
      after = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage || !after || items.length >= limit) return items;
    }
  }

  private subscribe<TData, TItem>(
    query: string,
    variables: Record<string, unknown>,
    pick: (data: TData) => TItem,
  ): AsyncIterableIterator<TItem> {
    const self = this;
    async function* iterate() {
      const client = await self.liveClient();
      for await (const result of client.iterate({ query, variables }) as AsyncIterable<{
        data?: TData;
        errors?: GraphQLErrorBody[];
      }>) {
        if (result.errors?.length) {
          const code = result.errors[0].extensions?.code ?? 'UNKNOWN';
          throw new SendookError(result.errors[0].message, statusOf(code), code, result.errors);
        }
        if (result.data) yield pick(result.data);
      }
    }
    return iterate();
  }

  private async liveClient() {
    // Loaded only for live streams: graphql-ws is an optional peer dependency.
    const { createClient } = (await import('graphql-ws/client' as string)) as {
      createClient(options: Record<string, unknown>): {
        iterate(payload: { query: string; variables: Record<string, unknown> }): AsyncIterable<unknown>;
        dispose(): void | Promise<void>;
      };
    };
    if (!this.live) {
      this.live = createClient({
        url: `${this.baseUrl.replace(/^http/, 'ws')}/graphql`,
        connectionParams: { authorization: `Bearer ${this.apiKey}` },
        ...(this.options.webSocketImpl ? { webSocketImpl: this.options.webSocketImpl } : {}),
        lazy: true,
        retryAttempts: 0,
      });
    }
    return this.live as unknown as {
      iterate(payload: { query: string; variables: Record<string, unknown> }): AsyncIterable<unknown>;
    };
  }
}

function found<T>(value: T | null | undefined, what: string, id: string): T {
  if (value == null)
    throw new SendookError(`No ${what} with id "${id}" exists in this organization.`, 404, 'NOT_FOUND');
  return value;
}

const STATUS_OF_CODE: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  BAD_USER_INPUT: 400,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
};

function statusOf(code: string): number {
  return STATUS_OF_CODE[code] ?? 500;
}

export default Sendook;
