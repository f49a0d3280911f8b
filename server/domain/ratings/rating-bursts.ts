// Bursts (docs/rules/reviews.md): many ratings of one score through one static QR code or one review device
// within seconds are one hand tapping, not residents queueing. Limits never refuse a resident (a service hall's
// residents share one address), so every rating is stored; those caught in a burst are held (flagged) out of
// every figure until a supervisor confirms or voids them (rating-flags.service.ts). Held is decided in the
// rating's own transaction, after its row is written, so the count includes it and racing posts see each other.
import type { Knex } from 'knex';
import type { Config } from '../../../config/default.ts';
import type { Db, Executor } from '../../lib/db.ts';
import { fromDbTime, isMysql, toDbTime, withTransaction } from '../../lib/db.ts';
import { bus } from '../../lib/bus.ts';
import { figuresRecorder } from '../figures/figures-recorder.ts';
import { ratingsRepository, type FlagState, type RatingRow } from './ratings.repository.ts';
import { isPutRight } from '../figures/put-right.ts';

export type BurstRule = Config['ratings']['burst'];
export type SourceKind = 'window' | 'staff' | 'device';
export interface Source {
  kind: SourceKind;
  id: number;
}

type Scoped = Pick<RatingRow, 'channel' | 'window_id' | 'staff_id' | 'device_id' | 'ticket_id'>;
type Fresh = Omit<RatingRow, 'id'> & { id: number };

const FLAG_STATES: FlagState[] = ['held', 'confirmed', 'voided'];
const COLUMN: Record<SourceKind, 'window_id' | 'staff_id' | 'device_id'> = {
  window: 'window_id',
  staff: 'staff_id',
  device: 'device_id',
};

/** The static code or device a rating came through; null for ratings that are never a burst (links, callbacks, web). */
export function sourceOf(r: Scoped): Source | null {
  if (r.channel === 'device' && r.device_id) return { kind: 'device', id: r.device_id };
  if (r.channel !== 'qr' || r.ticket_id !== null) return null;
  if (r.staff_id) return { kind: 'staff', id: r.staff_id };
  return r.window_id ? { kind: 'window', id: r.window_id } : null;
}

/** The ratings of one source and score (a window's code: those not naming a staff member, whose own code that is). */
export function ofSource(db: Executor, src: Source, score: number) {
  const q = db('ratings').where('ratings.score', score).where(`ratings.${COLUMN[src.kind]}`, src.id);
  if (src.kind === 'device') return q.where('ratings.channel', 'device');
  q.where('ratings.channel', 'qr').whereNull('ratings.ticket_id');
  return src.kind === 'window' ? q.whereNull('ratings.staff_id') : q;
}

const shift = (dbTime: string, seconds: number) => toDbTime(new Date(fromDbTime(dbTime)!.getTime() + seconds * 1000));

/**
 * How many ratings of the source and score were given within the rule's seconds of `at` (itself included), counted
 * up to `count`: per flag state, each an index range that stops at `count` (a long held burst is not read through).
 */
async function neighbours(
  trx: Knex.Transaction,
  rule: BurstRule,
  src: Source,
  score: number,
  at: string,
): Promise<number> {
  const range: [string, string] = [shift(at, -rule.withinSeconds), shift(at, rule.withinSeconds)];
  const never = await ofSource(trx, src, score)
    .whereNull('ratings.flag_state')
    .whereBetween('ratings.rated_at', range)
    .limit(rule.count)
    .select('ratings.id');
  if (never.length >= rule.count) return never.length;
  const flagged = await ofSource(trx, src, score)
    .whereIn('ratings.flag_state', FLAG_STATES)
    .whereBetween('ratings.rated_at', range)
    .limit(rule.count - never.length)
    .select('ratings.id');
  return never.length + flagged.length;
}

type Group = { src: Source; score: number; rows: Fresh[] };

