import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The benchmark's webhook receiver on 127.0.0.1:0: answers 200 as soon as the request head is
 * parsed and keeps only what the figures need (sub-millisecond arrival time per webhook-id), unlike
 * test/helpers/receiver.ts, which buffers and stores every request.
 */
export async function startBenchReceiver() {
  const arrivals = new Map<string, number>();
  let count = 0;
  let first = 0;
  let last = 0;
  const server = createServer((req, res) => {
    const now = performance.timeOrigin + performance.now();
    if (count === 0) first = now;
    last = now;
    count++;
    const id = req.headers['webhook-id'];
    if (typeof id === 'string' && !arrivals.has(id)) arrivals.set(id, now);
    req.resume();
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
    res.end('ok');
  });
  // Longer than any client's keep-alive, so the server never closes a pooled connection first.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** When (epoch ms) each webhook-id first arrived since the last reset. */
    arrivals,
    get count() {
      return count;
    },
    get first() {
      return first;
    },
    get last() {
      return last;
    },
    reset() {
      arrivals.clear();
      count = 0;
      first = 0;
      last = 0;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type BenchReceiver = Awaited<ReturnType<typeof startBenchReceiver>>;

/**
 * The same receiver in a child process (test/bench/receiver-child.ts): what it counts reaches this
 * process within about 20 ms; `settle()` waits until it has.
 */
export async function startRemoteBenchReceiver() {
  const child = fork(new URL('./receiver-child.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'] });
  const arrivals = new Map<string, number>();
  let count = 0;
  let first = 0;
  let last = 0;
  let nextAck = 0;
  const acks = new Map<number, () => void>();
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`receiver exited (${code})`)));
    child.on(
      'message',
      (message: {
        url?: string;
        ack?: number;
        count?: number;
        first?: number;
        last?: number;
        arrivals?: Array<[string, number]>;
      }) => {
        if (message.url) return resolve(message.url);
        if (message.ack !== undefined) return acks.get(message.ack)?.();
        count = message.count ?? count;
        first = message.first ?? first;
        last = message.last ?? last;
        for (const [id, at] of message.arrivals ?? []) if (!arrivals.has(id)) arrivals.set(id, at);
      },
    );
  });
  const ask = (message: object) =>
    new Promise<void>((resolve) => {
      const id = nextAck++;
      acks.set(id, resolve);
      child.send({ ...message, id });
    });
  return {
    url,
    arrivals,
    get count() {
      return count;
    },
    get first() {
      return first;
    },
    get last() {
      return last;
    },
    async reset() {
      await ask({ reset: true });
      arrivals.clear();
      count = 0;
      first = 0;
      last = 0;
    },
    async close() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
