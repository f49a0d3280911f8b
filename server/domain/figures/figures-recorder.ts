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
  /** The auto-close's default score (no rating in N days): not the resident's, so no follow-up (回访率). */
  defaulted?: boolean | number | null;
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
async function bumpAssignment(db: Executor, a: AssignmentLike, deltas: Partial<Counts>, judgedToo = false) {
  // 不合理诉求: a judged assignment moves no counter any more (judgedUnreasonable took it out of every one).
  if (!judgedToo && (await isJudged(db, a))) return;
  const d = day(a.dispatched_at);
  await rollups.bump(db, a.department_id, a.category_id ?? null, d, deltas);
  const above = await rollups.unitAbove(db, a);
  if (above !== null) await rollups.bumpLevel(db, a.department_id, above, d, deltas);
}
/**
 * Whether the assignment was judged unreasonable (不合理诉求): from the row the caller holds when it read the column,
 * else the stored row (an assignment given without an id is being dispatched, never judged).
 */
async function isJudged(db: Executor, a: { id?: number; unreasonable_at?: string | null }): Promise<boolean> {
  if ('unreasonable_at' in a) return Boolean(a.unreasonable_at);
  if (a.id === undefined) return false;
  return Boolean((await db('assignments').where({ id: a.id }).first('unreasonable_at'))?.unreasonable_at);
}
/** A rating of a judged assignment counts nowhere, nor does its rectification (a window's rating rates none). */
const ratesJudged = (db: Executor, r: { assignment_id?: number | null }) =>
  r.assignment_id ? isJudged(db, { id: r.assignment_id }) : Promise.resolve(false);

/** 1 when the assignment counted in the response rate (an assignment leaving "received" takes it along). */
const contactedTimely = (a: AssignmentLike) => (a.contacted_at && a.contacted_at <= a.sign_deadline_at ? 1 : 0);

/** The stored assignment, with what its counters need (a callback or a rating names it by id alone). */
const loadAssignment = (db: Executor, id: number) =>
  db('assignments')
    .where({ id })
    .first(
      ...['id', 'department_id', 'category_id', 'parent_id', 'dispatched_at', 'sign_deadline_at', 'due_at', 'role'],
      ...['is_redo', 'replied_at', 'end_reason', 'followed_up_at'],
    ) as Promise<
    | (AssignmentLike & {
        id: number;
        role: string;
        replied_at: string | null;
        end_reason: string | null;
        followed_up_at: string | null;
      })
    | undefined
  >;

/**
 * The first completed callback or resident's rating of an assignment (回访率): kept in followed_up_at, once. It
 * counts as `followed` when the assignment is replied (a level passed down: once its reply was approved), else at
 * its reply (figuresRecorder.replied).
 */
async function followedUp(db: Executor, assignmentId: number, at: string) {
  const a = await loadAssignment(db, assignmentId);
  if (!a || a.followed_up_at) return;
  // Of two follow-ups racing (the resident's link and the callback), the one whose update lands counts.
  const n = await db('assignments')
    .where({ id: assignmentId })
    .whereNull('followed_up_at')
    .update({ followed_up_at: at });
  const replied = a.replied_at && (a.role !== 'down' || a.end_reason === 'replied');
  if (n && replied) await bumpAssignment(db, a, { followed: 1 });
}

/** 解决率: a callback's answer to "is it solved?" in halves. */
export const SOLVED_HALVES = { yes: 2, partly: 1, no: 0 } as const;

/** A rating's own counters and its co-units' share (rated, voided, judgedUnreasonable). */
async function countRating(db: Executor, r: RatingLike, sign: 1 | -1) {
  // The resident's own rating of an order follows it up, whatever becomes of the rating later (a void).
  if (sign === 1 && r.assignment_id && !r.defaulted) await followedUp(db, r.assignment_id, r.rated_at);
  if (!r.department_id) return;
  const category = await rollups.categoryOfAssignment(db, r.assignment_id);
  await rollups.bump(db, r.department_id, category, day(r.rated_at), {
    ratings: sign,
    ratings_good: r.score >= 3 ? sign : 0,
    bad: r.score <= 2 ? sign : 0,
  });
  await bumpCoUnits(db, r, category, sign);
}

