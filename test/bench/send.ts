/**
 * Outbound mail benchmark (part of `npm run bench`, or alone with `npm run bench:send`), against a
 * local relay (test/bench/smtp-relay.ts, a child process) that parses each message as the relay
 * of ../shared/mail.md's measurements did, which is where issue 7's (f1) figures come from; the
 * primed figures are the same against a relay that only drains each message:
 *  (f1)  nodemailer alone, pooled (10 connections), one SMTP transaction per message;
 *  (f2)  `sendMessage` through the service (ROLE=all, a child process) to the same relay: messages
 *        accepted by the relay per second, from 20 mutations in flight;
 *  (f3)  a steady 20 sends/s: mutation start to relay acceptance.
 * Both the client of (f1) and the service are warmed up first (V8 compiles the hot paths in the
 * first thousands of messages: a cold service spends a third of its CPU compiling). Everything on
 * 127.0.0.1, bounded in count and time; stops by itself.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { createLogger } from '../../src/logger.ts';
import { cleanups, runBench } from './harness.ts';
import { clusterCpuMs, fmt, percentile, processCpuMs, sleep, table } from './stats.ts';

const F1_WARMUP = 1000;
const F1_MESSAGES = 3000;
const F2_WARMUP = 2000;
const F2_MESSAGES = 3000;
const F2_IN_FLIGHT = 20;
const F3_RATE = 20;
const F3_MESSAGES = 300;
const RUN_DEADLINE_MS = 6 * 60_000;
const TARGET_F2_SHARE = 0.5;
const TARGET_F3_P99 = 250;
const KEY = `sk_bench_${randomBytes(12).toString('hex')}`;
const root = path.resolve(import.meta.dirname, '../..');
const say = (line = '') => process.stdout.write(`${line}\n`);
const now = () => performance.timeOrigin + performance.now();

type RelayMode = 'parse' | 'drain';

function stopOnCleanup(child: ChildProcess) {
  cleanups.push(async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  });
}

async function startRelay() {
  const child = fork(path.join(import.meta.dirname, 'smtp-relay.ts'), [], { execArgv: ['--import', 'tsx'] });
  stopOnCleanup(child);
  const accepted = new Map<string, number>();
  let count = 0;
  let switched: ((mode: RelayMode) => void) | null = null;
  const port = await new Promise<number>((resolve) => {
    child.on('message', (message: { port?: number; mode?: RelayMode; subject?: string; at?: number }) => {
      if (message.port) return resolve(message.port);
      if (message.mode) return switched?.(message.mode);
      count++;
      if (message.subject && message.at) accepted.set(message.subject, message.at);
    });
  });
  return {
    port,
    accepted,
    count: () => count,
    setMode: (mode: RelayMode) =>
      new Promise<void>((resolve) => {
        switched = () => resolve();
        child.send({ mode });
      }),
  };
}

async function gql(base: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await response.json()) as { data?: Record<string, Record<string, string>>; errors?: unknown };
  if (json.errors || !json.data) throw new Error(JSON.stringify(json.errors));
  return json.data;
}

const SEND = `mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }`;
const body = 'Hello,\n\nthis is a benchmark message. '.repeat(20);

/** (f1): nodemailer alone sending `count` messages, 50 at a time; messages/s. */
async function nodemailerRun(transport: Transporter, count: number, prefix: string): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (next < count) {
        const i = next++;
        await transport.sendMail({
          from: 'bench@sendook.localhost',
          to: `${prefix}${i}@example.net`,
          subject: `${prefix} ${i}`,
          text: body,
          envelope: { from: `bounces+${prefix}${i}@sendook.localhost`, to: [`${prefix}${i}@example.net`] },
          dsn: { id: `${prefix}${i}`, return: 'headers', notify: ['success', 'failure', 'delay'] },
        });
      }
    }),
  );
  return (count / (performance.now() - started)) * 1000;
}

