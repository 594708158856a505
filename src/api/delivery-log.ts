import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const DELIVERY_LOG_PATH = '/deliveries';

const page = readFileSync(new URL('./delivery-log.html', import.meta.url), 'utf8');

/** CSP hashes of the page's inline blocks: the page runs its own script and style and nothing else. */
const hashes = (tag: string) =>
  [...page.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map(
    ([, body]) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`,
  );

/**
 * Contract 6.2: nothing from another host. No 'unsafe-inline' or 'unsafe-eval'; `'self'` in
 * connect-src covers the same-origin ws:/wss: GraphQL socket (CSP Level 3).
 */
export const DELIVERY_LOG_CSP = [
  "default-src 'none'",
  `script-src ${hashes('script').join(' ')}`,
  `style-src ${hashes('style').join(' ')}`,
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const headers = {
  'content-type': 'text/html; charset=utf-8',
  'content-length': String(Buffer.byteLength(page)),
  'content-security-policy': DELIVERY_LOG_CSP,
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

/** `GET /deliveries`: the delivery log page (static; it talks to /graphql with the key it asks for). False for other paths. */
export function serveDeliveryLog(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.url?.split('?')[0] !== DELIVERY_LOG_PATH) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
    res.end('Method Not Allowed');
    return true;
  }
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : page);
  return true;
}
