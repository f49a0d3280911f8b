// The actions of a work order's life (docs/rules/work-orders.md) other than requests and decisions.
import type { Knex } from 'knex';
import { fromDbTime, toDbTime } from '../../lib/db.ts';
import { detail, errors } from '../../lib/errors.ts';
import { render } from '../../i18n/index.ts';
import type { Db, Executor } from '../../lib/db.ts';
import { departmentsRepository, type Department } from '../departments/departments.repository.ts';
import { outboxRepository } from '../outbox/outbox.repository.ts';
import { figuresRecorder } from '../figures/figures-recorder.ts';
import type { Actor } from '../users/actor.ts';
import { computeDeadlines, remainingMs, resumeDeadline, yellowStart } from './deadlines.ts';
import { upstreamDeadlines } from '../upstream/upstream-deadline.ts';
import { entriesAt, entryAt, tierOfDispatch, versionAt } from '../categories/catalogue-entry.ts';
import {
  answerCallback,
  callbackStatus,
  failCallback,
  type CallbackFailedInput,
  type CallbackInput,
  type TicketRatings,
} from './ticket-callback.ts';
import type { Change, MutationContext } from './ticket-writer.ts';
import { recallRefusal } from './recall-rule.ts';
import { downOpenRefusal } from './levels.service.ts';
import { endOpenLevels } from './assignment-end.ts';
import { assignCoUnits, leadReplyCheck } from './co-handling.ts';
import { dispatchDisputeRefusal } from './disputes.ts';
import { tellUnitHead } from './repeat-demands.ts';
import { ticketsRepository as repo } from './tickets.repository.ts';
import type { TicketDeps } from './ticket-deps.ts';
import type { TicketRow } from './ticket.types.ts';
import { AT_HOTLINE, OPEN } from './ticket.types.ts';
import type { NewSupervision } from '../supervisions/supervisions.repository.ts';
import { smsOutbox } from '../sms/sms-outbox.ts';
import { residentTexts } from '../sms/resident-texts.ts';
import { liaisonTexts } from '../sms/liaison-texts.ts';
import { levelClock } from './level-card.ts';
import { localDate } from '../../lib/calendar.ts';
import { PerTransaction } from '../../lib/per-transaction.ts';

/** The reply text to the resident (a rectification order has none: its reviewer is never kept). */
async function textReply(ctx: MutationContext, resolution: string, token: string, assignmentId: number, url: string) {
  const urgent = levelClock(ctx.ticket) === 'urgent';
  const text = residentTexts.replied(ctx.ticket, resolution, token, url, assignmentId, urgent);
  if (text) await smsOutbox.enqueueOnce(ctx.trx, { ...text, dedupe_key: text.dedupe_key! }, ctx.now);
}

export interface ActionDeps extends TicketDeps {
  /** Where a callback's rating is stored and a reply's rating link issued (ratings/rating-store.ts). */
  ratings: TicketRatings;
  /** Checks and counts the knowledge article a direct answer came from (knowledge/knowledge.service.ts). */
  recordArticleUse(trx: Executor, articleId: number): Promise<void>;
  /** Writes a supervision order with its count (supervisions/issue-supervision.ts). */
  issueSupervision(trx: Executor, s: NewSupervision): Promise<void>;
}

/** The departments a creation batch dispatches to, per transaction: read together (readBatchDepartments). */
const batchDepartments = new PerTransaction<number, Promise<Department | null>>();

/** The units of a creation batch's orders in one statement: a day's batch goes to as many units as it has orders. */
async function readBatchDepartments(trx: Knex.Transaction, ids: number[]): Promise<void> {
  const found = new Map((await departmentsRepository.findMany(trx, ids)).map((d) => [d.id, d]));
  for (const id of ids) batchDepartments.once(trx, id, async () => found.get(id) ?? null);
}

/** The department to dispatch to, read once per creation batch (no statement of a batch changes a department). */
function departmentIn(ctx: MutationContext, id: number): Promise<Department | null> {
  if (!ctx.fresh) return departmentsRepository.find(ctx.trx, id);
  return batchDepartments.once(ctx.trx, id, () => departmentsRepository.find(ctx.trx, id));
}

/** The catalogue version in force per creation batch and local date (versionAt goes by the date alone). */
const batchVersions = new PerTransaction<string, ReturnType<typeof versionAt>>();

