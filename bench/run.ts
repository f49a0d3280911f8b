// `npm run bench`: every target of docs/benchmarks.md "Targets" beside the bare limit measured in the same run on
// the same machine, as one table (bench/table.ts), on SQLite, MariaDB and a three-node Galera cluster. Each benchmark
// runs as its own process and reports JSON lines (bench/support.ts report()); their output goes to the console with
// the backend and benchmark in front, and to bench/results/logs/. The table is printed and written to BENCH_OUT with
// the previous run's figures beside.
//   BENCH_BACKENDS=sqlite,mariadb,galera  BENCH_ONLY=create,ratings,figures,sweep,dashboard  BENCH_SECONDS=10
//   BENCH_TICKETS=1000000 (figures; BENCH_GALERA_TICKETS=100000)  BENCH_OPEN=200000 BENCH_DUE=2000 (sweep;
//   BENCH_GALERA_OPEN=100000)  BENCH_MARIADB_URL=mysql://hotline:hotline@127.0.0.1:3306 (databases hotline_bench_b_*)
//   BENCH_DATA_DIR=/var/tmp/hotline-bench (SQLite data sets)  BENCH_OUT=bench/results/latest.md  BENCH_RELOAD=1
//   BENCH_FROM_LOGS=1 builds the table again from the results kept in the logs, running nothing.
//   BENCH_MARIADB_POOL_MB=4096: the MariaDB buffer pool for the run (bench/mariadb-pool.ts), 0 to leave it.
//   CLUSTER_PORT_BASE=4500 CLUSTER_DIR=/tmp/hotline-cluster-bench (the Galera cluster, up and down in this run)
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { freshMysql } from './support-intake.ts';
import { peakRssMb, startChild } from './support.ts';
import { buildRows, markdown, parseTable, type Result, type Row } from './table.ts';
import { bareProxyConfig, galeraMissing } from './run-galera.ts';
import { raisePool } from './mariadb-pool.ts';

const env = process.env;
const list = (v: string | undefined, d: string) =>
  (v ?? d)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const BACKENDS = list(env.BENCH_BACKENDS, 'sqlite,mariadb,galera');
const ONLY = list(env.BENCH_ONLY, 'create,ratings,figures,sweep,dashboard');
const SECONDS = env.BENCH_SECONDS ?? '10';
const DUE = env.BENCH_DUE ?? '2000';
const SIZES: Record<string, { tickets: string; open: string }> = {
  sqlite: { tickets: env.BENCH_TICKETS ?? '1000000', open: env.BENCH_OPEN ?? '200000' },
  mariadb: { tickets: env.BENCH_TICKETS ?? '1000000', open: env.BENCH_OPEN ?? '200000' },
  galera: { tickets: env.BENCH_GALERA_TICKETS ?? '100000', open: env.BENCH_GALERA_OPEN ?? '100000' },
};
const MARIADB = (env.BENCH_MARIADB_URL ?? 'mysql://hotline:hotline@127.0.0.1:3306').replace(/\/+$/, '');
const DATA = env.BENCH_DATA_DIR ?? '/var/tmp/hotline-bench';
const OUT = env.BENCH_OUT ?? 'bench/results/latest.md';
const LOGS = path.join(path.dirname(OUT), 'logs');
const PORT = Number(env.BENCH_PORT ?? 4560);
const BASE = Number(env.CLUSTER_PORT_BASE ?? 4500);
const CLUSTER = {
  ...env,
  CLUSTER_PORT_BASE: String(BASE),
  CLUSTER_DIR: env.CLUSTER_DIR ?? '/tmp/hotline-cluster-bench',
};
const FROM_LOGS = env.BENCH_FROM_LOGS === '1';
const ADMIN = { ADMIN_USERNAME: 'benchadmin', ADMIN_PASSWORD: 'bench-password-1', DEMO_DATA: '0' };

const BENCHES: Record<string, string> = {
  create: 'bench/tickets-create.bench.ts',
  ratings: 'bench/device-ratings.bench.ts',
  figures: 'bench/figures.bench.ts',
  sweep: 'bench/escalation-sweep.bench.ts',
  dashboard: 'bench/dashboard-latency.bench.ts',
};

const started = performance.now();
const loadAvg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const notes: string[] = [];
const note = (s: string) => {
  notes.push(s);
  console.log(`bench: ${s}`);
};
let current: ChildProcess | null = null;
const galera: { bares: ChildProcess[]; proxy: ChildProcess | null; up: boolean } = {
  bares: [],
  proxy: null,
  up: false,
};

