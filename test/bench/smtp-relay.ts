/**
 * The sending benchmark's relay: smtp-server on 127.0.0.1:0 offering DSN. Run as a child process
 * (fork) by send.ts; reports its port and, for every accepted message, its Subject and the
 * wall-clock time of acceptance over IPC. The parent switches its mode with { mode }:
 *  - 'parse': each message is parsed with mailparser before it is accepted, as the relay in
 *    ../shared/mail.md's measurements did (the figures issue 7 quotes for (f1)); a real relay
 *    (Mailpit, Postfix) does at least as much work per message;
 *  - 'drain': each message is read and dropped.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

let mode: 'parse' | 'drain' = 'parse';

const server = new SMTPServer({
  authOptional: true,
  hideSTARTTLS: true,
  hideDSN: false,
  logger: false,
  disableReverseLookup: true,
  maxClients: 200,
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', async () => {
      const raw = Buffer.concat(chunks);
      let subject: string;
      if (mode === 'parse') {
        subject = (await simpleParser(raw)).subject ?? '';
      } else {
        subject = /^Subject: (.*)$/m.exec(raw.subarray(0, 4096).toString('latin1'))?.[1]?.trim() ?? '';
      }
      callback(null, 'Ok: queued');
      process.send?.({ subject, at: performance.timeOrigin + performance.now() });
    });
  },
});
process.on('message', (message: { mode?: 'parse' | 'drain' }) => {
  if (message.mode) {
    mode = message.mode;
    process.send?.({ mode });
  }
});
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.server.address() as AddressInfo).port }));
process.on('disconnect', () => server.close(() => process.exit(0)));
