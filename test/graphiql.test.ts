import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultGraphiqlQuery } from '../src/schema/graphiql.ts';
import { startTestService, type TestService } from './helpers/service.ts';

// Contract 6.2: GraphiQL and everything it loads come from the service. (Part 3's browser test runs
// it with every other host blocked; this one reads what the page refers to.)

let service: TestService;
beforeAll(async () => {
  service = await startTestService();
});
afterAll(async () => {
  await service?.stop();
});

async function page() {
  const response = await fetch(`${service.baseUrl}/graphql`, { headers: { accept: 'text/html' } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  return response.text();
}

/** Every URL the page's elements refer to (src, href), with the tag they are on. */
function references(html: string) {
  return [...html.matchAll(/<(\w+)\b[^>]*?\s(?:src|href)\s*=\s*["']?([^"'\s>]+)/gi)].map((m) => ({
    tag: m[1].toLowerCase(),
    url: m[2],
  }));
}

const expectedType = (path: string) =>
  path.endsWith('.js') ? /^text\/javascript/ : path.endsWith('.css') ? /^text\/css/ : /^image\//;

it('serves a page that refers to nothing on another host, with the title and the default document', async () => {
  const html = await page();
  expect(html).toContain('<title>Sendook events</title>');

  const refs = references(html);
  expect(refs.filter((r) => r.tag === 'script')).toHaveLength(2);
  expect(refs.filter((r) => r.tag === 'link').length).toBeGreaterThanOrEqual(2); // stylesheet and icon
  for (const { tag, url } of refs) {
    expect(url, `<${tag}> ${url}`).toMatch(/^\/[^/]/); // a path on this service: no scheme, no //host
  }
  expect(html).not.toMatch(/unpkg|jsdelivr|googleapis|cdn\./i);
  // Scripts only by src: no inline code (the options are inert JSON).
  for (const [, attributes, body] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (body.trim()) expect(attributes).toContain('type="application/json"');
  }

  const options = JSON.parse(
    /<script type="application\/json" id="graphiql-options">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? 'null',
  );
  expect(options).toMatchObject({ title: 'Sendook events', defaultQuery: defaultGraphiqlQuery });
});

it('serves every asset the page and its workers refer to, with its content type, from here', async () => {
  const html = await page();
  const paths = references(html).map((r) => r.url);
  const fetched = new Map<string, string>();
  for (const path of paths) {
    const response = await fetch(`${service.baseUrl}${path}`);
    expect(response.status, path).toBe(200);
    expect(response.headers.get('content-type'), path).toMatch(expectedType(path));
    expect(response.headers.get('cache-control'), path).toContain('immutable');
    fetched.set(path, await response.text());
  }

  // The editor's workers, named in the start script, come from here too.
  const start = [...fetched].find(([path]) => path.includes('/start.'))?.[1] ?? '';
  const workers = [...start.matchAll(/"(\/graphiql\/[^"]+\.js)"/g)].map((m) => m[1]);
  expect(workers).toHaveLength(3);
  for (const path of workers) {
    const response = await fetch(`${service.baseUrl}${path}`);
    expect(response.status, path).toBe(200);
    expect(response.headers.get('content-type'), path).toMatch(/^text\/javascript/);
  }

  // The stylesheet's fonts and images are inlined, and it imports nothing.
  const css = [...fetched].find(([path]) => path.endsWith('.css'))?.[1] ?? '';
  expect(css.length).toBeGreaterThan(1000);
  expect(css).not.toMatch(/@import/i);
  for (const [, url] of css.matchAll(/url\(\s*["']?([^"')]+)/g)) expect(url).toMatch(/^(data:|#)/);
});

it('compresses assets for clients that accept gzip, and refuses unknown ones', async () => {
  const html = await page();
  const script = references(html).find((r) => r.tag === 'script' && r.url.includes('/graphiql.'))?.url ?? '';
  const raw = (headers: Record<string, string>) =>
    new Promise<{ status: number; headers: Record<string, unknown>; length: number }>((resolve, reject) => {
      request(`${service.baseUrl}${script}`, { headers }, (res) => {
        let length = 0;
        res.on('data', (chunk: Buffer) => {
          length += chunk.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, length }));
      })
        .on('error', reject)
        .end();
    });
  const plain = await raw({});
  const gzipped = await raw({ 'accept-encoding': 'gzip, deflate' });
  expect(plain.status).toBe(200);
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(gzipped.headers['content-encoding']).toBe('gzip');
  expect(gzipped.length).toBeLessThan(plain.length / 2);

  expect((await fetch(`${service.baseUrl}/graphiql/nothing.0123.js`)).status).toBe(404);
});
