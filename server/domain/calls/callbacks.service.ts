// The missed-call callback queue (未接来电回拨): one open callback per number however often it called, oldest
// first, each showing how long the resident has waited. Operators close one when they have called back; a later
// answered call from the number closes it by itself (calls.service.ts). A failed attempt (无人接听, 空号, 占线) is
// recorded with who and when and keeps the callback open. A callback not tried within the configured hours of its
// first miss (config intake.missedCallbackHours) is overdue (超时未回拨): any attempt, failed or not, counts as
// calling back, so overdue says the hotline was slow, not that the resident could not be reached.
import type { Db } from '../../lib/db.ts';
import { fromDbTime, onCommit, toDbTime, withTransaction } from '../../lib/db.ts';
import { bus } from '../../lib/bus.ts';
import { clock } from '../../lib/clock.ts';
import { detail, errors } from '../../lib/errors.ts';
import { auditRepository } from '../audit/audit.repository.ts';
import { ticketsRepository } from '../tickets/tickets.repository.ts';
import { iso } from '../../lib/time.ts';
import { maskPhone } from '../tickets/ticket-view.ts';
import { requireAccess } from '../access/access.ts';
import type { Actor } from '../users/actor.ts';
import { callbacksRepository as repo, type AttemptRow, type CallbackRow } from './callbacks.repository.ts';
import { callsRepository } from './calls.repository.ts';
import { callView } from './calls.service.ts';
import type { CallbackAttempt, CallbackDone, ListCallbacks } from './calls.schemas.ts';

const attemptView = (a: AttemptRow) => ({
  id: a.id,
  reason: a.reason,
  note: a.note,
  operator_id: a.operator_id,
  operator_name: a.operator_name,
  created_at: iso(a.created_at),
});

export function callbackView(
  c: CallbackRow,
  now: Date,
  phone: 'full' | 'masked',
  attempts: AttemptRow[] = [],
  withinHours = 2,
) {
  const end = c.status === 'done' ? fromDbTime(c.done_at)! : now;
  const dueAt = new Date(fromDbTime(c.first_missed_at)!.getTime() + withinHours * 3_600_000);
  // Called back = the first attempt, or closing it; overdue when that came (or has not come by now) after dueAt.
  const firstTry =
    [attempts[0] ? fromDbTime(attempts[0].created_at)! : null, c.status === 'done' ? end : null]
      .filter((d): d is Date => d !== null)
      .sort((a, b) => a.getTime() - b.getTime())[0] ?? now;
  const last = attempts.at(-1);
  return {
    due_at: dueAt.toISOString(),
    overdue: firstTry.getTime() > dueAt.getTime(),
    attempt_count: attempts.length,
    last_attempt: last ? attemptView(last) : null,
    id: c.id,
    phone: phone === 'full' ? c.phone : maskPhone(c.phone),
    status: c.status,
    missed_count: c.missed_count,
    first_missed_at: iso(c.first_missed_at),
    last_missed_at: iso(c.last_missed_at),
    // Since the first miss: until now while open, until it was done once done.
    waited_s: Math.max(0, Math.floor((end.getTime() - fromDbTime(c.first_missed_at)!.getTime()) / 1000)),
    done_at: iso(c.done_at),
    done_by: c.done_by,
    outcome: c.outcome,
    note: c.note,
    ticket_id: c.ticket_id,
    created_at: iso(c.created_at),
    updated_at: iso(c.updated_at),
  };
}

export class CallbacksService {
  /** withinHours: config intake.missedCallbackHours, the limit past which a callback is overdue. */
  constructor(
    private readonly db: Db,
    private readonly withinHours = 2,
  ) {}

  /** The queue with numbers masked (it is on screen all day); GET /callbacks/:id shows the number to dial. */
  async list(actor: Actor, f: ListCallbacks) {
    requireAccess(actor, 'callback.read');
    const { items, total } = await repo.list(this.db, f.status, f.per_page, (f.page - 1) * f.per_page);
    const now = clock.now();
    const attempts = await repo.attemptsOf(
      this.db,
      items.map((c) => c.id),
    );
    const of = (id: number) => attempts.filter((a) => a.callback_id === id);
    return {
      items: items.map((c) => callbackView(c, now, 'masked', of(c.id), this.withinHours)),
      total,
      page: f.page,
      per_page: f.per_page,
      within_hours: this.withinHours,
    };
  }

  /** One callback with the full number and its calls, to dial it: audited like any unmasked number. */
  async get(actor: Actor, id: number) {
    requireAccess(actor, 'callback.read');
    const c = await this.find(id);
    await auditRepository.record(this.db, actor, 'view_caller', { type: 'callback', id }, null, toDbTime(clock.now()));
    const calls = await callsRepository.byCallback(this.db, id);
    return this.full(c, { calls: calls.map((call) => callView(call)) });
  }

  /** 回拨未接通: who tried when and why it failed; the callback stays open (a done one answers 409). */
  async attempt(actor: Actor, id: number, input: CallbackAttempt) {
    requireAccess(actor, 'callback.work');
    await this.find(id);
    await withTransaction(this.db, async (trx) => {
      const nowDb = toDbTime(clock.now());
      // The row lock orders this after (or before) a concurrent close: never an attempt on a done callback.
      if (!(await repo.lockOpen(trx, id, nowDb))) throw errors.invalidTransition('callbacks.done');
      await repo.insertAttempt(trx, {
        callback_id: id,
        reason: input.reason,
        note: input.note ?? null,
        operator_id: actor.id,
        created_at: nowDb,
      });
      onCommit(trx, () => bus.publish({ type: 'callback.changed', callback_id: id, status: 'open' }));
    });
    return this.full((await repo.find(this.db, id))!);
  }

  /** The operator called back: closes the callback once; a second attempt (or a race) gets 409. */
  async done(actor: Actor, id: number, input: CallbackDone) {
    requireAccess(actor, 'callback.work');
    await this.find(id);
    if (input.ticket_id && !(await ticketsRepository.find(this.db, input.ticket_id))) {
      throw errors.validation([detail('ticket_id', 'ticket.noSuchTicket')]);
    }
    await withTransaction(this.db, async (trx) => {
      const nowDb = toDbTime(clock.now());
      const closed = await repo.close(
        trx,
        id,
        {
          done_at: nowDb,
          done_by: actor.id,
          outcome: 'called_back',
          note: input.note,
          ticket_id: input.ticket_id ?? null,
        },
        nowDb,
      );
      if (!closed) throw errors.invalidTransition('callbacks.done');
      onCommit(trx, () => bus.publish({ type: 'callback.changed', callback_id: id, status: 'done' }));
    });
    return this.full((await repo.find(this.db, id))!);
  }

  /** One callback with the number in full and every attempt (who, when, why it failed). */
  private async full(c: CallbackRow, extra: Record<string, unknown> = {}) {
    const attempts = await repo.attemptsOf(this.db, [c.id]);
    return {
      ...callbackView(c, clock.now(), 'full', attempts, this.withinHours),
      attempts: attempts.map(attemptView),
      ...extra,
    };
  }

  private async find(id: number): Promise<CallbackRow> {
    const c = await repo.find(this.db, id);
    if (!c) throw errors.notFound('callback');
    return c;
  }
}
