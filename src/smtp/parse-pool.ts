import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { InboundMail } from '../domain/mail/messages.ts';
import { perTurn } from './per-turn.ts';

/** The message is no MIME we can read: a permanent failure (554). */
export class UnparsableMailError extends Error {}

export interface MailParser {
  parse(raw: Buffer): Promise<InboundMail>;
  close(): Promise<void>;
}

// The entry point is TypeScript, as is the service: the thread registers the same loader first.
const BOOTSTRAP = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then(({ register }) => { register(); return import(${JSON.stringify(new URL('./parse-worker.ts', import.meta.url).href)}); })`;

/** What a parser thread answers for each mail (parse-worker.ts). */
export type ParseReply = { id: number; mail: InboundMail } | { id: number; error: string };

/**
 * Parses mail on worker threads: mailparser is the largest part of a message's CPU cost, and on
 * the main thread it delays every storing round trip queued behind it. Each mail goes to the
 * thread with the fewest waiting: mails that end DATA together (one storing batch waits for its
 * last) are parsed side by side. A thread that dies fails the parses it had (a temporary failure
 * for their senders) and is replaced on the next parse.
 */
export function createMailParser(threads = Math.min(2, availableParallelism())): MailParser {
  const pool = Array.from({ length: Math.max(1, threads) }, parserThread);
  return {
    parse: (raw) => pool.reduce((a, b) => (b.waiting() < a.waiting() ? b : a)).parse(raw),
    close: async () => {
      await Promise.all(pool.map((thread) => thread.close()));
    },
  };
}

function parserThread(): MailParser & { waiting(): number } {
  let worker: ReturnType<typeof start> | null = null;
  let nextId = 0;
  const pending = new Map<number, { resolve: (mail: InboundMail) => void; reject: (error: Error) => void }>();

  const start = () => {
    const thread = Object.assign(new Worker(BOOTSTRAP, { eval: true }), {
      // The mails of one turn of the event loop go to the thread in one message.
      post: perTurn((mails: Array<{ id: number; raw: Buffer }>) => thread.postMessage(mails)),
    });
    thread.unref();
    thread.on('message', (replies: ParseReply[]) => {
      for (const { id, ...reply } of replies) {
        const waiting = pending.get(id);
        pending.delete(id);
        if (!waiting) continue;
        if ('error' in reply) waiting.reject(new UnparsableMailError(reply.error));
        else waiting.resolve(restoreBuffers(reply.mail));
      }
    });
    const fail = (error: Error) => {
      if (worker === thread) worker = null;
      for (const waiting of pending.values()) waiting.reject(error);
      pending.clear();
    };
    thread.on('error', fail);
    thread.on('exit', (code) => fail(new Error(`mail parser thread exited with code ${code}`)));
    return thread;
  };

  worker = start();
  return {
    waiting: () => pending.size,
    parse(raw) {
      worker ??= start();
      const thread = worker;
      const id = nextId++;
      return new Promise<InboundMail>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        thread.post({ id, raw });
      });
    },
    async close() {
      const thread = worker;
      worker = null;
      await thread?.terminate();
    },
  };
}

/** Buffers cross threads as plain Uint8Arrays. */
function restoreBuffers(mail: InboundMail): InboundMail {
  for (const attachment of mail.attachments) {
    const content = attachment.content as Uint8Array;
    attachment.content = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  }
  return mail;
}
