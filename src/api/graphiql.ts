import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { GraphiQLOptions } from 'graphql-yoga';

/**
 * GraphiQL served entirely by the service (contract 6.2): the page and every script, style, worker
 * and font come from here, so it works offline and no third party runs code where people paste
 * their keys. The assets are those @graphql-yoga/render-graphiql bundles (fonts and images inlined
 * as data: URLs); its own renderGraphiQL inlines all 9 MB of them into every page, so they are
 * served as files instead, named by their hash and cached for good.
 */
export const GRAPHIQL_ASSETS_PATH = '/graphiql/';

interface Asset {
  path: string;
  contentType: string;
  body: Buffer;
  gzipped?: Promise<Buffer>;
}

interface Assets {
  byPath: Map<string, Asset>;
  favicon: string;
  stylesheet: string;
  scripts: string[];
}

const JAVASCRIPT = 'text/javascript; charset=utf-8';
const gzipAsync = promisify(gzip);

let assets: Promise<Assets> | undefined;

/** Built once per process, on the first request for the page or an asset (the bundle is 9 MB). */
function loadAssets(): Promise<Assets> {
  assets ??= import('@graphql-yoga/render-graphiql/graphiql').then((bundle) => {
    const byPath = new Map<string, Asset>();
    const add = (name: string, extension: string, contentType: string, body: Buffer) => {
      const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
      const asset = { path: `${GRAPHIQL_ASSETS_PATH}${name}.${hash}.${extension}`, contentType, body };
      byPath.set(asset.path, asset);
      return asset.path;
    };
    const workers = {
      editorWorkerService: add('editor.worker', 'js', JAVASCRIPT, Buffer.from(bundle.editorWorkerService)),
      json: add('json.worker', 'js', JAVASCRIPT, Buffer.from(bundle.jsonWorker)),
      graphql: add('graphql.worker', 'js', JAVASCRIPT, Buffer.from(bundle.graphqlWorker)),
    };
    const icon = /^data:([^;,]+);base64,(.*)$/s.exec(bundle.favicon);
    // What render-graphiql's own page does, with the workers loaded from here rather than from blobs.
    const start = `self.MonacoEnvironment = {
  globalAPI: false,
  getWorkerUrl: function (moduleId, label) { return ${JSON.stringify(workers)}[label]; },
};
YogaGraphiQL.renderYogaGraphiQL(
  document.getElementById('root'),
  JSON.parse(document.getElementById('graphiql-options').textContent),
);
`;
    return {
      byPath,
      favicon: icon ? add('favicon', 'ico', icon[1], Buffer.from(icon[2], 'base64')) : '',
      stylesheet: add('graphiql', 'css', 'text/css; charset=utf-8', Buffer.from(bundle.css)),
      scripts: [
        add('graphiql', 'js', JAVASCRIPT, Buffer.from(bundle.js)),
        add('start', 'js', JAVASCRIPT, Buffer.from(start)),
      ],
    };
  });
  return assets;
}

/** yoga's renderGraphiQL: the page, referring only to the assets below. */
export async function renderGraphiqlPage(options: GraphiQLOptions): Promise<string> {
  const { favicon, stylesheet, scripts } = await loadAssets();
  const title = escapeHtml(options.title ?? 'GraphiQL');
  // Inert JSON, not code: `<` escaped so that no value can end the element.
  const json = JSON.stringify(options)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${title}</title>
    ${favicon ? `<link rel="icon" href="${favicon}" />` : ''}
    <link rel="stylesheet" href="${stylesheet}" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run GraphiQL.</noscript>
    <div id="root"></div>
    <script type="application/json" id="graphiql-options">${json}</script>
    ${scripts.map((src) => `<script src="${src}"></script>`).join('\n    ')}
  </body>
</html>
`;
}

/** `GET /graphiql/<name>.<hash>.<ext>`; false for other paths. */
export function graphiqlAssetsHandler() {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = req.url?.split('?')[0] ?? '';
    if (!path.startsWith(GRAPHIQL_ASSETS_PATH)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' });
      res.end('Method Not Allowed\n');
      return true;
    }
    serveAsset(req, res, path).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    });
    return true;
  };
}

async function serveAsset(req: IncomingMessage, res: ServerResponse, path: string) {
  const asset = (await loadAssets()).byPath.get(path);
  if (!asset) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('Not Found\n');
    return;
  }
  const headers: Record<string, string> = {
    'content-type': asset.contentType,
    // The name changes with the content.
    'cache-control': 'public, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
    vary: 'accept-encoding',
  };
  let body = asset.body;
  if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    asset.gzipped ??= gzipAsync(asset.body);
    body = await asset.gzipped;
    headers['content-encoding'] = 'gzip';
  }
  headers['content-length'] = String(body.length);
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}
