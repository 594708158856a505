import { describe, expect, it } from 'vitest';
import { batched } from '../../src/batched.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('batched', () => {
  it('lingers until items stop coming, before every batch', async () => {
    const batches: number[][] = [];
    const run = batched(
      async (items: number[]) => {
        batches.push(items);
        await sleep(60);
        return items.map((i) => i * 2);
      },
      { maxItems: 10, linger: { quietMs: 40, maxMs: 1000 } },
    );
    const at = (ms: number, item: number) => sleep(ms).then(() => run(item));
    // The first batch is gathered by ~80 ms and stored until ~140 ms. Item 4 comes meanwhile and
    // 5 and 6 just after: without a linger before the second batch, 4 would go alone.
    const results = await Promise.all([at(0, 1), at(10, 2), at(20, 3), at(110, 4), at(150, 5), at(165, 6)]);
    expect(results).toEqual([2, 4, 6, 8, 10, 12]);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('does not linger when no caller is on its way', async () => {
    let coming = 0;
    const run = batched(async (items: number[]) => items, {
      maxItems: 10,
      linger: { quietMs: 300, maxMs: 1000, coming: () => coming },
    });
    const started = performance.now();
    await run(1);
    expect(performance.now() - started).toBeLessThan(250);
    coming = 1;
    const waited = performance.now();
    await run(2);
    expect(performance.now() - waited).toBeGreaterThanOrEqual(290);
  });

  it('goes as soon as the last caller on its way has come, without waiting for quiet', async () => {
    let coming = 2;
    const run = batched(async (items: number[]) => items.map(() => performance.now()), {
      maxItems: 10,
      linger: { quietMs: 400, maxMs: 1000, coming: () => coming },
    });
    coming = 1;
    const first = run(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    coming = 0;
    const sent = performance.now();
    const [ranAt] = await Promise.all([first, run(2)]);
    expect(ranAt - sent).toBeLessThan(200);
  });

  it('retries a failed batch one item at a time, so a bad item fails alone', async () => {
    const run = batched(
      async (items: number[]) => {
        if (items.includes(2)) throw new Error('bad item');
        return items;
      },
      { maxItems: 10, linger: { quietMs: 5, maxMs: 50 } },
    );
    const results = await Promise.allSettled([run(1), run(2), run(3)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
