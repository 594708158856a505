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
    const now = performance.now();
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
    /** performance.now() of the first arrival of each webhook-id since the last reset. */
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
