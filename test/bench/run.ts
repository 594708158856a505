/**
 * `npm run bench`, in one self-contained run on an embedded PostgreSQL in a temp dir (or a fresh
 * database on DATABASE_URL's server, dropped at the end), with the webhook receiver in a child
 * process of its own on 127.0.0.1, so that "this process" figures are the service's:
 *  (floor) bare pg-boss draining the same kind of jobs with a signed undici POST each, recording nothing:
 *     unbounded, with one webhook's jobs claimed as the worker claims them, and with that and at most
 *     WEBHOOK_MAX_IN_FLIGHT (10) requests open to the webhook, as contract 3.8 allows the service;
 *  (a) a ROLE=worker service draining a backlog of deliveries;
 *  (b) event commit -> request at the receiver at a steady 200 and 1,000 events/s on one organization;
 *  (c) the loopback HTTP ceiling for the same signed POSTs;
 *  (d) 1,000 graphql-ws subscribers;
 *  (h) one organization, 50 concurrent recording transactions, a subscriber resuming with after:.
 * BENCH_PHASES=floor,a,b,c,d,h picks some. Stops by itself; not part of `npm test`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { Agent } from 'undici';
import { loadConfig } from '../../src/config.ts';
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { withPgTransaction } from '../../src/db/executor.ts';
import { migrate } from '../../src/db/migrator.ts';
import { recordEvent, recordEvents } from '../../src/domain/events.ts';
import { createOrganization } from '../../src/domain/organizations.ts';
import { createWebhook } from '../../src/domain/webhooks.ts';
import type { Webhook } from '../../src/generated/prisma/client.ts';
import { newId } from '../../src/ids.ts';
import { DELIVERY_QUEUE, pgBossDeliveryQueue } from '../../src/jobs/delivery-queue.ts';
import { createLogger } from '../../src/logger.ts';
import { startService } from '../../src/service.ts';
import { withDatabase } from '../helpers/global-setup.ts';
import { benchPayload as payload } from './payload.ts';
import { benchPgBossFloor, type FloorRun, signedPost } from './pgboss-floor.ts';
import { cpuMsOf, rssMbOf, startServiceProcess } from './processes.ts';
import { startRemoteBenchReceiver } from './receiver.ts';
import { cpuMeter, describeCpu, fmt, mean, percentile, sleep, spread, table } from './stats.ts';
import { benchSubscriptions, type SubscriptionFigures } from './subscriptions.ts';
import { benchWriters, type WriterFigures } from './writers.ts';

const BACKLOG = 20_000;
const BACKLOG_EVENTS_PER_TX = 250;
const BACKLOG_PARALLEL_TX = 4;
const DRAIN_DEADLINE_MS = 180_000;
const LATENCY_RUNS = [
  // perTransaction: events recorded per transaction (events due in the same 10 ms share one).
  { rate: 200, perTransaction: 1, warmup: 200, events: 2_000, targetP50: 10, targetP99: 50 }, // 10 s
  {
    rate: 1_000,
    perTransaction: 10,
    warmup: 1_000,
    events: 10_000,
    targetP50: Number.POSITIVE_INFINITY,
    targetP99: 100,
  }, // 10 s
];
const LATENCY_MAX_IN_FLIGHT = 200;
const WRITERS = 50;
const WRITER_EVENTS = 30_000;
const WRITER_EVENTS_PER_TRANSACTION = [1, 10];
const WRITER_DEADLINE_MS = 60_000;
const TARGET_WRITERS_RATE = 3_000;
const LATENCY_DEADLINE_MS = 30_000;
const CEILING_REQUESTS = 20_000;
const CEILING_WARMUP = 1_000;
const CEILING_CONCURRENCY = 100;
const RUN_DEADLINE_MS = 10 * 60_000;

const SUB_SOCKETS = Number(process.env.BENCH_SUB_SOCKETS ?? 1000);
const SUB_EVENTS = Number(process.env.BENCH_SUB_EVENTS ?? 1000);
const SUB_RATE = 15; // events/s: the floor's measured capacity is ~15k messages/s over 1,000 sockets
const SUB_WARMUP = 100;
const TARGET_SUB_P99 = 200;
const TARGET_SUB_SHARE = 0.6;

const TARGET_FLOOR_SHARE = 0.75;
const TARGET_CPU_PER_DELIVERY = 0.25;
const TARGET_WORKER_RSS_MB = 300;
const PHASES = new Set((process.env.BENCH_PHASES ?? 'floor,a,b,c,d,h').split(',').map((p) => p.trim()));

const logger = createLogger('silent');
const cores = availableParallelism();
const say = (line = '') => process.stdout.write(`${line}\n`);
const now = () => performance.timeOrigin + performance.now();

// ---------------------------------------------------------------------------------------------
// Resources, released in reverse order by cleanup() whatever happens.

const cleanups: Array<() => Promise<unknown>> = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      await cleanups
        .pop()?.()
        .catch((error) => process.stderr.write(`cleanup: ${(error as Error)?.message ?? error}\n`));
    }
  })();
  return cleaning;
}
function abort(reason: string, code: number) {
  process.stderr.write(`\nbench: ${reason}; cleaning up\n`);
  void cleanup().finally(() => process.exit(code));
}
process.once('SIGINT', () => abort('interrupted', 130));
process.once('SIGTERM', () => abort('terminated', 143));
const runDeadline = setTimeout(() => abort(`no result within ${RUN_DEADLINE_MS / 1000} s`, 1), RUN_DEADLINE_MS);
runDeadline.unref();

/** Services are stopped explicitly between phases; the cleanup entry covers a failure on the way. */
async function startRole(databaseUrl: string, role: 'api' | 'worker' | 'all', bootstrapKey: string) {
  const service = await startService(
    loadConfig({
      DATABASE_URL: databaseUrl,
      ROLE: role,
      PORT: '0',
      SMTP_PORT: '0',
      LOG_LEVEL: 'silent',
      BOOTSTRAP_API_KEY: bootstrapKey,
      // The subscriber of (h) resumes often; limits have tests of their own.
      RATE_LIMIT_PER_MINUTE: '1000000',
    }),
    logger,
  );
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await service.stop();
  };
  cleanups.push(stop);
  return { service, stop };
}