/** The catalogue version a dispatch records, read once per creation batch and day (a batch writes no version). */
function versionIn(ctx: MutationContext): ReturnType<typeof versionAt> {
  if (!ctx.fresh) return versionAt(ctx.trx, ctx.now);
  return batchVersions.once(ctx.trx, localDate(ctx.now), () => versionAt(ctx.trx, ctx.now));
}

/** The catalogue entries of a creation batch's categories, per local date (entryAt reads the version in force). */
const batchEntries = new PerTransaction<string, ReturnType<typeof entryAt>>();

/**
 * The catalogue entry a dispatch goes by: read once per creation batch, category and day. Operators mostly pick a
 * category, and read per order its two to four statements ran one after another inside the batch's transaction.
 */
function entryIn(ctx: MutationContext, categoryId: number): ReturnType<typeof entryAt> {
  if (!ctx.fresh) return entryAt(ctx.trx, categoryId, ctx.now);
  return batchEntries.once(ctx.trx, `${categoryId} ${localDate(ctx.now)}`, () => entryAt(ctx.trx, categoryId, ctx.now));
}

/** The catalogue entries of a creation batch's categories in a handful of statements (entriesAt). */
async function readBatchEntries(trx: Knex.Transaction, categoryIds: number[], now: Date): Promise<void> {
  if (!categoryIds.length) return;
  const version = await batchVersions.once(trx, localDate(now), () => versionAt(trx, now));
  const entries = await entriesAt(trx, categoryIds, now, version);
  for (const id of categoryIds) batchEntries.once(trx, `${id} ${localDate(now)}`, async () => entries.get(id) ?? null);
}

/**
 * The deadlines of a creation batch's dispatches by type, urgency and tier: the batch's orders share one moment
 * (writer.applyToCreated), so the same rules give the same deadlines, and a calendar walk of a few dozen days each
 * was a tenth of the batch's time.
 */
const batchDeadlines = new PerTransaction<string, ReturnType<typeof computeDeadlines>>();

export class TicketActionsService {
  constructor(private readonly deps: ActionDeps) {}

  /** A new assignment of the ticket to a department, with fresh deadlines from now (also a designation's, 指定). */
  async assign(ctx: MutationContext, departmentId: number, isRedo: boolean): Promise<Partial<TicketRow>> {
    const planned = await this.planAssignment(ctx, departmentId, isRedo);
    return this.assigned(ctx, planned, await repo.insertAssignment(ctx.trx, planned.assignment));
  }

  /** The assignment `assign` writes, with its deadlines, read only: dispatchCreated writes a batch's at once. */
  private async planAssignment(ctx: MutationContext, departmentId: number, isRedo: boolean) {
    const cal = await this.deps.calendar.current();
    // The catalogue in force now sets the leaf's severity tier, and the assignment keeps its version so the
    // dispatch is judged later by the catalogue of its day (docs/rules/catalogue.md).
    const entry = ctx.ticket.category_id ? await entryIn(ctx, ctx.ticket.category_id) : null;
    const catalogueVersion = await versionIn(ctx);
    const { type, urgency } = ctx.ticket;
    const { rules } = this.deps.config;
    const tier = entry?.severity_tier;
    const compute = () => computeDeadlines(cal, rules, type, urgency, ctx.now, tier);
    const ruled = ctx.fresh
      ? batchDeadlines.once(ctx.trx, `${type} ${urgency} ${tier} ${ctx.nowDb}`, compute)
      : compute();
    // An order sent down by an upstream is due by the upstream's deadline when that is sooner (upstream-deadline.ts).
    const wall = urgency === 'urgent' || Boolean(entry?.severity_tier && rules.severityTiers?.[entry.severity_tier]);
    const d = await upstreamDeadlines(ctx.trx, ctx.ticket, ruled, cal, wall, ctx.now);
    const dl = {
      sign_deadline_at: toDbTime(d.sign_deadline_at),
      sign_yellow_at: toDbTime(d.sign_yellow_at),
      due_at: toDbTime(d.due_at),
      due_yellow_at: toDbTime(d.due_yellow_at),
    };
    const assignment = {
      ticket_id: ctx.ticket.id,
      department_id: departmentId,
      category_id: ctx.ticket.category_id,
      catalogue_version_id: catalogueVersion?.id ?? null,
      is_redo: isRedo,
      dispatched_at: ctx.nowDb,
      sign_deadline_at: dl.sign_deadline_at,
      due_at: dl.due_at,
      created_at: ctx.nowDb,
    };
    return { assignment, dl, signDeadline: d.sign_deadline_at };
  }

