/**
 * Inbound mail benchmark (part of `npm run bench`, or alone with `npm run bench:mail`), with one
 * pipelining SMTP client for every figure:
 *  (e1) the floor: smtp-server + mailparser storing nothing (test/bench/smtp-floor.ts, a child process);
 *  (e2) the service (ROLE=all, a child process, as `npm start` runs it) storing each message and
 *       recording its message.received event, from 10 connections; its RSS is sampled meanwhile;
 *  (e3) a steady 50 messages/s: end of DATA to the signed webhook at a local receiver.
 * Everything on 127.0.0.1, bounded in count and time; stops by itself.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { type AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/db/embedded.ts';
import { createLogger } from '../../src/logger.ts';
import { cleanups, runBench } from './harness.ts';
import { fmt, percentile, sleep, table } from './stats.ts';

const CONNECTIONS = 10;
const THROUGHPUT_SECONDS = 8;
const WARMUP_SECONDS = 2;
const STEADY_RATE = 50;
const STEADY_MESSAGES = 500;
const RUN_DEADLINE_MS = 5 * 60_000;
const TARGET_E2 = 1000;
const TARGET_P50 = 50;
const TARGET_P99 = 200;
const KEY = `sk_bench_${randomBytes(12).toString('hex')}`;
const ADMIN = `admin_${randomBytes(12).toString('hex')}`;
const root = path.resolve(import.meta.dirname, '../..');
const say = (line = '') => process.stdout.write(`${line}\n`);

/** ~1.3 KB text+html with threading headers, like the figures in shared/mail.md. */
function message(to: string, token: string): string {
  const text = `Hello,\n\nthis is message ${token}. ${'Lorem ipsum dolor sit amet. '.repeat(12)}\n\n-- \nAlice\n`;
  return [
    'From: Alice <alice@example.org>',
    `To: ${to}`,
    `Subject: bench ${token}`,
    `Message-ID: <${token}@example.org>`,
    'In-Reply-To: <earlier@example.org>',
    'References: <first@example.org> <earlier@example.org>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    '--b1',
    'Content-Type: text/html; charset=utf-8',
    '',
    `<p>${text.replaceAll('\n', '<br>')}</p>`,
    '--b1--',
    '',
  ]
    .join('\n')
    .replace(/\r?\n/g, '\r\n');
}

/** One SMTP connection that pipelines MAIL, RCPT and DATA, then the body, per message. */
class PipeliningClient {
  private buffer = '';
  private waiters: Array<(reply: string) => void> = [];
  private constructor(private readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (data: string) => {
      this.buffer += data;
      let end = this.buffer.indexOf('\r\n');
      while (end >= 0) {
        const line = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        if (line[3] !== '-') this.waiters.shift()?.(line);
        end = this.buffer.indexOf('\r\n');
      }
    });
  }

  static async open(port: number) {
    const socket = new Socket();
    const client = new PipeliningClient(socket);
    const greeting = client.next();
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(port, '127.0.0.1', resolve);
    });
    await greeting;
    await client.command('EHLO bench.example.org');
    return client;
  }

  private next() {
    return new Promise<string>((resolve) => this.waiters.push(resolve));
  }

  private command(line: string) {
    const reply = this.next();
    this.socket.write(`${line}\r\n`);
    return reply;
  }

  /** Resolves with the reply to the end of DATA; `onDataEnd` runs as the final dot is written. */
  async send(to: string, body: string, onDataEnd?: () => void): Promise<string> {
    const replies = [this.next(), this.next(), this.next()];
    this.socket.write(`MAIL FROM:<alice@example.org>\r\nRCPT TO:<${to}>\r\nDATA\r\n`);
    const [mail, rcpt, data] = await Promise.all(replies);
    if (!mail.startsWith('250') || !rcpt.startsWith('250') || !data.startsWith('354')) {
      throw new Error(`refused: ${mail} / ${rcpt} / ${data}`);
    }
    const done = this.next();
    this.socket.write(`${body}\r\n.\r\n`);
    onDataEnd?.();
    return done;
  }

  close() {
    this.socket.end('QUIT\r\n');
  }
}

/** Sends from `connections` connections for `seconds`; counts 250s after `warmup` seconds. */
async function throughput(port: number, to: string | string[], connections: number, seconds: number, warmup: number) {
  const recipient = (c: number) => (Array.isArray(to) ? to[c % to.length] : to);
  const clients = await Promise.all(Array.from({ length: connections }, () => PipeliningClient.open(port)));
  const start = performance.now();
  const measureFrom = start + warmup * 1000;
  const end = measureFrom + seconds * 1000;
  let counted = 0;
  let failed = 0;
  await Promise.all(
    clients.map(async (client, c) => {
      for (let i = 0; performance.now() < end; i++) {
        const reply = await client.send(
          recipient(c),
          message(recipient(c), `t${c}-${i}-${randomBytes(3).toString('hex')}`),
        );
        if (performance.now() < measureFrom) continue;
        if (reply.startsWith('250')) counted++;
        else failed++;
      }
    }),
  );
  for (const client of clients) client.close();
  return { rate: counted / seconds, counted, failed };
}

