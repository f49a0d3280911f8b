// Keeps the department-day counters in step with assignments and ratings. Every call runs inside the
// transaction of the change it records, so a counter never disagrees with what committed.
import type { Executor } from '../../lib/db.ts';
import { fromDbTime } from '../../lib/db.ts';
import { localDate } from '../../lib/calendar.ts';
import { rollupsRepository as rollups, type Counts } from './rollups.repository.ts';
import { coUnitsRated } from './co-units-rated.ts';

interface AssignmentLike {
  id?: number;
  department_id: number;
  dispatched_at: string;
  sign_deadline_at: string;
  due_at: string;
  signed_at?: string | null;
  /** 先联系后办理: the first contact with the resident (ticket-contact.service.ts). */
  contacted_at?: string | null;
  is_redo: boolean | number;
  /** The ticket's category when this assignment was dispatched (null: none). */
  category_id?: number | null;
  /** The assignment above a level ('down' or 'co'); null or absent (with no id) for the hotline's own dispatch. */
  parent_id?: number | null;
}

interface RatingLike {
  /** The stored rating, whose co-units (CO_UNITS_RATED, co-units-rated.ts) count it too. */
  id?: number;
  department_id: number | null;
  /** The assignment rated, whose category the rating counts under (none for a window's rating). */
  assignment_id?: number | null;
  score: number;
  rated_at: string;
}

const day = (dbTime: string) => localDate(fromDbTime(dbTime)!);

/**
 * A rating in its co-units' satisfaction (CO_UNITS_RATED): the count and the satisfied, never the bad review, whose
 * rectification is the lead's (docs/rules/figures.md "Co-units' satisfaction"). Kept also under the lead (the level
 * row), so the whole city and a tree holding both count the resident's rating once.
 */
async function bumpCoUnits(db: Executor, r: RatingLike, category: number | null, sign: 1 | -1) {
  const deltas = { ratings: sign, ratings_good: r.score >= 3 ? sign : 0 };
  for (const unit of await coUnitsRated.of(db, r.id)) {
    await rollups.bump(db, unit, category, day(r.rated_at), deltas);
    await rollups.bumpLevel(db, unit, r.department_id!, day(r.rated_at), deltas);
  }
}

/**
 * Moves an assignment's counters: its unit's own, and for a level also its row under the unit above it
 * (level_day_stats), which a tree's figures leave out when both units lie in the tree (docs/rules/figures.md
 * "Levels"). A stored row names its parent_id; one given by id alone is looked up.
 */
async function bumpAssignment(db: Executor, a: AssignmentLike, deltas: Partial<Counts>) {
  const d = day(a.dispatched_at);
  await rollups.bump(db, a.department_id, a.category_id ?? null, d, deltas);
  const above = await rollups.unitAbove(db, a);
  if (above !== null) await rollups.bumpLevel(db, a.department_id, above, d, deltas);
}
/** 1 when the assignment counted in the response rate (an assignment leaving "received" takes it along). */
const contactedTimely = (a: AssignmentLike) => (a.contacted_at && a.contacted_at <= a.sign_deadline_at ? 1 : 0);

