import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';

interface Pair {
  client: Socket;
  upstream?: Socket;
  /** Blackholed: its bytes were dropped, so its stream can never be used again. */
  dropped: boolean;
}

/**
 * A TCP proxy on 127.0.0.1:0 in front of `target` that can forward, blackhole (accept connections
 * and drop every byte both ways while keeping the sockets open, as a silent network partition
 * does) and heal (forward again; connections that lost bytes are closed, as they would have timed out).
 */
export class TcpProxy {
  private readonly pairs = new Set<Pair>();
  private holing = false;
  port = 0;

  private constructor(
    private readonly server: Server,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    let proxy: TcpProxy | undefined;
    const server = createServer((client) => proxy?.accept(client));
    proxy = new TcpProxy(server, target);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy.port = (server.address() as { port: number }).port;
    return proxy;
  }

  /** `url` with its host and port replaced by the proxy's. */
  urlFor(url: string): string {
    const parsed = new URL(url);
    parsed.hostname = '127.0.0.1';
    parsed.port = String(this.port);
    return parsed.toString();
  }

  blackhole(): void {
    this.holing = true;
    for (const pair of this.pairs) pair.dropped = true;
  }

  heal(): void {
    this.holing = false;
    for (const pair of this.pairs) {
      if (pair.dropped) this.destroy(pair);
    }
  }

  async close(): Promise<void> {
    for (const pair of this.pairs) this.destroy(pair);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket) {
    const pair: Pair = { client, dropped: this.holing };
    this.pairs.add(pair);
    // A closed or failed side ends its pair, unless the pair is blackholed: nothing gets through then.
    const lost = () => {
      if (!pair.dropped) this.destroy(pair);
    };
    client.on('error', lost).on('close', lost);
    if (pair.dropped) {
      client.on('data', () => undefined);
      return;
    }
    const upstream = tcpConnect(this.target.port, this.target.host);
    pair.upstream = upstream;
    upstream.on('error', lost).on('close', lost);
    client.on('data', (chunk) => {
      if (!pair.dropped) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!pair.dropped) client.write(chunk);
    });
  }

  private destroy(pair: Pair) {
    this.pairs.delete(pair);
    pair.client.destroy();
    pair.upstream?.destroy();
  }
}