/** BENCH_PROFILE_DIR=<dir>: the service child writes a V8 CPU profile there when it stops. */
function startChild(command: string[], env: NodeJS.ProcessEnv, profile = false): ChildProcess {
  const profiling =
    profile && process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profiling, '--import', 'tsx', ...command], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanups.push(async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  });
  return child;
}

function firstLine(child: ChildProcess, match: (line: string) => string | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      for (const line of text.split('\n')) {
        const found = match(line);
        if (found) return resolve(found);
      }
    });
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before it was ready`)));
  });
}

/** CPU ms used so far by the service process and by every postgres process (from /proc). */
async function cpuMs(servicePid: number): Promise<{ service: number; postgres: number }> {
  const ticksMs = 10; // USER_HZ is 100 on Linux
  const read = async (pid: string) => {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { comm: /\((.*)\)/.exec(stat)?.[1] ?? '', ms: (Number(fields[11]) + Number(fields[12])) * ticksMs };
  };
  let postgres = 0;
  for (const pid of (await readdir('/proc')).filter((name) => /^\d+$/.test(name))) {
    const { comm, ms } = await read(pid);
    if (comm === 'postgres' && Number.isFinite(ms)) postgres += ms;
  }
  return { service: (await read(String(servicePid))).ms, postgres };
}

async function rssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

async function gql(base: string, query: string, variables: Record<string, unknown> = {}, token = KEY) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const json = (await response.json()) as { data?: Record<string, Record<string, string>>; errors?: unknown };
  if (json.errors || !json.data) throw new Error(JSON.stringify(json.errors));
  return json.data;
}

async function main() {
  const started = performance.now();
  // (e1) ------------------------------------------------------------------------------------------
  const floor = startChild(['test/bench/smtp-floor.ts'], {});
  const floorPort = Number(await firstLine(floor, (line) => (/^\d+$/.test(line.trim()) ? line.trim() : undefined)));
  say(`(e1) floor: smtp-server + mailparser, nothing stored; ${CONNECTIONS} connections, ${THROUGHPUT_SECONDS} s`);
  const e1 = await throughput(floorPort, 'anyone@sendook.localhost', CONNECTIONS, THROUGHPUT_SECONDS, WARMUP_SECONDS);
  say(`  ${fmt(e1.rate, 0)} messages/s (${e1.counted} counted, ${e1.failed} refused)`);
  floor.kill('SIGTERM');

  // The service, as `npm start` runs it, on an embedded PostgreSQL of its own.
  const dataDir = await mkdtemp(path.join(tmpdir(), 'sendook-bench-mail-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const postgres = await startEmbeddedPostgres(dataDir, createLogger('silent'));
  cleanups.push(() => postgres.stop());
  const service = startChild(
    ['src/main.ts'],
    {
      DATABASE_URL: postgres.url,
      PORT: '0',
      SMTP_PORT: '0',
      LOG_LEVEL: 'info',
      BOOTSTRAP_API_KEY: KEY,
      ADMIN_TOKEN: ADMIN,
      WEBHOOK_ALLOWED_CIDRS: '127.0.0.0/8',
    },
    true,
  );
  const ports: { http?: number; smtp?: number } = {};
  await firstLine(service, (line) => {
    try {
      const log = JSON.parse(line) as { port?: number; smtpPort?: number };
      ports.http ??= log.port;
      ports.smtp ??= log.smtpPort;
    } catch {
      // the banner
    }
    return ports.http && ports.smtp ? 'ready' : undefined;
  });
  const base = `http://127.0.0.1:${ports.http}`;
  const inbox = (await gql(base, 'mutation { createInbox(input: { name: "Bench" }) { id email } }')).createInbox;

  // (e2) ------------------------------------------------------------------------------------------
  say(`\n(e2) the service storing messages + message.received, ${CONNECTIONS} connections, ${THROUGHPUT_SECONDS} s`);
  const rss: number[] = [];
  const sampler = setInterval(() => void rssMiB(service.pid as number).then((mib) => rss.push(mib)), 250);
  const cpuBefore = await cpuMs(service.pid as number);
  const selfBefore = process.cpuUsage();
  const e2 = await throughput(ports.smtp as number, inbox.email, CONNECTIONS, THROUGHPUT_SECONDS, WARMUP_SECONDS);
  const cpuAfter = await cpuMs(service.pid as number);
  const selfCpu = process.cpuUsage(selfBefore);
  clearInterval(sampler);
  const sent = e2.counted * ((THROUGHPUT_SECONDS + WARMUP_SECONDS) / THROUGHPUT_SECONDS);
  say(
    `  CPU per message (warm-up included): service ${fmt((cpuAfter.service - cpuBefore.service) / sent, 2)} ms, ` +
      `PostgreSQL ${fmt((cpuAfter.postgres - cpuBefore.postgres) / sent, 2)} ms, client ${fmt((selfCpu.user + selfCpu.system) / 1000 / sent, 2)} ms`,
  );
  say(
    `  ${fmt(e2.rate, 0)} messages/s (${e2.counted} counted, ${e2.failed} refused); ${fmt((e2.rate / e1.rate) * 100, 0)} % of (e1)`,
  );
  say(`  service RSS during (e2): max ${fmt(Math.max(...rss), 0)} MiB`);
  // The same load spread over inboxes of 10 organizations: recording is serialised per organization
  // until commit (the events(after:) ordering guarantee), so this shows what that lock costs.
  const spread: string[] = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const { createOrganization } = (await gql(
      base,
      `mutation { createOrganization(input: { name: "bench ${i}" }) { secret } }`,
      {},
      ADMIN,
    )) as unknown as { createOrganization: { secret: string } };
    const created = (
      await gql(base, 'mutation { createInbox(input: { name: "Spread" }) { email } }', {}, createOrganization.secret)
    ).createInbox;
    spread.push(created.email);
  }
  say(`\n(e2') the same, one inbox in each of ${CONNECTIONS} organizations`);
  const e2spread = await throughput(ports.smtp as number, spread, CONNECTIONS, THROUGHPUT_SECONDS, WARMUP_SECONDS);
  say(`  ${fmt(e2spread.rate, 0)} messages/s (${e2spread.counted} counted, ${e2spread.failed} refused)`);

  // (e3) ------------------------------------------------------------------------------------------
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const at = performance.now();
      const subject = (JSON.parse(body) as { payload: { subject: string } }).payload.subject;
      const sent = sentAt.get(subject);
      if (sent !== undefined) latencies.push(at - sent);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => receiver.close(resolve)));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  await gql(
    base,
    'mutation($url: String!) { createWebhook(input: { url: $url, events: ["message.received"] }) { id } }',
    {
      url: receiverUrl,
    },
  );
  say(
    `\n(e3) ${STEADY_MESSAGES} messages at ${STEADY_RATE}/s over one connection: end of DATA -> signed webhook received`,
  );
  const client = await PipeliningClient.open(ports.smtp as number);
  const gap = 1000 / STEADY_RATE;
  const t0 = performance.now();
  for (let i = 0; i < STEADY_MESSAGES; i++) {
    const wait = t0 + i * gap - performance.now();
    if (wait > 0) await sleep(wait);
    const token = `s${i}-${randomBytes(3).toString('hex')}`;
    const reply = await client.send(inbox.email, message(inbox.email, token), () =>
      sentAt.set(`bench ${token}`, performance.now()),
    );
    if (!reply.startsWith('250')) throw new Error(`refused: ${reply}`);
  }
  client.close();
  const waitUntil = performance.now() + 10_000;
  while (latencies.length < STEADY_MESSAGES && performance.now() < waitUntil) await sleep(50);
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  say(
    `  ${latencies.length} of ${STEADY_MESSAGES} webhooks; p50/p99/max ${fmt(p50)}/${fmt(p99)}/${fmt(percentile(latencies, 100))} ms`,
  );

  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  say('');
  say(
    table(
      ['figure', 'measured', 'target', ''],
      [
        ['(e1) floor, messages/s', fmt(e1.rate, 0), '', ''],
        [
          '(e2) service, messages/s',
          fmt(e2.rate, 0),
          `>= ${TARGET_E2}`,
          verdict(e2.rate >= TARGET_E2 && e2.failed === 0),
        ],
        ['(e2) / (e1)', `${fmt((e2.rate / e1.rate) * 100, 0)} %`, '', ''],
        ["(e2') 10 organizations, messages/s", fmt(e2spread.rate, 0), '', ''],
        ['(e2) service RSS max', `${fmt(Math.max(...rss), 0)} MiB`, '', ''],
        ['(e3) end of DATA -> webhook p50', `${fmt(p50)} ms`, `< ${TARGET_P50} ms`, verdict(p50 < TARGET_P50)],
        [
          '(e3) end of DATA -> webhook p99',
          `${fmt(p99)} ms`,
          `< ${TARGET_P99} ms`,
          verdict(p99 < TARGET_P99 && latencies.length === STEADY_MESSAGES),
        ],
      ],
    ),
  );
  say(`\nbench:mail ran ${fmt((performance.now() - started) / 1000)} s`);
}

await runBench('bench:mail', RUN_DEADLINE_MS, main);
