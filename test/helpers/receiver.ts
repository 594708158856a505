import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from './wait.ts';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  receivedAt: number;
}

/** How the receiver answers the nth request (0-based); the default answers 200. */
export type Behavior = (req: ReceivedRequest, res: ServerResponse, index: number) => void;

export const answer =
  (status: number, body = '', headers: Record<string, string> = {}): Behavior =>
  (_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };

/** Never answers: the request is held until the receiver closes. */
export const hang: Behavior = () => undefined;

/** Sends headers and then one byte every `everyMs`, never finishing. */
export const trickle =
  (everyMs: number): Behavior =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const timer = setInterval(() => res.write('.'), everyMs);
    res.on('close', () => clearInterval(timer));
  };

/** A real HTTP receiver on 127.0.0.1:0 that records every request. */
export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  private behaviors: Behavior[] = [];
  private fallback: Behavior = answer(200, 'ok');
  private readonly server = createServer((req, res) => this.handle(req, res));
  url = '';

  static async start(): Promise<Receiver> {
    const receiver = new Receiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`;
    return receiver;
  }

  /** Answers the next requests with these behaviors, in order, then falls back to `fallback`. */
  respondWith(behaviors: Behavior[], fallback?: Behavior): this {
    this.behaviors = [...behaviors];
    if (fallback) this.fallback = fallback;
    return this;
  }

  always(behavior: Behavior): this {
    return this.respondWith([], behavior);
  }

  waitForRequests(count: number, timeoutMs = 10_000): Promise<ReceivedRequest[]> {
    return waitFor(() => this.requests.length >= count && this.requests.slice(0, count), {
      timeoutMs,
      what: `${count} request(s) at ${this.url} (got ${this.requests.length})`,
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
      };
      const index = this.requests.push(received) - 1;
      const behavior = this.behaviors.shift() ?? this.fallback;
      behavior(received, res, index);
    });
  }
}
