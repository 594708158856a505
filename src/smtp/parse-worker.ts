import { parentPort } from 'node:worker_threads';
import { parseMail } from './parse.ts';
import type { ParseReply } from './parse-pool.ts';
import { perTurn } from './per-turn.ts';

/**
 * The thread side of parse-pool.ts: mails come in batches; each parse is answered with the same id,
 * the answers of one turn of the event loop in one message.
 */
const answer = perTurn((replies: ParseReply[]) => parentPort?.postMessage(replies));

parentPort?.on('message', (mails: Array<{ id: number; raw: Uint8Array }>) => {
  for (const { id, raw } of mails) {
    parseMail(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)).then(
      (mail) => answer({ id, mail }),
      (err: unknown) => answer({ id, error: err instanceof Error ? err.message : String(err) }),
    );
  }
});
