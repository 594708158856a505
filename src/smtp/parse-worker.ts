import { parentPort } from 'node:worker_threads';
import { parseMail } from './parse.ts';

type Reply = { id: number; mail: Awaited<ReturnType<typeof parseMail>> } | { id: number; error: string };

/**
 * The thread side of parse-pool.ts: mails come in batches; each parse is answered with the same id,
 * the answers of one turn of the event loop in one message (each message wakes the main thread).
 */
let outbox: Reply[] = [];
const answer = (reply: Reply) => {
  if (outbox.length === 0) {
    setImmediate(() => {
      const replies = outbox;
      outbox = [];
      parentPort?.postMessage(replies);
    });
  }
  outbox.push(reply);
};

parentPort?.on('message', (mails: Array<{ id: number; raw: Uint8Array }>) => {
  for (const { id, raw } of mails) {
    parseMail(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)).then(
      (mail) => answer({ id, mail }),
      (err: unknown) => answer({ id, error: err instanceof Error ? err.message : String(err) }),
    );
  }
});
