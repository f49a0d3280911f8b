// The recount: the same counters computed straight from assignments and ratings by the definitions of
// docs/rules/figures.md. It proves the rollups right, and rebuilds them if they ever drift.
import type { Knex } from 'knex';
import type { Executor } from '../../lib/db.ts';
import { isMysql } from '../../lib/db.ts';
import type { Counts } from './rollups.repository.ts';
import { PUT_RIGHT_SQL } from './put-right.ts';

/** The local (UTC+8) date of a stored UTC time column, in each dialect. */
function localDay(db: Executor, column: string) {
  return isMysql(db)
    ? db.raw(`DATE_FORMAT(DATE_ADD(??, INTERVAL 8 HOUR), '%Y-%m-%d')`, [column])
    : db.raw(`date(??, '+8 hours')`, [column]);
}

const notReturned = "(a.end_reason IS NULL OR a.end_reason <> 'returned')";
/**
 * Assignments that count at all: every one but those recalled (撤回) before they were signed, and levels their
 * parent took back (收回, counted like a recall: figures-recorder.recalled).
 */
export const notRecalled = (w: Knex.QueryBuilder) =>
  w.whereNull('a.end_reason').orWhereNotIn('a.end_reason', ['recalled', 'taken_back']);
/**
 * Replied: the hotline's assignment and a co-unit's once they reply; a level passed down once the unit above
 * approved its reply (a reply awaiting review, or sent back, is not yet the unit's reply).
 */
export const REPLIED = "a.replied_at IS NOT NULL AND (a.role <> 'down' OR COALESCE(a.end_reason, '') = 'replied')";

/** An assignment's counters by the definitions of docs/rules/figures.md, summed over the rows of `a`. */
function assignmentSums(db: Executor) {
  return [
    db.raw('COUNT(*) as dispatched'),
    db.raw("SUM(CASE WHEN a.end_reason = 'returned' THEN 1 ELSE 0 END) as returned"),
    db.raw(
      `SUM(CASE WHEN ${notReturned} AND a.signed_at IS NOT NULL AND a.signed_at <= a.sign_deadline_at ` +
        `THEN 1 ELSE 0 END) as signed_timely`,
    ),
    db.raw(`SUM(CASE WHEN ${REPLIED} THEN 1 ELSE 0 END) as replied`),
    db.raw(`SUM(CASE WHEN ${REPLIED} AND a.replied_at <= a.due_at THEN 1 ELSE 0 END) as replied_on_time`),
    db.raw(`SUM(CASE WHEN ${notReturned} AND a.is_redo = 1 THEN 1 ELSE 0 END) as redo`),
    db.raw(
      `SUM(CASE WHEN ${notReturned} AND a.contacted_at IS NOT NULL ` +
        `AND a.contacted_at <= a.sign_deadline_at THEN 1 ELSE 0 END) as contacted_timely`,
    ),
    // 回访率: replied, and followed up (its first completed callback or resident's rating, whichever came).
    db.raw(`SUM(CASE WHEN ${REPLIED} AND a.followed_up_at IS NOT NULL THEN 1 ELSE 0 END) as followed`),
    // 解决率: its callback's answer to "is it solved?" (cb: the answered callback, at most one per assignment).
    db.raw('SUM(CASE WHEN cb.solved IS NOT NULL THEN 1 ELSE 0 END) as solved_asked'),
    db.raw("SUM(CASE cb.solved WHEN 'yes' THEN 2 WHEN 'partly' THEN 1 ELSE 0 END) as solved_halves"),
  ];
}

/** An assignment's answered callback (one per assignment: ticket_callbacks.assignment_id is unique). */
const withCallback = (q: Knex.QueryBuilder) =>
  q.leftJoin('ticket_callbacks as cb', (j) => j.on('cb.assignment_id', 'a.id').andOnVal('cb.outcome', 'answered'));

/**
 * The ratings that count (joined with the assignment they rate as `rated`): not voided, not held in a burst until a
 * supervisor confirms them, of a department, and not rating an order judged unreasonable (不合理诉求).
 */
const countedRatings = (q: Knex.QueryBuilder) =>
  q
    .leftJoin('assignments as rated', 'rated.id', 'r.assignment_id')
    .where('r.voided', false)
    .where('r.flagged', false)
    .whereNotNull('r.department_id')
    .whereNull('rated.unreasonable_at');

