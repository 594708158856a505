/** Resources a benchmark opened, released in reverse order however it ends. */
export const cleanups: Array<() => Promise<unknown>> = [];

async function cleanup() {
  while (cleanups.length)
    await cleanups
      .pop()?.()
      .catch(() => undefined);
}

/**
 * Runs one benchmark script: bounded by `deadlineMs`, everything in `cleanups` released at the
 * end (or on failure), then the process exits with 0 or 1.
 */
export async function runBench(name: string, deadlineMs: number, main: () => Promise<void>): Promise<never> {
  const deadline = setTimeout(() => {
    process.stderr.write(`${name}: no result in time\n`);
    void cleanup().finally(() => process.exit(1));
  }, deadlineMs);
  deadline.unref();
  let exitCode = 0;
  try {
    await main();
  } catch (error) {
    process.stderr.write(`\n${name} failed: ${(error as Error)?.stack ?? error}\n`);
    exitCode = 1;
  } finally {
    await cleanup();
    clearTimeout(deadline);
  }
  process.exit(exitCode);
}
