// The escalation sweep (docs/benchmarks.md: its cost follows what is due, not what is open): 1,000,000 open
// tickets, every 4th also passed down to a unit below (an open level with deadlines of its own), then the sweep
// timed with 100 due and with 10,000 due, with 100 and 10,000 levels due (docs/rules/deadlines.md "Cards at every
// level"), and with nothing due; judged against a bare loop of transactions doing the same writes per ticket,
// measured in the same run.
//   DB_CLIENT=mysql DATABASE_URL=mysql://hotline:hotline@127.0.0.1:3306/hotline_bench5 \
//     npx tsx bench/escalation-sweep.bench.ts
//   BENCH_OPEN=200000 to load fewer; SWEEP_CONCURRENCY=8 to escalate more tickets at once; the loaded tickets are
//   kept and reused by the next run (BENCH_RELOAD=1 reloads).
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../config/default.ts';
import { migrateLatest, rollbackAll } from '../migrations/index.ts';
import { toDbTime, type Db } from '../server/lib/db.ts';
import { inProcess } from './support-db.ts';
import { escalationsRepository } from '../server/domain/escalations/escalations.repository.ts';
import { peakRssMb, report } from './support.ts';

const OPEN = Number(process.env.BENCH_OPEN ?? 1_000_000);
/** Tickets escalated at once (each in its own transaction); the service's default unless SWEEP_CONCURRENCY is set. */
const CONCURRENCY = Number(process.env.SWEEP_CONCURRENCY ?? loadConfig().jobs.sweepConcurrency);
/** Tickets (and levels) made due at once in the large runs; BENCH_DUE=2000 for a shorter run. */
const DUE = Number(process.env.BENCH_DUE ?? 10_000);
/** Rows per insert: knex writes SQLite's as one compound SELECT, of at most 500 terms. */
const BATCH = loadConfig().dbClient === 'mysql' ? 2_000 : 500;
const DEPARTMENTS = 50;
/** Every LEVEL_EVERY-th ticket holds an open level passed down (assignment id OPEN + ticket id). */
const LEVEL_EVERY = 4;
const LEVELS = Math.floor(OPEN / LEVEL_EVERY);
const NOW = new Date('2026-11-18T10:00:00+08:00');
const DAY = 86_400_000;
const t = (ms: number) => toDbTime(new Date(NOW.getTime() + ms));

const { config, db, services } = await inProcess(NOW);

/** Open tickets, each held by a department with every deadline ahead (nothing due). */
function ticketRow(i: number, deptIds: number[]) {
  const created = -((i % 14) + 1) * DAY;
  const due = ((i % 20) + 1) * DAY;
  const day = toDbTime(new Date(NOW.getTime() + created + 8 * 3600_000))
    .slice(0, 10)
    .replace(/-/g, '');
  return {
    id: i,
    number: `${day}${String(i).padStart(7, '0')}`.slice(0, 20),
    channel: 'phone',
    type: 'complaint',
    urgency: 'normal',
    title: `压测工单 ${i}`,
    description: '压测数据',
    confidential: false,
    status: 'accepted',
    department_id: deptIds[i % deptIds.length],
    assignment_id: i,
    sign_deadline_at: t(created + DAY),
    sign_yellow_at: t(created),
    due_at: t(due),
    due_yellow_at: t(due - DAY),
    signed_at: t(created + 3600_000),
    reopen_count: 0,
    version: 2,
    created_at: t(created),
    updated_at: t(created + 3600_000),
    next_escalation_at: t(due - DAY + 1),
  };
}

async function load(db: Db) {
  await rollbackAll(db);
  await migrateLatest(db);
  const deptIds: number[] = [];
  for (let d = 0; d < DEPARTMENTS; d++) {
    const dept = await services.departments.create({
      name: `压测部门${d}`,
      group: d % 2 ? '区县' : '市直部门',
      email: `d${d}@bench.example`,
      head_email: `h${d}@bench.example`,
    });
    deptIds.push(dept.id);
  }
  const started = performance.now();
  let next = 1;
  const worker = async () => {
    while (next <= OPEN) {
      const from = next;
      next += BATCH;
      const rows = [];
      for (let i = from; i < Math.min(from + BATCH, OPEN + 1); i++) rows.push(ticketRow(i, deptIds));
      await db('tickets').insert(rows);
      await db('assignments').insert(
        rows.map((r) => ({
          id: r.id,
          ticket_id: r.id,
          department_id: r.department_id,
          is_redo: false,
          dispatched_at: r.created_at,
          sign_deadline_at: r.sign_deadline_at,
          due_at: r.due_at,
          signed_at: r.signed_at,
          created_at: r.created_at,
        })),
      );
      // Its level: signed, due with its parent, nothing due now.
      const passed = rows.filter((r) => r.id % LEVEL_EVERY === 0);
      if (passed.length)
        await db('assignments').insert(
          passed.map((r) => ({
            id: OPEN + r.id,
            ticket_id: r.id,
            department_id: deptIds[(r.id + 1) % deptIds.length],
            parent_id: r.id,
            role: 'down',
            is_redo: false,
            dispatched_at: r.updated_at,
            sign_deadline_at: r.sign_deadline_at,
            due_at: r.due_at,
            signed_at: r.updated_at,
            created_at: r.updated_at,
          })),
        );
      if (from % 100_000 < BATCH)
        console.log(
          `  loaded ${Math.min(from + BATCH - 1, OPEN)} (${Math.round((performance.now() - started) / 1000)} s)`,
        );
    }
  };
  await Promise.all(Array.from({ length: config.dbClient === 'mysql' ? 4 : 1 }, worker));
  const s = (performance.now() - started) / 1000;
  console.log(
    `loaded ${OPEN} open tickets with their assignments and ${LEVELS} open levels in ${s.toFixed(1)} s ` +
      `(${Math.round(OPEN / s)} tickets/s)`,
  );
  report('load', { set: `sweep, ${OPEN} open`, seconds: s });
}