  /** What follows a written assignment: its counters, the liaison's text when urgent, and the ticket's patch. */
  private async assigned(
    ctx: MutationContext,
    { assignment, dl, signDeadline }: Awaited<ReturnType<TicketActionsService['planAssignment']>>,
    assignmentId: number,
  ): Promise<Partial<TicketRow>> {
    const departmentId = assignment.department_id;
    await figuresRecorder.dispatched(ctx.trx, assignment);
    // An order on the wall clock (urgent, a 15/30-minute tier) is texted to the unit's liaison at once.
    if (levelClock({ ...ctx.ticket, ...dl }) === 'urgent') {
      await liaisonTexts.signReminder(
        ctx.trx,
        {
          ticket: ctx.ticket,
          assignment_id: assignmentId,
          department_id: departmentId,
          urgent: true,
          deadline: signDeadline,
        },
        ctx.now,
      );
    }
    return {
      status: 'dispatched',
      department_id: departmentId,
      assignment_id: assignmentId,
      ...dl,
      signed_at: null,
      replied_at: null,
      suspended_at: null,
    };
  }

  /**
   * The one-screen intake's dispatches of a creation batch (tickets.service.ts), of orders created in this very
   * transaction and sent to one unit each (no co-units): the rules of `dispatch`, with the assignments, the rows and
   * the events each written in one statement for the whole batch instead of four statements an order.
   */
  dispatchCreated(
    trx: Knex.Transaction,
    orders: Array<{ actor: Actor; ticket: TicketRow; department_id: number }>,
  ): Promise<TicketRow[]> {
    return this.deps.writer.applyToCreated(trx, 'dispatch', orders, async ({ now, nowDb }) => {
      await readBatchDepartments(
        trx,
        orders.map((o) => o.department_id),
      );
      await readBatchEntries(
        trx,
        orders.flatMap((o) => o.ticket.category_id ?? []),
        now,
      );
      const planned = [];
      for (const { ticket, department_id } of orders) {
        const ctx: MutationContext = { trx, ticket, now, nowDb, fresh: true };
        const dept = await departmentIn(ctx, department_id);
        if (!dept || !dept.active) throw errors.validation([detail('department_id', 'departments.noSuchActive')]);
        // An order created in this transaction has no request yet, so no disputed return (dispatch's refusal).
        planned.push({ ctx, dept, plan: await this.planAssignment(ctx, dept.id, false) });
      }
      const ids = await repo.insertFirstAssignments(
        trx,
        planned.map((p) => p.plan.assignment),
      );
      const changes: Change[] = [];
      for (const [i, { ctx, dept, plan }] of planned.entries()) {
        const patch = await this.assigned(ctx, plan, ids[i]);
        // 重复诉求: the holding unit's head hears of it by mail and text, once a day per group (repeat-demands.ts).
        await tellUnitHead(trx, ctx.ticket, dept, now, this.deps.config);
        changes.push({ patch, event: { action: 'dispatch', public: true, data: { department_name: dept.name } } });
      }
      return changes;
    });
  }

