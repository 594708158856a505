/**
 * 1,000 graphql-ws subscribers (in a child process) to `events`, N events recorded through the
 * service (commit -> NOTIFY -> row load -> graphql-ws), beside the floor of the stack: a bare
 * graphql-yoga + graphql-ws server publishing the same payloads from an in-memory pub/sub.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { useServer } from 'graphql-ws/use/ws';
import { createPubSub, createSchema, createYoga } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { envelopedArgs, envelopedExecutors } from '../../src/api/graphql-ws.ts';

export interface SubscriptionFigures {
  messages: number;
  expected: number;
  messagesPerSecond: number;
  p50: number;
  p99: number;
  max: number;
}

export const SUBSCRIPTION_QUERY = 'subscription { events { id type inboxId messageId payload createdAt } }';
const now = () => performance.timeOrigin + performance.now();

interface Reply {
  type: string;
  [key: string]: unknown;
}

class Subscribers {
  private readonly child: ChildProcess;
  private readonly waiting = new Map<string, (reply: Reply) => void>();
  readonly errors: string[] = [];

  constructor() {
    this.child = fork(new URL('./ws-subscribers.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'] });
    this.child.on('message', (reply: Reply) => {
      if (reply.type === 'error') this.errors.push(String(reply.message));
      this.waiting.get(reply.type)?.(reply);
    });
  }

  ask(message: { type: string; [key: string]: unknown }, replyType = message.type, timeoutMs = 90_000): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${replyType} from subscribers`)), timeoutMs);
      this.waiting.set(replyType, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.child.send(message);
    });
  }

  async stop() {
    this.child.send({ type: 'stop' });
    await new Promise((resolve) => this.child.once('exit', resolve));
  }
}

/**
 * Opens `sockets` subscribers, calls `publish(i)` for each of `events` at `rate` per second (it
 * returns the event id, after commit), waits until every message arrived or the deadline passed.
 */
export async function measureSubscribers(options: {
  url: string;
  token?: string;
  sockets: number;
  events: number;
  rate: number;
  /** Events published first and not measured, so both servers are measured warm. */
  warmup?: number;
  publish: (index: number) => Promise<string>;
}): Promise<SubscriptionFigures> {
  const subscribers = new Subscribers();
  try {
    const ready = await subscribers.ask(
      { type: 'start', url: options.url, token: options.token, sockets: options.sockets, query: SUBSCRIPTION_QUERY },
      'ready',
    );
    if (ready.connected !== options.sockets)
      throw new Error(`only ${ready.connected} sockets connected: ${subscribers.errors[0]}`);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // let every subscription reach the server
    const warmup = options.warmup ?? 0;
    const published: Record<string, number> = {};
    let started = now();
    for (let i = 0; i < warmup + options.events; i++) {
      if (i === warmup) started = now();
      const due = started + ((i - (i >= warmup ? warmup : 0)) * 1000) / options.rate;
      const wait = due - now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const at = now();
      const id = await options.publish(i);
      if (i >= warmup) published[id] = at;
    }
    const expected = options.sockets * (warmup + options.events);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { messages } = await subscribers.ask({ type: 'count' });
      if ((messages as number) >= expected || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const report = await subscribers.ask({ type: 'report', published });
    const seconds = ((report.lastAt as number) - started) / 1000;
    const measured = (report.measured as number) ?? 0;
    return {
      messages: report.messages as number,
      expected,
      messagesPerSecond: measured / seconds,
      p50: report.p50 as number,
      p99: report.p99 as number,
      max: report.max as number,
    };
  } finally {
    await subscribers.stop();
  }
}

/** The floor: graphql-yoga + graphql-ws and an in-memory pub/sub, nothing else. */
export async function startFloorServer() {
  // Every subscriber listens on this one target: a thousand listeners are the benchmark, not a leak.
  const eventTarget = new EventTarget();
  setMaxListeners(0, eventTarget);
  const pubSub = createPubSub<{ events: [Record<string, unknown>] }>({ eventTarget });
  const yoga = createYoga({
    logging: false,
    schema: createSchema({
      typeDefs: /* GraphQL */ `
        scalar JSON
        type Event { id: ID! type: String! inboxId: ID messageId: ID payload: JSON! createdAt: String! }
        type Query { ok: Boolean }
        type Subscription { events: Event! }
      `,
      resolvers: {
        Subscription: { events: { subscribe: () => pubSub.subscribe('events'), resolve: (event: unknown) => event } },
      },
    }),
  });
  const server = createServer(yoga);
  const wss = new WebSocketServer({ server, path: '/graphql' });
  useServer(
    {
      ...envelopedExecutors,
      onSubscribe: (ctx, _id, payload) => envelopedArgs(yoga.getEnveloped({ ...ctx, params: payload }), payload),
    },
    wss,
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    publish: (event: Record<string, unknown>) => pubSub.publish('events', event),
    async stop() {
      for (const socket of wss.clients) socket.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Both measurements on one database: the service (ROLE=api) first, then the floor. */
export async function benchSubscriptions(
  databaseUrl: string,
  { sockets = 1000, events = 1000, rate = 15, warmup = 100, floor: withFloor = true } = {},
): Promise<{ service: SubscriptionFigures; floor: SubscriptionFigures | null }> {
  const { loadConfig } = await import('../../src/config.ts');
  const { createLogger } = await import('../../src/logger.ts');
  const { startService } = await import('../../src/service.ts');
  const { createOrganization } = await import('../../src/domain/organizations.ts');
  const { recordEvent } = await import('../../src/domain/events.ts');
  const { benchPayload } = await import('./payload.ts');

  const config = loadConfig({ DATABASE_URL: databaseUrl, PORT: '0', SMTP_PORT: '0', ROLE: 'api', LOG_LEVEL: 'silent' });
  const running = await startService(config, createLogger('silent'));
  let serviceFigures: SubscriptionFigures;
  try {
    const { organization, secret } = await createOrganization(running.services.db, 'Subscription bench');
    const { db, deliveries } = running.services;
    serviceFigures = await measureSubscribers({
      url: `ws://127.0.0.1:${running.port}/graphql`,
      token: secret,
      sockets,
      events,
      rate,
      warmup,
      publish: async () => {
        const event = await db.$transaction((tx) =>
          recordEvent(tx, deliveries.queue, {
            organizationId: organization.id,
            type: 'message.received',
            payload: benchPayload,
          }),
        );
        return event.id;
      },
    });
  } finally {
    await running.stop();
  }

  if (!withFloor) return { service: serviceFigures, floor: null };
  const floor = await startFloorServer();
  try {
    const floorFigures = await measureSubscribers({
      url: floor.url,
      sockets,
      events,
      rate,
      warmup,
      publish: async (index) => {
        const id = `evt_floor_${index}`;
        floor.publish({
          id,
          type: 'message.received',
          inboxId: null,
          messageId: null,
          payload: benchPayload,
          createdAt: new Date().toISOString(),
        });
        return id;
      },
    });
    return { service: serviceFigures, floor: floorFigures };
  } finally {
    await floor.stop();
  }
}
