import type { AddressInfo } from 'node:net';
import { createServer, type Socket } from 'node:net';

/** A TCP server that answers like a broken HTTP peer; for faults node:http will not produce. */
export async function startRawServer(onConnection: (socket: Socket) => void) {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Reads the request, then sends a status line and headers one byte at a time, never finishing. */
export function trickleHeaders(everyMs: number) {
  return (socket: Socket) => {
    const text = `HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\nx-slow: ${'a'.repeat(10_000)}`;
    let sent = 0;
    socket.once('data', () => {
      const timer = setInterval(() => {
        if (socket.destroyed || sent >= text.length) return clearInterval(timer);
        socket.write(text[sent++]);
      }, everyMs);
      socket.on('close', () => clearInterval(timer));
    });
  };
}
