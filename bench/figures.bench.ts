// Figures at city scale (docs/benchmarks.md: any figure, report or leaderboard over 10 million tickets under 20 ms):
// two years of tickets with their assignments and ratings written straight into the tables, the counters built by
// a full recount (timed), checked against a second recount, then every figure the pages read timed over HTTP.
//   DB_CLIENT=mysql DATABASE_URL=mysql://hotline:hotline@127.0.0.1:3306/hotline_bench6 \
//     BENCH_TICKETS=10000000 npx tsx bench/figures.bench.ts
//   BENCH_TICKETS defaults to 1,000,000; the loaded data is kept and reused by the next run of the same size
//   (BENCH_RELOAD=1 reloads; BENCH_VERIFY=0 skips the verifying recount). Without DB_CLIENT it runs on a SQLite file.
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { migrateLatest, rollbackAll } from '../migrations/index.ts';
import { toDbTime } from '../server/lib/db.ts';
import { inProcess } from './support-db.ts';
import { createApp } from '../server/app.ts';
import { report } from './support.ts';
import { closeBare, reportRead } from './bare-sql.ts';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const BATCH = 2_000;
const DAY = 86_400_000;
/** Two years of orders, the last day 2026-10-31; the clock stands in the middle of November. */
const FIRST = Date.parse('2024-11-01T00:00:00+08:00');
const SPAN = Date.parse('2026-11-01T00:00:00+08:00') - FIRST;
const NOW = new Date('2026-11-18T10:00:00+08:00');
const CITY_DEPARTMENTS = 30;
const DISTRICTS = 30;
const CATEGORIES = 40;
const ITERATIONS = 200;

const { config, db, services } = await inProcess(NOW);

const t = (ms: number) => toDbTime(new Date(ms));
/** A deterministic spread of i over [0, n), independent for each salt (a 32-bit mix, murmur3's finaliser). */
function spread(i: number, salt: number, n: number): number {
  let x = Math.imul(i, 0x9e3779b1) ^ Math.imul(salt, 0x85ebca77);
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return Math.floor(((x >>> 0) / 2 ** 32) * n);
}

interface Shape {
  cityDepts: number[];
  districts: number[];
  categories: Array<{ id: number; department_id: number | null }>;
}

/** Half the categories belong to one city department each; the other half go to the district of the address. */
async function shape(): Promise<Shape> {
  const depts = await db('departments').orderBy('id').select('id', 'group_name');
  const cityDepts = depts.filter((d) => d.group_name === '市直部门').map((d) => d.id);
  const districts = depts.filter((d) => d.group_name === '区县').map((d) => d.id);
  const categories = (await db('categories').orderBy('id').select('id', 'department_id')).map((c, k) => ({
    id: c.id,
    department_id: k % 2 === 0 ? c.department_id : null,
  }));
  return { cityDepts, districts, categories };
}

