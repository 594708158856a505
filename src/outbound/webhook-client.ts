import { EventEmitter } from 'node:events';
import { type Dispatcher, errors, request } from 'undici';
import type { AttemptErrorKind, WebhookOutcome, WebhookRequest } from '../domain/ports.ts';
import { BlockedAddressError } from './guarded-agent.ts';

export const RESPONSE_BODY_KEEP_BYTES = 16 * 1024;
export const RESPONSE_BODY_READ_BYTES = 64 * 1024;

/**
 * One POST with a deadline over the whole exchange (connect, headers and body), no redirects
 * followed, and at most 64 KiB of the response read. Never throws: failures are outcomes.
 */
export async function postWebhook(
  dispatcher: Dispatcher,
  req: WebhookRequest,
  timeoutMs: number,
): Promise<WebhookOutcome> {
  const startedAt = new Date();
  const started = performance.now();
  const deadline = new Deadline(timeoutMs);
  let status: number | null = null;
  let headers: Record<string, string | string[]> | null = null;
  let body: string | null = null;
  try {
    const response = await request(req.url, {
      method: 'POST',
      headers: req.headers,
      body: req.body,
      dispatcher,
      signal: deadline,
    });
    status = response.statusCode;
    headers = normalizeHeaders(response.headers);
    body = await readCapped(response.body);
    const succeeded = status >= 200 && status < 300;
    return {
      succeeded,
      status,
      headers,
      body,
      errorKind: succeeded ? null : 'status',
      error: succeeded ? null : describeStatus(status),
      durationMs: Math.round(performance.now() - started),
      startedAt,
    };
  } catch (error) {
    const [errorKind, message] = classify(error, deadline.reason);
    return {
      succeeded: false,
      status,
      headers,
      body,
      errorKind,
      error: message,
      durationMs: Math.round(performance.now() - started),
      startedAt,
    };
  } finally {
    deadline.clear();
  }
}

class DeadlineError extends Error {
  constructor(timeoutMs: number) {
    super(`No complete response within ${timeoutMs} ms.`);
  }
}

/**
 * The attempt's deadline, as undici's request signal. undici takes an EventEmitter as well as an
 * AbortSignal; an AbortSignal's listener bookkeeping cost about 10 µs of CPU per request here, a
 * tenth of what the whole request costs.
 */
class Deadline extends EventEmitter {
  aborted = false;
  reason: DeadlineError | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(timeoutMs: number) {
    super();
    this.timer = setTimeout(() => {
      this.aborted = true;
      this.reason = new DeadlineError(timeoutMs);
      this.emit('abort');
    }, timeoutMs);
  }

  clear() {
    clearTimeout(this.timer);
  }
}

async function readCapped(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let read = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    chunks.push(buffer);
    read += buffer.length;
    if (read >= RESPONSE_BODY_READ_BYTES) {
      // Enough for the record; stop reading and drop the connection rather than drain it.
      body.destroy();
      break;
    }
  }
  // PostgreSQL text cannot hold NUL; a binary body would otherwise fail the whole batch's record.
  return Buffer.concat(chunks).subarray(0, RESPONSE_BODY_KEEP_BYTES).toString('utf8').replaceAll('\u0000', '\uFFFD');
}

function normalizeHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(raw)) if (value !== undefined) out[key] = value;
  return out;
}

function describeStatus(status: number): string {
  if (status >= 300 && status < 400) return `The receiver answered ${status} (redirects are not followed).`;
  return `The receiver answered ${status}; only 2xx counts as delivered.`;
}

function classify(error: unknown, abortReason: unknown): [AttemptErrorKind, string] {
  if (abortReason instanceof DeadlineError) return ['timeout', abortReason.message];
  const err = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const cause = err?.cause ?? err;
  if (cause instanceof BlockedAddressError || err instanceof BlockedAddressError) {
    return ['blocked', (cause as Error).message];
  }
  if (
    err instanceof errors.ConnectTimeoutError ||
    err instanceof errors.HeadersTimeoutError ||
    err instanceof errors.BodyTimeoutError
  ) {
    return ['timeout', err.message];
  }
  if (err instanceof errors.InvalidArgumentError) return ['invalid_url', err.message];
  const code = cause?.code ?? err?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return ['dns', `DNS lookup failed (${code}): ${cause.message}`];
  if (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'EHOSTUNREACH' ||
    code === 'ENETUNREACH' ||
    code === 'UND_ERR_SOCKET'
  ) {
    return ['connection', `${code}: ${cause.message}`];
  }
  if (typeof code === 'string' && (code.startsWith('ERR_TLS') || code.includes('CERT')))
    return ['tls', `${code}: ${cause.message}`];
  return ['other', (err as Error)?.message ?? String(error)];
}
