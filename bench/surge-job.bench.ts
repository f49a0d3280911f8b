// The surge job (docs/rules/hot-spots.md "Speed"): its cost follows the day's new orders, not the table. A made-up
// big city (bench/surge-city.ts: 16 districts × 20 streets × 10 communities, 150 categories of skewed popularity)
// with a year of orders written straight into tickets at each table size, 28 days of area_daily_counts before the
// day, then `run(now)` timed at the end of a day of 17,000, 34,000 and 68,000 new orders (Beijing's day), 3 times
// each (the day's counts, warnings and cursor row removed before each, so every run is the day's first full scan):
// the median, per order, and the resident memory. The job's statements are caught once per size and EXPLAINed.
//   npm run bench:surges                          (SQLite file, 2 and 10 million orders)
//   DB_CLIENT=mysql DATABASE_URL=mysql://hotline:hotline@127.0.0.1:3306/hotline_bench_surges npm run bench:surges
//   BENCH_SIZES=1000000,4000000 for other sizes, BENCH_DAY_ORDERS=17000,68000 for other days, BENCH_REPEATS=1
//   for fewer runs; the loaded orders are kept and reused (BENCH_RELOAD=1 reloads).
import { performance } from 'node:perf_hooks';
import { migrateLatest, rollbackAll } from '../migrations/index.ts';
import { toDbTime } from '../server/lib/db.ts';
import { inProcess } from './support-db.ts';
import { dayCounts, draw, makeCity, writeCity } from './surge-city.ts';
import { SurgeDetector } from '../server/domain/hotspots/surge-detector.ts';
import { createLogger } from '../server/lib/logger.ts';

const SIZES = (process.env.BENCH_SIZES ?? '2000000,10000000').split(',').map(Number);
const DAY_ORDERS = (process.env.BENCH_DAY_ORDERS ?? '17000,34000,68000').split(',').map(Number);
const HISTORY_DAYS = 28;
const HISTORY_ORDERS = 68_000;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
/** The day under test, 2026-11-18 (Beijing), and the job run at 23:50 that evening. */
const DAY = '2026-11-18';
const DAY_START = Date.parse(`${DAY}T00:00:00+08:00`);
const NOW = new Date(DAY_START + 23 * 3_600_000 + 50 * 60_000);
const MS_DAY = 86_400_000;
/** The bulk orders span the year before the day; the day's own orders have ids from DAY_IDS on. */
const YEAR_START = DAY_START - 365 * MS_DAY;
const DAY_IDS = 500_000_000;

const { config, db, services } = await inProcess(NOW);
const mysql = config.dbClient === 'mysql';
const city = makeCity();
const t = (ms: number) => toDbTime(new Date(ms));
const beijingDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

function ticket(id: number, created: number) {
  const { area, category } = draw(city, id);
  return {
    id,
    number: `S${id}`,
    channel: 'phone',
    type: 'complaint',
    urgency: 'normal',
    title: '压测工单',
    description: '压测',
    category_id: category,
    area_unit_id: area,
    confidential: false,
    status: 'closed',
    reopen_count: 0,
    version: 1,
    created_at: t(created),
    updated_at: t(created),
  };
}

/** Rows in one transaction, 500 a statement on SQLite (its compound SELECT takes at most 500 terms). */
async function insertRows(table: string, rows: Record<string, unknown>[]) {
  const step = mysql ? 5_000 : 500;
  await db.transaction(async (trx) => {
    for (let k = 0; k < rows.length; k += step) await trx(table).insert(rows.slice(k, k + step));
  });
}

/** Writes orders from..to (ids), their times spread evenly over [start, start + span). On SQLite the tickets'
 *  secondary indexes are dropped for the load and built again after it (a sort is faster than 16 b-trees grown row
 *  by row); the schema timed is the same. */
async function insertTickets(from: number, to: number, start: number, span: number, label: string) {
  const started = performance.now();
  const indexes: Array<{ sql: string; name: string }> = mysql
    ? []
    : await db('sqlite_master').where({ type: 'index', tbl_name: 'tickets' }).whereNotNull('sql').select('sql', 'name');
  for (const ix of indexes) await db.raw(`DROP INDEX \`${ix.name}\``);
  const batch = mysql ? 5_000 : 10_000;
  let next = from;
  const worker = async () => {
    while (next <= to) {
      const first = next;
      next += batch;
      const rows = [];
      for (let i = first; i < Math.min(first + batch, to + 1); i++)
        rows.push(ticket(i, start + Math.floor(((i - from) / (to - from + 1)) * span)));
      await insertRows('tickets', rows);
      if ((first - from) % 1_000_000 < batch && first > from)
        console.log(`  ${label}: ${first - from} (${Math.round((performance.now() - started) / 1000)} s)`);
    }
  };
  await Promise.all(Array.from({ length: mysql ? 3 : 1 }, worker));
  const built = performance.now();
  for (const ix of indexes) await db.raw(ix.sql);
  if (indexes.length)
    console.log(`  ${indexes.length} indexes built again in ${Math.round((performance.now() - built) / 1000)} s`);
  const s = (performance.now() - started) / 1000;
  console.log(`${label}: ${to - from + 1} orders in ${s.toFixed(0)} s (${Math.round((to - from + 1) / s)}/s)`);
}

