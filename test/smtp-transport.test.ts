import { mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpTransport } from '../src/outbound/smtp-transport.ts';
import { selfSignedCertificate } from './helpers/certificate.ts';

interface Accepted {
  from: string;
  to: string;
  mailFromArgs: unknown;
  rcptArgs: unknown;
  secure: boolean;
  user: unknown;
  connection: string;
}

/** A relay on 127.0.0.1:0 recording each accepted message with the session it came over. */
async function startRelay(options: Partial<SMTPServerOptions> = {}) {
  const accepted: Accepted[] = [];
  const connections = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    hideDSN: false,
    logger: false,
    disableReverseLookup: true,
    onConnect(session, callback) {
      connections.add(session.id);
      callback();
    },
    onData(stream, session: SMTPServerSession, callback) {
      stream.resume();
      stream.on('end', () => {
        const mailFrom = session.envelope.mailFrom;
        const rcpt = session.envelope.rcptTo[0];
        accepted.push({
          from: mailFrom ? mailFrom.address : '',
          to: rcpt.address,
          mailFromArgs: mailFrom ? mailFrom.args : false,
          rcptArgs: rcpt.args,
          secure: session.secure,
          user: session.user,
          connection: session.id,
        });
        callback(null, `Ok: queued as Q${accepted.length}`);
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, accepted, connections, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const raw = Buffer.from('From: a@sendook.localhost\r\nTo: b@example.net\r\nSubject: hi\r\n\r\nHello\r\n');
const envelope = (i: number) => ({
  from: `bounces+rcp_${i}@sendook.localhost`,
  to: `r${i}@example.net`,
  envelopeId: `rcp_${i}`,
});
const relays: Array<{ close(): Promise<void> }> = [];
let dir: string;
let tls: { key: string; cert: string };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sendook-smtp-transport-'));
  tls = await selfSignedCertificate(dir, { commonName: 'relay.test' });
});

afterAll(async () => {
  await Promise.all(relays.map((relay) => relay.close()));
  await rm(dir, { recursive: true, force: true });
});

async function relay(options: Partial<SMTPServerOptions> = {}) {
  const started = await startRelay(options);
  relays.push(started);
  return started;
}

describe('the SMTP transport', () => {
  it('keeps at most ten connections for many concurrent sends, each message once with its DSN parameters', async () => {
    const r = await relay({ hideSTARTTLS: true });
    const transport = createSmtpTransport(() => `smtp://127.0.0.1:${r.port}`, { name: 'smtp', timeoutMs: 5000 });
    const outcomes = await Promise.all(Array.from({ length: 60 }, (_, i) => transport.send(envelope(i), raw)));
    await transport.close();
    expect(outcomes.every((o) => o.kind === 'accepted')).toBe(true);
    expect(outcomes[0]).toMatchObject({ kind: 'accepted', providerMessageId: expect.stringMatching(/^Q\d+$/) });
    expect(r.accepted.map((a) => a.to).sort()).toEqual(
      Array.from({ length: 60 }, (_, i) => `r${i}@example.net`).sort(),
    );
    expect(r.connections.size).toBeGreaterThan(0);
    expect(r.connections.size).toBeLessThanOrEqual(10);
    const first = r.accepted.find((a) => a.to === 'r7@example.net');
    expect(first).toMatchObject({
      from: 'bounces+rcp_7@sendook.localhost',
      mailFromArgs: { RET: 'HDRS', ENVID: 'rcp_7' },
      rcptArgs: { NOTIFY: 'SUCCESS,FAILURE,DELAY' },
    });
  });

  it('sends over a new connection when the relay closed a kept one before taking the message', async () => {
    const r = await relay({
      hideSTARTTLS: true,
      // Every connection takes one message, then answers 421 and closes, as a relay limiting messages per connection does.
      onMailFrom(_address, session, callback) {
        if (session.transaction > 1)
          return callback(Object.assign(new Error('Too many messages'), { responseCode: 421 }));
        callback();
      },
    });
    const transport = createSmtpTransport(() => `smtp://127.0.0.1:${r.port}`, { name: 'smtp', timeoutMs: 5000 });
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push(await transport.send(envelope(i), raw));
    await transport.close();
    expect(outcomes.map((o) => o.kind)).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'accepted']);
    expect(r.accepted.map((a) => a.to)).toEqual([0, 1, 2, 3, 4].map((i) => `r${i}@example.net`));
    expect(new Set(r.accepted.map((a) => a.connection)).size).toBe(5);
  });

  it('logs in with the user and password of the URL, and reports a refused login as temporary', async () => {
    const r = await relay({
      hideSTARTTLS: true,
      authOptional: false,
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        if (auth.username === 'us@er' && auth.password === 'p:ss') return callback(null, { user: auth.username });
        callback(new Error('Invalid username or password'));
      },
    });
    const good = createSmtpTransport(() => `smtp://us%40er:p%3Ass@127.0.0.1:${r.port}`, {
      name: 'smtp',
      timeoutMs: 5000,
    });
    expect(await good.send(envelope(1), raw)).toMatchObject({ kind: 'accepted' });
    await good.close();
    expect(r.accepted[0]).toMatchObject({ user: 'us@er' });

    const bad = createSmtpTransport(() => `smtp://us%40er:wrong@127.0.0.1:${r.port}`, {
      name: 'smtp',
      timeoutMs: 5000,
    });
    const refused = await bad.send(envelope(2), raw);
    await bad.close();
    expect(refused).toMatchObject({ kind: 'temporary', diagnostic: expect.stringContaining('refused our login') });
    expect(r.accepted).toHaveLength(1);
  });

  it('upgrades with STARTTLS; verifies the certificate where the URL asks (and beyond this machine); the local relay stays plain', async () => {
    const r = await relay({ key: tls.key, cert: tls.cert });
    const verified = createSmtpTransport(() => `smtp://127.0.0.1:${r.port}?tls.rejectUnauthorized=true`, {
      name: 'smtp',
      timeoutMs: 5000,
    });
    const refused = await verified.send(envelope(1), raw);
    await verified.close();
    expect(refused).toMatchObject({
      kind: 'temporary',
      diagnostic: expect.stringContaining('add ?tls.rejectUnauthorized=false to SMTP_RELAY_URL'),
    });
    expect(r.accepted).toHaveLength(0);

    // On this machine nobody can be in between: a self-signed certificate (Postfix's snakeoil) is used as it is.
    const onThisMachine = createSmtpTransport(() => `smtp://127.0.0.1:${r.port}`, { name: 'smtp', timeoutMs: 5000 });
    expect(await onThisMachine.send(envelope(2), raw)).toMatchObject({ kind: 'accepted' });
    await onThisMachine.close();
    const local = createSmtpTransport(() => `smtp://127.0.0.1:${r.port}`, { name: 'local', timeoutMs: 5000 });
    expect(await local.send(envelope(3), raw)).toMatchObject({ kind: 'accepted' });
    await local.close();
    expect(r.accepted.map((a) => [a.to, a.secure])).toEqual([
      ['r2@example.net', true],
      ['r3@example.net', false],
    ]);
  });

  it('speaks TLS from the start with smtps://', async () => {
    const r = await relay({ secure: true, key: tls.key, cert: tls.cert });
    const transport = createSmtpTransport(() => `smtps://127.0.0.1:${r.port}`, {
      name: 'smtp',
      timeoutMs: 5000,
    });
    expect(await transport.send(envelope(1), raw)).toMatchObject({ kind: 'accepted' });
    await transport.close();
    expect(r.accepted).toMatchObject([{ to: 'r1@example.net', secure: true }]);
  });

  it('gives up on a relay that hangs, before the greeting or after the message, and keeps working', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const mute = createSmtpTransport(() => `smtp://127.0.0.1:${(silent.address() as AddressInfo).port}`, {
      name: 'smtp',
      timeoutMs: 300,
    });
    expect(await mute.send(envelope(0), raw)).toMatchObject({ kind: 'temporary' });
    await mute.close();
    silent.close();

    let hanging = true;
    const r = await relay({
      hideSTARTTLS: true,
      onData(stream, _session, callback) {
        stream.resume();
        // While hanging, the message is read but never answered.
        stream.on('end', () => (hanging ? undefined : callback(null, 'Ok: queued as late')));
      },
    });
    const transport = createSmtpTransport(() => `smtp://127.0.0.1:${r.port}`, { name: 'smtp', timeoutMs: 300 });
    // More sends than connections: every slot times out, and none stays taken.
    const hung = await Promise.all(Array.from({ length: 12 }, (_, i) => transport.send(envelope(i), raw)));
    expect(hung.map((o) => o.kind)).toEqual(Array(12).fill('temporary'));
    hanging = false;
    const after = await Promise.all(Array.from({ length: 12 }, (_, i) => transport.send(envelope(20 + i), raw)));
    await transport.close();
    expect(after.map((o) => o.kind)).toEqual(Array(12).fill('accepted'));
  });

  it('reports an unreachable relay as temporary, for every send waiting on it', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const transport = createSmtpTransport(() => `smtp://127.0.0.1:${port}`, { name: 'smtp', timeoutMs: 5000 });
    const outcomes = await Promise.all(Array.from({ length: 15 }, (_, i) => transport.send(envelope(i), raw)));
    await transport.close();
    expect(outcomes.map((o) => o.kind)).toEqual(Array(15).fill('temporary'));
    expect(outcomes[0]).toMatchObject({ diagnostic: expect.stringContaining('ECONNREFUSED') });
  });
});
