import { afterAll, beforeAll, expect, it } from 'vitest';
import { isolatedPage, launchBrowser, type TestBrowser } from './helpers/browser.ts';
import { createWebhookFor } from './helpers/factories.ts';
import { Receiver } from './helpers/receiver.ts';
import { startTestService, type TestService } from './helpers/service.ts';

// Contract 6.2, in a browser: GraphiQL works with nothing but the service (graphiql.test.ts reads
// what the page refers to; this one runs it with every other host refused).

let service: TestService;
let receiver: Receiver;
let browser: TestBrowser | undefined;

beforeAll(async () => {
  // One at a time: launchBrowser points TMPDIR at its own folder while Chromium is inflated.
  browser = await launchBrowser();
  service = await startTestService();
  receiver = await Receiver.start();
});
afterAll(async () => {
  await browser?.close();
  await receiver?.close();
  await service?.stop();
});

it('renders offline, runs its default document with a key in the headers, and shows the answer', async () => {
  const started = Date.now();
  const org = await service.newOrganization('GraphiQL org');
  const webhook = await createWebhookFor(org.gql, `${receiver.url}/hook`);
  const { page, blocked, problems, context } = await isolatedPage(browser!.browser, service.baseUrl);
  const graphqlPosts: Array<{ authorization?: string; body: string }> = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/graphql')
      graphqlPosts.push({ authorization: request.headers().authorization, body: request.postData() ?? '' });
  });
  try {
    const response = await page.goto(`${service.baseUrl}/graphql`);
    expect(response?.status()).toBe(200);
    // Rendered: the default document's first operation names the tab, the editor shows it.
    await page.getByRole('tab', { name: 'Webhooks' }).waitFor();
    await page.locator('.graphiql-query-editor').getByText('query Webhooks', { exact: false }).waitFor();

    // The key, typed into the Headers tab as its comment says.
    await page.getByRole('button', { name: 'Headers' }).click();
    await page.locator('.graphiql-editor-tool .graphiql-editor').last().click();
    await page.keyboard.insertText(`{ "Authorization": "Bearer ${org.key}" }`);

    // The document holds several operations: the run button asks which; the first is the default.
    await page.getByRole('button', { name: /^Execute query/ }).click();
    expect(await page.getByRole('menuitem').allTextContents()).toEqual([
      'Webhooks',
      'CreateWebhook',
      'CreateInbox',
      'LiveEvents',
      'RecentDeliveries',
    ]);
    await page.getByRole('menuitem', { name: 'Webhooks' }).click();

    const answer = page.locator('.graphiql-response');
    await answer.getByText('GraphiQL org', { exact: false }).waitFor();
    // Monaco renders each line as its own element, indented with no-break spaces.
    const shown = JSON.parse(((await answer.textContent()) ?? '').replace(/\u00a0/g, ' '));
    expect(shown).toEqual({
      data: {
        viewer: { id: org.organizationId, name: 'GraphiQL org' },
        webhooks: { edges: [{ node: { id: webhook.id, url: webhook.url, events: ['inbox.created'], enabled: true } }] },
      },
    });
    const run = graphqlPosts.find((post) => post.body.includes('"operationName":"Webhooks"'));
    expect(run?.authorization).toBe(`Bearer ${org.key}`);

    // Nothing was refused because nothing asked to leave; a request that does is refused (the control).
    expect(blocked).toEqual([]);
    const outside = 'http://192.0.2.1/graphiql.js'; // TEST-NET-1: no DNS lookup, never routed
    expect(
      await page.evaluate(
        (url) =>
          fetch(url).then(
            () => 'loaded',
            () => 'refused',
          ),
        outside,
      ),
    ).toBe('refused');
    expect(blocked).toEqual([outside]);
    expect(problems.filter((p) => !p.includes('ERR_BLOCKED_BY_CLIENT'))).toEqual([]);
    console.log(`GraphiQL offline: ${Date.now() - started} ms`);
  } finally {
    await context.close();
  }
});
