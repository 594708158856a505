/**
 * The benchmark receiver in a process of its own, so that the CPU figures of the process under test
 * do not include serving the webhooks. Reports new arrivals to the parent every 20 ms.
 */
import { startBenchReceiver } from './receiver.ts';

const { url, tally, close } = await startBenchReceiver({ keepNew: true });
let reportedCount = 0;
const timer = setInterval(() => {
  const arrivals = tally.takeNew();
  if (arrivals.length === 0 && tally.count === reportedCount) return;
  reportedCount = tally.count;
  process.send?.({ count: tally.count, first: tally.first, arrivals });
}, 20);
process.on('message', (message: { reset?: boolean; id?: number }) => {
  if (message.reset) {
    tally.reset();
    reportedCount = 0;
  }
  process.send?.({ ack: message.id });
});
// A parent that died without stopping this one (a crash) leaves no receiver behind.
process.once('disconnect', () => process.exit(0));
process.once('SIGTERM', () => {
  clearInterval(timer);
  void close().then(() => process.exit(0));
});
process.send?.({ url });
