export interface Linger {
  quietMs: number;
  maxMs: number;
  /** How many callers are known to be on their way: none, and the batch goes at once. */
  coming?: () => number;
}

/**
 * Coalesces concurrent calls into batches: while a batch is being stored, calls queue up and go
 * together in a next one, so many SMTP sessions share one transaction (and one commit) instead of
 * each paying for its own. DataLoader batches within one tick only, hence these few lines.
 * Up to `concurrency` batches run at once; a failed batch is retried one item at a time, so one
 * bad item fails alone. With `linger`, each batch waits for more items until none came for
 * `quietMs` (or `maxMs` passed, or it is full): callers that resume together (on one commit) come
 * back one by one, and without it the first few would go in a small batch of their own, then
 * those that came back meanwhile in another, the two halves alternating from then on.
 */
export function batched<T, R>(
  run: (items: T[]) => Promise<R[]>,
  { maxItems, concurrency = 1, linger }: { maxItems: number; concurrency?: number; linger?: Linger },
): (item: T) => Promise<R> {
  type Waiting = { item: T; resolve: (result: R) => void; reject: (error: unknown) => void };
  let queue: Waiting[] = [];
  let running = 0;

  const settle = async (batch: Waiting[]) => {
    try {
      const results = await run(batch.map((w) => w.item));
      for (const [i, waiting] of batch.entries()) waiting.resolve(results[i]);
    } catch (error) {
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      for (const waiting of batch) await settle([waiting]);
    }
  };
  // Wakes a lingering batch as each item arrives: it goes the moment the last caller on its way is in.
  let arrived: (() => void) | null = null;
  const gather = async ({ quietMs, maxMs, coming }: Linger) => {
    const until = performance.now() + maxMs;
    while (queue.length < maxItems && coming?.() !== 0) {
      const left = until - performance.now();
      if (left <= 0) return;
      const before = queue.length;
      await new Promise<void>((resolve) => {
        const quiet = setTimeout(resolve, Math.min(quietMs, left));
        arrived = () => {
          clearTimeout(quiet);
          resolve();
        };
      });
      arrived = null;
      if (queue.length === before) return; // none came for quietMs
    }
  };
  const drain = async () => {
    running++;
    while (queue.length > 0) {
      if (linger) await gather(linger);
      const batch = queue.slice(0, maxItems);
      queue = queue.slice(maxItems);
      await settle(batch);
    }
    running--;
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      arrived?.();
      if (running < concurrency) void drain();
    });
}