async function load() {
  await rollbackAll(db);
  await migrateLatest(db);
  for (let d = 0; d < CITY_DEPARTMENTS + DISTRICTS; d++) {
    const city = d < CITY_DEPARTMENTS;
    await services.departments.create({
      name: city ? `市直部门${d}` : `区县${d - CITY_DEPARTMENTS}`,
      group: city ? '市直部门' : '区县',
      email: `d${d}@bench.example`,
      head_email: `h${d}@bench.example`,
    });
  }
  const s0 = await db('departments').where('group_name', '市直部门').orderBy('id').select('id');
  for (let c = 0; c < CATEGORIES; c++)
    await services.categories.create({ name: `诉求分类${c}`, department_id: s0[(c >> 1) % s0.length].id });
  const s = await shape();
  const started = performance.now();
  let next = 1;
  let ratingId = 1;
  const worker = async () => {
    while (next <= TICKETS) {
      const from = next;
      next += BATCH;
      const tickets: Record<string, unknown>[] = [];
      const assignments: Record<string, unknown>[] = [];
      const ratings: Record<string, unknown>[] = [];
      for (let i = from; i < Math.min(from + BATCH, TICKETS + 1); i++) {
        const created = FIRST + Math.floor((i / (TICKETS + 1)) * SPAN) + spread(i, 1, 3_600_000);
        const category = s.categories[spread(i, 2, s.categories.length)];
        const dept = category.department_id ?? s.districts[spread(i, 3, s.districts.length)];
        const returned = spread(i, 4, 100) < 3;
        const late = spread(i, 5, 100);
        const signDeadline = created + DAY;
        const due = created + 10 * DAY;
        const signed = returned && late < 50 ? null : created + (late < 8 ? 2 * DAY : 3_600_000);
        const replied = returned || late >= 95 ? null : created + (late < 15 ? 12 * DAY : 4 * DAY);
        const day = t(created + 8 * 3_600_000)
          .slice(0, 10)
          .replace(/-/g, '');
        tickets.push({
          id: i,
          number: `${day}${String(i).padStart(8, '0')}`,
          channel: 'phone',
          type: 'complaint',
          urgency: 'normal',
          title: '基准测试工单',
          description: '基准测试工单',
          category_id: category.id,
          confidential: false,
          status: replied ? 'closed' : returned ? 'returned' : 'accepted',
          department_id: dept,
          assignment_id: i,
          sign_deadline_at: t(signDeadline),
          due_at: t(due),
          signed_at: signed ? t(signed) : null,
          replied_at: replied ? t(replied) : null,
          closed_at: replied ? t(replied + DAY) : null,
          reopen_count: 0,
          version: 4,
          created_at: t(created),
          updated_at: t(created),
        });
        assignments.push({
          id: i,
          ticket_id: i,
          department_id: dept,
          category_id: category.id,
          is_redo: spread(i, 6, 100) < 2,
          dispatched_at: t(created),
          sign_deadline_at: t(signDeadline),
          due_at: t(due),
          signed_at: signed ? t(signed) : null,
          replied_at: replied ? t(replied) : null,
          ended_at: returned ? t(created + DAY) : replied ? t(replied) : null,
          end_reason: returned ? 'returned' : replied ? 'replied' : null,
          created_at: t(created),
        });
        // 3 in 10 replied orders rated by callback, 6 in 100 of them badly; as many ratings again from window devices.
        if (replied && spread(i, 7, 10) < 3) {
          const score = spread(i, 8, 100) < 6 ? 1 + spread(i, 9, 2) : 3 + spread(i, 10, 3);
          ratings.push({
            id: ratingId++,
            score,
            channel: 'callback',
            department_id: dept,
            ticket_id: i,
            assignment_id: i,
            remedy_assignment_id: score <= 2 ? i : null,
            voided: false,
            dedupe_key: `callback:${i}`,
            rated_at: t(replied + DAY),
            created_at: t(replied + DAY),
          });
          ratings.push({
            id: ratingId++,
            score: 2 + spread(i, 11, 4),
            channel: 'device',
            department_id: dept,
            voided: false,
            dedupe_key: `bench:${i}`,
            rated_at: t(created + 3_600_000),
            created_at: t(created + 3_600_000),
          });
        }
      }
      // SQLite takes at most 32,766 values in one statement.
      const step = config.dbClient === 'mysql' ? BATCH : 500;
      await db.transaction(async (trx) => {
        for (const [table, rows] of [
          ['tickets', tickets],
          ['assignments', assignments],
          ['ratings', ratings],
        ] as const) {
          for (let k = 0; k < rows.length; k += step) await trx(table).insert(rows.slice(k, k + step));
        }
      });
      if (from % 500_000 < BATCH)
        console.log(
          `  loaded ${Math.min(from + BATCH - 1, TICKETS)} (${Math.round((performance.now() - started) / 1000)} s)`,
        );
    }
  };
  await Promise.all(Array.from({ length: config.dbClient === 'mysql' ? 3 : 1 }, worker));
  const sec = (performance.now() - started) / 1000;
  console.log(`loaded ${TICKETS} tickets, ${TICKETS} assignments, ${ratingId - 1} ratings in ${sec.toFixed(0)} s`);
  report('load', { set: `figures, ${TICKETS} orders`, seconds: sec });
  if (config.dbClient === 'mysql') await db.raw('ANALYZE TABLE tickets, assignments, ratings');
}

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const r = await fn();
  console.log(`${label.padEnd(52)} ${((performance.now() - started) / 1000).toFixed(1).padStart(7)} s`);
  return r;
}

