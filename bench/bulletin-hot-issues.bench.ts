// The bulletin's hot issues (docs/rules/hot-spots.md "Monthly analysis") over a big city's month: the made-up city of
// bench/surge-city.ts (16 districts × 20 streets × 10 communities, 150 categories) at 68,000 orders a day, its
// area_daily_counts for May and June 1st-20th and their area_month_counts; today is June 20th. Timed, the median of
// 20 runs: the ranking summed from the day rows (before, server/domain/reports/hot-issue-counts.ts summedByDay, the
// old path) and read from the month rows (after), for the month to date and for May whole; then the whole
// monthlyAnalysis. Also one day's rows written as the surge job writes them (with their month rows' differences).
//   npm run bench:hot-issues                                   (SQLite file in a temporary directory)
//   DB_CLIENT=mysql DATABASE_URL=mysql://hotline:hotline@127.0.0.1:3306/hotline_hf npm run bench:hot-issues
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMysql } from '../server/lib/db.ts';
import { migrateLatest, rollbackAll } from '../migrations/index.ts';
import { unitTree } from '../server/domain/departments/unit-tree.ts';
import { monthlyAnalysis, type Level, type Period } from '../server/domain/reports/hot-issues.ts';
import { monthRowsServe, rankedByMonth, summedByDay } from '../server/domain/reports/hot-issue-counts.ts';
import { surgeRepository, type PairKey } from '../server/domain/hotspots/surge.repository.ts';
import { dayCounts, makeCity, writeCity } from './surge-city.ts';
import { inProcess } from './support-db.ts';

const DAY_ORDERS = 68_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
if (process.env.DB_CLIENT !== 'mysql' && !process.env.DB_FILE)
  process.env.DB_FILE = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-bench-hot-')), 'bench.sqlite');

const { db } = await inProcess(new Date('2026-06-20T04:00:00Z'));
await migrateLatest(db);
await rollbackAll(db);
await migrateLatest(db);
const city = makeCity();
await writeCity(db, city);

const days = [
  ...Array.from({ length: 31 }, (_, i) => `2026-05-${String(i + 1).padStart(2, '0')}`),
  ...Array.from({ length: 20 }, (_, i) => `2026-06-${String(i + 1).padStart(2, '0')}`),
];
const CHUNK = 500;
async function writeDayRows(k: number) {
  const rows = dayCounts(city, days[k]!, k * DAY_ORDERS, DAY_ORDERS);
  await db.transaction(async (trx) => {
    for (let i = 0; i < rows.length; i += CHUNK) await trx('area_daily_counts').insert(rows.slice(i, i + CHUNK));
  });
  return rows.length;
}
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

// One day written as the surge job does (surge.repository.ts writeDay): the day rows and their month rows' differences.
let t = process.hrtime.bigint();
const firstRows = dayCounts(city, days[0]!, 0, DAY_ORDERS);
await db.transaction(async (trx) => {
  const stored = await surgeRepository.dayRows(trx, days[0]!);
  const changed = firstRows.map((r): [PairKey, number] => [{ area: r.area_unit_id, category: r.category_id }, r.count]);
  await surgeRepository.writeDay(trx, days[0]!, changed, [], stored);
});
const first = firstRows.length;
console.log(`one day's ${first} area_daily_counts rows written with their month rows: ${ms(t).toFixed(0)} ms`);
// The rest seeded faster without the month rows, then summed as the migration's backfill does.
t = process.hrtime.bigint();
const second = await writeDayRows(1);
console.log(`one day's ${second} area_daily_counts rows written without them:       ${ms(t).toFixed(0)} ms`);
let total = first + second;
for (let k = 2; k < days.length; k++) total += await writeDayRows(k);
await db('area_month_counts').delete();
await db.raw(
  `INSERT INTO area_month_counts (area_unit_id, category_id, month, level, is_all, count)
   SELECT c.area_unit_id, c.category_id, substr(c.day, 1, 7), MAX(d.kind), c.category_id = 0, SUM(c.count)
   FROM area_daily_counts c LEFT JOIN departments d ON d.id = c.area_unit_id
   GROUP BY c.area_unit_id, c.category_id, substr(c.day, 1, 7)`,
);
if (isMysql(db)) await db.raw('ANALYZE TABLE area_daily_counts, area_month_counts');
else await db.raw('ANALYZE');
const monthRows = Number((await db('area_month_counts').count({ n: '*' }))[0]!.n);
const dbName = isMysql(db) ? 'MariaDB' : 'SQLite';
console.log(`${dbName}: ${total} area_daily_counts rows (${days.length} days), ${monthRows} month rows`);

const tree = await unitTree(db);
const levelOf = new Map<number, Level>();
for (const n of tree.nodes.values()) if (n.kind === 'district' || n.kind === 'street') levelOf.set(n.id, n.kind);
const areas = [...levelOf.keys()];

async function median(label: string, fn: () => Promise<unknown>) {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(ms(start));
  }
  times.sort((a, b) => a - b);
  console.log(`${label.padEnd(58)} median ${times[RUNS >> 1]!.toFixed(1)} ms (min ${times[0]!.toFixed(1)})`);
}

const toDate: [Period, Period] = [
  { from: '2026-06-01', to: '2026-06-20' },
  { from: '2026-05-01', to: '2026-05-20' },
];
const may: [Period, Period] = [
  { from: '2026-05-01', to: '2026-05-31' },
  { from: '2026-04-01', to: '2026-04-30' },
];
for (const [label, [period, previous]] of [
  ['June to date vs May 1st-20th', toDate],
  ['May whole vs April', may],
] as const) {
  if (!(await monthRowsServe(db, period))) throw new Error(`${label}: the month rows should serve`);
  await median(`${label}: summed from day rows (before)`, () => summedByDay(db, period, previous, areas));
  await median(`${label}: read from month rows (after)`, async () => {
    await monthRowsServe(db, period);
    await rankedByMonth(db, period, previous, levelOf);
  });
}
await median('monthlyAnalysis, June to date (hot issues, repeats, surges)', () =>
  monthlyAnalysis(db, toDate[0], toDate[1]),
);
await db.destroy();
