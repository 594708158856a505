import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateApiKey, CreateWebhook, ListDeliveries, RevokeApiKey } from './documents/operations.ts';
import { isolatedPage, launchBrowser, type TestBrowser } from './helpers/browser.ts';
import { createInboxFor } from './helpers/factories.ts';
import { expectData } from './helpers/graphql-client.ts';
import { answer, Receiver } from './helpers/receiver.ts';
import { startTestService, type TestService } from './helpers/service.ts';
import { waitFor } from './helpers/wait.ts';

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

const KEY_LABEL = "Your organization's API key";
const LIVE = 'Live: new attempts appear as they are recorded.';

async function enterKey(page: Page, key: string) {
  await page.getByLabel(KEY_LABEL).fill(key);
  await page.getByRole('button', { name: 'Show deliveries' }).click();
}

const rowOf = (page: Page, deliveryId: string) => page.locator(`#deliveries > tbody[data-delivery="${deliveryId}"]`);
const cells = (page: Page, deliveryId: string) => rowOf(page, deliveryId).locator('tr.summary > td').allTextContents();

async function newestDelivery(gql: Awaited<ReturnType<TestService['newOrganization']>>['gql'], webhookId: string) {
  return waitFor(async () => {
    const { deliveries } = expectData(await gql(ListDeliveries, { first: 1, filter: { webhookId } }));
    return deliveries.edges[0]?.node;
  });
}