  /**
   * `db` may be an open transaction (creating and dispatching in one, tickets.service.ts), `created` the row it
   * just inserted (ticket-writer.ts#mutate).
   */
  dispatch(
    actor: Actor,
    id: number,
    input: {
      version: number;
      department_id: number;
      note?: string;
      /** 会办: co-units and their reply deadline in working days (co-handling.ts). */
      co_department_ids?: number[];
      co_due_days?: number;
    },
    db: Db = this.deps.db,
    created?: TicketRow,
  ) {
    return this.deps.writer.mutate(
      actor,
      id,
      input.version,
      'dispatch',
      async (ctx) => {
        const dept = await departmentIn(ctx, input.department_id);
        if (!dept || !dept.active) throw errors.validation([detail('department_id', 'departments.noSuchActive')]);
        // After enough disputed returns the order waits for a supervisor's designation (指定, disputes.ts); an order
        // created in this transaction has no request yet.
        const disputed = dispatchDisputeRefusal(
          ctx.fresh ? [] : await repo.requests(ctx.trx, ctx.ticket.id),
          this.deps.config.coHandling.returnsBeforeDesignation,
        );
        if (disputed) throw disputed;
        const patch = await this.assign(ctx, dept.id, false);
        // 会办: the co-units' levels under the lead's new assignment (co-handling.ts).
        const co = input.co_department_ids?.length
          ? await assignCoUnits(
              ctx,
              { calendar: await this.deps.calendar.current(), config: this.deps.config },
              {
                id: patch.assignment_id!,
                department_id: dept.id,
                sign_deadline_at: patch.sign_deadline_at!,
                due_at: patch.due_at!,
              },
              input.co_department_ids,
              input.co_due_days,
            )
          : [];
        const coData = co.length ? { co_departments: co.map((c) => c.department_name) } : {};
        // 重复诉求: the holding unit's head hears of it by mail and text, once a day per group (repeat-demands.ts).
        await tellUnitHead(ctx.trx, ctx.ticket, dept, ctx.now, this.deps.config);
        return {
          patch,
          event: {
            action: 'dispatch',
            note: input.note,
            public: true,
            data: { department_name: dept.name, ...coData },
          },
        };
      },
      db,
      undefined,
      created,
    );
  }

  sign(actor: Actor, id: number, input: { version: number }) {
    return this.deps.writer.mutate(actor, id, input.version, 'sign', async (ctx) => {
      const assignment = (await repo.findAssignment(ctx.trx, ctx.ticket.assignment_id!))!;
      await repo.updateAssignment(ctx.trx, assignment.id, { signed_at: ctx.nowDb });
      await figuresRecorder.signed(ctx.trx, assignment, ctx.nowDb);
      return { patch: { status: 'accepted', signed_at: ctx.nowDb }, event: { action: 'sign', public: true } };
    });
  }

  reply(actor: Actor, id: number, input: { version: number; resolution: string; co_pending_reason?: string }) {
    return this.deps.writer.mutate(actor, id, input.version, 'reply', async (ctx) => {
      const assignment = (await repo.findAssignment(ctx.trx, ctx.ticket.assignment_id!))!;
      // 转派: not while a unit below still handles it (its reply not yet approved, levels.service.ts).
      const downOpen = await downOpenRefusal(ctx.trx, assignment.id);
      if (downOpen) throw downOpen;
      // 会办: not before every co-unit has replied, unless the lead says why (recorded in the event).
      const coData = await leadReplyCheck(ctx.trx, assignment.id, input.co_pending_reason);
      await repo.updateAssignment(ctx.trx, assignment.id, {
        replied_at: ctx.nowDb,
        ended_at: ctx.nowDb,
        end_reason: 'replied',
      });
      await figuresRecorder.replied(ctx.trx, assignment, ctx.nowDb);
      // A reply settles the assignment: requests still waiting for a decision no longer apply.
      await repo.cancelPending(ctx.trx, ctx.ticket.id, ['return', 'extension', 'suspension'], ctx.nowDb);
      // The resident's single-use rating link exists exactly when the reply does.
      const token = await this.deps.ratings.issueTicketLink(
        ctx.trx,
        { ticket_id: ctx.ticket.id, assignment_id: assignment.id, department_id: assignment.department_id },
        ctx.now,
      );
      // It reaches the resident only by this text (never an event, a log line or a department's answer).
      await textReply(ctx, input.resolution, token, assignment.id, this.deps.config.publicUrl);
      return {
        patch: { status: 'replied', replied_at: ctx.nowDb, resolution: input.resolution },
        event: { action: 'reply', note: input.resolution, public: true, data: coData },
      };
    });
  }

