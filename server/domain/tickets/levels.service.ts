// 转派/二级派单 (docs/rules/work-orders.md "Passing down"): the unit holding an order passes it to a unit below it,
// with deadlines inside its own; the child signs, handles and replies to its parent; the parent approves the reply
// (审核), sends it back with a reason, or takes the order back. Each level is an assignment of its own unit, counted
// in that unit's figures like any assignment. Every step is one ticket version through the ticket writer, with its
// event naming the units, so two steps racing on one ticket give one winner and one 409.
import { WORKDAY_MS } from '../../lib/calendar.ts';
import { fromDbTime, toDbTime, type Executor } from '../../lib/db.ts';
import { detail, errors } from '../../lib/errors.ts';
import { homeUnit } from '../access/access.ts';
import { entryAt } from '../categories/catalogue-entry.ts';
import { unitTree } from '../departments/unit-tree.ts';
import { figuresRecorder } from '../figures/figures-recorder.ts';
import type { Actor } from '../users/actor.ts';
import { computeDeadlines } from './deadlines.ts';
import { levelLists } from './level-lists.ts';
import { levelsRepository as levels, type LevelRow } from './levels.repository.ts';
import type { LevelsQuery, PassDown } from './levels.schemas.ts';
import type { Change, MutationContext, UnitOf } from './ticket-writer.ts';
import { ticketsRepository as repo } from './tickets.repository.ts';
import type { TicketDeps } from './ticket-deps.ts';
import type { TicketRow } from './ticket.types.ts';
import { liaisonTexts } from '../sms/liaison-texts.ts';
import { levelClock } from './level-card.ts';

/** Kinds of unit a functional department's duty may not be pushed down to (国办函〔2025〕66号). */
const GRASSROOTS = new Set(['street', 'community']);

/** The assignment holding the order for the unit: the main dispatch, or its open level passed down. */
async function holderOf(db: Executor, t: TicketRow, unit: number | null): Promise<LevelRow | null> {
  if (unit === null) return null;
  if (t.department_id === unit && t.assignment_id) return levels.find(db, t.assignment_id);
  const own = await levels.openLevelOf(db, t.id, unit);
  return own?.role === 'down' ? own : null;
}

/** A level of this ticket (never its main dispatch), or 404. */
async function levelOf(
  db: Executor,
  ticketId: number,
  levelId: number,
): Promise<{ level: LevelRow; parent: LevelRow }> {
  const level = await levels.find(db, levelId);
  if (!level || level.ticket_id !== ticketId || level.role === 'main' || !level.parent_id)
    throw errors.notFound('level');
  return { level, parent: (await levels.find(db, level.parent_id))! };
}

/** What every level event says of the chain: which level, whose unit, under which unit. */
type Unit = Pick<LevelRow, 'id' | 'department_id' | 'department_name'>;
const names = (level: Unit, parent: Unit) => ({
  level_id: level.id,
  department_id: level.department_id,
  department_name: level.department_name,
  parent_department_id: parent.department_id,
  parent_department_name: parent.department_name,
});

/** Ends a level and every open level below it (a take-back takes the whole branch), counted like a recall. */
async function takeBackBranch(trx: Executor, level: LevelRow, nowDb: string): Promise<number[]> {
  const units = [level.department_id];
  const child = await levels.openChild(trx, level.id);
  if (child) units.push(...(await takeBackBranch(trx, child, nowDb)));
  await repo.updateAssignment(trx, level.id, { ended_at: nowDb, end_reason: 'taken_back' });
  await figuresRecorder.recalled(trx, level);
  return units;
}

/** The 409 a reply meets while a level passed down from this assignment is still open (not yet approved). */
export async function downOpenRefusal(db: Executor, assignmentId: number) {
  const open = await levels.openChild(db, assignmentId);
  return open ? errors.invalidTransition('levels.downOpen', { unit: open.department_name }) : null;
}

/** Whether the unit has an active unit below it to pass an order down to. */
export async function hasActiveUnitBelow(db: Executor, unit: number): Promise<boolean> {
  const tree = await unitTree(db);
  return (tree.nodes.get(unit)?.children ?? []).some((c) => tree.nodes.get(c)?.active);
}

export class LevelsService {
  constructor(private readonly deps: TicketDeps) {}

