import SMTPConnection from 'nodemailer/lib/smtp-connection';

export type SmtpError = SMTPConnection.SMTPError;

interface PooledConnection {
  smtp: SMTPConnection;
  sent: number;
  /** The relay closed it, or its socket failed or timed out, while it was idle or in use. */
  broken: boolean;
}

export interface SmtpPoolOptions {
  connection: SMTPConnection.Options;
  auth?: { user: string; pass: string };
  maxConnections: number;
  /** Messages per connection before it is replaced. */
  maxMessages: number;
}

/**
 * Persistent SMTP connections (nodemailer's SMTPConnection), each sending one message at a time.
 * Hand-written rather than nodemailer's pooled transport, which builds a MIME node and a stream
 * pipeline for every message, even a ready-made one (about five times the CPU of SMTPConnection
 * with a Buffer), and rather than generic-pool, whose acquire keeps retrying a connection that
 * cannot be opened instead of failing.
 */
export class SmtpPool {
  private readonly idle: PooledConnection[] = [];
  /** Waiting senders: given a connection, or null when a slot has freed up for them to open one. */
  private readonly waiting: Array<(connection: PooledConnection | null) => void> = [];
  private open = 0;
  private closed = false;

  constructor(private readonly options: SmtpPoolOptions) {}

  /**
   * Sends one message; rejects with nodemailer's error (responseCode, response, command) when the
   * relay refuses it or cannot be reached.
   */
  async send(envelope: SMTPConnection.Envelope, raw: Buffer): Promise<SMTPConnection.SentMessageInfo> {
    for (let attempt = 1; ; attempt++) {
      const connection = await this.acquire();
      const reused = connection.sent > 0;
      try {
        // SMTPConnection keeps and amends the envelope it is given: each attempt gets its own.
        const own = { ...envelope, dsn: envelope.dsn && { ...envelope.dsn } };
        const info = await new Promise<SMTPConnection.SentMessageInfo>((resolve, reject) =>
          connection.smtp.send(own, raw, (err, result) => (err ? reject(err) : resolve(result))),
        );
        connection.sent++;
        this.release(connection);
        return info;
      } catch (error) {
        const err = error as SmtpError;
        if ((err.code === 'EENVELOPE' || err.code === 'EMESSAGE') && err.responseCode !== 421 && !connection.broken) {
          // The relay refused this message; the session itself is fine and is reset for the next.
          connection.smtp.reset((resetErr) => (resetErr ? this.discard(connection) : this.release(connection)));
          throw err;
        }
        this.discard(connection);
        // A kept connection the relay dropped (or answered 421) before taking MAIL FROM: nothing of
        // this message was accepted, so it goes once more over a new connection.
        const beforeMailFrom = err.command === 'API' || err.command === 'MAIL FROM';
        if (reused && attempt === 1 && beforeMailFrom && !this.closed) continue;
        throw err;
      }
    }
  }

  /** Closes idle connections now, and the others as their messages end. */
  async close(): Promise<void> {
    this.closed = true;
    for (const connection of this.idle.splice(0)) this.discard(connection);
    for (const wake of this.waiting.splice(0)) wake(null);
  }

  private async acquire(): Promise<PooledConnection> {
    for (;;) {
      if (this.closed) throw Object.assign(new Error('The mail transport is closed.'), { code: 'ECONNECTION' });
      const idle = this.idle.pop();
      if (idle) {
        if (this.usable(idle)) return idle;
        this.discard(idle);
        continue;
      }
      if (this.open < this.options.maxConnections) {
        this.open++;
        try {
          return await this.connect();
        } catch (err) {
          this.open--;
          this.waiting.shift()?.(null);
          throw err;
        }
      }
      const handed = await new Promise<PooledConnection | null>((resolve) => this.waiting.push(resolve));
      if (handed && this.usable(handed)) return handed;
      if (handed) this.discard(handed);
    }
  }

  private usable(connection: PooledConnection): boolean {
    return !connection.broken && connection.sent < this.options.maxMessages;
  }

  private release(connection: PooledConnection): void {
    if (this.closed || !this.usable(connection)) {
      this.discard(connection);
      return;
    }
    const waiter = this.waiting.shift();
    if (waiter) waiter(connection);
    else this.idle.push(connection);
  }

  private discard(connection: PooledConnection): void {
    if (connection.broken) connection.smtp.close();
    else connection.smtp.quit();
    connection.broken = true;
    this.open--;
    this.waiting.shift()?.(null);
  }

  private connect(): Promise<PooledConnection> {
    return new Promise((resolve, reject) => {
      const smtp = new SMTPConnection(this.options.connection);
      const connection: PooledConnection = { smtp, sent: 0, broken: false };
      let settled = false;
      const settle = (err: unknown) => {
        if (settled) return;
        settled = true;
        if (!err) return resolve(connection);
        smtp.close();
        reject(err);
      };
      // Before the session is up, a failure arrives as 'error' (or a bare 'end'); after, an idle
      // connection that times out or is dropped emits 'error' too, which unheard would throw.
      smtp.on('error', (err) => {
        connection.broken = true;
        settle(err);
      });
      smtp.once('end', () => {
        connection.broken = true;
        settle(Object.assign(new Error('The relay closed the connection.'), { code: 'ECONNECTION' }));
      });
      smtp.connect((err) => {
        if (err) return settle(err);
        const auth = this.options.auth;
        // As nodemailer's own pool: credentials are used where the relay offers AUTH.
        if (!auth || !smtp.allowsAuth) return settle(null);
        smtp.login(auth, (loginErr) => settle(loginErr));
      });
    });
  }
}
