/**
 * The sending benchmark's relay: smtp-server on 127.0.0.1:0 offering DSN, accepting everything
 * without parsing. Run as a child process (fork) by send.ts; reports its port and, for every
 * accepted message, its Subject and the wall-clock time of acceptance over IPC.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

const server = new SMTPServer({
  authOptional: true,
  hideSTARTTLS: true,
  hideDSN: false,
  logger: false,
  disableReverseLookup: true,
  maxClients: 200,
  onData(stream, _session, callback) {
    let head = '';
    stream.on('data', (chunk: Buffer) => {
      if (head.length < 4096) head += chunk.toString('latin1');
    });
    stream.on('end', () => {
      callback(null, 'Ok: queued');
      const subject = /^Subject: (.*)$/m.exec(head)?.[1]?.trim() ?? '';
      process.send?.({ subject, at: performance.timeOrigin + performance.now() });
    });
  },
});
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.server.address() as AddressInfo).port }));
process.on('disconnect', () => server.close(() => process.exit(0)));