  /** 转派: the holder passes the order to an active unit strictly below it, due inside its own deadline. */
  passDown(actor: Actor, id: number, input: PassDown) {
    const unitOf: UnitOf = async (trx, t) => {
      const holder = await holderOf(trx, t, homeUnit(actor));
      return { department_id: holder?.department_id ?? t.department_id };
    };
    return this.deps.writer.mutate(
      actor,
      id,
      input.version,
      'pass_down',
      async (ctx) => {
        const holder = await holderOf(ctx.trx, ctx.ticket, homeUnit(actor));
        if (!holder) throw errors.invalidTransition('levels.notHeld');
        if (!holder.signed_at) throw errors.invalidTransition('levels.notSigned');
        if (holder.role !== 'main' && holder.replied_at) throw errors.invalidTransition('levels.awaitingReview');
        const open = await levels.openChild(ctx.trx, holder.id);
        if (open) throw errors.invalidTransition('levels.childOpen', { unit: open.department_name });
        const target = (await unitTree(ctx.trx)).nodes.get(input.department_id);
        if (!target || !target.active) throw errors.validation([detail('department_id', 'levels.noSuchActive')]);
        // Strictly below: the holder's unit is on the target's path from the top, and is not the target.
        if (target.id === holder.department_id || !target.path.includes(holder.department_id))
          throw errors.validation([detail('department_id', 'levels.notBelow')]);
        const entry = ctx.ticket.category_id ? await entryAt(ctx.trx, ctx.ticket.category_id, ctx.now) : null;
        if (entry?.functional && GRASSROOTS.has(target.kind))
          throw errors.invalidTransition('levels.functionalDuty', { category: entry.name });
        const dl = await this.deadlines(ctx, holder, input.due_days, entry?.severity_tier);
        const level = {
          ticket_id: ctx.ticket.id,
          department_id: target.id,
          category_id: ctx.ticket.category_id,
          is_redo: false,
          dispatched_at: ctx.nowDb,
          ...dl,
          parent_id: holder.id,
          role: 'down' as const,
          designated: false,
          created_at: ctx.nowDb,
        };
        const levelId = await repo.insertAssignment(ctx.trx, level);
        await figuresRecorder.dispatched(ctx.trx, { ...level, id: levelId });
        // On the wall clock the unit below's liaison is texted at once (docs/rules/messages.md).
        if (levelClock(ctx.ticket) === 'urgent') {
          const card = { ticket: ctx.ticket, assignment_id: levelId, department_id: target.id, urgent: true };
          await liaisonTexts.signReminder(ctx.trx, { ...card, deadline: fromDbTime(dl.sign_deadline_at)! }, ctx.now);
        }
        const row = { id: levelId, department_id: target.id, department_name: target.name };
        return {
          patch: {},
          event: {
            action: 'pass_down',
            note: input.note ?? null,
            data: { ...names(row, holder), sign_deadline_at: dl.sign_deadline_at, due_at: dl.due_at },
          },
          units: [target.id, holder.department_id],
        };
      },
      undefined,
      unitOf,
    );
  }

  /**
   * The level's deadlines: due `dueDays` working days from now when the holder says (refused past its own), else
   * `passDownWorkdaysBefore` working days before its own; never after the holder's, never in the past. Sign-for
   * by the rules (the category's severity tier), never after its own due.
   */
  private async deadlines(ctx: MutationContext, holder: LevelRow, dueDays?: number, tier?: string | null) {
    const cal = await this.deps.calendar.current();
    const { rules } = this.deps.config;
    const parentDue = fromDbTime(holder.due_at)!;
    let due: Date;
    if (dueDays !== undefined) {
      due = cal.addWorkdays(ctx.now, dueDays);
      if (due > parentDue) throw errors.validation([detail('due_days', 'levels.dueAfterParent')]);
    } else {
      const earlier = cal.subtractWorkingMs(parentDue, rules.passDownWorkdaysBefore * WORKDAY_MS);
      due = earlier > ctx.now ? earlier : parentDue;
    }
    if (due < ctx.now) due = ctx.now;
    const sign = computeDeadlines(cal, rules, ctx.ticket.type, ctx.ticket.urgency, ctx.now, tier).sign_deadline_at;
    return { sign_deadline_at: toDbTime(sign < due ? sign : due), due_at: toDbTime(due) };
  }