/**
 * The service as `npm start` runs it, in a child process of its own, once it is ready: its API
 * listening (port returned) or, for a worker, its delivery worker started.
 */
async function startServiceChild(
  databaseUrl: string,
  bootstrapKey: string,
  role: 'api' | 'worker' | 'all',
  env: Record<string, string> = {},
) {
  const service = startServiceProcess({
    DATABASE_URL: databaseUrl,
    ROLE: role,
    PORT: '0',
    SMTP_PORT: '0',
    LOG_LEVEL: 'info',
    BOOTSTRAP_API_KEY: bootstrapKey,
    ...env,
  });
  cleanups.push(service.stop);
  const ready = await service.waitForLine((line) =>
    line.includes(role === 'api' ? 'GraphQL API' : 'delivery worker started'),
  );
  return { service, port: role === 'api' ? (JSON.parse(ready) as { port: number }).port : null };
}

/** A fresh database: on DATABASE_URL's server if set (dropped afterwards), else in an embedded PostgreSQL. */
async function provisionDatabase(): Promise<string> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'sendook-bench-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const embedded = await startEmbeddedPostgres(dataDir, logger);
    cleanups.push(() => embedded.stop());
    say(`PostgreSQL: embedded, in ${dataDir}`);
    return embedded.url;
  }
  const name = `sendook_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  });
  say(`PostgreSQL: database ${name} on DATABASE_URL's server (dropped at the end)`);
  return withDatabase(serverUrl, name);
}

// ---------------------------------------------------------------------------------------------
// Where a delivery's time goes, from the rows the service writes anyway.

interface JobTiming {
  eventId: string;
  jobCreated: number; // pg-boss created_on: start of the recording transaction (epoch ms)
  jobStarted: number; // claimed by a worker's fetch
  httpStarted: number; // attempt created_at: after loading the delivery and signing
  httpMs: number; // attempt duration_ms
  recorded: number; // deliveries.updated_at: the UPDATE inside the attempt transaction
  jobCompleted: number; // pg-boss completed_on: the batch was reported
}

async function jobTimings(client: pg.Client, from: Date, to: Date): Promise<JobTiming[]> {
  const { rows } = await client.query<JobTiming>(
    `SELECT d.event_id AS "eventId",
            extract(epoch FROM j.created_on)::float8 * 1000 AS "jobCreated",
            extract(epoch FROM j.started_on)::float8 * 1000 AS "jobStarted",
            extract(epoch FROM a.created_at)::float8 * 1000 AS "httpStarted",
            a.duration_ms AS "httpMs",
            extract(epoch FROM d.updated_at)::float8 * 1000 AS "recorded",
            extract(epoch FROM j.completed_on)::float8 * 1000 AS "jobCompleted"
       FROM pgboss.job j
       JOIN deliveries d ON d.id = j.data->>'deliveryId'
       JOIN delivery_attempts a ON a.delivery_id = d.id AND a.number = 1
      WHERE j.name = $1 AND j.created_on >= $2 AND j.created_on < $3 AND j.completed_on IS NOT NULL`,
    [DELIVERY_QUEUE, from, to],
  );
  return rows;
}

