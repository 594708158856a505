/**
 * The benchmark receiver in a process of its own, so that the CPU figures of the process under test
 * do not include serving the webhooks. Reports arrivals to the parent in batches.
 */
import { startBenchReceiver } from './receiver.ts';

const receiver = await startBenchReceiver();
let sent = 0;
let reported: Array<[string, number]> = [];
const report = () => {
  const fresh = [...receiver.arrivals].slice(reported.length);
  reported = reported.concat(fresh);
  if (fresh.length > 0 || receiver.count !== sent) {
    sent = receiver.count;
    process.send?.({ count: receiver.count, first: receiver.first, last: receiver.last, arrivals: fresh });
  }
};
const timer = setInterval(report, 20);
process.on('message', (message: { reset?: boolean; id?: number }) => {
  if (message.reset) {
    receiver.reset();
    reported = [];
    sent = 0;
  }
  process.send?.({ ack: message.id });
});
// A parent that died without stopping this one (a crash) leaves no receiver behind.
process.once('disconnect', () => process.exit(0));
process.once('SIGTERM', () => {
  clearInterval(timer);
  void receiver.close().then(() => process.exit(0));
});
process.send?.({ url: receiver.url });
