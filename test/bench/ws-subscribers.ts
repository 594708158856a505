/**
 * Child process of the subscription benchmark: opens N graphql-ws sockets, one subscription each,
 * and timestamps every message; the parent later sends the publish times to turn them into latencies.
 */
import { performance } from 'node:perf_hooks';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

interface Start {
  url: string;
  token?: string;
  sockets: number;
  query: string;
}

const now = () => performance.timeOrigin + performance.now();
const send = (message: object) => process.send?.(message);
const receipts = new Map<string, number[]>();
let messages = 0;
let firstAt = Number.POSITIVE_INFINITY;
let lastAt = 0;
const clients: Array<ReturnType<typeof createClient>> = [];

async function start({ url, token, sockets, query }: Start) {
  let connected = 0;
  for (let i = 0; i < sockets; i++) {
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: (error) => send({ type: 'error', message: String(error) }),
      on: { connected: () => void connected++ },
    });
    clients.push(client);
    client.subscribe<{ events: { id: string } }>(
      { query },
      {
        next: ({ data }) => {
          const at = now();
          const id = data?.events.id;
          if (!id) return;
          messages++;
          if (at < firstAt) firstAt = at;
          lastAt = at;
          const list = receipts.get(id);
          if (list) list.push(at);
          else receipts.set(id, [at]);
        },
        error: (error) => send({ type: 'error', message: JSON.stringify(error) }),
        complete: () => undefined,
      },
    );
    if (i % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const deadline = Date.now() + 60_000;
  while (connected < sockets && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  send({ type: 'ready', connected });
}

function report(published: Record<string, number>) {
  const latencies: number[] = [];
  for (const [id, times] of receipts) {
    const at = published[id];
    if (at === undefined) continue;
    for (const t of times) latencies.push(t - at);
  }
  const measured = latencies.length;
  latencies.sort((a, b) => a - b);
  const pick = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
  send({
    type: 'report',
    messages,
    measured,
    seconds: (lastAt - firstAt) / 1000,
    firstAt,
    lastAt,
    p50: pick(50),
    p99: pick(99),
    max: latencies[latencies.length - 1],
  });
}

process.on('message', (message: { type: string } & Record<string, unknown>) => {
  if (message.type === 'start') void start(message as unknown as Start);
  if (message.type === 'count') send({ type: 'count', messages });
  if (message.type === 'report') report(message.published as Record<string, number>);
  if (message.type === 'stop') {
    for (const client of clients) void client.dispose();
    setTimeout(() => process.exit(0), 200);
  }
});
