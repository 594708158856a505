import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse } from 'graphql';
import { type Database, isDatabaseUnavailable } from '../db/client.ts';
import type { ApiKeyCache } from '../domain/api-key-cache.ts';
import { DATABASE_UNAVAILABLE_MESSAGE } from '../errors.ts';
import { resolveAuth } from '../schema/auth.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEEP_MS = 24 * 60 * 60 * 1000;
const WAIT_FOR_FIRST_MS = 60_000;

export type Answer = { status: number; body: string; headers?: Record<string, string> };
type Run = (body: Buffer) => Promise<Answer>;

export const json = (status: number, code: string, message: string, extra: Record<string, unknown> = {}): Answer => ({
  status,
  body: JSON.stringify({ errors: [{ message, extensions: { code, ...extra } }] }),
});

/** Whether the body is one GraphQL mutation (other requests are answered as usual, without a key). */
function isMutation(body: Buffer): boolean {
  try {
    const params = JSON.parse(body.toString('utf8')) as { query?: unknown; operationName?: unknown };
    if (typeof params.query !== 'string') return false;
    const operations = parse(params.query, { maxTokens: 5000 }).definitions.filter(
      (d) => d.kind === 'OperationDefinition',
    );
    const chosen =
      typeof params.operationName === 'string'
        ? operations.find((o) => o.name?.value === params.operationName)
        : operations.length === 1
          ? operations[0]
          : undefined;
    return chosen?.operation === 'mutation';
  } catch {
    return false;
  }
}

/** Retryable refusals changed nothing and must run again on a retry with the same key. */
function retryable(answer: Answer): boolean {
  return answer.status >= 500 || answer.status === 429 || /"code":"(UNAVAILABLE|RATE_LIMITED)"/.test(answer.body);
}

/**
 * Contract 4.6: the first mutation request with an `Idempotency-Key` (per organization, for 24
 * hours) runs; a later one with the same key and body gets the same response without running
 * (`Idempotent-Replayed: true`); the same key with another body is a CONFLICT; concurrent requests
 * with one key run it once (the others wait for its answer). The claim is a row insert, so this
 * holds across API processes.
 */
export function idempotencyHandler(db: Database, adminToken: string | undefined, apiKeys?: ApiKeyCache) {
  const claim = async (organizationId: string, key: string, hash: string) => {
    await db.$executeRaw`
      DELETE FROM idempotency_keys
      WHERE organization_id = ${organizationId} AND key = ${key} AND created_at < ${new Date(Date.now() - KEEP_MS)}`;
    const inserted = await db.$executeRaw`
      INSERT INTO idempotency_keys (organization_id, key, request_hash) VALUES (${organizationId}, ${key}, ${hash})
      ON CONFLICT DO NOTHING`;
    return inserted > 0;
  };

  const replay = async (organizationId: string, key: string, hash: string): Promise<Answer | null> => {
    const deadline = Date.now() + WAIT_FOR_FIRST_MS;
    for (;;) {
      const row = await db.idempotencyKey.findUnique({ where: { organizationId_key: { organizationId, key } } });
      if (!row) return null; // the first request failed in a retryable way: run this one
      if (row.requestHash !== hash) {
        return json(
          409,
          'CONFLICT',
          'This Idempotency-Key was used with a different request body; use a new key for a new request.',
        );
      }
      if (row.status !== null && row.response !== null) {
        return { status: row.status, body: row.response, headers: { 'idempotent-replayed': 'true' } };
      }
      if (Date.now() > deadline) {
        return json(409, 'CONFLICT', 'A request with this Idempotency-Key is still running; try again shortly.');
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const handle = async (req: IncomingMessage, body: Buffer, run: Run): Promise<Answer> => {
    const key = String(req.headers[IDEMPOTENCY_HEADER] ?? '');
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      return json(400, 'BAD_USER_INPUT', 'An Idempotency-Key is 1 to 255 printable ASCII characters without spaces.', {
        field: 'Idempotency-Key',
      });
    }
    if (!isMutation(body)) return run(body);
    const auth = await resolveAuth(db, req.headers.authorization, adminToken, apiKeys);
    if (auth.kind !== 'apiKey') return run(body);
    const hash = createHash('sha256').update(body).digest('hex');
    for (;;) {
      if (!(await claim(auth.organizationId, key, hash))) {
        const replayed = await replay(auth.organizationId, key, hash);
        if (replayed) return replayed;
        continue;
      }
      let answer: Answer;
      try {
        answer = await run(body);
      } catch (error) {
        await db.idempotencyKey.delete({ where: { organizationId_key: { organizationId: auth.organizationId, key } } });
        throw error;
      }
      if (retryable(answer)) {
        await db.idempotencyKey.delete({ where: { organizationId_key: { organizationId: auth.organizationId, key } } });
      } else {
        await db.idempotencyKey.update({
          where: { organizationId_key: { organizationId: auth.organizationId, key } },
          data: { status: answer.status, response: answer.body, completedAt: new Date() },
        });
      }
      return answer;
    }
  };
  return async (req: IncomingMessage, body: Buffer, run: Run): Promise<Answer> => {
    try {
      return await handle(req, body, run);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      return json(503, 'UNAVAILABLE', DATABASE_UNAVAILABLE_MESSAGE);
    }
  };
}

/** Reads a request body up to `limit` bytes; null when it is larger. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Answered 413 at once; the rest is discarded, and the connection closed after the answer.
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

export function send(res: ServerResponse, answer: Answer) {
  res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
  res.end(answer.body);
}