export const figuresRecorder = {
  async dispatched(db: Executor, a: AssignmentLike) {
    await bumpAssignment(db, a, {
      dispatched: 1,
      redo: a.is_redo ? 1 : 0,
    });
  },

  async signed(db: Executor, a: AssignmentLike, signedAt: string) {
    if (signedAt <= a.sign_deadline_at) await bumpAssignment(db, a, { signed_timely: 1 });
  },

  /** 先联系后办理 before the sign-for deadline counts in the response rate (on the dispatch day, like signing). */
  async contacted(db: Executor, a: AssignmentLike, contactedAt: string) {
    if (contactedAt <= a.sign_deadline_at) await bumpAssignment(db, a, { contacted_timely: 1 });
  },

  /** A reply counts on the dispatch day; on time against the due date in force (extensions and suspensions applied). */
  async replied(db: Executor, a: AssignmentLike & { id: number }, repliedAt: string) {
    const onTime = repliedAt <= a.due_at;
    await bumpAssignment(db, a, {
      replied: 1,
      replied_on_time: onTime ? 1 : 0,
    });
    // A bad review is put right on time when the reply of its remedy comes before that remedy's due date.
    if (onTime) for (const r of await rollups.ratingsRemediedBy(db, a.id)) await this.remedied(db, r);
  },

  /** An approved return takes the assignment out of "received", with what it had counted. */
  async returned(db: Executor, a: AssignmentLike) {
    const signedTimely = a.signed_at && a.signed_at <= a.sign_deadline_at ? 1 : 0;
    await bumpAssignment(db, a, {
      returned: 1,
      signed_timely: -signedTimely,
      redo: a.is_redo ? -1 : 0,
      contacted_timely: -contactedTimely(a),
    });
  },

  /**
   * A recall (撤回) undoes a dispatch made by mistake before it was signed: the assignment leaves every figure
   * of the department, neither received nor returned (the mistake was the hotline's, not the department's).
   */
  async recalled(db: Executor, a: AssignmentLike) {
    await bumpAssignment(db, a, {
      dispatched: -1,
      // A recall comes before signing; a level taken back (收回) may have been signed: that leaves with it too.
      signed_timely: a.signed_at && a.signed_at <= a.sign_deadline_at ? -1 : 0,
      redo: a.is_redo ? -1 : 0,
      contacted_timely: -contactedTimely(a),
    });
  },

  async rated(db: Executor, r: RatingLike, sign: 1 | -1 = 1) {
    if (!r.department_id) return;
    const category = await rollups.categoryOfAssignment(db, r.assignment_id);
    await rollups.bump(db, r.department_id, category, day(r.rated_at), {
      ratings: sign,
      ratings_good: r.score >= 3 ? sign : 0,
      bad: r.score <= 2 ? sign : 0,
    });
    await bumpCoUnits(db, r, category, sign);
  },

  /** Many ratings written together (device ratings stored in one batch): one bump per department-day. */
  async ratedMany(db: Executor, rs: RatingLike[]) {
    const groups = new Map<
      string,
      {
        department_id: number;
        category_id: number | null;
        day: string;
        ratings: number;
        ratings_good: number;
        bad: number;
      }
    >();
    for (const r of rs) {
      if (!r.department_id) continue;
      const category = await rollups.categoryOfAssignment(db, r.assignment_id);
      const key = `${r.department_id}:${category}:${day(r.rated_at)}`;
      const g = groups.get(key) ?? {
        department_id: r.department_id,
        category_id: category,
        day: day(r.rated_at),
        ratings: 0,
        ratings_good: 0,
        bad: 0,
      };
      g.ratings++;
      if (r.score >= 3) g.ratings_good++;
      if (r.score <= 2) g.bad++;
      groups.set(key, g);
    }
    for (const { department_id, category_id, day: d, ...deltas } of groups.values())
      await rollups.bump(db, department_id, category_id, d, deltas);
    for (const r of rs)
      if (r.department_id) await bumpCoUnits(db, r, await rollups.categoryOfAssignment(db, r.assignment_id), 1);
  },

  /** A voided rating (upheld appeal) leaves every figure, with its rectification if it had one. */
  async voided(db: Executor, r: RatingLike & { fixed: boolean }) {
    await this.rated(db, r, -1);
    if (r.fixed && r.department_id)
      await rollups.bump(
        db,
        r.department_id,
        await rollups.categoryOfAssignment(db, r.assignment_id),
        day(r.rated_at),
        { bad_fixed: -1 },
      );
  },

  /** A supervision order counts on the day it was issued, under the category of the assignment it supervises. */
  async supervised(
    db: Executor,
    s: { department_id: number | null; assignment_id: number | null; created_at: string },
  ) {
    if (s.department_id)
      await rollups.bump(
        db,
        s.department_id,
        await rollups.categoryOfAssignment(db, s.assignment_id),
        day(s.created_at),
        { supervised: 1 },
      );
  },

  async remedied(db: Executor, r: RatingLike) {
    if (r.department_id)
      await rollups.bump(
        db,
        r.department_id,
        await rollups.categoryOfAssignment(db, r.assignment_id),
        day(r.rated_at),
        { bad_fixed: 1 },
      );
  },
};