function describeTimings(rows: JobTiming[], wallMs: number): string[] {
  const load = rows.map((r) => r.httpStarted - r.jobStarted);
  const http = rows.map((r) => r.httpMs);
  const record = rows.map((r) => r.recorded - r.httpStarted - r.httpMs);
  const complete = rows.map((r) => r.jobCompleted - r.recorded);
  const job = rows.map((r) => r.jobCompleted - r.jobStarted);
  const lines = [
    `  per job (p50 / p99 / max), timestamps have 1 ms resolution:`,
    `    claimed -> HTTP start (load delivery+webhook+event, sign)   ${spread(load)}`,
    `    HTTP POST (duration_ms)                                      ${spread(http)}`,
    `    HTTP end -> UPDATE in attempt tx (lock, insert attempt)      ${spread(record)}`,
    `    UPDATE -> job completed (commit, rest of batch, complete())  ${spread(complete)}`,
    `    claimed -> completed (whole job)                             ${spread(job)}`,
  ];
  if (wallMs > 0) {
    lines.push(
      `    jobs in flight on average (sum of job time / wall time): ${fmt(job.reduce((s, v) => s + v, 0) / wallMs)}`,
    );
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------

interface LatencyFigures {
  rate: number;
  events: number;
  received: number;
  p50: number;
  p99: number;
  targetP50: number;
  targetP99: number;
}

interface Figures {
  floor: FloorRun[];
  drain?: {
    rate: number;
    rateWithStart: number;
    drained: number;
    cpuPerDelivery: number;
    /** Over the second half of the backlog, once V8 has compiled the hot paths. */
    steadyCpuPerDelivery: number;
    maxRssMb: number;
  };
  latency: LatencyFigures[];
  ceilingRate?: number;
  live?: { service: SubscriptionFigures; floor: SubscriptionFigures | null };
  writers?: Array<WriterFigures & { perTransaction: number }>;
}

async function main(): Promise<Figures> {
  const started = performance.now();
  const figures: Figures = { floor: [], latency: [] };
  const bootstrapKey = `sk_bench_${randomBytes(12).toString('hex')}`;
  const databaseUrl = await provisionDatabase();
  await migrate(databaseUrl, logger);

  const receiver = await startRemoteBenchReceiver();
  cleanups.push(() => receiver.close());
  say(`receiver: ${receiver.url} (node:http in a child process, keep-alive, answers 200 at once)`);

  const probe = new pg.Client({ connectionString: databaseUrl });
  await probe.connect();
  cleanups.push(() => probe.end());
  const serverNow = async () => (await probe.query<{ now: Date }>('SELECT clock_timestamp() AS now')).rows[0].now;

  const setup = await startRole(databaseUrl, 'api', bootstrapKey);
  const db = setup.service.services.db;
  const { organization, secret: benchKey } = await createOrganization(db, 'bench');
  const webhook = await createWebhook(db, setup.service.services.webhookRules, organization.id, {
    url: `${receiver.url}/webhook`,
    events: ['*'],
    description: 'npm run bench',
  });
  await setup.stop();
  const newEvent = () => ({ organizationId: organization.id, type: 'message.received' as const, payload });

  // (floor) ---------------------------------------------------------------------------------------
  if (PHASES.has('floor')) {
    say(
      `\n(floor) bare pg-boss: ${BACKLOG.toLocaleString('en-US')} jobs per setting, a signed undici POST each, nothing recorded`,
    );
    figures.floor = await benchPgBossFloor({ databaseUrl, webhook, jobs: BACKLOG, deadlineMs: DRAIN_DEADLINE_MS });
    for (const run of figures.floor) {
      say(
        `  ${describeFloor(run)}: ${fmt(run.jobsPerSecond, 0)} jobs/s, ` +
          `${fmt(run.cpuMsPerJob, 3)} ms CPU per job in this process`,
      );
    }
  }

  // (a) -----------------------------------------------------------------------------------------
  if (PHASES.has('a')) {
    say(`\n(a) backlog of ${BACKLOG.toLocaleString('en-US')} deliveries, drained by a ROLE=worker service`);
    const api = await startRole(databaseUrl, 'api', bootstrapKey);
    const queue = api.service.services.deliveries.queue;
    const backlogFrom = await serverNow();
    const backlogStart = performance.now();
    const backlogCpu = await cpuMeter();
    const batches = BACKLOG / BACKLOG_EVENTS_PER_TX;
    let nextBatch = 0;
    await Promise.all(
      Array.from({ length: BACKLOG_PARALLEL_TX }, async () => {
        while (nextBatch < batches) {
          nextBatch++;
          await api.service.services.db.$transaction(
            async (tx) => {
              for (let i = 0; i < BACKLOG_EVENTS_PER_TX; i++) await recordEvent(tx, queue, newEvent());
            },
            { timeout: 120_000, maxWait: 60_000 },
          );
        }
      }),
    );
    const backlogMs = performance.now() - backlogStart;
    const backlogReading = await backlogCpu();
    const analyzeStart = performance.now();
    await probe.query('ANALYZE pgboss.job');
    const analyzeMs = performance.now() - analyzeStart;
    const waiting = Number(
      (
        await probe.query<{ n: string }>(`SELECT count(*) AS n FROM pgboss.job WHERE name = $1 AND state = 'created'`, [
          DELIVERY_QUEUE,
        ])
      ).rows[0].n,
    );
    say(
      `  backlog recorded in ${fmt(backlogMs / 1000, 2)} s (${fmt((BACKLOG / backlogMs) * 1000, 0)} events/s, ` +
        `${BACKLOG_EVENTS_PER_TX} per transaction, ${BACKLOG_PARALLEL_TX} at once); ANALYZE pgboss.job ${fmt(analyzeMs, 0)} ms; ` +
        `${waiting.toLocaleString('en-US')} jobs waiting`,
    );
    say(
      `  ${describeCpu(backlogReading, cores)}; this process ${fmt(backlogReading.processMs / BACKLOG, 2)} ms CPU per event`,
    );
    if (waiting !== BACKLOG) throw new Error(`expected ${BACKLOG} waiting jobs, found ${waiting}`);
    await api.stop();
    const backlogTo = await serverNow();

    await receiver.reset();
    const machine = await cpuMeter();
    const workerCalled = now();
    const { service: worker } = await startServiceChild(databaseUrl, bootstrapKey, 'worker');
    const workerReady = now();
    const workerCpuBefore = await cpuMsOf(worker.pid);
    const countByStatus = async () => {
      const { rows } = await probe.query<{ status: string; n: string }>(
        'SELECT status, count(*) AS n FROM deliveries GROUP BY status',
      );
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Record<string, number | undefined>;
    };
    const progress: Array<[number, number]> = [];
    let done = 0;
    let failed = 0;
    let drainedAt = 0;
    let maxRss = 0;
    // The worker's CPU once half the backlog is done: the second half's cost is its steady state,
    // after V8 has compiled the hot paths (the first deliveries cost more, like any process's).
    let halfway: { cpuMs: number; done: number } | null = null;
    const drainDeadline = workerCalled + DRAIN_DEADLINE_MS;
    for (;;) {
      const counts = await countByStatus();
      const at = now();
      maxRss = Math.max(maxRss, (await rssMbOf(worker.pid)) || 0);
      done = counts.SUCCEEDED ?? 0;
      failed = counts.FAILED ?? 0;
      progress.push([at, done]);
      if (!halfway && done >= BACKLOG / 2 && done + failed < BACKLOG) {
        halfway = { cpuMs: await cpuMsOf(worker.pid), done };
      }
      if (done + failed >= BACKLOG) {
        drainedAt = at;
        break;
      }
      if (at > drainDeadline) break;
      await sleep(50);
    }
    const end = drainedAt || now();
    const workerCpuEnd = await cpuMsOf(worker.pid);
    const workerCpuMs = workerCpuEnd - workerCpuBefore;
    const steadyCpuPerDelivery = halfway
      ? (workerCpuEnd - halfway.cpuMs) / Math.max(1, done - halfway.done)
      : Number.NaN;
    const machineReading = await machine();
    await sleep(100); // the receiver's last report
    const drainMs = end - (receiver.tally.first || workerReady);
    const drainRate = (done / drainMs) * 1000;
    const drainRateWithStart = (done / (end - workerCalled)) * 1000;
    say(
      `  worker process ready ${fmt(workerReady - workerCalled, 0)} ms after it was spawned; first request ${fmt(receiver.tally.first - workerReady, 0)} ms after that`,
    );
    say(
      `  ${done.toLocaleString('en-US')} SUCCEEDED${failed ? `, ${failed} FAILED` : ''} in ${fmt(drainMs / 1000, 2)} s from the first request` +
        `${drainedAt ? '' : ` (DEADLINE of ${DRAIN_DEADLINE_MS / 1000} s hit)`}: ${fmt(drainRate, 0)} deliveries/s ` +
        `(${fmt(drainRateWithStart, 0)}/s counting worker start); receiver got ${receiver.tally.count.toLocaleString('en-US')} requests`,
    );
    // Throughput over time, in 1-second windows: a slow start (plans for an empty queue) or a slowing tail shows here.
    const windows: string[] = [];
    for (let t = receiver.tally.first, i = 0; t < end && windows.length < 40; t += 1000) {
      const at = (time: number) => {
        while (i + 1 < progress.length && progress[i + 1][0] <= time) i++;
        return progress[i][1];
      };
      const from = at(t);
      windows.push(String(at(t + 1000) - from));
    }
    say(`  SUCCEEDED per 1-s window: ${windows.join(' ')}`);
    const cpuPerDelivery = workerCpuMs / Math.max(1, done);
    say(
      `  worker process: ${fmt((workerCpuMs / (end - workerReady)) * 100, 0)}% of one core, ${fmt(cpuPerDelivery, 3)} ms CPU per delivery ` +
        `(so one process tops out near ${fmt(1000 / cpuPerDelivery, 0)}/s); second half of the backlog ` +
        `${fmt(steadyCpuPerDelivery, 3)} ms per delivery; RSS at most ${fmt(maxRss, 0)} MB; ` +
        `machine ${fmt(machineReading.machineShare * 100, 0)}% of ${cores} cores`,
    );
    await worker.stop();
    for (const line of describeTimings(await jobTimings(probe, backlogFrom, backlogTo), drainMs)) say(line);
    figures.drain = {
      rate: done === BACKLOG ? drainRate : 0,
      rateWithStart: drainRateWithStart,
      drained: done,
      cpuPerDelivery,
      steadyCpuPerDelivery,
      maxRssMb: maxRss,
    };
  }

  // (b) -----------------------------------------------------------------------------------------
  if (PHASES.has('b')) {
    for (const run of LATENCY_RUNS) {
      say(
        `\n(b) latency, event commit -> request at the receiver: ${run.events.toLocaleString('en-US')} events at ` +
          `${run.rate}/s on one organization, ${run.perTransaction} per transaction, ROLE=all service in a child process ` +
          `(after ${run.warmup} warm-up events)`,
      );
      figures.latency.push(await latency(databaseUrl, bootstrapKey, probe, receiver, serverNow, newEvent, run));
    }
  }

  // (c) -----------------------------------------------------------------------------------------
  if (PHASES.has('c')) {
    say(
      `\n(c) ceiling: ${CEILING_REQUESTS.toLocaleString('en-US')} signed POSTs (buildWebhookRequest) with undici request, ` +
        `pooled Agent, ${CEILING_CONCURRENCY} at once, same receiver`,
    );
    const agent = new Agent({ connections: CEILING_CONCURRENCY, keepAliveTimeout: 10_000 });
    cleanups.push(() => agent.close());
    const post = (hook: Webhook) => signedPost(agent, hook, newId('event'));
    const blast = async (count: number) => {
      let next = 0;
      let bad = 0;
      const start = performance.now();
      await Promise.all(
        Array.from({ length: CEILING_CONCURRENCY }, async () => {
          while (next < count) {
            next++;
            if ((await post(webhook)) !== 200) bad++;
          }
        }),
      );
      return { ms: performance.now() - start, bad };
    };
    await blast(CEILING_WARMUP);
    await receiver.reset();
    const ceilingCpu = await cpuMeter();
    const ceiling = await blast(CEILING_REQUESTS);
    const ceilingReading = await ceilingCpu();
    const ceilingRate = (CEILING_REQUESTS / ceiling.ms) * 1000;
    say(
      `  ${CEILING_REQUESTS.toLocaleString('en-US')} requests in ${fmt(ceiling.ms / 1000, 2)} s: ${fmt(ceilingRate, 0)} requests/s` +
        `${ceiling.bad ? `; ${ceiling.bad} answered other than 200` : ''}`,
    );
    say(
      `  ${describeCpu(ceilingReading, cores)}; this process ${fmt(ceilingReading.processMs / CEILING_REQUESTS, 3)} ms CPU per ` +
        `request (the client only)`,
    );
    figures.ceilingRate = ceilingRate;
  }

  // (d) -----------------------------------------------------------------------------------------
  if (PHASES.has('d')) {
    say(
      `\n(d) ${SUB_SOCKETS.toLocaleString('en-US')} graphql-ws subscribers (another process) to events, ` +
        `${SUB_EVENTS.toLocaleString('en-US')} events at ${SUB_RATE}/s after ${SUB_WARMUP} unmeasured`,
    );
    const live = await benchSubscriptions(databaseUrl, {
      sockets: SUB_SOCKETS,
      events: SUB_EVENTS,
      rate: SUB_RATE,
      warmup: SUB_WARMUP,
    });
    for (const [name, f] of [
      ['service (commit -> NOTIFY -> sequenced -> row -> graphql-ws)', live.service],
      ['floor (yoga + graphql-ws, in-memory pub/sub)', live.floor],
    ] as const) {
      if (!f) continue;
      say(
        `  ${name}: ${fmt(f.messagesPerSecond, 0)} messages/s, p50/p99/max ${fmt(f.p50)}/${fmt(f.p99)}/${fmt(f.max)} ms ` +
          `(${f.messages.toLocaleString('en-US')} of ${f.expected.toLocaleString('en-US')} messages)`,
      );
    }
    figures.live = live;
  }

  // (h) -----------------------------------------------------------------------------------------
  if (PHASES.has('h')) {
    figures.writers = [];
    for (const perTransaction of WRITER_EVENTS_PER_TRANSACTION) {
      say(
        `\n(h) one organization, ${WRITERS} concurrent recording transactions of ${perTransaction} event(s) through pg ` +
          `(${WRITER_EVENTS.toLocaleString('en-US')} events), a graphql-ws subscriber resuming with after: every few hundred; ` +
          'the writers, the ROLE=api service and this subscriber each in a process of their own',
      );
      // The subscriber resumes often; limits have tests of their own.
      const { service: api, port: apiPort } = await startServiceChild(databaseUrl, bootstrapKey, 'api', {
        RATE_LIMIT_PER_MINUTE: '1000000',
      });
      const apiCpuBefore = await cpuMsOf(api.pid);
      const writerCpu = await cpuMeter();
      const writers = await benchWriters({
        databaseUrl,
        apiUrl: `http://127.0.0.1:${apiPort}`,
        apiKey: benchKey,
        organizationId: organization.id,
        writers: WRITERS,
        eventsPerTransaction: perTransaction,
        events: WRITER_EVENTS,
        deadlineMs: WRITER_DEADLINE_MS,
      });
      const reading = await writerCpu();
      const apiCpuMs = (await cpuMsOf(api.pid)) - apiCpuBefore;
      await api.stop();
      say(
        `  ${writers.recorded.toLocaleString('en-US')} events recorded: ${fmt(writers.eventsPerSecond, 0)} events/s; ` +
          `transaction p50 ${fmt(writers.transactionP50)} ms, p99 ${fmt(writers.transactionP99)} ms`,
      );
      say(
        `  subscriber: ${writers.received.toLocaleString('en-US')} received over ${writers.resumes} resumes ` +
          `(${writers.slowEnds} of them after the service ended a stream that fell behind); ` +
          `${writers.skipped} skipped, ${writers.repeated} repeated, ${writers.outOfOrder} out of stream order` +
          `${writers.refusal ? `; a resume was refused: ${writers.refusal}` : ''}`,
      );
      say(
        `  ${describeCpu(reading, cores)}; CPU per event: writers ${fmt(writers.writerCpuMsPerEvent, 3)} ms, ` +
          `service ${fmt(apiCpuMs / Math.max(1, writers.recorded), 3)} ms, subscriber ${fmt(reading.processMs / Math.max(1, writers.received), 3)} ms`,
      );
      figures.writers.push({ ...writers, perTransaction });
    }
  }

  say(`\nbench ran ${fmt((performance.now() - started) / 1000)} s`);
  return figures;
}

async function latency(
  databaseUrl: string,
  bootstrapKey: string,
  probe: pg.Client,
  receiver: Awaited<ReturnType<typeof startRemoteBenchReceiver>>,
  serverNow: () => Promise<Date>,
  newEvent: () => Parameters<typeof recordEvent>[2],
  run: (typeof LATENCY_RUNS)[number],
): Promise<LatencyFigures> {
  const { service: all } = await startServiceChild(databaseUrl, bootstrapKey, 'all');
  // The load: recordEvents in transactions through pg, as the service's own hot paths record.
  const boss = new PgBoss({ connectionString: databaseUrl, max: 4, schedule: false, supervise: false });
  await boss.start();
  const queue = pgBossDeliveryQueue(boss);
  const writers = new pg.Pool({ connectionString: databaseUrl, max: 20 });
  const commits = new Map<string, number>();
  const txMs: number[] = [];
  const paced = async (count: number, measure: boolean) => {
    const start = performance.now();
    const inFlight = new Set<Promise<void>>();
    let maxLag = 0;
    for (let i = 0; i < count; i += run.perTransaction) {
      const due = start + (i * 1000) / run.rate;
      const wait = due - performance.now();
      if (wait >= 1) await sleep(wait);
      maxLag = Math.max(maxLag, performance.now() - due);
      while (inFlight.size >= LATENCY_MAX_IN_FLIGHT) await Promise.race(inFlight);
      const one = (async () => {
        const begin = performance.now();
        const events = await withPgTransaction(writers, (tx) =>
          recordEvents(
            tx,
            queue,
            Array.from({ length: run.perTransaction }, () => newEvent()),
          ),
        );
        const committed = performance.now();
        if (measure) {
          for (const event of events) commits.set(event.id, performance.timeOrigin + committed);
          txMs.push(committed - begin);
        }
      })().finally(() => inFlight.delete(one));
      inFlight.add(one);
    }
    await Promise.all(inFlight);
    return { seconds: (performance.now() - start) / 1000, maxLag };
  };
  await paced(run.warmup, false);
  await sleep(500);
  await receiver.reset();
  const latencyFrom = await serverNow();
  const latencyCpu = await cpuMeter();
  const serviceCpuBefore = await cpuMsOf(all.pid);
  const pacing = await paced(run.events, true);
  const latencyDeadline = performance.now() + LATENCY_DEADLINE_MS;
  while ([...commits.keys()].some((id) => !receiver.tally.arrivals.has(id)) && performance.now() < latencyDeadline) {
    await sleep(20);
  }
  const latencyReading = await latencyCpu();
  const serviceCpuMs = (await cpuMsOf(all.pid)) - serviceCpuBefore;
  const latencies: number[] = [];
  let missing = 0;
  for (const [id, committed] of commits) {
    const arrived = receiver.tally.arrivals.get(id);
    if (arrived === undefined) missing++;
    else latencies.push(arrived - committed);
  }
  await sleep(300); // lets the last attempts be recorded before the service stops
  await writers.end();
  await boss.stop({ graceful: false });
  await all.stop();
  const latencyTo = await serverNow();
  say(
    `  sent ${commits.size} events in ${fmt(pacing.seconds, 2)} s (${fmt(commits.size / pacing.seconds, 0)}/s, worst pacing lag ` +
      `${fmt(pacing.maxLag)} ms); recording transaction ${spread(txMs)}`,
  );
  say(
    `  commit -> received: p50 ${fmt(percentile(latencies, 50))} ms, p90 ${fmt(percentile(latencies, 90))} ms, ` +
      `p99 ${fmt(percentile(latencies, 99))} ms, max ${fmt(percentile(latencies, 100))} ms, mean ${fmt(mean(latencies))} ms` +
      `${missing ? `; ${missing} NOT RECEIVED within ${LATENCY_DEADLINE_MS / 1000} s` : ''}`,
  );
  say(
    `  ${describeCpu(latencyReading, cores)}; CPU per event: service (delivering) ${fmt(serviceCpuMs / run.events, 2)} ms, ` +
      `this process (recording) ${fmt(latencyReading.processMs / run.events, 2)} ms`,
  );
  const timings = await jobTimings(probe, latencyFrom, latencyTo);
  const commitToClaim = timings.flatMap((r) => {
    const committed = commits.get(r.eventId);
    return committed === undefined ? [] : [r.jobStarted - committed];
  });
  say(`  commit -> claimed by the worker (pg-boss started_on)            ${spread(commitToClaim)}`);
  for (const line of describeTimings(timings, 0)) say(line);
  return {
    rate: run.rate,
    events: run.events,
    received: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    targetP50: run.targetP50,
    targetP99: run.targetP99,
  };
}

function describeFloor(run: FloorRun): string {
  return (
    `batchSize ${run.batchSize}, ${run.loops} loops` +
    (run.groupConcurrency ? `, groupConcurrency ${run.groupConcurrency}` : '') +
    (run.openRequests ? `, ${run.openRequests} open requests` : '')
  );
}

function printSummary(f: Figures) {
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const bestOf = (runs: FloorRun[]) =>
    runs.reduce<FloorRun | null>((a, b) => (a && a.jobsPerSecond >= b.jobsPerSecond ? a : b), null);
  const floors = [
    ['(floor) bare pg-boss', bestOf(f.floor.filter((r) => !r.groupConcurrency))],
    [
      '(floor) same, jobs of one webhook claimed as the worker claims them',
      bestOf(f.floor.filter((r) => r.groupConcurrency && !r.openRequests)),
    ],
    ['(floor) same, and at most 10 requests open to it (contract 3.8)', bestOf(f.floor.filter((r) => r.openRequests))],
  ] as const;
  const rows: string[][] = [];
  for (const [name, floor] of floors) {
    if (!floor) continue;
    rows.push([`${name}, jobs/s`, fmt(floor.jobsPerSecond, 0), describeFloor(floor), '']);
  }
  if (f.drain) {
    rows.push([
      '(a) backlog drain, deliveries/s',
      fmt(f.drain.rate, 0),
      '',
      f.drain.drained === BACKLOG ? '' : 'INCOMPLETE',
    ]);
    for (const [name, floor] of floors) {
      if (!floor) continue;
      const share = f.drain.rate / floor.jobsPerSecond;
      rows.push([
        `(a) / ${name.replace('(floor) ', '')}`,
        `${fmt(share * 100)} %`,
        `>= ${TARGET_FLOOR_SHARE * 100} %`,
        verdict(share >= TARGET_FLOOR_SHARE),
      ]);
    }
    rows.push([
      '(a) worker CPU per delivery',
      `${fmt(f.drain.cpuPerDelivery, 3)} ms`,
      `<= ${TARGET_CPU_PER_DELIVERY} ms`,
      verdict(f.drain.cpuPerDelivery <= TARGET_CPU_PER_DELIVERY),
    ]);
    rows.push([
      '(a) same, over the second half of the backlog',
      `${fmt(f.drain.steadyCpuPerDelivery, 3)} ms`,
      `<= ${TARGET_CPU_PER_DELIVERY} ms`,
      verdict(f.drain.steadyCpuPerDelivery <= TARGET_CPU_PER_DELIVERY),
    ]);
    rows.push([
      '(a) worker RSS while draining',
      `${fmt(f.drain.maxRssMb, 0)} MB`,
      `< ${TARGET_WORKER_RSS_MB} MB`,
      verdict(f.drain.maxRssMb < TARGET_WORKER_RSS_MB),
    ]);
    rows.push(['(a) same, counting worker start', fmt(f.drain.rateWithStart, 0), '', '']);
  }
  for (const l of f.latency) {
    const complete = l.received === l.events ? '' : ` (${l.events - l.received} missing)`;
    if (Number.isFinite(l.targetP50)) {
      rows.push([
        `(b) ${l.rate}/s: commit -> received p50`,
        `${fmt(l.p50)} ms`,
        `< ${l.targetP50} ms`,
        verdict(l.p50 < l.targetP50) + complete,
      ]);
    } else {
      rows.push([`(b) ${l.rate}/s: commit -> received p50`, `${fmt(l.p50)} ms`, '', '']);
    }
    rows.push([
      `(b) ${l.rate}/s: commit -> received p99`,
      `${fmt(l.p99)} ms`,
      `< ${l.targetP99} ms`,
      verdict(l.p99 < l.targetP99) + complete,
    ]);
  }
  if (f.ceilingRate !== undefined) {
    rows.push(['(c) undici request ceiling, req/s', fmt(f.ceilingRate, 0), '', '']);
  }
  if (f.live) {
    const floor = f.live.floor;
    rows.push([
      '(d) subscriptions, messages/s',
      fmt(f.live.service.messagesPerSecond, 0),
      `>= ${TARGET_SUB_SHARE * 100} % of floor`,
      floor ? verdict(f.live.service.messagesPerSecond >= TARGET_SUB_SHARE * floor.messagesPerSecond) : '',
    ]);
    rows.push(['(d) commit -> received p50', `${fmt(f.live.service.p50)} ms`, '', '']);
    rows.push([
      '(d) commit -> received p99',
      `${fmt(f.live.service.p99)} ms`,
      `< ${TARGET_SUB_P99} ms`,
      verdict(f.live.service.p99 < TARGET_SUB_P99),
    ]);
    rows.push(['(d) floor messages/s', floor ? fmt(floor.messagesPerSecond, 0) : 'n/a', '', '']);
    rows.push(['(d) floor p50 / p99', floor ? `${fmt(floor.p50)} / ${fmt(floor.p99)} ms` : 'n/a', '', '']);
  }
  for (const w of f.writers ?? []) {
    rows.push([
      `(h) ${WRITERS} writers, ${w.perTransaction} event(s) per transaction, events/s`,
      fmt(w.eventsPerSecond, 0),
      `>= ${TARGET_WRITERS_RATE.toLocaleString('en-US')}`,
      verdict(w.eventsPerSecond >= TARGET_WRITERS_RATE),
    ]);
    rows.push([
      `(h) ${w.perTransaction}/tx: resumed subscriber skipped / repeated / out of order`,
      `${w.skipped} / ${w.repeated} / ${w.outOfOrder}`,
      '0 / 0 / 0',
      verdict(w.skipped === 0 && w.repeated === 0 && w.outOfOrder === 0),
    ]);
  }
  say('');
  say(table(['figure', 'measured', 'target', ''], rows));
}

let exitCode = 0;
try {
  printSummary(await main());
} catch (error) {
  process.stderr.write(`\nbench failed: ${(error as Error)?.stack ?? error}\n`);
  exitCode = 1;
} finally {
  await cleanup();
  clearTimeout(runDeadline);
}
// Everything this run opened is closed by now; exit rather than wait on a handle a library keeps.
process.exit(exitCode);
