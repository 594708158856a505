/**
 * The inbound-mail floor (e1): smtp-server with the service's options and mailparser on every
 * message, storing nothing. Run as a child process by mail.ts; prints its port on stdout.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { MAILPARSER_OPTIONS } from '../../src/smtp/parse.ts';

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH'],
  hideSTARTTLS: true,
  logger: false,
  disableReverseLookup: true,
  size: 10 * 1024 * 1024,
  maxClients: 100,
  maxRecipients: 50,
  onRcptTo(_address, _session, callback) {
    callback();
  },
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      simpleParser(Buffer.concat(chunks), MAILPARSER_OPTIONS).then(
        () => callback(null, 'OK'),
        (err) => callback(err),
      );
    });
  },
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