export const recountRepository = {
  async assignmentCounts(db: Executor) {
    // A recalled assignment (撤回) was never the department's: it counts nowhere (figures-recorder.recalled).
    return withCallback(db('assignments as a'))
      .where(notRecalled)
      .whereNull('a.unreasonable_at')
      .groupBy('a.department_id', db.raw('COALESCE(a.category_id, 0)'), 'day')
      .select(
        'a.department_id',
        db.raw('COALESCE(a.category_id, 0) as category_id'),
        db.raw('?? as day', [localDay(db, 'a.dispatched_at')]),
        ...assignmentSums(db),
      ) as Promise<RecountRow[]>;
  },

  /**
   * Levels (a 'down' or 'co' assignment) by their unit, the unit of the assignment above and the dispatch day: the
   * rows of level_day_stats (docs/rules/figures.md "Levels"), counted like every assignment (a taken-back level
   * is a recall: nowhere).
   */
  async levelCounts(db: Executor) {
    return withCallback(db('assignments as a'))
      .join('assignments as p', 'p.id', 'a.parent_id')
      .where(notRecalled)
      .whereNull('a.unreasonable_at')
      .groupBy('a.department_id', 'p.department_id', 'day')
      .select(
        'a.department_id',
        'p.department_id as parent_department_id',
        db.raw('?? as day', [localDay(db, 'a.dispatched_at')]),
        ...assignmentSums(db),
      ) as Promise<Array<RecountRow & { parent_department_id: number }>>;
  },

  /**
   * 不合理诉求: assignments judged unreasonable count nowhere else (the sums above leave them out), once each here,
   * on their dispatch day (figures-recorder.judgedUnreasonable); a judged level taken back counts nowhere at all.
   */
  async judgedCounts(db: Executor) {
    return db('assignments as a')
      .where(notRecalled)
      .whereNotNull('a.unreasonable_at')
      .groupBy('a.department_id', db.raw('COALESCE(a.category_id, 0)'), 'day')
      .select(
        'a.department_id',
        db.raw('COALESCE(a.category_id, 0) as category_id'),
        db.raw('?? as day', [localDay(db, 'a.dispatched_at')]),
        db.raw('COUNT(*) as unreasonable'),
      ) as Promise<RecountRow[]>;
  },

  /** The judged levels as level rows (their unit, the unit above, the dispatch day). */
  async judgedLevelCounts(db: Executor) {
    return db('assignments as a')
      .join('assignments as p', 'p.id', 'a.parent_id')
      .where(notRecalled)
      .whereNotNull('a.unreasonable_at')
      .groupBy('a.department_id', 'p.department_id', 'day')
      .select(
        'a.department_id',
        'p.department_id as parent_department_id',
        db.raw('?? as day', [localDay(db, 'a.dispatched_at')]),
        db.raw('COUNT(*) as unreasonable'),
      ) as Promise<Array<RecountRow & { parent_department_id: number }>>;
  },

  /** A rating counts under the category of the assignment it rates (0 when it rates none, e.g. a window). */
  async ratingCounts(db: Executor) {
    return countedRatings(db('ratings as r').leftJoin('assignments as a', 'a.id', 'r.remedy_assignment_id'))
      .groupBy('r.department_id', db.raw('COALESCE(rated.category_id, 0)'), 'day')
      .select(
        'r.department_id',
        db.raw('COALESCE(rated.category_id, 0) as category_id'),
        db.raw('?? as day', [localDay(db, 'r.rated_at')]),
        db.raw('COUNT(*) as ratings'),
        db.raw('SUM(CASE WHEN r.score >= 3 THEN 1 ELSE 0 END) as ratings_good'),
        db.raw('SUM(CASE WHEN r.score <= 2 THEN 1 ELSE 0 END) as bad'),
        // Put right on time: its remedy replied by its due date (and for a named one, its callback not bad).
        db.raw(`SUM(CASE WHEN r.score <= 2 AND ${PUT_RIGHT_SQL} THEN 1 ELSE 0 END) as bad_fixed`),
      ) as Promise<RecountRow[]>;
  },

  /**
   * CO_UNITS_RATED: a rating in each co-unit's satisfaction that rating_co_units names (fixed when it was stored:
   * co-units-rated.ts), under the rated assignment's category, never as a bad review; voided and held ones nowhere.
   */
  async coUnitRatingCounts(db: Executor) {
    return countedRatings(db('rating_co_units as c').join('ratings as r', 'r.id', 'c.rating_id'))
      .groupBy('c.department_id', db.raw('COALESCE(rated.category_id, 0)'), 'day')
      .select(
        'c.department_id',
        db.raw('COALESCE(rated.category_id, 0) as category_id'),
        db.raw('?? as day', [localDay(db, 'r.rated_at')]),
        db.raw('COUNT(*) as ratings'),
        db.raw('SUM(CASE WHEN r.score >= 3 THEN 1 ELSE 0 END) as ratings_good'),
      ) as Promise<RecountRow[]>;
  },

  /** The same ratings as level rows: each co-unit's under the lead (the rated department) and the rating's day. */
  async coUnitRatingLevels(db: Executor) {
    return countedRatings(db('rating_co_units as c').join('ratings as r', 'r.id', 'c.rating_id'))
      .groupBy('c.department_id', 'r.department_id', 'day')
      .select(
        'c.department_id',
        'r.department_id as parent_department_id',
        db.raw('?? as day', [localDay(db, 'r.rated_at')]),
        db.raw('COUNT(*) as ratings'),
        db.raw('SUM(CASE WHEN r.score >= 3 THEN 1 ELSE 0 END) as ratings_good'),
      ) as Promise<Array<RecountRow & { parent_department_id: number }>>;
  },
};

export const supervisionRecount = {
  /** Supervision orders by department, the category of the assignment supervised (0: none) and local day. */
  async supervisionCounts(db: Executor) {
    return (
      db('supervisions as s')
        .leftJoin('assignments as a', 'a.id', 's.assignment_id')
        .whereNotNull('s.department_id')
        // A supervision order of an assignment judged unreasonable leaves with it.
        .whereNull('a.unreasonable_at')
        .groupBy('s.department_id', db.raw('COALESCE(a.category_id, 0)'), 'day')
        .select(
          's.department_id',
          db.raw('COALESCE(a.category_id, 0) as category_id'),
          db.raw('?? as day', [localDay(db, 's.created_at')]),
          db.raw('COUNT(*) as supervised'),
        ) as Promise<RecountRow[]>
    );
  },
};

type RecountRow = Partial<Counts> & { department_id: number; category_id: number; day: string };