/** Runs one benchmark: its output prefixed on the console and kept in a log; its JSON lines returned. */
async function runBench(backend: string, name: string, extra: Record<string, string>): Promise<Result[]> {
  const json = resultsFile(backend, name);
  fs.rmSync(json, { force: true });
  const childEnv: Record<string, string | undefined> = {
    ...env,
    BENCH_JSON: path.resolve(json),
    BENCH_SECONDS: SECONDS,
    BENCH_DUE: DUE,
    BENCH_VERIFY: env.BENCH_VERIFY ?? '0',
    LOG_LEVEL: 'warn',
    BENCH_START_SECONDS: env.BENCH_START_SECONDS ?? '600',
    ...extra,
  };
  if (childEnv.DB_CLIENT !== 'mysql') delete childEnv.DATABASE_URL;
  const log = fs.createWriteStream(path.join(LOGS, `${backend}-${name}.log`));
  const t0 = performance.now();
  // In a process group of its own, so a stop takes the service it started with it.
  const child = spawn(process.execPath, ['--import', 'tsx', BENCHES[name]], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  current = child;
  for (const stream of [child.stdout, child.stderr])
    readline.createInterface({ input: stream! }).on('line', (l) => {
      log.write(`${l}\n`);
      console.log(`  [${backend} ${name}] ${l}`);
    });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  current = null;
  log.end();
  const secs = (performance.now() - t0) / 1000;
  note(`${backend} ${name}: ${secs.toFixed(0)} s${code === 0 ? '' : `, FAILED (exit ${code}; ${log.path})`}`);
  return readResults(backend, name);
}

const resultsFile = (backend: string, name: string) => path.join(LOGS, `${backend}-${name}.jsonl`);

function readResults(backend: string, name: string): Result[] {
  const json = resultsFile(backend, name);
  if (!fs.existsSync(json)) return [];
  return fs
    .readFileSync(json, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Result);
}

/** The settings of one benchmark on one backend. */
async function settings(backend: string, name: string): Promise<Record<string, string>> {
  const size = SIZES[backend];
  const sized = { figures: `figures_${size.tickets}`, sweep: `sweep_${size.open}` } as Record<string, string>;
  const common: Record<string, string> = {
    BENCH_PORT: String(PORT + 4 * Object.keys(BENCHES).indexOf(name)),
    BENCH_TICKETS: size.tickets,
    BENCH_OPEN: size.open,
  };
  if (backend === 'sqlite') {
    const file: Record<string, string> = sized[name] ? { DB_FILE: path.join(DATA, `${sized[name]}.sqlite`) } : {};
    return { ...common, DB_CLIENT: 'sqlite', ...file };
  }
  const db = `hotline_bench_b_${sized[name] ?? name}`;
  if (backend === 'mariadb') {
    const url = `${MARIADB}/${db}`;
    // The creation benchmark writes into whatever it is given: a fresh database each run, as the others make.
    if (name === 'create') await freshMysql(url);
    return { ...common, DB_CLIENT: 'mysql', DATABASE_URL: url };
  }
  // Galera: creation and ratings through the HAProxy HTTP front of the three instances (and the bare handlers'
  // own front); figures, the sweep and the dashboards on node 1.
  const viaProxy: Record<string, string> =
    name === 'create' || name === 'ratings'
      ? { BENCH_SERVICE_URL: `http://127.0.0.1:${BASE + 40}`, BENCH_BARE_URL: `http://127.0.0.1:${BASE + 47}/` }
      : {};
  return {
    ...common,
    DB_CLIENT: 'mysql',
    DATABASE_URL: `mysql://hotline:hotline@127.0.0.1:${BASE + 1}/${db}`,
    ...viaProxy,
  };
}

/** Runs a command to its end, its output on the console; resolves with its exit code. */
function sh(cmd: string, args: string[], cmdEnv: NodeJS.ProcessEnv): Promise<number | null> {
  const child = spawn(cmd, args, { env: cmdEnv, stdio: ['ignore', 'inherit', 'inherit'] });
  return new Promise((resolve) => child.once('exit', resolve));
}

/** The cluster, then three bare handlers (one per node, through the instance's own SQL front) behind an HAProxy of
 *  their own with the instances' HTTP settings. */
async function galeraUp(): Promise<boolean> {
  const missing = galeraMissing();
  if (missing) {
    note(`galera skipped: ${missing}`);
    return false;
  }
  const t0 = performance.now();
  galera.up = true;
  if ((await sh('bash', ['bench/cluster/cluster.sh', 'up'], { ...CLUSTER, ...ADMIN, LOG_LEVEL: 'warn' })) !== 0) {
    note('galera skipped: bench/cluster/cluster.sh up failed');
    return false;
  }
  for (const n of [1, 2, 3]) {
    const url = `mysql://hotline:hotline@127.0.0.1:${BASE + 5 + n}/hotline`;
    galera.bares.push(await startChild('bench/bare-koa.ts', { DB_CLIENT: 'mysql', DATABASE_URL: url }, BASE + 43 + n));
  }
  const cfg = path.join(CLUSTER.CLUSTER_DIR, 'bare-haproxy.cfg');
  fs.writeFileSync(cfg, bareProxyConfig(BASE));
  galera.proxy = spawn('haproxy', ['-db', '-f', cfg], { stdio: ['ignore', 'inherit', 'inherit'] });
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`http://127.0.0.1:${BASE + 47}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  note(`galera: cluster, 3 instances and 3 bare handlers up in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  return true;
}

async function galeraDown() {
  galera.proxy?.kill();
  galera.bares.forEach((b) => b.kill());
  galera.proxy = null;
  galera.bares = [];
  if (galera.up) await sh('bash', ['bench/cluster/cluster.sh', 'down'], CLUSTER);
  galera.up = false;
}

/** The three instances' peak memory (they serve creation and ratings on Galera). */
const instancesRss = () =>
  Math.max(
    ...[1, 2, 3].map((n) => {
      const pid = Number(fs.readFileSync(path.join(CLUSTER.CLUSTER_DIR, `app${n}.pid`), 'utf8'));
      return peakRssMb(pid);
    }),
  );

async function stop(signal: string) {
  console.log(`bench: ${signal}: stopping`);
  if (current?.pid) process.kill(-current.pid, 'SIGTERM');
  await galeraDown();
  process.exit(130);
}
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));