/** A rating's counter on its own day, under the category of the assignment it rates. */
async function bumpRating(db: Executor, r: RatingLike, deltas: Partial<Counts>) {
  if (r.department_id)
    await rollups.bump(
      db,
      r.department_id,
      await rollups.categoryOfAssignment(db, r.assignment_id),
      day(r.rated_at),
      deltas,
    );
}

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
    // Followed up (a rating, a callback) before its reply counts as followed now that it is replied.
    const followed = (await db('assignments').where({ id: a.id }).first('followed_up_at'))?.followed_up_at ? 1 : 0;
    await bumpAssignment(db, a, {
      replied: 1,
      replied_on_time: onTime ? 1 : 0,
      followed,
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
    // A judged level taken back counts nowhere at all, not even as unreasonable (as the recount has it).
    if (await isJudged(db, a)) return bumpAssignment(db, a, { unreasonable: -1 }, true);
    await bumpAssignment(db, a, {
      dispatched: -1,
      // A recall comes before signing; a level taken back (收回) may have been signed: that leaves with it too.
      signed_timely: a.signed_at && a.signed_at <= a.sign_deadline_at ? -1 : 0,
      redo: a.is_redo ? -1 : 0,
      contacted_timely: -contactedTimely(a),
    });
  },

  /**
   * A callback answered (ticket-callback.ts): a completed callback follows the assignment up (回访率), and its answer
   * to "is it solved?" counts in the resolution rate (解决率), on the assignment's dispatch day.
   */
  async callbackAnswered(db: Executor, assignmentId: number, solved: keyof typeof SOLVED_HALVES | null, at: string) {
    if (solved) {
      const a = await loadAssignment(db, assignmentId);
      if (a) await bumpAssignment(db, a, { solved_asked: 1, solved_halves: SOLVED_HALVES[solved] });
    }
    await followedUp(db, assignmentId, at);
  },

  async rated(db: Executor, r: RatingLike, sign: 1 | -1 = 1) {
    if (await ratesJudged(db, r)) return;
    await countRating(db, r, sign);
  },

  /**
   * 不合理诉求 approved (unreasonable.service.ts): the assignment leaves EVERY counter it moved, as the recount
   * (recount.repository.ts) counts it nowhere but `unreasonable` (+1): its dispatch, return, sign-for, contact, redo,
   * reply, follow-up and callback's answer on its dispatch day; each valid rating of it on its own day (with its
   * bad review put right, and its co-units' share); each supervision order of it. Called before unreasonable_at is
   * stored, with the row as it stands; from then on every counter move of it is refused (isJudged).
   */
  async judgedUnreasonable(
    db: Executor,
    a: AssignmentLike & {
      id: number;
      role?: string | null;
      replied_at: string | null;
      end_reason: string | null;
      followed_up_at?: string | null;
    },
    ratings: Array<RatingLike & { fixed: boolean }>,
  ) {
    // Recalled, or a level taken back: it counts nowhere already.
    if (a.end_reason === 'recalled' || a.end_reason === 'taken_back') return;
    const kept = a.end_reason === 'returned' ? 0 : 1;
    const replied = a.replied_at && (a.role !== 'down' || a.end_reason === 'replied') ? 1 : 0;
    const callback = await db('ticket_callbacks').where({ assignment_id: a.id, outcome: 'answered' }).first('solved');
    const solved = callback?.solved as keyof typeof SOLVED_HALVES | null | undefined;
    await bumpAssignment(
      db,
      a,
      {
        dispatched: -1,
        returned: kept - 1,
        signed_timely: kept && a.signed_at && a.signed_at <= a.sign_deadline_at ? -1 : 0,
        contacted_timely: -(kept && contactedTimely(a)),
        redo: kept && a.is_redo ? -1 : 0,
        replied: -replied,
        replied_on_time: replied && a.replied_at! <= a.due_at ? -1 : 0,
        followed: replied && a.followed_up_at ? -1 : 0,
        solved_asked: solved ? -1 : 0,
        solved_halves: solved ? -SOLVED_HALVES[solved] : 0,
        unreasonable: 1,
      },
      true,
    );
    for (const r of ratings) {
      await countRating(db, r, -1);
      if (r.fixed && r.score <= 2) await bumpRating(db, r, { bad_fixed: -1 });
    }
    for (const s of await db('supervisions').where({ assignment_id: a.id }).whereNotNull('department_id'))
      await rollups.bump(db, s.department_id, a.category_id ?? null, day(s.created_at), { supervised: -1 });
  },

  /** Many ratings written together (device ratings stored in one batch): one bump per department-day. */
  async ratedMany(db: Executor, all: RatingLike[]) {
    const rs = [];
    for (const r of all) if (!(await ratesJudged(db, r))) rs.push(r);
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
      if (r.assignment_id && !r.defaulted) await followedUp(db, r.assignment_id, r.rated_at);
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
    if (await ratesJudged(db, r)) return;
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
    if (s.department_id && !(await ratesJudged(db, s)))
      await rollups.bump(
        db,
        s.department_id,
        await rollups.categoryOfAssignment(db, s.assignment_id),
        day(s.created_at),
        { supervised: 1 },
      );
  },

  async remedied(db: Executor, r: RatingLike) {
    if (r.department_id && !(await ratesJudged(db, r)))
      await rollups.bump(
        db,
        r.department_id,
        await rollups.categoryOfAssignment(db, r.assignment_id),
        day(r.rated_at),
        { bad_fixed: 1 },
      );
  },
};
