import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startService } from './service.ts';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

const logger = createLogger(config.logLevel);

// Listening before the service starts: a signal that comes during the start waits for it, then stops it.
let stopping = false;
let firstSignalAt = 0;
// `npm start` forwards the terminal's Ctrl-C (or a supervisor's SIGTERM) that the process also gets
// itself: a signal this soon after the first is the same request, not an impatient second one.
const SAME_REQUEST_MS = 1000;
async function shutdown(signal: string) {
  if (stopping) {
    if (Date.now() - firstSignalAt < SAME_REQUEST_MS) return;
    logger.warn({ signal }, 'second signal: exiting now, without finishing the shutdown');
    process.exit(1);
  }
  stopping = true;
  firstSignalAt = Date.now();
  // Referenced on purpose: should stopping wait on something that keeps nothing else alive, the
  // process must not end quietly with code 0 either.
  setTimeout(() => {
    logger.error(
      { shutdownTimeoutMs: config.shutdownTimeoutMs },
      'stopping took longer than SHUTDOWN_TIMEOUT_MS: exiting without finishing the shutdown',
    );
    process.exit(1);
  }, config.shutdownTimeoutMs);
  logger.info({ signal }, 'shutting down: finishing in-flight deliveries');
  const clean = await (await service).stop();
  logger.info(clean ? 'stopped' : 'stopped, but some parts failed to stop (see above)');
  process.exit(clean ? 0 : 1);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

const service = startService(config, logger).catch((err) => {
  logger.fatal({ err }, 'failed to start');
  process.exit(1);
});