fs.mkdirSync(LOGS, { recursive: true });
fs.mkdirSync(DATA, { recursive: true });
const loadAtStart = loadAvg();
const rows: Row[] = [];
const all: Array<Result & { backend: string }> = [];
let restorePool: () => Promise<void> = async () => {};
try {
  for (const backend of BACKENDS) {
    if (!SIZES[backend]) throw new Error(`unknown backend ${backend}: sqlite, mariadb or galera`);
    if (backend === 'galera' && !FROM_LOGS && !(await galeraUp())) continue;
    const poolMib = Number(env.BENCH_MARIADB_POOL_MB ?? 4096);
    if (backend === 'mariadb' && !FROM_LOGS && poolMib > 0) {
      const pool = await raisePool(MARIADB, poolMib);
      note(pool.said);
      restorePool = pool.restore;
    }
    const results: Result[] = [];
    for (const name of ONLY) {
      if (!BENCHES[name]) throw new Error(`unknown benchmark ${name}: ${Object.keys(BENCHES).join(', ')}`);
      if (FROM_LOGS) {
        results.push(...readResults(backend, name));
        continue;
      }
      const got = await runBench(backend, name, await settings(backend, name));
      if (backend === 'galera' && (name === 'create' || name === 'ratings')) {
        for (const r of got) r.rssMb = instancesRss();
        fs.writeFileSync(resultsFile(backend, name), got.map((r) => `${JSON.stringify(r)}\n`).join(''));
      }
      results.push(...got);
    }
    for (const r of results.filter((x) => x.key === 'load'))
      note(`${backend}: data set "${r.set}" loaded in ${Number(r.seconds).toFixed(0)} s`);
    rows.push(...buildRows(backend, results));
    all.push(...results.map((r) => ({ ...r, backend })));
    if (backend === 'galera') await galeraDown();
  }
} finally {
  await galeraDown();
  await restorePool().catch((err) => note(`MariaDB buffer pool not put back: ${(err as Error).message}`));
}

const last = fs.existsSync(OUT) ? parseTable(fs.readFileSync(OUT, 'utf8')) : undefined;
if (fs.existsSync(OUT)) fs.copyFileSync(OUT, OUT.replace(/(\.md)?$/, '.prev.md'));
const minutes = ((performance.now() - started) / 60_000).toFixed(1);
const head = [
  `# npm run bench, ${new Date().toISOString().slice(0, 16)} UTC`,
  '',
  `${os.cpus().length} cores, load average ${loadAtStart} at the start and ${loadAvg()} at the end; ` +
    `backends ${BACKENDS.join(', ')}; ${SECONDS} s per load; total ${minutes} min.`,
  'ratio: the share of the bare limit reached (rates: service / bare; times: bare / service; 1.00 = as bare).',
  'service RSS: peak resident memory (VmHWM) of the service process; on Galera the largest of the three instances.',
  '',
];
const table = markdown(rows, last);
fs.writeFileSync(OUT, [...head, table, '', ...notes.map((n) => `- ${n}`), ''].join('\n'));
fs.writeFileSync(OUT.replace(/(\.md)?$/, '.json'), JSON.stringify(all, null, 1));
console.log(`\n${head.join('\n')}${table}\n`);
console.log(notes.map((n) => `- ${n}`).join('\n'));
console.log(`\nbench: total ${minutes} min; table written to ${OUT}`);
process.exit(0);