async function main() {
  const started = performance.now();
  const relay = await startRelay();
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: relay.port,
    pool: true,
    maxConnections: 10,
    maxMessages: 100_000,
    ignoreTLS: true,
  });

  // (f1) ------------------------------------------------------------------------------------------
  say(`(f1) nodemailer alone: ${F1_MESSAGES} messages, pooled (10 connections), one transaction each`);
  await nodemailerRun(transport, F1_WARMUP, 'w');
  const f1 = await nodemailerRun(transport, F1_MESSAGES, 'f1-');
  say(`  ${fmt(f1, 0)} messages/s (relay parsing each message)`);
  await relay.setMode('drain');
  const f1Drain = await nodemailerRun(transport, F1_MESSAGES, 'f1d-');
  say(`  ${fmt(f1Drain, 0)} messages/s (relay draining each message)`);
  transport.close();
  await relay.setMode('parse');

  // The service, as `npm start` runs it, on an embedded PostgreSQL of its own.
  const dataDir = await mkdtemp(path.join(tmpdir(), 'sendook-bench-send-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const postgres = await startEmbeddedPostgres(dataDir, createLogger('silent'));
  cleanups.push(() => postgres.stop());
  // BENCH_PROFILE_DIR=<dir>: the service writes a V8 CPU profile there when it stops.
  const profiling = process.env.BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  const service = spawn(process.execPath, [...profiling, '--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: postgres.url,
      PORT: '0',
      SMTP_PORT: '0',
      LOG_LEVEL: 'info',
      BOOTSTRAP_API_KEY: KEY,
      SMTP_RELAY_URL: `smtp://127.0.0.1:${relay.port}`,
      // The benchmark is one API key sending thousands of mutations a minute.
      RATE_LIMIT_PER_MINUTE: '1000000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  stopOnCleanup(service);
  const base = await new Promise<string>((resolve, reject) => {
    let text = '';
    service.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const port = /"port":(\d+)/.exec(text)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    });
    service.once('exit', (code) => reject(new Error(`service exited (${code})`)));
  });
  const inbox = (await gql(base, 'mutation { createInbox(input: { name: "Bench" }) { id } }')).createInbox;
  const pgPort = Number(new URL(postgres.url).port);

  /** (f2): `count` sendMessage mutations, F2_IN_FLIGHT at a time, until the relay has taken them all. */
  const serviceRun = async (count: number, prefix: string) => {
    const before = relay.count();
    const cpu = async () => ({
      service: await processCpuMs(service.pid as number),
      postgres: await clusterCpuMs(pgPort),
    });
    const cpuBefore = await cpu();
    const runStart = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: F2_IN_FLIGHT }, async () => {
        while (next < count) {
          const i = next++;
          await gql(base, SEND, {
            input: { inboxId: inbox.id, to: [`${prefix}${i}@example.net`], subject: `${prefix} ${i}`, text: body },
          });
        }
      }),
    );
    const mutationsMs = performance.now() - runStart;
    const deadline = performance.now() + 120_000;
    while (relay.count() - before < count && performance.now() < deadline) await sleep(20);
    const relayed = relay.count() - before;
    const rate = (relayed / (performance.now() - runStart)) * 1000;
    const cpuAfter = await cpu();
    return {
      rate,
      relayed,
      mutationsPerSecond: (count / mutationsMs) * 1000,
      serviceMs: (cpuAfter.service - cpuBefore.service) / count,
      postgresMs: (cpuAfter.postgres - cpuBefore.postgres) / count,
    };
  };

  // (f2) ------------------------------------------------------------------------------------------
  say(`\n(f2) sendMessage through the service: ${F2_MESSAGES} messages, ${F2_IN_FLIGHT} mutations in flight`);
  const warm = await serviceRun(F2_WARMUP, 'w');
  say(`  warm-up: ${F2_WARMUP} messages, ${fmt(warm.rate, 0)}/s, service CPU ${fmt(warm.serviceMs, 2)} ms per message`);
  const f2 = await serviceRun(F2_MESSAGES, 'f2-');
  say(
    `  mutations ${fmt(f2.mutationsPerSecond, 0)}/s; CPU per message: service ${fmt(f2.serviceMs, 2)} ms, PostgreSQL ${fmt(f2.postgresMs, 2)} ms`,
  );
  say(
    `  ${fmt(f2.rate, 0)} messages/s reached the relay (${f2.relayed} of ${F2_MESSAGES}); ${fmt((f2.rate / f1) * 100, 0)} % of (f1)`,
  );
  await relay.setMode('drain');
  const f2Drain = await serviceRun(F2_MESSAGES, 'f2d-');
  await relay.setMode('parse');
  say(
    `  relay draining: ${fmt(f2Drain.rate, 0)} messages/s (${f2Drain.relayed} of ${F2_MESSAGES}); ${fmt((f2Drain.rate / f1Drain) * 100, 0)} % of (f1) against it`,
  );

  // (f3) ------------------------------------------------------------------------------------------
  say(`\n(f3) ${F3_MESSAGES} sends at ${F3_RATE}/s: mutation start -> accepted by the relay`);
  const startedAt = new Map<string, number>();
  const t0 = performance.now();
  const inFlight: Array<Promise<unknown>> = [];
  for (let i = 0; i < F3_MESSAGES; i++) {
    const wait = t0 + (i * 1000) / F3_RATE - performance.now();
    if (wait > 0) await sleep(wait);
    const subject = `f3 ${i}`;
    startedAt.set(subject, now());
    inFlight.push(gql(base, SEND, { input: { inboxId: inbox.id, to: [`t${i}@example.net`], subject, text: body } }));
  }
  await Promise.all(inFlight);
  const f3Deadline = performance.now() + 30_000;
  const latencies = () =>
    [...startedAt].flatMap(([subject, at]) =>
      relay.accepted.has(subject) ? [(relay.accepted.get(subject) as number) - at] : [],
    );
  while (latencies().length < F3_MESSAGES && performance.now() < f3Deadline) await sleep(50);
  const f3 = latencies();
  const p50 = percentile(f3, 50);
  const p99 = percentile(f3, 99);
  say(`  ${f3.length} of ${F3_MESSAGES}; p50/p99/max ${fmt(p50)}/${fmt(p99)}/${fmt(percentile(f3, 100))} ms`);

  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  say('');
  say(
    table(
      ['figure', 'measured', 'target', ''],
      [
        ['(f1) nodemailer alone, messages/s', fmt(f1, 0), '', ''],
        [
          '(f2) sendMessage -> relay, messages/s',
          fmt(f2.rate, 0),
          `>= ${TARGET_F2_SHARE * 100} % of (f1)`,
          verdict(f2.rate >= TARGET_F2_SHARE * f1 && f2.relayed === F2_MESSAGES),
        ],
        ['(f2) / (f1)', `${fmt((f2.rate / f1) * 100, 0)} %`, '', ''],
        ['(f2) CPU per message: service / PostgreSQL', `${fmt(f2.serviceMs, 2)} / ${fmt(f2.postgresMs, 2)} ms`, '', ''],
        ["(f1') relay draining: nodemailer alone", fmt(f1Drain, 0), '', ''],
        [
          "(f2') relay draining: sendMessage -> relay",
          fmt(f2Drain.rate, 0),
          `>= ${TARGET_F2_SHARE * 100} % of (f1')`,
          verdict(f2Drain.rate >= TARGET_F2_SHARE * f1Drain && f2Drain.relayed === F2_MESSAGES),
        ],
        ["(f2') / (f1')", `${fmt((f2Drain.rate / f1Drain) * 100, 0)} %`, '', ''],
        ['(f3) mutation -> relay p50', `${fmt(p50)} ms`, '', ''],
        [
          '(f3) mutation -> relay p99',
          `${fmt(p99)} ms`,
          `< ${TARGET_F3_P99} ms`,
          verdict(p99 < TARGET_F3_P99 && f3.length === F3_MESSAGES),
        ],
      ],
    ),
  );
  say(`\nbench:send ran ${fmt((performance.now() - started) / 1000)} s`);
}

await runBench('bench:send', RUN_DEADLINE_MS, main);
