// Shared pieces of the benchmarks: a service in a child process (so the load generator does not steal its
// event loop), a fresh database per run, and autocannon's figures in one line.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';

export const dbEnv = (): Record<string, string> => {
  if (process.env.DB_CLIENT === 'mysql') return { DB_CLIENT: 'mysql', DATABASE_URL: process.env.DATABASE_URL ?? '' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-bench-'));
  return { DB_CLIENT: 'sqlite', DB_FILE: path.join(dir, 'bench.sqlite') };
};

/**
 * The Node options `npm start` gives the service (package.json), so the benchmark measures it as it runs: every
 * process started here, the bare handlers too, runs with them.
 */
export const serviceNodeFlags = (): string[] =>
  (JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts.start as string).match(/--[a-z-]+=\S+/g) ?? [];

/** Starts a script with tsx and waits until /healthz answers. */
export async function startChild(script: string, env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...serviceNodeFlags(), '--import', 'tsx', script], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  // 60 s unless BENCH_START_SECONDS says more (a first start loading the demo data through a Galera cluster).
  for (let i = 0; i < 5 * Number(process.env.BENCH_START_SECONDS ?? 60); i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return child;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(`${script} did not start`);
}

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
}

export async function load(opts: autocannon.Options): Promise<Figures> {
  const result = await autocannon({ connections: 50, duration: 10, ...opts });
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}

export function print(label: string, f: Figures): void {
  console.log(
    `${label.padEnd(44)} ${String(f.rps).padStart(6)} req/s  p50 ${f.p50} ms  p99 ${f.p99} ms  (${f.total} ` +
      `requests, ${f.non2xx} non-2xx, ${f.errors} errors)`,
  );
}

export async function json(url: string, body: unknown, token?: string) {
  const res = await fetch(url, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** Peak resident memory (VmHWM) of a process in MB, from /proc (Linux; NaN elsewhere, without a process (a service
 *  run elsewhere) or once it has exited). */
export function peakRssMb(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

/** One result as a JSON line appended to BENCH_JSON (set by bench/run.ts, which builds its table from them). */
export function report(key: string, data: Record<string, unknown>): void {
  if (process.env.BENCH_JSON) fs.appendFileSync(process.env.BENCH_JSON, JSON.stringify({ key, ...data }) + '\n');
}
