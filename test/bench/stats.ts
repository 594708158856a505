import { readdir, readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';

/** Nearest-rank percentile of unsorted values (p in 0..100); NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, v) => sum + v, 0) / values.length;
}

export function fmt(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** "p50 / p99 / max" of a list of milliseconds. */
export function spread(values: readonly number[]): string {
  return `${fmt(percentile(values, 50))} / ${fmt(percentile(values, 99))} / ${fmt(percentile(values, 100))} ms`;
}

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Busy and total jiffies of the whole machine, from /proc/stat (zeros where it is unreadable). */
async function machineTicks(): Promise<{ busy: number; total: number }> {
  try {
    const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0];
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    const busy = user + nice + system + irq + softirq + steal;
    return { busy, total: busy + idle + iowait };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/**
 * Where the CPU went during a phase: this process (service, receiver and load generator share one
 * event loop), its event-loop utilisation, and the whole machine (PostgreSQL, anything else running).
 */
export async function cpuMeter() {
  const cpu = process.cpuUsage();
  const elu = performance.eventLoopUtilization();
  const ticks = await machineTicks();
  const started = performance.now();
  return async () => {
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const after = await machineTicks();
    const total = after.total - ticks.total;
    return {
      wallMs,
      /** CPU time of this process in ms. */
      processMs: (used.user + used.system) / 1000,
      /** Share of one core used by this process. */
      processShare: (used.user + used.system) / 1000 / wallMs,
      eventLoop: performance.eventLoopUtilization(elu).utilization,
      /** Share of all cores busy on the machine; NaN without /proc/stat. */
      machineShare: total > 0 ? (after.busy - ticks.busy) / total : Number.NaN,
    };
  };
}

export type CpuReading = Awaited<ReturnType<Awaited<ReturnType<typeof cpuMeter>>>>;

export function describeCpu(reading: CpuReading, cores: number): string {
  return (
    `CPU: this process ${fmt(reading.processShare * 100, 0)}% of one core (event loop busy ${fmt(reading.eventLoop * 100, 0)}%), ` +
    `machine ${fmt(reading.machineShare * 100, 0)}% of ${cores} cores`
  );
}

/** user + system CPU ms of one process so far, from /proc (NaN where unreadable). */
export async function processCpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // USER_HZ is 100 on Linux
}

/**
 * CPU ms used so far by one PostgreSQL cluster: its postmaster (the one listening on `port`) and
 * that postmaster's children, not other clusters running on the machine.
 */
export async function clusterCpuMs(port: number): Promise<number> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const stats = await Promise.all(
    pids.map(async (pid) => ({ pid, stat: await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '') })),
  );
  let postmaster = '';
  for (const { pid } of stats) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    const args = cmdline.split('\0');
    if (/(^|\/)postgres$/.test(args[0] ?? '') && args[args.indexOf('-p') + 1] === String(port)) {
      postmaster = pid;
      break;
    }
  }
  let ms = 0;
  for (const { pid, stat } of stats) {
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[1] === postmaster) ms += (Number(fields[11]) + Number(fields[12])) * 10;
    // The postmaster's own time, and that of the children it has reaped (backends that ended).
    if (pid === postmaster) ms += fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) * 10;
  }
  return postmaster ? ms : Number.NaN;
}
