/** Longest a receiver's Retry-After can push the next attempt back (contract 3.4). */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;
/** Retries of deliveries that failed together spread over this share of their gap, after it. */
export const JITTER = 0.1;

/** Seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | null {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/**
 * When the next automatic attempt is due: the schedule's gap, stretched by up to 10 % at random
 * so that deliveries that failed together do not retry in the same instant, and never sooner than
 * a 429's or 503's Retry-After (at most an hour).
 */
export function nextAttemptDelayMs(
  gapSeconds: number,
  response: { status: number | null; headers: Record<string, string | string[]> | null },
  now: number,
  random: () => number = Math.random,
): number {
  const gap = gapSeconds * 1000 * (1 + JITTER * random());
  if (response.status !== 429 && response.status !== 503) return gap;
  const retryAfter = parseRetryAfter(response.headers?.['retry-after'], now);
  return retryAfter === null ? gap : Math.max(gap, Math.min(retryAfter, MAX_RETRY_AFTER_MS));
}
