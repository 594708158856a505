import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Metrics } from '../metrics.ts';

/** `GET /metrics`: the Prometheus text (contract 6); false for other paths. */
export function metricsHandler(metrics: Metrics) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.url?.split('?')[0] !== '/metrics') return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' });
      res.end('Method Not Allowed\n');
      return true;
    }
    metrics.scrape().then(
      ({ contentType, body }) => {
        res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      () => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('Could not collect the metrics.\n');
      },
    );
    return true;
  };
}
