// The checks after a fault run, read from the database through one node (after `cluster.sh wait-synced`, with
// causal reads): every acknowledged write there exactly once, every number unique, the counters equal to a recount,
// every card, supervision order, publication and mail once, every job period done once. Each failed check is a
// line in `problems`, tagged by what it is about (`writes:`, `numbers:`, `counters:`, `cards:`, `board:`, `mail:`,
// `jobs:`, `settle:`); `counts` is the table the run prints.
import knexFactory, { type Knex } from 'knex';
import { FiguresService } from '../../server/domain/figures/figures.service.ts';
import { mysqlConnectionOf } from '../../server/lib/db.ts';
import type { Setup, Write } from './fault-load.ts';

/** What the SMTP sink received (test/helpers/smtp.ts's `Received`). */
export interface Mail {
  messageId: string;
  to: string[];
}

export interface Counts {
  posted: number;
  acknowledged: number;
  failed: number;
  /** Acknowledged writes found exactly once. */
  present: number;
  missing: number;
  /** Writes found more than once (by their title, seq or external id), and ticket numbers used twice. */
  duplicates: number;
  /** Failed writes that committed all the same (their answer was lost with the instance): allowed. */
  failedButStored: number;
  attempts: number;
  cards: number;
  supervisions: number;
  mailsSent: number;
  mailsReceived: number;
  /** Raw resends of one Message-ID (the documented at-least-once window), reported, not failed. */
  mailResends: number;
  publications: number;
  jobPeriods: number;
}

/** A knex on one node whose reads wait for every write-set the cluster committed before them (Galera's causal
 *  reads; plain MariaDB has no such variable and needs none). */
export function checkDb(sqlUrl: string): Knex {
  return knexFactory({
    client: 'mysql2',
    connection: {
      ...mysqlConnectionOf(sqlUrl),
      charset: 'utf8mb4',
      timezone: 'Z',
      dateStrings: true,
      supportBigNumbers: true,
    },
    pool: {
      min: 0,
      max: 2,
      afterCreate(conn: { query(sql: string, cb: () => void): void }, done: (e: unknown, c: unknown) => void) {
        conn.query('SET SESSION wsrep_sync_wait = 1', () => done(null, conn));
      },
    },
  });
}

/** The Message-ID the outbox gives a row (outbox.service.ts#messageId). */
const messageId = (m: { id: number; created_at: string }) =>
  `<outbox-${m.id}-${m.created_at.replace(/\D/g, '')}@hotline.12345>`;

const ORDER_KINDS = new Set(['ticket', 'keyed', 'life']);

/** Waits (polling, up to `ms`) until what comes after the load has happened: every acknowledged life order
 *  carded red, the mail all sent and received. Answers what is still awaited, empty when done. */
