import { Socket } from 'node:net';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';

/** Sends one mail with nodemailer to the service's inbound SMTP port, as any mail server would. */
export async function sendMail(port: number, mail: Mail.Options) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail({ from: 'Alice Sender <alice@example.org>', ...mail });
  } finally {
    transport.close();
  }
}

/**
 * A line-by-line SMTP conversation over a raw socket, for what nodemailer will not send
 * (malformed MIME, 8-bit headers, hundreds of RCPTs): returns the server's reply to each command.
 */
export class RawSmtp {
  private buffer = '';
  private waiting: Array<(reply: string) => void> = [];
  private lastReply = '';
  /** Settles when the server closes the connection, with its last reply (421 on idle timeout). */
  readonly closed: Promise<string>;
  private constructor(private readonly socket: Socket) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve(this.lastReply)));
    socket.setEncoding('latin1');
    socket.on('data', (data: string) => {
      this.buffer += data;
      for (;;) {
        // A reply ends with a line "NNN text" (a space after the code, not a dash).
        const match = /(^|\r\n)(\d{3}) [^\r\n]*\r\n/.exec(this.buffer);
        if (!match) break;
        const end = match.index + match[0].length;
        const reply = this.buffer.slice(0, end).trim();
        this.buffer = this.buffer.slice(end);
        this.lastReply = reply;
        this.waiting.shift()?.(reply);
      }
    });
  }

  static async connect(port: number): Promise<{ smtp: RawSmtp; greeting: string }> {
    const socket = new Socket();
    const smtp = new RawSmtp(socket);
    const greeting = smtp.reply();
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(port, '127.0.0.1', () => resolve());
    });
    return { smtp, greeting: await greeting };
  }

  private reply(): Promise<string> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Sends one command line (or a whole DATA body ending in CRLF.CRLF) and returns the reply. */
  send(line: string | Buffer): Promise<string> {
    const reply = this.reply();
    this.socket.write(typeof line === 'string' ? `${line}\r\n` : line);
    return reply;
  }

  /** Sends many command lines at once (pipelining) and returns every reply in order. */
  sendAll(lines: string[]): Promise<string[]> {
    const replies = lines.map(() => this.reply());
    this.socket.write(lines.map((l) => `${l}\r\n`).join(''));
    return Promise.all(replies);
  }

  close() {
    this.socket.destroy();
  }
}

/** A full SMTP transaction with a raw message; returns the reply to the end of DATA. */
export async function sendRaw(port: number, from: string, to: string[], raw: string | Buffer): Promise<string> {
  const { smtp } = await RawSmtp.connect(port);
  try {
    await smtp.send('EHLO client.example.org');
    await smtp.send(`MAIL FROM:<${from}>`);
    for (const rcpt of to) await smtp.send(`RCPT TO:<${rcpt}>`);
    await smtp.send('DATA');
    const text = Buffer.isBuffer(raw) ? raw.toString('latin1') : raw;
    // CRLF line ends, and dot-stuffing (RFC 5321 4.5.2) so a line starting with "." survives.
    const body = Buffer.from(text.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..'), 'latin1');
    return await smtp.send(Buffer.concat([body, Buffer.from('\r\n.\r\n')]));
  } finally {
    smtp.close();
  }
}
