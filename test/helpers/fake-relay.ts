import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddressArgs, type SMTPServerOptions } from 'smtp-server';

/** What the relay answers for one recipient: at RCPT, then (if accepted) at the end of DATA. */
export interface RecipientScript {
  rcpt?: number;
  data?: number;
}

export interface RelayedTransaction {
  mailFrom: string;
  mailFromArgs: SMTPServerAddressArgs | false;
  rcpt: string;
  rcptArgs: SMTPServerAddressArgs | false;
  /** The answer it got at RCPT. */
  rcptCode: number;
  raw?: string;
  dataCode?: number;
  /** The session it came over: its id, whether TLS was on, and the user that logged in. */
  session: string;
  secure: boolean;
  user: unknown;
}

const replyError = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });

/**
 * An SMTP relay on 127.0.0.1:0 (smtp-server) that offers DSN and answers each recipient as
 * scripted: `script(address, attempt)` with attempt counting from 1 per address. Records every
 * transaction, the ones refused at RCPT included, and every connection. `options` go to
 * smtp-server over these (TLS, AUTH, a handler of the test's own).
 */
export async function startFakeRelay(
  script: (address: string, attempt: number) => RecipientScript = () => ({}),
  options: Partial<SMTPServerOptions> = {},
) {
  const transactions: RelayedTransaction[] = [];
  const connections = new Set<string>();
  const attempts = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    hideSTARTTLS: true,
    hideDSN: false,
    logger: false,
    disableReverseLookup: true,
    onConnect(session, callback) {
      connections.add(session.id);
      callback();
    },
    onRcptTo(address, session, callback) {
      const attempt = (attempts.get(address.address) ?? 0) + 1;
      attempts.set(address.address, attempt);
      const answer = script(address.address, attempt);
      const mailFrom = session.envelope.mailFrom;
      transactions.push({
        mailFrom: mailFrom ? mailFrom.address : '',
        mailFromArgs: mailFrom ? mailFrom.args : false,
        rcpt: address.address,
        rcptArgs: address.args,
        rcptCode: answer.rcpt ?? 250,
        session: session.id,
        secure: session.secure,
        user: session.user,
      });
      if (answer.rcpt && answer.rcpt >= 400)
        return callback(replyError(answer.rcpt, `${answer.rcpt} scripted refusal`));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const rcpt = session.envelope.rcptTo[0]?.address ?? '';
        const entry = [...transactions].reverse().find((t) => t.rcpt === rcpt && t.raw === undefined);
        const answer = script(rcpt, attempts.get(rcpt) ?? 1);
        if (entry) {
          entry.raw = Buffer.concat(chunks).toString('utf8');
          entry.dataCode = answer.data ?? 250;
        }
        if (answer.data && answer.data >= 400)
          return callback(replyError(answer.data, `${answer.data} scripted refusal at DATA`));
        callback(null, `Ok: queued as Q${transactions.length}`);
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    transactions,
    connections,
    /** Transactions whose message was accepted, for one recipient. */
    delivered: (rcpt: string) => transactions.filter((t) => t.rcpt === rcpt && t.dataCode === 250),
    /** Transactions whose message was accepted, in order. */
    accepted: () => transactions.filter((t) => t.dataCode === 250),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FakeRelay = Awaited<ReturnType<typeof startFakeRelay>>;
