import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the figures need of a receiver: requests counted, and when (epoch ms) each webhook-id first arrived. */
export class ArrivalTally {
  readonly arrivals = new Map<string, number>();
  count = 0;
  /** When the first request since the last reset arrived (0: none yet). */
  first = 0;
  /** With `keepNew`: arrivals not yet taken by takeNew() (the child process reports them). */
  private fresh: Array<[string, number]> | null;

  constructor({ keepNew = false } = {}) {
    this.fresh = keepNew ? [] : null;
  }

  record(id: string | undefined, at: number) {
    if (this.count++ === 0) this.first = at;
    if (id === undefined || this.arrivals.has(id)) return;
    this.arrivals.set(id, at);
    this.fresh?.push([id, at]);
  }

  takeNew(): Array<[string, number]> {
    const taken = this.fresh ?? [];
    if (this.fresh) this.fresh = [];
    return taken;
  }

  reset() {
    this.arrivals.clear();
    this.count = 0;
    this.first = 0;
    if (this.fresh) this.fresh = [];
  }
}

/**
 * The benchmark's webhook receiver on 127.0.0.1:0: answers 200 as soon as the request head is
 * parsed and keeps only what the figures need (sub-millisecond arrival time per webhook-id), unlike
 * test/helpers/receiver.ts, which buffers and stores every request.
 */
export async function startBenchReceiver({ keepNew = false } = {}) {
  const tally = new ArrivalTally({ keepNew });
  const server = createServer((req, res) => {
    const id = req.headers['webhook-id'];
    tally.record(typeof id === 'string' ? id : undefined, performance.timeOrigin + performance.now());
    req.resume();
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
    res.end('ok');
  });
  // Longer than any client's keep-alive, so the server never closes a pooled connection first.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tally,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * The same receiver in a child process (test/bench/receiver-child.ts), so that the CPU figures of
 * this process do not include serving webhooks. What it counts reaches this process within about
 * 20 ms; `reset()` resolves once the child has reset.
 */
export async function startRemoteBenchReceiver() {
  const child = fork(new URL('./receiver-child.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'] });
  const tally = new ArrivalTally();
  let nextAck = 0;
  const acks = new Map<number, () => void>();
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`receiver exited (${code})`)));
    child.on(
      'message',
      (message: { url?: string; ack?: number; count?: number; first?: number; arrivals?: Array<[string, number]> }) => {
        if (message.url) return resolve(message.url);
        if (message.ack !== undefined) return acks.get(message.ack)?.();
        tally.count = message.count ?? tally.count;
        tally.first = message.first ?? tally.first;
        for (const [id, at] of message.arrivals ?? []) if (!tally.arrivals.has(id)) tally.arrivals.set(id, at);
      },
    );
  });
  return {
    url,
    tally,
    reset: () =>
      new Promise<void>((resolve) => {
        const id = nextAck++;
        acks.set(id, () => {
          tally.reset();
          resolve();
        });
        child.send({ reset: true, id });
      }),
    async close() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
