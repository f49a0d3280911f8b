// Work orders created over HTTP (docs/benchmarks.md: 2,000/s or more, p99 under 50 ms, at least half of a bare Koa
// handler doing one knex insert transaction), measured against that bare handler in the same run.
//   npx tsx bench/tickets-create.bench.ts                      (SQLite)
//   DB_CLIENT=mysql DATABASE_URL=mysql://hotline:hotline@127.0.0.1:3306/hotline_bench \
//     npx tsx bench/tickets-create.bench.ts
import { randomUUID } from 'node:crypto';
import { dbEnv, json, load, peakRssMb, print, report, startChild } from './support.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
/** The units the spread intake dispatches to (a district hotline's first level has 20 to 40). */
const UNITS = 20;
const STREETS =
  '光华路 建国路 朝阳路 工体北路 三里屯路 望京街 酒仙桥路 亮马桥路 团结湖路 金台路 十里堡路 八里庄路 甜水园街 延静里街 石佛营路 水碓子路 枣营路 麦子店街 农展馆南路 东大桥路'.split(
    ' ',
  );
const PORT = Number(process.env.BENCH_PORT ?? 3101);
// Set by bench/run.ts on Galera: the bare handlers and the service already run behind HAProxy at these addresses.
const bareUrl = process.env.BENCH_BARE_URL ?? `http://127.0.0.1:${PORT}/`;
const body = JSON.stringify({
  channel: 'phone',
  type: 'complaint',
  urgency: 'normal',
  title: '小区夜间施工噪音扰民',
  description: '某小区旁工地每晚 22 点后仍在施工，噪音很大，影响休息。',
  address: '朝阳区某路 1 号',
  caller_name: '张先生',
  caller_phone: '13812341234',
});

/**
 * Each order from a caller of its own, as a day's calls are: with one number for all, every order after the second
 * was a repeat demand (重复诉求) linked to ten earlier ones, and each dispatch mailed and texted the unit's head.
 */
let callers = 0;
const fromNewCaller = (template: string) => (req: any) => ({
  ...req,
  body: template.replace('13812341234', `137${String(++callers % 1e8).padStart(8, '0')}`),
});

const db = dbEnv();
console.log(`database: ${db.DB_CLIENT}; ${DURATION} s per run, 50 connections, load generator in this process`);

const bare = process.env.BENCH_BARE_URL ? null : await startChild('bench/bare-koa.ts', db, PORT);
await load({
  url: bareUrl,
  method: 'POST',
  body,
  headers: { 'content-type': 'application/json' },
  duration: 2,
});
const bareFigures = await load({
  url: bareUrl,
  method: 'POST',
  body,
  headers: { 'content-type': 'application/json' },
  duration: DURATION,
});
print('bare Koa + knex transaction (2 inserts)', bareFigures);
report('create.bare', { ...bareFigures });
bare?.kill();

const service = process.env.BENCH_SERVICE_URL
  ? null
  : await startChild(
      'server/main.ts',
      {
        ...dbEnv(),
        ...(db.DB_CLIENT === 'mysql' ? db : {}),
        DEMO_DATA: '0',
        ADMIN_USERNAME: 'benchadmin',
        ADMIN_PASSWORD: 'bench-password-1',
      },
      PORT + 1,
    );