/** Sequential requests after a warm-up: p50, p99 and max in ms. */
async function latency(label: string, url: string, token: string) {
  const get = async () => {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  for (let i = 0; i < 10; i++) await get();
  const ms: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const started = performance.now();
    await get();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(1);
  console.log(
    `${label.padEnd(52)} p50 ${at(0.5).padStart(6)} ms  p99 ${at(0.99).padStart(6)} ms  max ` +
      `${ms[ms.length - 1].toFixed(1).padStart(6)} ms`,
  );
  // For bench/run.ts's table: the same statements replayed through the bare driver.
  await reportRead(db, config, label, ms, get, { tickets: TICKETS });
}

try {
  const [{ n }] = await db('tickets')
    .count({ n: '*' })
    .catch(() => [{ n: 0 }]);
  if (process.env.BENCH_RELOAD === '1' || Number(n) !== TICKETS) {
    await load();
    const rows = await timed(`full recount of ${TICKETS} tickets (rebuild of the counters)`, () =>
      services.figures.rebuild(),
    );
    console.log(
      `  rows written: ${Object.entries(rows)
        .map(([table, n]) => `${table} ${n}`)
        .join(', ')}`,
    );
  } else {
    console.log(`reusing ${TICKETS} loaded tickets (BENCH_RELOAD=1 reloads)`);
    // Brought to today's schema; a counter table added since the data was loaded is filled as a start would fill it.
    await migrateLatest(db);
    if (await services.figures.ensureRollups())
      console.log('  a counter table was empty: counters rebuilt from the records');
  }
  if (config.dbClient === 'mysql') {
    const [[pool]] = await db.raw('SELECT @@innodb_buffer_pool_size AS b, VERSION() AS v');
    console.log(`database: MariaDB ${pool.v}, innodb_buffer_pool_size ${Math.round(Number(pool.b) / 2 ** 20)} MiB`);
  } else {
    console.log('database: SQLite');
  }
  // BENCH_VERIFY=0 skips the second recount (minutes at 10 million) when only the read times are wanted.
  if (process.env.BENCH_VERIFY !== '0') {
    const diffs = await timed('recount again and compare with the counters (verify)', () => services.figures.verify());
    console.log(`  ${diffs.length} differences`);
  }

  await services.users
    .create({ username: 'bench_supervisor', password: 'Bench@2026bench', display_name: '压测督办', role: 'supervisor' })
    .catch(() => undefined);
  const { token, user } = await services.auth.login('bench_supervisor', 'Bench@2026bench');
  const server = (await createApp(services)).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  const oneDept = (await db('departments').where('group_name', '区县').first('id')).id;
  const month = 'from=2026-10-01&to=2026-10-31';
  await latency('department figures, a month (/stats/departments)', `${base}/stats/departments?${month}`, token);
  await latency('department figures, a year', `${base}/stats/departments?from=2025-11-01&to=2026-10-31`, token);
  await latency('department report with month-on-month and totals', `${base}/reports/departments?${month}`, token);
  await latency('report by category, the whole city, a month', `${base}/reports/categories?${month}`, token);
  // Periods that are not whole months read their days from the daily counters: the dearest case.
  const window = 'from=2026-09-16&to=2026-10-15';
  await latency('department report, 30 days across two months', `${base}/reports/departments?${window}`, token);
  await latency(
    'report by category, the whole city, 30 days across two months',
    `${base}/reports/categories?${window}`,
    token,
  );
  await latency(
    'report by category, one department, a month',
    `${base}/reports/categories?${month}&department_id=${oneDept}`,
    token,
  );
  await latency(
    'daily figures of one department, a month',
    `${base}/stats/daily?${month}&department_id=${oneDept}`,
    token,
  );
  await latency(
    "drill-down: a department's late replies, page 1",
    `${base}/stats/departments/${oneDept}/tickets?${month}&figure=replied_late`,
    token,
  );
  await latency('leaderboard preview, October (computed)', `${base}/leaderboards/2026-10`, token);
  // Published again on a reused database: the earlier run's board and its mails go first.
  await db('leaderboards').where('month', '2026-09').delete();
  await db('outbox').where('dedupe_key', 'like', 'leaderboard:2026-09:%').delete();
  await timed('leaderboard publication, September', () =>
    services.leaderboard.publish('2026-09', { id: user.id, role: 'supervisor', department_id: null }),
  );
  await latency('leaderboard published, September (frozen)', `${base}/leaderboards/2026-09`, token);
  await latency('monthly export .xlsx', `${base}/reports/departments.xlsx?month=2026-10`, token);
  server.close();
} finally {
  await closeBare();
  await db.destroy();
}
