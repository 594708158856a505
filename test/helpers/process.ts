import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { TEST_ENV } from './service.ts';
import { waitFor } from './wait.ts';

const root = path.resolve(import.meta.dirname, '../..');

export interface ServiceProcess {
  child: ChildProcess;
  logs: Array<Record<string, unknown>>;
  output: () => string;
  port: () => number | undefined;
  waitForLog(msg: string | RegExp, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs `src/main.ts` as a separate process (as `npm start` does), collecting its JSON log lines.
 * `detached`: in a process group of its own, which a test can signal as a terminal's Ctrl-C does.
 */
export function spawnService(env: Record<string, string>, { detached = false } = {}): ServiceProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, ...TEST_ENV, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  });
  const logs: Array<Record<string, unknown>> = [];
  let text = '';
  let partial = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    partial += chunk.toString();
    const lines = partial.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line));
      } catch {
        // not a log line (the printed API key banner)
      }
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const matches = (msg: string | RegExp, line: Record<string, unknown>) =>
    typeof msg === 'string' ? line.msg === msg : msg.test(String(line.msg));
  return {
    child,
    logs,
    output: () => text,
    port: () => logs.find((l) => typeof l.port === 'number')?.port as number | undefined,
    waitForLog: (msg, timeoutMs = 30_000) =>
      waitFor(
        () => {
          if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}):\n${text}`);
          return logs.find((line) => matches(msg, line));
        },
        { timeoutMs, what: `log "${msg}"` },
      ),
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