try {
  const base = `${process.env.BENCH_SERVICE_URL ?? `http://127.0.0.1:${PORT + 1}`}/api/v1`;
  const admin = await json(`${base}/auth/login`, { username: 'benchadmin', password: 'bench-password-1' });
  await json(
    `${base}/users`,
    { username: 'benchop', password: 'bench-password-1', display_name: '压测话务员', role: 'operator' },
    admin.body.token,
  );
  const op = await json(`${base}/auth/login`, { username: 'benchop', password: 'bench-password-1' });
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${op.body.token}` };
  const plain = {
    url: `${base}/tickets`,
    method: 'POST' as const,
    headers,
    requests: [{ method: 'POST' as const, body, setupRequest: fromNewCaller(body) }],
  };
  await load({ ...plain, duration: 2 });
  const figures = await load({ ...plain, duration: DURATION });
  print('POST /api/v1/tickets (auth, validation, number, event)', figures);
  console.log(`ratio to the bare handler: ${(figures.rps / bareFigures.rps).toFixed(2)}`);
  report('create.plain', { ...figures, rssMb: peakRssMb(service?.pid) });

  // The operator's one-screen intake as the console posts it: a fresh Idempotency-Key per order, created and
  // dispatched in one transaction (deadlines, assignment, counters, escalation schedule).
  const dept = await json(
    `${base}/departments`,
    { name: '压测承办单位', group: '区县', email: 'bench@example.cn', head_email: 'head@example.cn' },
    admin.body.token,
  );
  const dispatched = JSON.stringify({ ...JSON.parse(body), department_id: dept.body.id });
  const keyed = {
    url: `${base}/tickets`,
    method: 'POST' as const,
    headers,
    requests: [
      {
        method: 'POST' as const,
        body: dispatched,
        setupRequest: (req: any) => ({
          ...fromNewCaller(dispatched)(req),
          headers: { ...req.headers, 'idempotency-key': randomUUID() },
        }),
      },
    ],
  };
  await load({ ...keyed, duration: 2 });
  const intake = await load({ ...keyed, duration: DURATION });
  print('POST /api/v1/tickets with key + dispatch', intake);
  console.log(`ratio to the bare handler: ${(intake.rps / bareFigures.rps).toFixed(2)}`);
  report('create.keyed', { ...intake, rssMb: peakRssMb(service?.pid) });

  // The same intake as a day's calls come: each order to one of 20 units, in that unit's category. Every batch then
  // touches many units' counter rows and dispatches to many units (with one unit, a batch wrote each row once).
  const units: Array<{ department_id: number; category_id: number }> = [];
  for (let i = 0; i < UNITS; i++) {
    const unit = await json(
      `${base}/departments`,
      { name: `压测承办单位${i + 1}`, group: '区县', email: `unit${i}@example.cn`, head_email: `head${i}@example.cn` },
      admin.body.token,
    );
    const category = await json(
      `${base}/categories`,
      { name: `压测分类${i + 1}`, department_id: unit.body.id },
      admin.body.token,
    );
    units.push({ department_id: unit.body.id, category_id: category.body.id });
  }
  // Each unit's orders from the lanes (巷) of a street of its own: 20 streets of 100 lanes, 30 doors each, so a place
  // (lane and category) gathers an order every few seconds, as the places of a district's calls do.
  const bodies = units.map((u, i) =>
    JSON.stringify({ ...JSON.parse(body), ...u, address: `朝阳区${STREETS[i % STREETS.length]}{lane}巷{door}号` }),
  );
  const placed = (template: string, n: number) =>
    template
      .replace('{lane}', String((((n / UNITS) | 0) % 100) + 1))
      .replace('{door}', String((((n / 2000) | 0) % 30) + 1));
  let next = 0;
  const spread = {
    ...keyed,
    requests: [
      {
        method: 'POST' as const,
        setupRequest: (req: any) => ({
          ...fromNewCaller(placed(bodies[next % UNITS], next++))(req),
          headers: { ...req.headers, 'idempotency-key': randomUUID() },
        }),
      },
    ],
  };
  await load({ ...spread, duration: 2 });
  const spreadFigures = await load({ ...spread, duration: DURATION });
  print(`  the same over ${UNITS} units and their categories`, spreadFigures);
  console.log(`ratio to the bare handler: ${(spreadFigures.rps / bareFigures.rps).toFixed(2)}`);
  report('create.keyed.units', { ...spreadFigures, units: UNITS, rssMb: peakRssMb(service?.pid) });
} finally {
  service?.kill();
}
