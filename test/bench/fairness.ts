/**
 * (g) Fairness (part of `npm run bench`, or alone with `npm run bench:fairness`): one organization's
 * webhook hangs (every request times out) with 2,000 deliveries queued for it, while another
 * organization's webhook gets events at 50/s: how long from commit to arrival for the healthy one,
 * and how many requests the hanging receiver ever held open. Everything on 127.0.0.1, bounded.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { recordEvent, recordEvents } from '../../src/domain/events.ts';
import { createOrganization } from '../../src/domain/organizations.ts';
import { createWebhook } from '../../src/domain/webhooks.ts';
import { createLogger } from '../../src/logger.ts';
import { startService } from '../../src/service.ts';
import { cleanups, runBench } from './harness.ts';
import { benchPayload as payload } from './payload.ts';
import { startBenchReceiver } from './receiver.ts';
import { fmt, percentile, sleep, table } from './stats.ts';

const QUEUED = 2000;
const RATE = 50;
const EVENTS = 500;
const TIMEOUT_MS = 2000;
const MAX_IN_FLIGHT = 10;
const TARGET_P99 = 250;
const say = (line = '') => process.stdout.write(`${line}\n`);
const logger = createLogger('silent');

async function main() {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'sendook-bench-fair-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const postgres = await startEmbeddedPostgres(dataDir, logger);
  cleanups.push(() => postgres.stop());

  let open = 0;
  let maxOpen = 0;
  let hangingRequests = 0;
  const hanging = createServer((req, res) => {
    hangingRequests++;
    open++;
    maxOpen = Math.max(maxOpen, open);
    res.on('close', () => {
      open--;
    });
    req.resume(); // never answers
  });
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    hanging.closeAllConnections();
    await new Promise((resolve) => hanging.close(resolve));
  });
  const healthy = await startBenchReceiver();
  cleanups.push(() => healthy.close());

  const service = await startService(
    loadConfig({
      DATABASE_URL: postgres.url,
      PORT: '0',
      SMTP_PORT: '0',
      LOG_LEVEL: 'silent',
      BOOTSTRAP_API_KEY: `sk_bench_${randomBytes(12).toString('hex')}`,
      WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
      WEBHOOK_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT),
      WEBHOOK_RETRY_SCHEDULE: '600',
    }),
    logger,
  );
  cleanups.push(() => service.stop());
  const { db, deliveries, webhookRules } = service.services;
  const a = (await createOrganization(db, 'noisy')).organization.id;
  const b = (await createOrganization(db, 'quiet')).organization.id;
  await createWebhook(db, webhookRules, a, {
    url: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/`,
    events: ['*'],
  });
  await createWebhook(db, webhookRules, b, { url: `${healthy.url}/webhook`, events: ['*'] });

  for (let i = 0; i < QUEUED; i += 250) {
    await db.$transaction(
      (tx) =>
        recordEvents(
          tx,
          deliveries.queue,
          Array.from({ length: 250 }, () => ({ organizationId: a, type: 'message.received' as const, payload })),
        ),
      { timeout: 60_000 },
    );
  }
  say(`(g) ${QUEUED} deliveries queued for a receiver that never answers (timeout ${TIMEOUT_MS} ms);`);
  say(`    another organization's webhook gets ${EVENTS} events at ${RATE}/s`);
  await sleep(500);

  const commits = new Map<string, number>();
  const start = performance.now();
  for (let i = 0; i < EVENTS; i++) {
    const wait = start + (i * 1000) / RATE - performance.now();
    if (wait > 0) await sleep(wait);
    const event = await db.$transaction((tx) =>
      recordEvent(tx, deliveries.queue, { organizationId: b, type: 'message.received', payload }),
    );
    commits.set(event.id, performance.timeOrigin + performance.now());
  }
  const until = performance.now() + 10_000;
  while ([...commits.keys()].some((id) => !healthy.tally.arrivals.has(id)) && performance.now() < until)
    await sleep(20);
  const latencies = [...commits].flatMap(([id, at]) =>
    healthy.tally.arrivals.has(id) ? [(healthy.tally.arrivals.get(id) as number) - at] : [],
  );
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  say(
    `  healthy webhook: ${latencies.length} of ${EVENTS} arrived; commit -> received p50/p99/max ` +
      `${fmt(p50)}/${fmt(p99)}/${fmt(percentile(latencies, 100))} ms`,
  );
  say(`  hanging receiver: ${hangingRequests} requests, at most ${maxOpen} open at once (limit ${MAX_IN_FLIGHT})`);
  say('');
  say(
    table(
      ['figure', 'measured', 'target', ''],
      [
        [
          '(g) healthy webhook p99',
          `${fmt(p99)} ms`,
          `< ${TARGET_P99} ms`,
          p99 < TARGET_P99 && latencies.length === EVENTS ? 'met' : 'MISSED',
        ],
        [
          '(g) hanging receiver, most open',
          String(maxOpen),
          `<= ${MAX_IN_FLIGHT}`,
          maxOpen <= MAX_IN_FLIGHT ? 'met' : 'MISSED',
        ],
      ],
    ),
  );
}

await runBench('bench:fairness', 180_000, main);
