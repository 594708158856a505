import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sparticuz from '@sparticuz/chromium';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/**
 * The plain flags that worked here (ecosystem.md 4.3), not sparticuz's Lambda `args`
 * (`--single-process`, `--disable-web-security`): nothing in the background, nothing but loopback.
 */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Headless Chromium from the @sparticuz/chromium package (no apt, no download): inflated into a
 * folder of this run's own, since the package inflates into os.tmpdir() and reuses whatever it
 * finds there, half-written files of a parallel run included.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sendook-chromium-'));
  const tmpdir = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  let executablePath: string;
  try {
    executablePath = await sparticuz.executablePath();
  } finally {
    if (tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdir;
  }
  try {
    const browser = await chromium.launch({
      executablePath,
      args: CHROMIUM_FLAGS,
      env: { ...process.env, TMPDIR: dir, HOME: dir, FONTCONFIG_PATH: path.join(dir, 'fonts') },
      timeout: 20_000,
    });
    return {
      browser,
      async close() {
        await browser.close().catch(() => undefined);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

export interface IsolatedPage {
  context: BrowserContext;
  page: Page;
  /** Every request the page tried to make outside `origin` (all refused). */
  blocked: string[];
  /** Uncaught exceptions, console errors and CSP violations of the page. */
  problems: string[];
}

/** A fresh context (its own session storage) whose pages reach `origin` and nothing else. */
export async function isolatedPage(browser: Browser, origin: string): Promise<IsolatedPage> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const blocked: string[] = [];
  const problems: string[] = [];
  const allowed = new URL(origin);
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === allowed.origin) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  // route() does not see WebSockets: refuse those to any other host too.
  await context.routeWebSocket(
    (url) => url.host !== allowed.host,
    (ws) => {
      blocked.push(ws.url());
      return ws.close();
    },
  );
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return { context, page, blocked, problems };
}
