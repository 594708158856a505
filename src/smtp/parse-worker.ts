import { parentPort } from 'node:worker_threads';
import { parseMail } from './parse.ts';

/** The thread side of parse-pool.ts: one parse per message, answered with the same id. */
parentPort?.on('message', ({ id, raw }: { id: number; raw: Uint8Array }) => {
  parseMail(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)).then(
    (mail) => parentPort?.postMessage({ id, mail }),
    (err: unknown) => parentPort?.postMessage({ id, error: err instanceof Error ? err.message : String(err) }),
  );
});