  /**
   * One step on a level: the level's own unit signs and replies; the unit above reviews. The access policy checks
   * the unit the step belongs to (UnitOf), the state machine the ticket's status, and `run` the level's own state.
   */
  private step(
    actor: Actor,
    id: number,
    levelId: number,
    version: number,
    action: 'level_sign' | 'level_reply' | 'level_review',
    run: (ctx: MutationContext, level: LevelRow, parent: LevelRow) => Promise<Omit<Change, 'units'>>,
  ) {
    const unitOf: UnitOf = async (trx, t) => {
      const { level, parent } = await levelOf(trx, t.id, levelId);
      return { department_id: action === 'level_review' ? parent.department_id : level.department_id };
    };
    return this.deps.writer.mutate(
      actor,
      id,
      version,
      action,
      async (ctx) => {
        const { level, parent } = await levelOf(ctx.trx, ctx.ticket.id, levelId);
        if (level.ended_at) throw errors.invalidTransition('levels.ended');
        const change = await run(ctx, level, parent);
        const data = { ...names(level, parent), ...change.event.data };
        return { ...change, event: { ...change.event, data }, units: [level.department_id, parent.department_id] };
      },
      undefined,
      unitOf,
    );
  }

  sign(actor: Actor, id: number, levelId: number, input: { version: number }) {
    return this.step(actor, id, levelId, input.version, 'level_sign', async (ctx, level) => {
      if (level.signed_at) throw errors.invalidTransition('levels.notToSign');
      await repo.updateAssignment(ctx.trx, level.id, { signed_at: ctx.nowDb });
      await figuresRecorder.signed(ctx.trx, level, ctx.nowDb);
      return { patch: {}, event: { action: 'level_sign' } };
    });
  }

  /** A down level's reply awaits its parent's review; a co-unit's reply ends its level at once (co-handling.ts). */
  reply(actor: Actor, id: number, levelId: number, input: { version: number; reply: string }) {
    return this.step(actor, id, levelId, input.version, 'level_reply', async (ctx, level) => {
      if (!level.signed_at || level.replied_at) throw errors.invalidTransition('levels.notToReply');
      const refused = await downOpenRefusal(ctx.trx, level.id);
      if (refused) throw refused;
      if (level.role === 'co') {
        await repo.updateAssignment(ctx.trx, level.id, {
          replied_at: ctx.nowDb,
          reply: input.reply,
          ended_at: ctx.nowDb,
          end_reason: 'replied',
        });
        await figuresRecorder.replied(ctx.trx, level, ctx.nowDb);
      } else {
        await repo.updateAssignment(ctx.trx, level.id, { replied_at: ctx.nowDb, reply: input.reply });
      }
      return { patch: {}, event: { action: 'level_reply', note: input.reply } };
    });
  }

  /** 审核通过: the reply is the level's, counted for its unit as replied (on time against its own due date). */
  approve(actor: Actor, id: number, levelId: number, input: { version: number; note?: string }) {
    return this.step(actor, id, levelId, input.version, 'level_review', async (ctx, level) => {
      if (level.role !== 'down' || !level.replied_at) throw errors.invalidTransition('levels.notAwaitingReview');
      await repo.updateAssignment(ctx.trx, level.id, { ended_at: ctx.nowDb, end_reason: 'replied' });
      await figuresRecorder.replied(ctx.trx, level, level.replied_at);
      return { patch: {}, event: { action: 'level_approve', note: input.note ?? null } };
    });
  }

  /** 退回重办: the reply is not accepted; the level answers again (its event keeps the reply sent back). */
  sendBack(actor: Actor, id: number, levelId: number, input: { version: number; reason: string }) {
    return this.step(actor, id, levelId, input.version, 'level_review', async (ctx, level) => {
      if (level.role !== 'down' || !level.replied_at) throw errors.invalidTransition('levels.notAwaitingReview');
      await repo.updateAssignment(ctx.trx, level.id, { replied_at: null });
      return { patch: {}, event: { action: 'level_send_back', note: input.reason, data: { reply: level.reply } } };
    });
  }

  /** 收回: the unit above takes the order back from the level and every level below it. */
  takeBack(actor: Actor, id: number, levelId: number, input: { version: number; reason: string }) {
    return this.step(actor, id, levelId, input.version, 'level_review', async (ctx, level) => {
      if (level.role !== 'down') throw errors.invalidTransition('levels.ended');
      const units = await takeBackBranch(ctx.trx, level, ctx.nowDb);
      return { patch: {}, event: { action: 'level_take_back', note: input.reason, data: { ended_units: units } } };
    });
  }

  /** A unit's lists of levels (level-lists.ts). */
  list(actor: Actor, q: LevelsQuery) {
    return levelLists(this.deps.db, actor, q);
  }
}
