// Device ratings accepted per second by one instance (docs/benchmarks.md: 3,000/s or more), on a fresh database:
// a service in a child process, one department with a window, a staff member on duty and its review device,
// and autocannon posting ratings with distinct seqs for ~10 s (and a run with 5% bad reviews, each of which
// opens a rectification order in the same transaction). The answers are checked against the rows stored, and
// the bare limit of the machine in this run (a Koa handler doing one knex insert transaction) is measured
// first, since a shared machine's figures drift.
//   npx tsx bench/device-ratings.bench.ts                      (SQLite)
//   DB_CLIENT=mysql DATABASE_URL=mysql://hotline:hotline@127.0.0.1:3306/hotline_bench3 \
//     npx tsx bench/device-ratings.bench.ts
// On MySQL the database named in DATABASE_URL is dropped and created again (its name must contain "bench").
import os from 'node:os';
import autocannon from 'autocannon';
import { createDb } from '../server/lib/db.ts';
import { dbEnv, json, load, peakRssMb, print, report, startChild } from './support.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PORT = Number(process.env.BENCH_PORT ?? 3131);
// Set by bench/run.ts on Galera: the bare handlers and the service already run behind HAProxy at these addresses.
const EXTERNAL = { service: process.env.BENCH_SERVICE_URL, bare: process.env.BENCH_BARE_URL };
const base = `${EXTERNAL.service ?? `http://127.0.0.1:${PORT}`}/api/v1`;

async function freshMysql(url: string) {
  const u = new URL(url);
  const name = u.pathname.slice(1);
  if (!/bench/.test(name)) throw new Error(`refusing to drop ${name}: a benchmark database's name contains "bench"`);
  u.pathname = '/mysql';
  const admin = createDb({ dbClient: 'mysql', dbFile: '', databaseUrl: u.toString() });
  await admin.raw(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.raw(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.destroy();
}

async function setUp() {
  const admin = (await json(`${base}/auth/login`, { username: 'benchadmin', password: 'bench-password-1' })).body.token;
  const dept = (await json(`${base}/departments`, { name: '政务服务中心', group: '区县' }, admin)).body;
  const window = (await json(`${base}/windows`, { department_id: dept.id, name: '综合受理 1 号窗口' }, admin)).body;
  const staff = (
    await json(`${base}/staff`, { department_id: dept.id, window_id: window.id, staff_no: 'A001', name: '王敏' }, admin)
  ).body;
  const device = (await json(`${base}/devices`, { window_id: window.id, name: '1 号评价器' }, admin)).body;
  await fetch(`${base}/devices/${device.id}/on-duty`, {
    method: 'PUT',
    body: JSON.stringify({ staff_id: staff.id }),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
  });
  return { admin, dept, key: device.key as string };
}

let seq = 0;
async function fire(key: string, seconds: number, badShare: number) {
  const ratedAt = new Date().toISOString();
  const result = await autocannon({
    url: `${base}/device/ratings`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-device-key': key },
        // Each request a new seq, as a device numbers its ratings; a share of them bad reviews with a reason.
        setupRequest: (req) => {
          const n = ++seq;
          const bad = badShare > 0 && n % Math.round(1 / badShare) === 0;
          const body = bad
            ? { seq: n, score: 2, reason: '等候时间太长', rated_at: ratedAt }
            : { seq: n, score: 3 + (n % 3), rated_at: ratedAt };
          return { ...req, body: JSON.stringify(body) };
        },
      },
    ],
  });
  const accepted = result['2xx'];
  return {
    accepted,
    perSecond: Math.round(accepted / (result.duration || seconds)),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

const db = dbEnv();
if (db.DB_CLIENT === 'mysql' && !EXTERNAL.service) await freshMysql(db.DATABASE_URL);
console.log(
  `database: ${db.DB_CLIENT}; ${DURATION} s per run, ${CONNECTIONS} connections, load generator in this ` +
    `process, service in a child;` +
    ` load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${os.cpus().length} cores`,
);
const bare = EXTERNAL.bare ? null : await startChild('bench/bare-koa.ts', db, PORT + 1);
const bareBody = JSON.stringify({ title: '评价', description: '5' });
const bareOpts = {
  url: EXTERNAL.bare ?? `http://127.0.0.1:${PORT + 1}/`,
  method: 'POST' as const,
  body: bareBody,
  headers: { 'content-type': 'application/json' },
  connections: CONNECTIONS,
};
await load({ ...bareOpts, duration: 2 });
const bareFigures = await load({ ...bareOpts, duration: DURATION });
print('bare Koa + knex transaction (2 inserts)', bareFigures);
if (bareFigures.non2xx > 0) throw new Error('the bare handler failed: its figure would mean nothing');
report('ratings.bare', { ...bareFigures });
bare?.kill();
if (db.DB_CLIENT === 'mysql' && !EXTERNAL.service) await freshMysql(db.DATABASE_URL);

const service = EXTERNAL.service
  ? null
  : await startChild(
      'server/main.ts',
      { ...db, DEMO_DATA: '0', ADMIN_USERNAME: 'benchadmin', ADMIN_PASSWORD: 'bench-password-1' },
      PORT,
    );
try {
  const { admin, dept, key } = await setUp();
  await fire(key, 2, 0); // warm-up
  let stored = 0;
  const total = async () =>
    (
      await (
        await fetch(`${base}/ratings?department_id=${dept.id}&per_page=1`, {
          headers: { authorization: `Bearer ${admin}` },
        })
      ).json()
    ).total as number;
  stored = await total();
  for (const [label, badShare, reportKey] of [
    ['good ratings', 0, 'ratings.good'],
    ['with 5% bad reviews (rectification orders)', 0.05, 'ratings.bad5'],
  ] as const) {
    const f = await fire(key, DURATION, badShare);
    const now = await total();
    console.log(
      `POST /device/ratings, ${label.padEnd(42)} ${String(f.perSecond).padStart(6)} ratings/s accepted  p50 ` +
        `${f.p50} ms  p99 ${f.p99} ms` +
        `  (${f.accepted} accepted, ${now - stored} stored, ${f.non2xx} non-2xx, ${f.errors} errors)`,
    );
    report(reportKey, { ...f, rps: f.perSecond, stored: now - stored, rssMb: peakRssMb(service?.pid) });
    stored = now;
    console.log(`  ratio to the bare handler: ${(f.perSecond / bareFigures.rps).toFixed(2)}`);
  }
} finally {
  service?.kill();
}
