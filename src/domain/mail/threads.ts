/**
 * Contract 5.1: the first of In-Reply-To, then References newest first, that matches a message of
 * the same inbox gives the thread. Returns the Message-IDs to look for, in that order.
 */
export function threadCandidates(inReplyTo: string | null, references: readonly string[]): string[] {
  const ordered = [inReplyTo, ...[...references].reverse()].filter((id): id is string => Boolean(id));
  return [...new Set(ordered)];
}

/** The candidate that comes first, among those found. */
export function pickThread(candidates: readonly string[], found: ReadonlyMap<string, string>): string | null {
  for (const id of candidates) {
    const threadId = found.get(id);
    if (threadId) return threadId;
  }
  return null;
}

/** Splits a References or In-Reply-To value into its <id> parts. */
export function parseMessageIds(value: string | readonly string[] | undefined | null): string[] {
  const text = Array.isArray(value) ? value.join(' ') : (value ?? '');
  return [...(text as string).matchAll(/<[^<>\s]+>/g)].map((m) => m[0]);
}