/** Makes these tickets due: unsigned, the sign-for yellow card begun; every second one past its deadline too. */
async function makeDue(ids: number[]) {
  await db('escalations').whereIn('ticket_id', ids).delete();
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const red = chunk.filter((_, k) => k % 2 === 0);
    const yellow = chunk.filter((_, k) => k % 2 === 1);
    const base = {
      status: 'dispatched',
      signed_at: null,
      sign_yellow_at: t(-2 * 3600_000),
      next_escalation_at: t(-2 * 3600_000 + 1),
    };
    if (red.length)
      await db('tickets')
        .whereIn('id', red)
        .update({ ...base, sign_deadline_at: t(-3600_000) });
    if (yellow.length)
      await db('tickets')
        .whereIn('id', yellow)
        .update({ ...base, sign_deadline_at: t(3600_000) });
  }
}

/** Makes these tickets' levels due (their main assignments are not): unsigned, the sign-for yellow card begun,
 *  every second one past its deadline too. */
async function makeLevelsDue(ids: number[]) {
  await db('escalations').whereIn('ticket_id', ids).delete();
  // A level made due again by an earlier run would find that run's mails (their keys say once) still queued.
  await db('outbox').delete();
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const red = chunk.filter((_, k) => k % 2 === 0);
    const yellow = chunk.filter((_, k) => k % 2 === 1);
    const level = (these: number[]) =>
      db('assignments').whereIn(
        'id',
        these.map((id) => OPEN + id),
      );
    if (red.length) await level(red).update({ signed_at: null, sign_deadline_at: t(-3600_000) });
    if (yellow.length) await level(yellow).update({ signed_at: null, sign_deadline_at: t(3600_000) });
    await db('tickets')
      .whereIn('id', chunk)
      .update({ next_escalation_at: t(-2 * 3600_000 + 1) });
  }
}

/** Escalations that failed in any sweep of the run: a failed one is neither timed work nor done. */
let failed = 0;

async function timeSweep(label: string) {
  const started = performance.now();
  const r = await services.escalations.sweep({ now: NOW, concurrency: CONCURRENCY });
  const ms = performance.now() - started;
  failed += r.failed;
  console.log(
    `${label.padEnd(30)} ${ms.toFixed(1).padStart(9)} ms  ${r.tickets} tickets (${r.yellow} yellow, ${r.red} ` +
      `red + supervision), ` +
      `${r.failed} failed${r.tickets ? `, ${Math.round(r.tickets / (ms / 1000))} tickets/s` : ''}`,
  );
  return ms;
}

/** The machine's commit rate right now: one-row insert transactions at the sweep's concurrency. */
async function commits(n: number) {
  await db.schema.dropTableIfExists('bare_commits');
  await db.schema.createTable('bare_commits', (t) => {
    t.increments('id');
    t.string('v', 16);
  });
  const started = performance.now();
  let i = 0;
  await Promise.all(
    Array.from({ length: config.dbClient === 'mysql' ? CONCURRENCY : 1 }, async () => {
      while (i++ < n) await db.transaction((trx) => trx('bare_commits').insert({ v: 'x' }));
    }),
  );
  const ms = performance.now() - started;
  await db.schema.dropTable('bare_commits');
  console.log(
    `${'bare commits (1-row inserts)'.padEnd(30)} ${ms.toFixed(1).padStart(9)} ms  ${n} transactions, ` +
      `${Math.round(n / (ms / 1000))} tx/s`,
  );
}

