// 不合理诉求 (docs/rules/work-orders.md "Unreasonable demands"): a handler of the unit holding an order applies,
// naming a configured kind and a reason; a supervisor approves or rejects. An approved one takes the assignment
// applied for, and every level below it, out of the figures (figures-recorder.ts judgedUnreasonable) and stays on
// record: the ticket's requests, its timeline, and the month's report. The order itself goes on as usual.
import { errors } from '../../lib/errors.ts';
import { requireAccess, scopeToUnits } from '../access/access.ts';
import type { Actor } from '../users/actor.ts';
import { iso } from '../../lib/time.ts';
import { figuresRecorder } from '../figures/figures-recorder.ts';
import { isPutRight } from '../figures/put-right.ts';
import { unreasonableRefusal } from '../tickets/allowed-actions.ts';
import { ticketsRepository as repo } from '../tickets/tickets.repository.ts';
import type { TicketDeps } from '../tickets/ticket-deps.ts';
import type { MutationContext } from '../tickets/ticket-writer.ts';
import type { RequestRow } from '../tickets/ticket.types.ts';
import { unreasonableRepository as unreasonable } from './unreasonable.repository.ts';

export interface ApplyInput {
  version: number;
  kind: string;
  reason: string;
}

export interface JudgedItem {
  ticket_id: number;
  number: string;
  title: string;
  level: boolean;
  kind: string | null;
  reason: string;
  requested_by_name: string | null;
  decided_by_name: string | null;
  decided_at: string | null;
  dispatched_at: string | null;
}
export interface UnreasonableReport {
  month: string;
  total: number;
  units: Array<{ department_id: number; department_name: string; items: JudgedItem[] }>;
}

export class UnreasonableService {
  constructor(private readonly deps: TicketDeps) {}

  /** The holding unit's application: one waiting per assignment, none once the order was judged. */
  apply(actor: Actor, id: number, input: ApplyInput) {
    return this.deps.writer.mutate(actor, id, input.version, 'unreasonable', async (ctx) => {
      const refused = unreasonableRefusal(
        ctx.ticket,
        await repo.requests(ctx.trx, id),
        ctx.now,
        this.deps.config.unreasonable.closedWindowDays,
      );
      if (refused) throw refused;
      const requestId = await repo.insertRequest(ctx.trx, {
        ticket_id: id,
        assignment_id: ctx.ticket.assignment_id,
        kind: 'unreasonable',
        unreasonable_kind: input.kind,
        status: 'pending',
        reason: input.reason,
        days: null,
        requested_by: actor.id,
        created_at: ctx.nowDb,
      });
      return {
        patch: {},
        event: {
          action: 'unreasonable_requested',
          note: input.reason,
          data: { request_id: requestId, unreasonable_kind: input.kind },
        },
      };
    });
  }

  /** A supervisor's decision; of two at once one wins (the ticket's version), the other is a 409. */
  decide(actor: Actor, id: number, requestId: number, input: { approve: boolean; note?: string }) {
    return this.deps.writer.mutate(actor, id, null, 'decide_unreasonable', async (ctx) => {
      const request = await repo.findRequest(ctx.trx, requestId);
      if (!request || request.ticket_id !== id || request.kind !== 'unreasonable') throw errors.notFound('request');
      if (request.status !== 'pending') throw errors.invalidTransition('ticket.requestDecided');
      // An order is judged once: a second application (a reopening's) waiting beside an approved one is rejected.
      const others = await repo.requests(ctx.trx, id);
      if (input.approve && others.some((r) => r.kind === 'unreasonable' && r.status === 'approved'))
        throw errors.invalidTransition('unreasonable.alreadyJudged');
      const units = input.approve ? await this.judge(ctx, request) : [];
      const status = input.approve ? 'approved' : 'rejected';
      if (!(await repo.decideRequest(ctx.trx, request.id, status, actor.id, ctx.nowDb))) throw errors.versionConflict();
      return {
        patch: {},
        event: {
          action: `unreasonable_${status}`,
          note: input.note,
          data: { request_id: request.id, unreasonable_kind: request.unreasonable_kind ?? null },
        },
        units,
      };
    });
  }

  /**
   * The assignment applied for and its levels below leave every figure, each counting once in its unit's
   * `unreasonable` (a tree holding both counts the order once, like any level); returns the levels' units.
   */
  private async judge(ctx: MutationContext, request: RequestRow): Promise<number[]> {
    const all = await unreasonable.withLevelsBelow(ctx.trx, request.assignment_id!);
    const top = all[0];
    if (!top || top.end_reason === 'returned' || top.end_reason === 'recalled' || top.end_reason === 'merged')
      throw errors.invalidTransition('unreasonable.assignmentEnded');
    for (const a of all) {
      if (a.unreasonable_at) continue;
      const ratings = [];
      for (const r of await unreasonable.ratingsOf(ctx.trx, a.id))
        ratings.push({ ...r, fixed: r.score <= 2 && (await isPutRight(ctx.trx, r.id)) });
      await figuresRecorder.judgedUnreasonable(ctx.trx, a, ratings);
    }
    await unreasonable.markJudged(
      ctx.trx,
      all.map((a) => a.id),
      ctx.nowDb,
    );
    return [...new Set(all.slice(1).map((a) => a.department_id))];
  }

  /** The month's judged demands, per unit (the month they count in: their dispatch); a handler reads its units'. */
  async report(actor: Actor, month: string): Promise<UnreasonableReport> {
    requireAccess(actor, 'unreasonable.report');
    const scoped = scopeToUnits(actor, 'unreasonable.report', {});
    const rows = await unreasonable.judgedInMonth(this.deps.db, month, scoped.department_ids);
    const units = new Map<number, UnreasonableReport['units'][number]>();
    for (const r of rows) {
      const unit = units.get(r.department_id) ?? {
        department_id: r.department_id,
        department_name: r.department_name,
        items: [],
      };
      unit.items.push({
        ticket_id: r.ticket_id,
        number: r.number,
        title: r.title,
        // A level (passed down, co-handling) judged with the order it works under.
        level: r.role !== 'main',
        kind: r.unreasonable_kind,
        reason: r.reason,
        requested_by_name: r.requested_by_name,
        decided_by_name: r.decided_by_name,
        decided_at: iso(r.decided_at),
        dispatched_at: iso(r.dispatched_at),
      });
      units.set(r.department_id, unit);
    }
    return { month, total: rows.length, units: [...units.values()] };
  }
}