async function loadCity() {
  await rollbackAll(db);
  await migrateLatest(db);
  await writeCity(db, city);
  // A bulk load: nothing is lost that a reload would not write again.
  if (!mysql) for (const p of ['cache_size = -1000000', 'synchronous = OFF']) await db.raw(`PRAGMA ${p}`);
  // 28 days of counts before the day, as the job would have written them, each day scanned and finalized.
  const started = performance.now();
  let rows = 0;
  for (let k = HISTORY_DAYS; k >= 1; k--) {
    const day = beijingDay(DAY_START - k * MS_DAY);
    const counts = dayCounts(city, day, 900_000_000 + k * 1_000_000, HISTORY_ORDERS);
    await insertRows('area_daily_counts', counts);
    await db('hotspot_days').insert({
      day,
      orders: HISTORY_ORDERS,
      pairs: counts.length,
      warnings: 0,
      finalized: true,
      scanned_at: t(DAY_START - (k - 1) * MS_DAY + 600_000),
    });
    rows += counts.length;
  }
  const s = (performance.now() - started) / 1000;
  console.log(
    `history: ${HISTORY_DAYS} days of ${HISTORY_ORDERS} orders, ${rows} area_daily_counts rows (${s.toFixed(0)} s)`,
  );
}

async function bulkCount(): Promise<number> {
  const [{ n }] = await db('tickets')
    .where('id', '<', DAY_IDS)
    .count({ n: '*' })
    .catch(() => [{ n: -1 }]);
  return Number(n);
}

/** Brings the year's orders to `size` (a round of its own spans the whole year, so each size fills every day). */
async function growTo(size: number) {
  const have = await bulkCount();
  if (have === size) {
    console.log(`reusing ${size} orders (BENCH_RELOAD=1 reloads)`);
    // Brought to today's schema (an index added since the load is built now, before anything is timed).
    return void (await migrateLatest(db));
  }
  const [{ d }] = await db('hotspot_days')
    .where('finalized', true)
    .count({ d: '*' })
    .catch(() => [{ d: 0 }]);
  if (have > size || have < 0 || Number(d) !== HISTORY_DAYS) {
    await loadCity();
    await insertTickets(1, size, YEAR_START, 365 * MS_DAY, `a year's orders to ${size}`);
  } else {
    await deleteDayOrders();
    await insertTickets(have + 1, size, YEAR_START, 365 * MS_DAY, `a year's orders from ${have} to ${size}`);
  }
  if (mysql) await db.raw('ANALYZE TABLE tickets');
  else await db.raw('ANALYZE');
}

/**
 * The bench's own orders of the day removed. Without the foreign-key checks: SQLite checks every table that refers to
 * tickets for each row deleted, and `tickets.merged_into_id` has no index, so each deleted order read every order
 * (17,000 deletions from 2 million orders ran for more than 15 minutes). Nothing refers to these orders.
 */
async function deleteDayOrders() {
  // MariaDB's switch is the connection's (one transaction holds one); SQLite's has one connection and no switch
  // inside a transaction.
  if (mysql)
    return db.transaction(async (trx) => {
      await trx.raw('SET FOREIGN_KEY_CHECKS = 0');
      await trx('tickets').where('id', '>=', DAY_IDS).delete();
      await trx.raw('SET FOREIGN_KEY_CHECKS = 1');
    });
  await db.raw('PRAGMA foreign_keys = OFF');
  try {
    await db('tickets').where('id', '>=', DAY_IDS).delete();
  } finally {
    await db.raw('PRAGMA foreign_keys = ON');
  }
}

/** The day's orders: exactly `orders`, spread over the day until 23:40. */
async function setDay(orders: number) {
  await deleteDayOrders();
  const span = 23 * 3_600_000 + 40 * 60_000;
  const step = mysql ? 5_000 : 2_000;
  for (let k = 0; k < orders; k += step) {
    const rows = [];
    for (let j = k; j < Math.min(k + step, orders); j++)
      rows.push(ticket(DAY_IDS + j, DAY_START + Math.floor((j / orders) * span)));
    await insertRows('tickets', rows);
  }
}

/** As before the day's first scan: its counts, its cursor row and the warnings it raised gone. */
async function resetDay() {
  await db('area_daily_counts').where('day', DAY).delete();
  await db('hotspot_days').where('day', DAY).delete();
  await db('surge_warnings').where('last_day', '>=', DAY).delete();
  await db('outbox').where('created_at', '>=', t(DAY_START)).delete();
}

interface Point {
  ms: number;
  rss: number;
  pairs: number;
  orders: number;
  raised: number;
}