/** The floor: per ticket a transaction with the same writes and nothing else (lock, 3 inserts, 1 update). */
async function bare(ids: number[]) {
  await db.schema.dropTableIfExists('bare_rows');
  await db.schema.createTable('bare_rows', (t) => {
    t.increments('id');
    t.integer('ticket_id');
    t.string('kind', 16);
    t.text('body');
    t.string('created_at', 23);
  });
  const started = performance.now();
  let i = 0;
  const worker = async () => {
    while (i < ids.length) {
      const id = ids[i++];
      await db.transaction(async (trx) => {
        await trx('tickets')
          .where({ id })
          .update({ next_escalation_at: trx.ref('next_escalation_at') });
        await trx('tickets').where({ id }).first();
        for (const kind of ['escalation', 'event', 'outbox'])
          await trx('bare_rows').insert({ ticket_id: id, kind, body: '压测', created_at: t(0) });
        await trx('tickets')
          .where({ id })
          .update({ next_escalation_at: t(DAY) });
      });
    }
  };
  await Promise.all(Array.from({ length: config.dbClient === 'mysql' ? CONCURRENCY : 1 }, worker));
  const ms = performance.now() - started;
  await db.schema.dropTable('bare_rows');
  console.log(
    `${'bare loop, same writes'.padEnd(30)} ${ms.toFixed(1).padStart(9)} ms  ${ids.length} tickets, ` +
      `${Math.round(ids.length / (ms / 1000))} tickets/s`,
  );
  return ms;
}

try {
  const [{ n }] = await db('tickets')
    .count({ n: '*' })
    .catch(() => [{ n: 0 }]);
  const [{ l }] = await db('assignments')
    .where('role', 'down')
    .count({ l: '*' })
    .catch(() => [{ l: 0 }]);
  if (process.env.BENCH_RELOAD === '1' || Number(n) !== OPEN || Number(l) !== LEVELS) await load(db);
  else {
    console.log(`reusing ${OPEN} loaded open tickets (BENCH_RELOAD=1 reloads)`);
    // A data set loaded before the latest migration lacks its tables (a new counter table failed every red card).
    await migrateLatest(db);
  }
  await db('outbox').delete();
  await db('supervisions').delete();
  await db('ticket_events').where('actor_role', 'system').delete();
  if (config.dbClient === 'mysql') {
    const [[pool]] = await db.raw('SELECT @@innodb_buffer_pool_size AS b');
    console.log(
      `database: MariaDB, innodb_buffer_pool_size ${Math.round(Number(pool.b) / 2 ** 20)} MiB; sweep pages of ` +
        `${config.jobs.sweepBatch}, ${CONCURRENCY} tickets at a time`,
    );
    for (const [label, cursor] of [
      ['first page', null],
      ['next page', { at: t(-DAY), id: 1 }],
    ] as const) {
      const q = escalationsRepository.dueQuery(db, toDbTime(NOW), cursor, config.jobs.sweepBatch).toSQL().toNative();
      const [plan] = await db.raw(`EXPLAIN ${q.sql}`, q.bindings as never);
      console.log(`due query, ${label}: ${q.sql}`);
      for (const row of plan) console.log(`  EXPLAIN: ${JSON.stringify(row)}`);
    }
  } else {
    console.log('database: SQLite');
  }
  const few = Array.from({ length: 100 }, (_, k) => 1 + k * Math.floor(OPEN / 100));
  const many = Array.from({ length: DUE }, (_, k) => 2 + k * Math.floor(OPEN / DUE));
  await timeSweep('nothing due (warm-up)');
  const nothingMs = await timeSweep('nothing due');
  await makeDue(few);
  const fewMs = await timeSweep(`${OPEN} open, 100 due`);
  await makeDue(many);
  const sweepMs = await timeSweep(`${OPEN} open, ${DUE.toLocaleString('en')} due`);
  await timeSweep('nothing due (after)');
  // Levels: the tickets' own deadlines are ahead; what is due is their passed-down level's.
  // Two sets apart (a level made due again would find its mails of the first run already in the outbox).
  const spread = (count: number, first: number) =>
    Array.from({ length: count }, (_, k) => LEVEL_EVERY * (first + k * Math.floor(LEVELS / count)));
  await makeLevelsDue(spread(100, 2));
  await timeSweep(`${LEVELS} open levels, 100 due`);
  await makeLevelsDue(spread(DUE, 1));
  const levelsMs = await timeSweep(`${LEVELS} open levels, ${DUE.toLocaleString('en')} due`);
  await timeSweep('nothing due (after levels)');
  const bareIds = Array.from({ length: DUE }, (_, k) => 3 + k * Math.floor(OPEN / DUE));
  const bareMs = await bare(bareIds);
  await commits(2_000);
  console.log(`ratio of the sweep's rate to the bare loop's: ${(bareMs / sweepMs).toFixed(2)}`);
  console.log(`ratio for levels: ${(bareMs / levelsMs).toFixed(2)}`);
  report('sweep', {
    open: OPEN,
    due: DUE,
    nothingMs,
    fewMs,
    sweepMs,
    levelsMs,
    bareMs,
    failed,
    rssMb: peakRssMb(process.pid),
  });
} finally {
  await db.destroy();
}