  /** 回访 (ticket-callback.ts): the answers close the ticket; a bad score (1-2) reopens it to the same department. */
  callback(actor: Actor, id: number, input: CallbackInput) {
    return this.deps.writer.mutate(actor, id, input.version, 'callback', async (ctx) => {
      const t = ctx.ticket;
      const answered = await answerCallback(ctx, actor, input, this.deps.ratings);
      if (!answered.reopen) {
        return {
          patch: { status: 'closed', closed_at: ctx.nowDb },
          event: { action: 'callback', note: input.note, public: true, data: answered.data },
        };
      }
      const patch = await this.assign(ctx, t.department_id!, true);
      // 指定: a designated unit's redo stays designated: the dispute was settled for the order, not one assignment.
      const before = t.assignment_id ? await repo.findAssignment(ctx.trx, t.assignment_id) : null;
      if (before?.designated) await repo.updateAssignment(ctx.trx, patch.assignment_id!, { designated: true });
      // The redo is what puts this bad review right (rectification rate).
      await this.deps.ratings.setRemedy(ctx.trx, answered.ratingId!, patch.assignment_id!);
      return {
        // The new assignment's callback starts with no failed attempts.
        patch: { ...patch, reopen_count: t.reopen_count + 1, callback_failures: 0 },
        event: { action: 'reopen', note: input.note ?? input.reason, public: true, data: answered.data },
      };
    });
  }

  /** 回访未成功 (no answer, wrong number, busy): recorded and tried again; the last allowed failure closes as 联系不上. */
  callbackFailed(actor: Actor, id: number, input: CallbackFailedInput) {
    return this.deps.writer.mutate(actor, id, input.version, 'callback_failed', (ctx) =>
      failCallback(ctx, actor, input, this.deps.config.ratings.callbackMaxAttempts),
    );
  }

  /** What the callback form needs: the resident's own rating of this assignment, if any, and the attempts so far. */
  async callbackStatus(id: number) {
    const t = await repo.find(this.deps.db, id);
    if (!t) throw errors.notFound('ticket');
    return callbackStatus(this.deps.db, t, this.deps.config.ratings.callbackMaxAttempts);
  }

  /** 直接答复: an inquiry answered on the phone closes without a department. */
  answer(actor: Actor, id: number, input: { version: number; resolution: string; article_id?: number }) {
    return this.deps.writer.mutate(actor, id, input.version, 'answer', async (ctx) => {
      if (ctx.ticket.type !== 'inquiry') {
        throw errors.invalidTransition('ticket.onlyInquiriesAnswered');
      }
      // The knowledge article the answer came from: checked and counted with the answer, or neither.
      if (input.article_id) await this.deps.recordArticleUse(ctx.trx, input.article_id);
      return {
        patch: { status: 'closed', closed_at: ctx.nowDb, resolution: input.resolution },
        event: {
          action: 'answer',
          note: input.resolution,
          public: true,
          data: { article_id: input.article_id ?? null },
        },
      };
    });
  }

  /** 并单: the ticket joins another open one; an assignment it had ends without counting as received. */
  merge(actor: Actor, id: number, input: { version: number; into_ticket_id: number }) {
    return this.deps.writer.mutate(actor, id, input.version, 'merge', async (ctx) => {
      if (input.into_ticket_id === id) throw errors.validation([detail('into_ticket_id', 'ticket.mergeIntoItself')]);
      const target = await repo.find(ctx.trx, input.into_ticket_id);
      if (!target) throw errors.validation([detail('into_ticket_id', 'ticket.noSuchTarget')]);
      if (!OPEN.includes(target.status)) throw errors.invalidTransition('ticket.mergeTargetClosed');
      if (ctx.ticket.assignment_id && ctx.ticket.status === 'dispatched') {
        await repo.updateAssignment(ctx.trx, ctx.ticket.assignment_id, { ended_at: ctx.nowDb, end_reason: 'merged' });
      }
      // The levels below (passed down, co-handled) leave with the order.
      const units = await endOpenLevels(ctx.trx, id, 'merged', ctx.nowDb);
      await repo.cancelPending(ctx.trx, id, ['return', 'extension', 'suspension'], ctx.nowDb);
      await this.deps.writer.note(
        ctx.trx,
        [
          {
            ticket_id: target.id,
            action: 'merged_in',
            actor_id: actor.id,
            actor_role: actor.role,
            from_status: target.status,
            to_status: target.status,
            data: { ticket_id: id, number: ctx.ticket.number },
            created_at: ctx.nowDb,
          },
        ],
        [target],
      );
      return {
        patch: { status: 'merged', merged_into_id: target.id, closed_at: ctx.nowDb },
        event: { action: 'merge', public: true, data: { into_ticket_id: target.id, into_number: target.number } },
        units,
      };
    });
  }