function groupsOf(rows: Fresh[]): Group[] {
  const groups = new Map<string, Group>();
  for (const r of rows) {
    const src = sourceOf(r);
    if (!src) continue;
    const key = `${src.kind}:${src.id}:${r.score}`;
    const g = groups.get(key) ?? { src, score: r.score, rows: [] };
    g.rows.push(r);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/**
 * Holds the fresh ratings (written in this transaction, not yet counted) that belong to a burst, and takes the
 * earlier ratings of that burst, counted when they came, out of the counters. Answers the fresh ids held.
 */
export async function holdBursts(
  trx: Knex.Transaction,
  rule: BurstRule,
  fresh: Fresh[],
  nowDb: string,
): Promise<Set<number>> {
  const held = new Set<number>();
  if (rule.count <= 0) return held; // RATING_BURST_COUNT=0: no burst rule
  for (const g of groupsOf(fresh)) for (const id of await holdGroup(trx, rule, g, nowDb, false)) held.add(id);
  return held;
}

/**
 * After commit, on MariaDB: ratings racing each other each counted their neighbours in a snapshot without the
 * others, so the last of a burst to commit may have seen too few. Looked at again once committed, with every commit
 * in view, it is held then (with the counters it took). SQLite writes one transaction at a time: nothing to redo.
 * Best effort: the next rating of the source looks again in any case.
 */
export async function recheckBursts(db: Db, rule: BurstRule, counted: Fresh[], nowDb: string): Promise<void> {
  if (!isMysql(db) || rule.count <= 0) return;
  for (const g of groupsOf(counted)) {
    try {
      const held = await withTransaction(db, (trx) => holdGroup(trx, rule, g, nowDb, true));
      if (held.length) bus.publish({ type: 'rating.held', count: held.length, department_id: g.rows[0].department_id });
    } catch {
      // Left for the next rating of this source: the rating itself is stored and answered.
    }
  }
}

/**
 * One source and score. `counted`: the rows are committed and counted (the re-check), so they are held like the
 * earlier ones, each once; otherwise they are this transaction's own and only marked. Answers the ids held.
 */
async function holdGroup(
  trx: Knex.Transaction,
  rule: BurstRule,
  { src, score, rows }: Group,
  nowDb: string,
  counted: boolean,
): Promise<number[]> {
  const times = rows.map((r) => r.rated_at).sort();
  const span = (fromDbTime(times.at(-1)!)!.getTime() - fromDbTime(times[0])!.getTime()) / 1000;
  // A batch that is a burst by itself needs no look-up; otherwise each rating counts its neighbours (at most `count`).
  let triggers: Fresh[] = rows;
  if (rows.length < rule.count || span > rule.withinSeconds) {
    triggers = [];
    for (const r of rows) {
      if ((await neighbours(trx, rule, src, score, r.rated_at)) >= rule.count) triggers.push(r);
    }
  }
  if (triggers.length === 0) return [];
  const at = triggers.map((r) => r.rated_at).sort();
  const lo = shift(at[0], -rule.withinSeconds);
  const hi = shift(at.at(-1)!, rule.withinSeconds);
  const freshIds = counted ? [] : rows.filter((r) => r.rated_at >= lo && r.rated_at <= hi).map((r) => r.id);
  await ratingsRepository.hold(trx, freshIds, nowDb);
  // Counted ratings of the burst, never flagged before (a confirmed one stays confirmed), leave the counters now.
  const earlier: Array<
    Pick<RatingRow, 'id' | 'department_id' | 'assignment_id' | 'score' | 'rated_at'> & {
      replied_at: string | null;
      due_at: string | null;
    }
  > = await ofSource(trx, src, score)
    .whereBetween('ratings.rated_at', [lo, hi])
    .whereNull('ratings.flag_state')
    .where('ratings.voided', false)
    .whereNotIn('ratings.id', freshIds)
    .leftJoin('assignments as a', 'a.id', 'ratings.remedy_assignment_id')
    .select(
      'ratings.id',
      'ratings.department_id',
      'ratings.assignment_id',
      'ratings.score',
      'ratings.rated_at',
      'a.replied_at',
      'a.due_at',
    );
  // One at a time and only if still never flagged: a racing rating of the same burst (MariaDB reads a snapshot)
  // may have held it first, and its counters must leave once. Rows in id order, then counters, as every rating
  // takes them, so two racing bursts wait for each other instead of deadlocking.
  const taken = [];
  for (const r of earlier.sort((a, b) => Number(a.id) - Number(b.id))) {
    if (await ratingsRepository.holdCounted(trx, r.id, nowDb)) taken.push(r);
  }
  for (const r of taken) {
    const fixed = Boolean(r.replied_at) && (await isPutRight(trx, r.id));
    await figuresRecorder.voided(trx, { ...r, fixed });
  }
  return [...freshIds, ...taken.map((r) => Number(r.id))];
}
