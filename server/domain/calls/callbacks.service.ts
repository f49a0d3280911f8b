// The missed-call callback queue (未接来电回拨): one open callback per number however often it called, oldest
// first, each showing how long the resident has waited. Operators close one when they have called back; a later
// answered call from the number closes it by itself (calls.service.ts).
import type { Db } from '../../lib/db.ts';
import { fromDbTime, onCommit, toDbTime, withTransaction } from '../../lib/db.ts';
import { bus } from '../../lib/bus.ts';
import { clock } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';
import { auditRepository } from '../audit/audit.repository.ts';
import { ticketsRepository } from '../tickets/tickets.repository.ts';
import { iso, maskPhone } from '../tickets/ticket-view.ts';
import type { Actor } from '../users/actor.ts';
import { callbacksRepository as repo, type CallbackRow } from './callbacks.repository.ts';
import { callsRepository } from './calls.repository.ts';
import { callView } from './calls.service.ts';
import type { CallbackDone, ListCallbacks } from './calls.schemas.ts';

const READERS = ['operator', 'supervisor', 'admin'];

export function callbackView(c: CallbackRow, now: Date, phone: 'full' | 'masked') {
  const end = c.status === 'done' ? fromDbTime(c.done_at)! : now;
  return {
    id: c.id, phone: phone === 'full' ? c.phone : maskPhone(c.phone), status: c.status, missed_count: c.missed_count,
    first_missed_at: iso(c.first_missed_at), last_missed_at: iso(c.last_missed_at),
    // Since the first miss: until now while open, until it was done once done.
    waited_s: Math.max(0, Math.floor((end.getTime() - fromDbTime(c.first_missed_at)!.getTime()) / 1000)),
    done_at: iso(c.done_at), done_by: c.done_by, outcome: c.outcome, note: c.note, ticket_id: c.ticket_id,
    created_at: iso(c.created_at), updated_at: iso(c.updated_at),
  };
}

export class CallbacksService {
  constructor(private readonly db: Db) {}

  /** The queue with numbers masked (it is on screen all day); GET /callbacks/:id shows the number to dial. */
  async list(actor: Actor, f: ListCallbacks) {
    if (!READERS.includes(actor.role)) throw errors.forbidden();
    const { items, total } = await repo.list(this.db, f.status, f.per_page, (f.page - 1) * f.per_page);
    const now = clock.now();
    return { items: items.map((c) => callbackView(c, now, 'masked')), total, page: f.page, per_page: f.per_page };
  }

  /** One callback with the full number and its calls, to dial it: audited like any unmasked number. */
  async get(actor: Actor, id: number) {
    if (!READERS.includes(actor.role)) throw errors.forbidden();
    const c = await this.find(id);
    await auditRepository.record(this.db, actor, 'view_caller', { type: 'callback', id }, null, toDbTime(clock.now()));
    const calls = await callsRepository.byCallback(this.db, id);
    return { ...callbackView(c, clock.now(), 'full'), calls: calls.map((call) => callView(call)) };
  }

  /** The operator called back: closes the callback once; a second attempt (or a race) gets 409. */
  async done(actor: Actor, id: number, input: CallbackDone) {
    if (actor.role !== 'operator') throw errors.forbidden('只有话务员可以回拨 / only operators call back');
    await this.find(id);
    if (input.ticket_id && !(await ticketsRepository.find(this.db, input.ticket_id))) {
      throw errors.validation([{ path: 'ticket_id', message: '工单不存在 / no such ticket' }]);
    }
    await withTransaction(this.db, async (trx) => {
      const nowDb = toDbTime(clock.now());
      const closed = await repo.close(trx, id, {
        done_at: nowDb, done_by: actor.id, outcome: 'called_back', note: input.note, ticket_id: input.ticket_id ?? null,
      }, nowDb);
      if (!closed) throw errors.invalidTransition('该回拨已完成 / this callback is already done');
      onCommit(trx, () => bus.publish({ type: 'callback.changed', callback_id: id, status: 'done' }));
    });
    return callbackView((await repo.find(this.db, id))!, clock.now(), 'full');
  }

  private async find(id: number): Promise<CallbackRow> {
    const c = await repo.find(this.db, id);
    if (!c) throw errors.notFound('回拨记录');
    return c;
  }
}