describe('GET /deliveries', () => {
  it('is one self-contained page under a strict Content-Security-Policy', async () => {
    const response = await fetch(`${service.baseUrl}/deliveries`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await response.text();
    const csp = response.headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(
      csp.split(';').map((part) => {
        const [name, ...values] = part.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(csp).not.toMatch(/unsafe-(inline|eval)|\*|https?:|wss?:/);
    // Each inline block is allowed by its own hash and nothing else is.
    const sha = (body: string) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`;
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => sha(m[1]));
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => sha(m[1]));
    expect(directives['script-src']).toEqual(scripts);
    expect(directives['style-src']).toEqual(styles);
    expect(scripts).toHaveLength(1);
    // Nothing loaded from anywhere: no src/href attributes, no @import or url() in the style, no other host.
    expect(html).not.toMatch(/\s(src|href)\s*=|@import|url\(|<link|<iframe|<object/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/localStorage|document\.cookie|innerHTML|outerHTML|insertAdjacentHTML|eval\(/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');

    const post = await fetch(`${service.baseUrl}/deliveries`, { method: 'POST' });
    expect(post.status).toBe(405);
    await post.arrayBuffer();
  });
});

describe('the delivery log in a browser', () => {
  it('lists deliveries live: a new delivery and its attempts appear without reloading', async () => {
    const started = Date.now();
    const org = await service.newOrganization('Browser org');
    const { createWebhook: webhook } = expectData(
      await org.gql(CreateWebhook, {
        input: { url: `${receiver.url}/hook`, events: ['inbox.created'], description: '<b>orders</b> & more' },
      }),
    );
    const { page, blocked, problems, context } = await isolatedPage(browser!.browser, service.baseUrl);
    try {
      const response = await page.goto(`${service.baseUrl}/deliveries`);
      expect(response?.status()).toBe(200);
      await enterKey(page, org.key);
      await page.getByRole('status').getByText(LIVE).waitFor();
      expect(await page.locator('#organization').textContent()).toBe('Organization: Browser org');
      // Text from the API is text: the description's markup is shown, not parsed.
      expect(await page.locator('#webhook option').allTextContents()).toEqual([
        'All webhooks',
        `${webhook.url} (<b>orders</b> & more)`,
      ]);
      expect(await page.locator('#webhook b').count()).toBe(0);
      expect(await page.getByText('No deliveries match.').isVisible()).toBe(true);
      // The key is in this tab's session storage and nowhere else.
      const storage = await page.evaluate(() => ({
        session: Object.entries(sessionStorage),
        local: localStorage.length,
        cookie: document.cookie,
        url: location.href,
      }));
      expect(storage).toEqual({
        session: [['sendook.apiKey', org.key]],
        local: 0,
        cookie: '',
        url: `${service.baseUrl}/deliveries`,
      });
      expect((await context.cookies()).length).toBe(0);
      // Marks this document: a reload would lose it.
      await page.evaluate(() => Object.assign(window, { sameDocument: true }));

      // The event: an inbox created through the API. Its delivery's row and attempt appear.
      receiver.respondWith([answer(200, 'thanks')]);
      await createInboxFor(org.gql, { name: 'Live' });
      const first = await newestDelivery(org.gql, webhook.id);
      await rowOf(page, first.id).getByText('HTTP 200').waitFor();
      expect(await cells(page, first.id)).toEqual([
        expect.any(String),
        'inbox.created',
        webhook.url,
        'Succeeded',
        '1',
        expect.stringMatching(/^HTTP 200, \d+ ms$/),
        'Show attempts',
      ]);
      await rowOf(page, first.id).getByRole('button', { name: 'Show attempts' }).click();
      const attempt = rowOf(page, first.id).locator('tr[data-attempt]');
      await attempt.waitFor();
      expect((await attempt.locator('td').allTextContents()).slice(0, 4)).toEqual([
        '1',
        'AUTOMATIC',
        'Succeeded',
        '200',
      ]);
      await rowOf(page, first.id).getByText('Request and response of attempt 1').click();
      await rowOf(page, first.id).getByLabel('Response body (at most its first 16 KiB)').getByText('thanks').waitFor();
      expect(await rowOf(page, first.id).getByLabel('Request body').textContent()).toContain(
        '"event": "inbox.created"',
      );

      // A delivery that fails once and then succeeds: its row follows each attempt.
      receiver.respondWith([answer(500, 'try later'), answer(200)]);
      await createInboxFor(org.gql, { name: 'Flaky' });
      const second = await waitFor(async () => {
        const node = await newestDelivery(org.gql, webhook.id);
        return node.id !== first.id && node;
      });
      await rowOf(page, second.id).getByText('HTTP 200').waitFor();
      const [, , , status, attempts] = await cells(page, second.id);
      expect([status, attempts]).toEqual(['Succeeded', '2']);
      await rowOf(page, second.id).getByRole('button', { name: 'Show attempts' }).click();
      await waitFor(async () => (await rowOf(page, second.id).locator('tr[data-attempt]').count()) === 2);
      const results = await rowOf(page, second.id)
        .locator('tr[data-attempt]')
        .evaluateAll((trs) => trs.map((tr) => [...tr.children].slice(0, 4).map((td) => td.textContent)));
      expect(results).toEqual([
        ['1', 'AUTOMATIC', 'Failed', '500'],
        ['2', 'AUTOMATIC', 'Succeeded', '200'],
      ]);
      // Newest first, in one document that was never reloaded.
      expect(await page.locator('#deliveries > tbody').evaluateAll((b) => b.map((x) => x.dataset.delivery))).toEqual([
        second.id,
        first.id,
      ]);
      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

      // The status filter asks the API again.
      await page.getByLabel('Status').selectOption('FAILED');
      await page.getByText('No deliveries match.').waitFor();
      await page.getByLabel('Status').selectOption('SUCCEEDED');
      await rowOf(page, first.id).waitFor();

      expect(blocked).toEqual([]);
      expect(problems).toEqual([]);
      console.log(`live delivery log: ${Date.now() - started} ms`);
    } finally {
      await context.close();
    }
  });

  it('refuses a wrong key with a clear message and asks again; a key revoked while watching too', async () => {
    const org = await service.newOrganization('Revoking org');
    const { page, blocked, problems, context } = await isolatedPage(browser!.browser, service.baseUrl);
    try {
      await page.goto(`${service.baseUrl}/deliveries`);
      await enterKey(page, 'sk_wrong_0123456789abcdefghijklmnop');
      const message = page.getByRole('alert').filter({ hasText: 'refused' });
      await message.waitFor();
      expect(await message.textContent()).toBe(
        'This API key was refused: it is wrong or has been revoked. Enter a valid key.',
      );
      expect(await page.getByLabel(KEY_LABEL).isVisible()).toBe(true);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('key');
      expect(await page.locator('#log').isHidden()).toBe(true);
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

      // A valid key, revoked while the page watches: the socket closes with 4403 and the page asks again.
      const created = expectData(await org.gql(CreateApiKey, { input: { name: 'watcher' } })).createApiKey;
      await enterKey(page, created.secret);
      await page.getByRole('status').getByText(LIVE).waitFor();
      expectData(await org.gql(RevokeApiKey, { id: created.apiKey.id }));
      await page
        .getByRole('alert')
        .getByText('This API key was refused for live updates: it is wrong or has been revoked. Enter a valid key.')
        .waitFor();
      expect(await page.getByLabel(KEY_LABEL).isVisible()).toBe(true);
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

      expect(blocked).toEqual([]);
      // The 401 answer is reported by Chromium as a failed resource load; nothing else may be.
      expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
