import { mkdtemp, rm } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SMTPServerOptions } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpPool } from '../src/outbound/smtp-pool.ts';
import { createSmtpTransport, onThisMachine } from '../src/outbound/smtp-transport.ts';
import { selfSignedCertificate } from './helpers/certificate.ts';
import { startFakeRelay } from './helpers/fake-relay.ts';

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
  const started = await startFakeRelay(undefined, options);
  relays.push(started);
  return started;
}

describe('the SMTP transport', () => {
  it('keeps at most ten connections for many concurrent sends, each message once with its DSN parameters', async () => {
    const r = await relay();
    const transport = createSmtpTransport(() => `smtp://127.0.0.1:${r.port}`, { name: 'smtp', timeoutMs: 5000 });
    const outcomes = await Promise.all(Array.from({ length: 60 }, (_, i) => transport.send(envelope(i), raw)));
    await transport.close();
    expect(outcomes.every((o) => o.kind === 'accepted')).toBe(true);
    expect(outcomes[0]).toMatchObject({ kind: 'accepted', providerMessageId: expect.stringMatching(/^Q\d+$/) });
    expect(
      r
        .accepted()
        .map((a) => a.rcpt)
        .sort(),
    ).toEqual(Array.from({ length: 60 }, (_, i) => `r${i}@example.net`).sort());
    expect(r.connections.size).toBeGreaterThan(0);
    expect(r.connections.size).toBeLessThanOrEqual(10);
    const first = r.accepted().find((a) => a.rcpt === 'r7@example.net');
    expect(first).toMatchObject({
      mailFrom: 'bounces+rcp_7@sendook.localhost',
      mailFromArgs: { RET: 'HDRS', ENVID: 'rcp_7' },
      rcptArgs: { NOTIFY: 'SUCCESS,FAILURE,DELAY' },
    });
  });

  it('sends over a new connection when the relay closed a kept one before taking the message', async () => {
    const r = await relay({
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
    expect(r.accepted().map((a) => a.rcpt)).toEqual([0, 1, 2, 3, 4].map((i) => `r${i}@example.net`));
    expect(new Set(r.accepted().map((a) => a.session)).size).toBe(5);
  });

  it('logs in with the user and password of the URL, and reports a refused login as temporary', async () => {
    const r = await relay({
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
    expect(r.accepted()[0]).toMatchObject({ user: 'us@er' });

    const bad = createSmtpTransport(() => `smtp://us%40er:wrong@127.0.0.1:${r.port}`, {
      name: 'smtp',
      timeoutMs: 5000,
    });
    const refused = await bad.send(envelope(2), raw);
    await bad.close();
    expect(refused).toMatchObject({ kind: 'temporary', diagnostic: expect.stringContaining('refused our login') });
    expect(r.accepted()).toHaveLength(1);
  });

  it('upgrades with STARTTLS; verifies the certificate where the URL asks (and beyond this machine); the local relay stays plain', async () => {
    const r = await relay({ hideSTARTTLS: false, key: tls.key, cert: tls.cert });
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
    expect(r.accepted()).toHaveLength(0);

    // On this machine nobody can be in between: a self-signed certificate (Postfix's snakeoil) is used as it is.
    const onThisMachine = createSmtpTransport(() => `smtp://127.0.0.1:${r.port}`, { name: 'smtp', timeoutMs: 5000 });
    expect(await onThisMachine.send(envelope(2), raw)).toMatchObject({ kind: 'accepted' });
    await onThisMachine.close();
    const local = createSmtpTransport(() => `smtp://127.0.0.1:${r.port}`, { name: 'local', timeoutMs: 5000 });
    expect(await local.send(envelope(3), raw)).toMatchObject({ kind: 'accepted' });
    await local.close();
    expect(r.accepted().map((a) => [a.rcpt, a.secure])).toEqual([
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
    expect(r.accepted()).toMatchObject([{ rcpt: 'r1@example.net', secure: true }]);
  });

  it('replaces a connection once it has sent its most messages', async () => {
    const r = await relay();
    const pool = new SmtpPool({ connection: { host: '127.0.0.1', port: r.port }, maxConnections: 1, maxMessages: 3 });
    for (let i = 0; i < 7; i++) await pool.send({ from: 'a@sendook.localhost', to: [`r${i}@example.net`] }, raw);
    await pool.close();
    expect(r.accepted()).toHaveLength(7);
    expect(new Set(r.accepted().map((a) => a.session)).size).toBe(3);
  });

  it('counts only this machine as beyond anyone in between (where certificates go unverified)', () => {
    for (const host of [undefined, 'localhost', '127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])
      expect(onThisMachine(host)).toBe(true);
    for (const host of ['10.0.0.5', '192.168.1.2', '::ffff:10.0.0.5', 'relay.example.com', 'localhost.example.com'])
      expect(onThisMachine(host)).toBe(false);
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
