import { pino } from 'pino';

export type Logger = pino.Logger;

/** JSON lines to stdout, or to `destination` (tests read them). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'sendook-events' },
      // Secrets must never reach the logs (contract 4.4).
      redact: {
        paths: ['secret', '*.secret', 'authorization', '*.authorization', 'headers.authorization'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