  /**
   * 撤回: an order dispatched by mistake comes back to the dispatch queue before the department signs for it, to be
   * dispatched again (改派). Its assignment ends and leaves the department's figures altogether. A reopening (重办)
   * and a rectification order go to their department by rule and carry a bad review's remedy: they are not recalled.
   */
  recall(actor: Actor, id: number, input: { version: number; reason?: string }) {
    return this.deps.writer.mutate(actor, id, input.version, 'recall', async (ctx) => {
      const t = ctx.ticket;
      const assignment = (await repo.findAssignment(ctx.trx, t.assignment_id!))!;
      const refused = recallRefusal(t, Boolean(assignment.is_redo));
      if (refused) throw refused;
      await repo.updateAssignment(ctx.trx, assignment.id, { ended_at: ctx.nowDb, end_reason: 'recalled' });
      await figuresRecorder.recalled(ctx.trx, assignment);
      const units = await endOpenLevels(ctx.trx, t.id, 'recalled', ctx.nowDb);
      // Nothing the department asked for on this assignment applies any more.
      await repo.cancelPending(ctx.trx, t.id, ['return', 'extension', 'suspension'], ctx.nowDb);
      const dept = await departmentsRepository.find(ctx.trx, assignment.department_id);
      return {
        patch: { ...AT_HOTLINE },
        event: {
          action: 'recall',
          note: input.reason ?? null,
          data: { department_id: assignment.department_id, department_name: dept?.name ?? null },
        },
        units,
      };
    });
  }

  /** 督办: counted against the department and mailed to it. */
  supervise(actor: Actor, id: number, input: { version: number; note: string }) {
    return this.deps.writer.mutate(actor, id, input.version, 'supervise', async (ctx) => {
      const t = ctx.ticket;
      await this.deps.issueSupervision(ctx.trx, {
        ticket_id: t.id,
        department_id: t.department_id,
        assignment_id: t.assignment_id,
        note: input.note,
        automatic: false,
        created_by: actor.id,
        created_at: ctx.nowDb,
      });
      const dept = t.department_id ? await departmentsRepository.find(ctx.trx, t.department_id) : null;
      if (dept?.email) {
        await outboxRepository.enqueue(
          ctx.trx,
          [
            {
              recipient: dept.email,
              subject: render('supervise.subject', { number: t.number, title: t.title }, 'zh'),
              body: render(
                'supervise.body',
                {
                  department: dept.name,
                  number: t.number,
                  title: t.title,
                  note: input.note,
                  due: t.due_at ? render('supervise.due', { at: fromDbTime(t.due_at)!.toISOString() }, 'zh') : '—',
                  url: `${this.deps.config.publicUrl}/tickets/${t.id}`,
                },
                'zh',
              ),
            },
          ],
          ctx.nowDb,
        );
      }
      return { patch: {}, event: { action: 'supervise', note: input.note } };
    });
  }

  /** Ends a suspension: the working time that remained when the clock stopped carries on from now. */
  resume(actor: Actor, id: number, input: { version: number }) {
    return this.deps.writer.mutate(actor, id, input.version, 'resume', async (ctx) => {
      const cal = await this.deps.calendar.current();
      const t = ctx.ticket;
      const stoppedAt = fromDbTime(t.suspended_at)!;
      // A severity tier with limits of its own (life, utility) runs on wall time like an urgent order.
      const a = await repo.findAssignment(ctx.trx, t.assignment_id!);
      const tier = a ? await tierOfDispatch(ctx.trx, a) : 'normal';
      const urgency = this.deps.config.rules.severityTiers[tier] ? 'urgent' : t.urgency;
      const due = resumeDeadline(cal, urgency, ctx.now, remainingMs(cal, urgency, stoppedAt, fromDbTime(t.due_at)!));
      const dueYellow = yellowStart(cal, urgency, ctx.now, due);
      await repo.updateAssignment(ctx.trx, t.assignment_id!, { due_at: toDbTime(due) });
      return {
        patch: { status: 'accepted', suspended_at: null, due_at: toDbTime(due), due_yellow_at: toDbTime(dueYellow) },
        event: { action: 'resume', public: true },
      };
    });
  }
}