export async function settle(
  db: Knex,
  writes: Write[],
  received: () => Mail[],
  ms: number,
  outboxFrom = 0,
): Promise<string[]> {
  const lifeIds = writes.filter((w) => w.acked && w.kind === 'life').map((w) => w.id!);
  const until = Date.now() + ms;
  for (;;) {
    const waiting: string[] = [];
    const red = lifeIds.length
      ? await db('escalations').whereIn('ticket_id', lifeIds).where({ kind: 'sign', level: 'red' }).pluck('ticket_id')
      : [];
    if (new Set(red).size < lifeIds.length) waiting.push(`red cards: ${new Set(red).size} of ${lifeIds.length}`);
    const mail = () => db('outbox').where({ kind: 'email' }).where('id', '>', outboxFrom);
    const pending = await mail().whereNot({ status: 'sent' }).count({ n: '*' });
    if (Number(pending[0].n)) waiting.push(`mail not sent: ${pending[0].n}`);
    const sent = await mail().where({ status: 'sent' }).count({ n: '*' });
    const got = new Set(received().map((m) => m.messageId)).size;
    if (got < Number(sent[0].n)) waiting.push(`mail received: ${got} of ${sent[0].n}`);
    if (!waiting.length || Date.now() > until) return waiting;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export interface CheckInput {
  db: Knex;
  setup: Setup;
  writes: Write[];
  received: Mail[];
  /** The month whose board was published, and the answers of the publishing requests. */
  month: string;
  publishStatuses: number[];
  /** The outbox's last id before the run: the mail checked is the run's. */
  outboxFrom: number;
}

export async function runChecks(x: CheckInput): Promise<{ counts: Counts; problems: string[] }> {
  const { db, setup, writes } = x;
  const problems: string[] = [];
  const acked = writes.filter((w) => w.acked);
  const counts: Counts = {
    posted: writes.length,
    acknowledged: acked.length,
    failed: writes.length - acked.length,
    present: 0,
    missing: 0,
    duplicates: 0,
    failedButStored: 0,
    attempts: writes.reduce((a, w) => a + w.attempts, 0),
    cards: 0,
    supervisions: 0,
    mailsSent: 0,
    mailsReceived: 0,
    mailResends: 0,
    publications: 0,
    jobPeriods: 0,
  };
  const prefix = `F-${setup.run}-`;
  const refOf = (title: string) => title.split(' ')[0];
  const stored = new Map<string, Array<{ id: number; number?: string }>>();
  const add = (ref: string, row: { id: number; number?: string }) => stored.set(ref, [...(stored.get(ref) ?? []), row]);
  for (const t of await db('tickets').where('title', 'like', `${prefix}%`).select('id', 'number', 'title'))
    add(refOf(t.title), { id: Number(t.id), number: t.number });
  const bySeq = new Map(writes.filter((w) => w.seq !== undefined).map((w) => [String(w.seq), w.ref]));
  const ratings = await db('ratings')
    .where({ device_id: setup.deviceId })
    .select('id', 'seq', 'rectification_ticket_id');
  for (const r of ratings) if (bySeq.has(String(r.seq))) add(bySeq.get(String(r.seq))!, { id: Number(r.id) });
  for (const c of await db('calls').where('external_id', 'like', `${prefix}%`).select('id', 'external_id'))
    add(c.external_id, { id: Number(c.id) });

  for (const w of writes) {
    const rows = stored.get(w.ref) ?? [];
    if (rows.length > 1) {
      counts.duplicates++;
      problems.push(`writes: ${w.kind} ${w.ref} stored ${rows.length} times (ids ${rows.map((r) => r.id).join(', ')})`);
    }
    if (!w.acked) {
      if (rows.length) counts.failedButStored++;
      continue;
    }
    const row = rows.find((r) => r.id === Number(w.id));
    if (!row) {
      counts.missing++;
      problems.push(`writes: acknowledged ${w.kind} ${w.ref} (id ${w.id}, status ${w.status}) is missing`);
      continue;
    }
    if (ORDER_KINDS.has(w.kind) && row.number !== w.number)
      problems.push(`numbers: ${w.ref}: number ${row.number} stored, ${w.number} acknowledged`);
    counts.present++;
  }
  const rated = new Map(ratings.map((r) => [Number(r.id), r.rectification_ticket_id]));
  for (const w of acked.filter((a) => a.kind === 'bad')) {
    const rect = rated.get(Number(w.id));
    if (!rect) problems.push(`writes: bad rating ${w.ref} (id ${w.id}) has no rectification order`);
  }

  const twice = (await db('tickets')
    .select('number')
    .count({ n: '*' })
    .groupBy('number')
    .having(db.raw('count(*) > 1'))) as Array<{ number: string; n: number }>;
  counts.duplicates += twice.length;
  for (const t of twice) problems.push(`numbers: ticket number ${t.number} used ${t.n} times`);

  const diffs = await new FiguresService(db as never).verify();
  for (const d of diffs.slice(0, 20)) problems.push(`counters: counter differs from its recount: ${JSON.stringify(d)}`);

  await checkCards(x, counts, problems);
  await checkBoard(x, counts, problems);
  await checkMail(x, counts, problems);

  const runs = (await db('job_runs').select('job', 'period').count({ n: '*' }).groupBy('job', 'period')) as Array<{
    job: string;
    period: string;
    n: number;
  }>;
  counts.jobPeriods = runs.length;
  for (const r of runs.filter((x) => Number(x.n) > 1))
    problems.push(`jobs: job ${r.job} period ${r.period} done ${r.n} times`);
  return { counts, problems };
}

/** Each card issued once with one timeline event, each red card with one automatic supervision order and each
 *  card with one mail to the department. */
async function checkCards(x: CheckInput, counts: Counts, problems: string[]) {
  const { db, setup } = x;
  const escalations = await db('escalations').where({ department_id: setup.departmentId }).whereNot({ level: 'head' });
  const issued = escalations.filter((e) => !e.superseded);
  counts.cards = issued.length;
  const key = (ticket: number, action: string) => `${ticket}:${action}`;
  const expected = new Map<string, number>();
  for (const e of issued) {
    const k = key(e.ticket_id, `${e.level}_card`);
    expected.set(k, (expected.get(k) ?? 0) + 1);
  }
  const ticketIds = [...new Set(escalations.map((e) => Number(e.ticket_id)))];
  const events = ticketIds.length
    ? await db('ticket_events').whereIn('ticket_id', ticketIds).whereIn('action', ['yellow_card', 'red_card'])
    : [];
  const got = new Map<string, number>();
  for (const e of events) got.set(key(e.ticket_id, e.action), (got.get(key(e.ticket_id, e.action)) ?? 0) + 1);
  for (const k of new Set([...expected.keys(), ...got.keys()]))
    if ((expected.get(k) ?? 0) !== (got.get(k) ?? 0))
      problems.push(`cards: card ${k}: ${expected.get(k) ?? 0} issued, ${got.get(k) ?? 0} timeline events`);
  const supervisions = ticketIds.length
    ? await db('supervisions').whereIn('ticket_id', ticketIds).where({ automatic: true })
    : [];
  counts.supervisions = supervisions.length;
  const reds = issued.filter((e) => e.level === 'red').length;
  if (supervisions.length !== reds)
    problems.push(`cards: ${reds} red cards but ${supervisions.length} automatic supervision orders`);
  const mails = await db('outbox')
    .where('dedupe_key', 'like', 'esc:%:dept')
    .whereIn('recipient', [`dept-${setup.run}@faults.example`])
    .count({ n: '*' });
  if (Number(mails[0].n) !== issued.length)
    problems.push(`cards: ${issued.length} cards but ${mails[0].n} card mails to the department`);
}

/** One publication of the month whatever answers were lost, and one mail to each head named on it. */
async function checkBoard(x: CheckInput, counts: Counts, problems: string[]) {
  const { db, month, publishStatuses } = x;
  const rows = await db('leaderboards').where({ month });
  counts.publications = rows.length;
  if (rows.length !== 1) problems.push(`board: ${month} published ${rows.length} times`);
  const created = publishStatuses.filter((s) => s === 201).length;
  if (created > 1) problems.push(`board: ${month}: ${created} publications answered 201`);
  if (!publishStatuses.some((s) => s === 200 || s === 201)) problems.push(`board: ${month}: no publish acknowledged`);
  const heads = await db('departments').whereNotNull('head_email').count({ n: '*' });
  const mails = await db('outbox').where('dedupe_key', 'like', `leaderboard:${month}:%`).count({ n: '*' });
  if (created === 1 && Number(mails[0].n) !== Number(heads[0].n))
    problems.push(`board: ${month}: ${mails[0].n} mails for ${heads[0].n} department heads`);
}

/** Every outbox mail sent and its Message-ID received; distinct Message-IDs equal the rows sent. */
async function checkMail(x: CheckInput, counts: Counts, problems: string[]) {
  const rows = await x
    .db('outbox')
    .where({ kind: 'email' })
    .where('id', '>', x.outboxFrom)
    .select('id', 'status', 'created_at');
  const sent = rows.filter((r) => r.status === 'sent');
  counts.mailsSent = sent.length;
  for (const r of rows.filter((r) => r.status !== 'sent').slice(0, 10)) problems.push(`mail: ${r.id} left ${r.status}`);
  const ids = new Set(sent.map((r) => messageId(r)));
  const got = new Map<string, number>();
  // Mail of rows from before the run (a cluster reused by hand) is not the run's.
  const ofRun = x.received.filter((m) => Number(/<outbox-(\d+)-/.exec(m.messageId)?.[1] ?? 0) > x.outboxFrom);
  for (const m of ofRun) got.set(m.messageId, (got.get(m.messageId) ?? 0) + 1);
  counts.mailsReceived = got.size;
  counts.mailResends = ofRun.length - got.size;
  for (const id of ids) if (!got.has(id)) problems.push(`mail: ${id} marked sent but never received`);
  for (const id of got.keys()) if (!ids.has(id)) problems.push(`mail: ${id} received but no outbox row is sent`);
}

export function countsTable(c: Counts): string {
  const rows: Array<[string, number]> = [
    ['posted', c.posted],
    ['acknowledged', c.acknowledged],
    ['failed', c.failed],
    ['present', c.present],
    ['missing', c.missing],
    ['duplicates', c.duplicates],
    ['failed but stored', c.failedButStored],
    ['requests (with retries)', c.attempts],
    ['cards', c.cards],
    ['automatic supervisions', c.supervisions],
    ['publications', c.publications],
    ['mails sent', c.mailsSent],
    ['mails received (distinct)', c.mailsReceived],
    ['mail resends (same id)', c.mailResends],
    ['job periods', c.jobPeriods],
  ];
  return rows.map(([k, v]) => `${k.padEnd(26)} ${String(v).padStart(8)}`).join('\n');
}
