// Call records posted by the telephone system (POST /api/v1/calls with X-CTI-Key) for ~10 s: calls accepted per
// second and latency. A quarter of the calls are missed, from a pool of numbers small enough that callers call
// again, so the callback queue's join-or-open path is part of the load. Then the connection-rate figures of the
// day just loaded are timed. A bare Koa handler doing one knex insert transaction runs first in the same conditions
// (bench/bare-koa.ts), so the figures can be judged against what this machine does at that moment.
//   npx tsx bench/calls.bench.ts                      (SQLite, a fresh file)
//   DB_CLIENT=mysql DATABASE_URL=mysql://hotline:hotline@127.0.0.1:3306/hotline_bench4 npx tsx bench/calls.bench.ts
import { createDb } from '../server/lib/db.ts';
import { loadConfig } from '../config/default.ts';
import { dayCallFigures } from '../server/domain/calls/call-figures.ts';
import { localDate } from '../server/lib/calendar.ts';
import fs from 'node:fs';
import os from 'node:os';
import { json, load, print, startChild, type Figures } from './support.ts';
import { dbEnv, freshMysql } from './support-intake.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

/** CPU time (user + system, ms) a process has used: per request it depends far less on a busy machine than req/s. */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function measured(pid: number, run: () => Promise<Figures>): Promise<Figures & { cpuPerRequest: number }> {
  const before = cpuMs(pid);
  const f = await run();
  return { ...f, cpuPerRequest: (cpuMs(pid) - before) / f.total };
}
const cpuLine = (f: { cpuPerRequest: number }) => `  server CPU ${(f.cpuPerRequest * 1000).toFixed(0)} µs per request`;
const PORT = 3104;
const env = dbEnv();
if (env.DB_CLIENT === 'mysql') await freshMysql(env.DATABASE_URL);
console.log(
  `database: ${env.DB_CLIENT}; ${DURATION} s, 50 connections, load generator in this process, service in a child`,
);
console.log(
  `machine load (1/5/15 min): ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} on ${os.cpus().length} CPUs`,
);

const bareBody = JSON.stringify({ title: '来电', description: '13912345678 2026-11-22T09:00:00+08:00 answered' });
const bare = await startChild('bench/bare-koa.ts', env, PORT - 1);
const bareOpts = {
  url: `http://127.0.0.1:${PORT - 1}/`,
  method: 'POST' as const,
  body: bareBody,
  headers: { 'content-type': 'application/json' },
};
await load({ ...bareOpts, duration: 2 });
const bareFigures = await measured(bare.pid!, () => load({ ...bareOpts, duration: DURATION }));
print('bare Koa + knex transaction (2 inserts)', bareFigures);
console.log(cpuLine(bareFigures));
bare.kill();

const service = await startChild(
  'server/main.ts',
  {
    ...env,
    DEMO_DATA: '0',
    JOBS: '0',
    ADMIN_USERNAME: 'benchadmin',
    ADMIN_PASSWORD: 'bench-password-1',
  },
  PORT,
);
try {
  const base = `http://127.0.0.1:${PORT}/api/v1`;
  const admin = await json(`${base}/auth/login`, { username: 'benchadmin', password: 'bench-password-1' });
  const operators: number[] = [];
  for (let i = 0; i < 20; i++) {
    const u = await json(
      `${base}/users`,
      { username: `benchop${i}`, password: 'bench-password-1', display_name: `话务员${i}`, role: 'operator' },
      admin.body.token,
    );
    operators.push(u.body.id);
  }
  const key = (await json(`${base}/cti-keys`, { name: '压测 CTI' }, admin.body.token)).body.key;

  let seq = 0;
  const run = `${Date.now()}`;
  const nextCall = () => {
    const n = seq++;
    const answered = Math.random() < 0.75;
    return JSON.stringify({
      external_id: `${run}-${n}`,
      caller_phone: `139${String(Math.floor(Math.random() * 20_000)).padStart(8, '0')}`,
      started_at: new Date(Date.now() - 60_000).toISOString(),
      answered,
      wait_s: Math.floor(Math.random() * 40),
      talk_s: answered ? 30 + Math.floor(Math.random() * 300) : 0,
      operator_id: answered ? operators[n % operators.length] : null,
    });
  };
  const opts = (duration: number) => ({
    url: `${base}/calls`,
    duration,
    requests: [
      {
        method: 'POST' as const,
        headers: { 'content-type': 'application/json', 'x-cti-key': key },
        setupRequest: (req: any) => ({ ...req, body: nextCall() }),
      },
    ],
  });
  await load(opts(2));
  const figures = await measured(service.pid!, () => load(opts(DURATION)));
  const generated = seq;
  print('POST /api/v1/calls (CTI key, new calls)', figures);
  console.log(cpuLine(figures));
  console.log(
    `ratio to the bare handler: ${(figures.rps / bareFigures.rps).toFixed(2)} in req/s, ` +
      `${(bareFigures.cpuPerRequest / figures.cpuPerRequest).toFixed(2)} in CPU per request`,
  );

  // Retries of calls already stored (the CTI resending after a timeout): answered 200 with the stored call.
  const stored = seq;
  const retries = await load({
    url: `${base}/calls`,
    duration: 3,
    requests: [
      {
        method: 'POST' as const,
        headers: { 'content-type': 'application/json', 'x-cti-key': key },
        setupRequest: (req: any) => ({
          ...req,
          body: JSON.stringify({
            ...JSON.parse(nextCall()),
            external_id: `${run}-${Math.floor(Math.random() * stored)}`,
          }),
        }),
      },
    ],
  });
  print('POST /api/v1/calls (retries, stored once)', retries);

  const config = loadConfig(
    env.DB_CLIENT === 'mysql'
      ? { dbClient: 'mysql', databaseUrl: env.DATABASE_URL }
      : { dbClient: 'sqlite', dbFile: env.DB_FILE },
  );
  const db = createDb(config);
  const [{ n }] = await db('calls').count({ n: '*' });
  const [{ c }] = await db('missed_call_callbacks').count({ c: '*' });
  console.log(`stored: ${n} calls (${generated} posted before the retries), ${c} callbacks`);
  const day = localDate(new Date());
  const times: number[] = [];
  let f = await dayCallFigures(db, day);
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    f = await dayCallFigures(db, day);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(
    `connection-rate figures of the day (${f.inbound} calls, rate ${f.connection_rate?.toFixed(3)}): median ` +
      `${times[25].toFixed(2)} ms, p99 ${times[49].toFixed(2)} ms`,
  );
  await db.destroy();
} finally {
  service.kill();
}