/** One run, timed, with the peak resident memory sampled while it works. `detector`: a fresh one for a full scan
 *  (no baselines cached), the service's own for a later run of the day. */
async function timeRun(detector: SurgeDetector): Promise<Point> {
  let rss = process.memoryUsage().rss;
  const sampler = setInterval(() => (rss = Math.max(rss, process.memoryUsage().rss)), 5);
  const started = performance.now();
  const r = await detector.run(NOW);
  const ms = performance.now() - started;
  clearInterval(sampler);
  rss = Math.max(rss, process.memoryUsage().rss);
  if (r.days.join() !== DAY) throw new Error(`the run scanned ${r.days.join()}, not ${DAY}`);
  return { ms, rss, pairs: r.pairs, orders: r.orders, raised: r.raised };
}

/** The day's first full scan, as after midnight's catch-up or downtime: its rows, cursor row and warnings gone, a
 *  fresh detector (no baseline cached), so every count is written and every baseline read. */
async function fullScan(): Promise<Point> {
  await resetDay();
  return timeRun(new SurgeDetector({ db, config, logger: createLogger('warn') }));
}

/** One run with every statement caught, then each distinct read EXPLAINed. */
async function explainRun() {
  await resetDay();
  const seen = new Map<string, unknown[]>();
  const listener = (q: { sql: string; bindings?: unknown[] }) => {
    if (/^\s*select/i.test(q.sql) && !seen.has(q.sql)) seen.set(q.sql, q.bindings ?? []);
  };
  db.on('query', listener);
  await new SurgeDetector({ db, config, logger: createLogger('warn') }).run(NOW);
  db.removeListener('query', listener);
  for (const [sql, bindings] of seen) {
    const shown = bindings.length > 12 ? `${bindings.length} values` : JSON.stringify(bindings);
    console.log(`  query: ${sql.length > 400 ? `${sql.slice(0, 400)}…` : sql}  [${shown}]`);
    const plan = mysql
      ? (await db.raw(`EXPLAIN ${sql}`, bindings as never))[0]
      : await db.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings as never);
    for (const row of plan as Array<Record<string, unknown>>)
      console.log(
        `    ${mysql ? `${row.table} ${row.type} key=${row.key} rows=${row.rows} ${row.Extra}` : row.detail}`,
      );
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const table: string[] = [];
try {
  if (process.env.BENCH_RELOAD === '1') await rollbackAll(db);
  if (mysql) {
    const [[v]] = await db.raw('SELECT VERSION() AS v, @@innodb_buffer_pool_size AS b');
    console.log(`database: MariaDB ${v.v}, innodb_buffer_pool_size ${Math.round(Number(v.b) / 2 ** 20)} MiB`);
  } else console.log(`database: SQLite (${config.dbFile})`);
  table.push(
    `${'table size'.padStart(11)} ${'day orders'.padStart(10)} ${'read'.padStart(6)} ${'pairs'.padStart(6)} ` +
      `${'full ms'.padStart(8)} ${'µs/order'.padStart(8)} ${'later ms'.padStart(8)} ${'RSS MB'.padStart(6)} ` +
      `${'raised'.padStart(6)}  (full scans, ms)`,
  );
  for (const size of SIZES) {
    await growTo(size);
    if (process.env.BENCH_SEED_ONLY === '1') continue;
    for (const orders of DAY_ORDERS) {
      await setDay(orders);
      await fullScan(); // warm-up: the pages the run reads in the cache, as on a job that runs every few minutes
      const full: Point[] = [];
      for (let k = 0; k < REPEATS; k++) full.push(await fullScan());
      // A later run of the day: the counts stored and the baselines known (a rescan of an unchanged day: the floor).
      await timeRun(services.surges);
      const later: Point[] = [];
      for (let k = 0; k < REPEATS; k++) later.push(await timeRun(services.surges));
      const ms = median(full.map((p) => p.ms));
      const laterMs = median(later.map((q) => q.ms));
      const rss = Math.max(...full.map((q) => q.rss)) / 2 ** 20;
      const p = full[0];
      const perOrder = (ms * 1000) / orders;
      const line =
        `${String(size).padStart(11)} ${String(orders).padStart(10)} ${String(p.orders).padStart(6)} ` +
        `${String(p.pairs).padStart(6)} ${ms.toFixed(0).padStart(8)} ${perOrder.toFixed(1).padStart(8)} ` +
        `${laterMs.toFixed(0).padStart(8)} ${rss.toFixed(0).padStart(6)} ${String(p.raised).padStart(6)}` +
        `  (${full.map((q) => q.ms.toFixed(0)).join(', ')})`;
      console.log(line);
      table.push(line);
    }
    console.log(`the job's reads at ${size} orders, ${DAY_ORDERS[DAY_ORDERS.length - 1]} today:`);
    await explainRun();
  }
  console.log(`\nsurge job, run at ${DAY} 23:50 over the day's orders (median of ${REPEATS} after a warm-up):`);
  for (const line of table) console.log(line);
} finally {
  await db.destroy();
}
