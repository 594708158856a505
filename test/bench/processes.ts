import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * The service (src/main.ts) in a child process, so its CPU and memory are its own. Output is read
 * line by line and otherwise dropped. BENCH_PROFILE_DIR=<dir>: it writes a V8 CPU profile there
 * when it stops.
 */
export function startServiceProcess(env: NodeJS.ProcessEnv) {
  const profiling = process.env.BENCH_PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
    : [];
  const child: ChildProcess = spawn(process.execPath, [...profiling, '--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  };
  /** Resolves with the first line `match` accepts. */
  const waitForLine = (match: (line: string) => boolean) =>
    new Promise<string>((resolve, reject) => {
      let text = '';
      const onData = (chunk: Buffer) => {
        text += chunk.toString();
        const lines = text.split('\n');
        text = lines.pop() ?? '';
        const found = lines.find(match);
        if (found === undefined) return;
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve(found);
      };
      child.stdout?.on('data', onData);
      child.once('exit', (code) => reject(new Error(`service exited (${code}) before it was ready`)));
    });
  return { child, pid: child.pid as number, stop, waitForLine };
}

/** CPU ms a process has used so far, from /proc (10 ms resolution). */
export async function cpuMsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, USER_HZ 100
}

/** Resident memory of a process in MB (NaN if unreadable). */
export async function rssMbOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
}
