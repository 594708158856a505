import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { SqlExecutor } from '../db/executor.ts';

/** How long `/readyz` waits for the database before answering 503. */
export const READY_TIMEOUT_MS = 2000;

/** `/healthz` while the process runs, `/readyz` while the database answers; false for other paths. */
export function healthHandler(db: SqlExecutor, timeoutMs = READY_TIMEOUT_MS) {
  // One check at a time, shared by the requests that come meanwhile: a database that hangs holds one
  // pool connection (until the query times out), not one per request.
  let check: Promise<boolean> | null = null;
  const ready = () => {
    check ??= Promise.resolve(db.$queryRaw`SELECT 1`)
      .then(
        () => true,
        () => false,
      )
      .finally(() => {
        check = null;
      });
    return Promise.race([check, delay(timeoutMs, false, { ref: false })]);
  };
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = req.url?.split('?')[0];
    if (path === '/healthz') {
      respond(res, 200, { status: 'ok' });
      return true;
    }
    if (path === '/readyz') {
      void ready().then((ok) =>
        ok ? respond(res, 200, { status: 'ready' }) : respond(res, 503, { status: 'database unavailable' }),
      );
      return true;
    }
    return false;
  };
}

/** What a ROLE=worker process serves on PORT: health checks, and `more` (the metrics). */
export async function startHealthServer(
  db: SqlExecutor,
  port: number,
  more?: (req: IncomingMessage, res: ServerResponse) => boolean,
) {
  const health = healthHandler(db);
  const server = createServer((req, res) => {
    if (!health(req, res) && !more?.(req, res))
      respond(res, 404, { error: 'This is a worker process; the API is served by ROLE=api or all.' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function respond(res: ServerResponse, status: number, body: object) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
