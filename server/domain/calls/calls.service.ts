// Call records (docs/rules/intake.md): every inbound call, answered or missed, from the telephone system or logged
// by an operator. Recording a call also keeps the missed-call callback queue: a miss opens or joins the number's
// callback; a later answered call from the number closes it (the resident got through, nobody needs to call back).
import type { Config } from '../../../config/default.ts';
import type { Db, Executor } from '../../lib/db.ts';
import { onCommit, toDbTime, withTransaction } from '../../lib/db.ts';
import { bus } from '../../lib/bus.ts';
import { clock } from '../../lib/clock.ts';
import { localDate } from '../../lib/calendar.ts';
import { detail, errors } from '../../lib/errors.ts';
import { auditRepository } from '../audit/audit.repository.ts';
import { usersRepository } from '../users/users.repository.ts';
import { requireAccess } from '../access/access.ts';
import type { Actor } from '../users/actor.ts';
import { iso } from '../../lib/time.ts';
import { maskPhone } from '../tickets/ticket-view.ts';
import { callbacksRepository as callbacks } from './callbacks.repository.ts';
import { callsRepository as repo, type CallRow } from './calls.repository.ts';
import type { CurrentCall, ListCalls, Period, RecordCall } from './calls.schemas.ts';
import { callFigures } from './call-figures.ts';

/** Who posts a call: an operator's session, or the telephone system with a CTI key. */
export type CallSource = { actor: Actor } | { ctiKeyId: number };

/** How far back an operator's current call may have started: longer calls than this are rare. */
const CURRENT_CALL_MS = 60 * 60_000;
/** Clock difference tolerated between the console and the telephone system when matching one call. */
const ADOPT_SLACK_MS = 5 * 60_000;

/** Thrown inside the transaction when the external_id is taken, to roll back what the call changed. */
class AlreadyStored extends Error {}

export function callView(c: CallRow, phone: 'full' | 'masked' = 'full') {
  return {
    id: c.id,
    external_id: c.external_id,
    caller_phone: phone === 'full' ? c.caller_phone : maskPhone(c.caller_phone),
    started_at: iso(c.started_at),
    answered: Boolean(c.answered),
    wait_s: c.wait_s,
    talk_s: c.talk_s,
    operator_id: c.operator_id,
    ticket_id: c.ticket_id,
    callback_id: c.callback_id,
    source: c.cti_key_id ? 'cti' : 'operator',
    created_at: iso(c.created_at),
    // Played through GET /calls/:id/recording (call-recordings.service.ts); null: no recording known.
    recording_ref: c.recording_ref ?? null,
    // 转接: 110/119/120/122 when the call ended as a transfer (docs/rules/figures.md "Calls").
    transferred_to: c.transferred_to ?? null,
  };
}

export class CallsService {
  constructor(
    private readonly db: Db,
    private readonly config: Config['intake'],
  ) {}

  /** Stores a call once: a repeated external_id (also a concurrent one) answers the stored call, replayed. */
  async record(
    source: CallSource,
    input: RecordCall,
  ): Promise<{ call: ReturnType<typeof callView>; replayed: boolean }> {
    const actor = 'actor' in source ? source.actor : null;
    if (actor) requireAccess(actor, 'call.record');
    const now = clock.now();
    const startedAt = new Date(input.started_at);
    const problems = [];
    if (startedAt.getTime() > now.getTime() + this.config.maxFutureMinutes * 60_000) {
      problems.push(detail('started_at', 'calls.inFuture'));
    }
    // Only an operator may not know the wait; the telephone system measured it.
    if (!actor && input.wait_s === null) problems.push(detail('wait_s', 'calls.ctiSendsWait'));
    if (problems.length) throw errors.validation(problems);
    // An operator logging a call they answered is its operator unless they name another.
    const operatorId = input.operator_id ?? (actor && input.answered ? actor.id : null);
    if (operatorId !== null) await this.checkOperator(operatorId);
    // No look-up of external_id first: new calls are the rule, and a retry is caught by the unique key below.
    try {
      const row = await withTransaction(this.db, async (trx) => {
        const at = toDbTime(startedAt);
        const nowDb = toDbTime(now);
        // A withheld number counts as a call but cannot be called back: no callback opened, joined or closed.
        const callbackId =
          input.caller_phone === null
            ? null
            : input.answered
              ? await this.answeredCall(trx, input.caller_phone, at, nowDb)
              : await this.missedCall(trx, input.caller_phone, at, nowDb);
        const row: Omit<CallRow, 'id'> = {
          external_id: input.external_id ?? null,
          caller_phone: input.caller_phone,
          started_at: at,
          started_day: localDate(startedAt),
          answered: input.answered,
          wait_s: input.wait_s,
          talk_s: input.talk_s,
          operator_id: operatorId,
          ticket_id: null,
          callback_id: callbackId,
          cti_key_id: 'ctiKeyId' in source ? source.ctiKeyId : null,
          created_by: actor?.id ?? null,
          created_at: nowDb,
          recording_ref: input.recording_ref ?? null,
          transferred_to: input.transferred_to ?? null,
        };
        const adopted = 'ctiKeyId' in source ? await this.adoptLogged(trx, row, startedAt) : null;
        if (adopted) return adopted;
        const id = await repo.insert(trx, row);
        if (id === null) throw new AlreadyStored();
        onCommit(trx, () =>
          bus.publish({
            type: 'call.recorded',
            call_id: id,
            answered: input.answered,
            operator_id: operatorId,
            date: row.started_day,
            callback_id: callbackId,
          }),
        );
        return { id, ...row };
      });
      // The row just written is the call: no need to read it back.
      return { call: callView(row), replayed: false };
    } catch (err) {
      if (!(err instanceof AlreadyStored)) throw err;
      // A concurrent post of the same call committed first, or a retry: answer that one, its number masked. The
      // telephone system already knows the number; anyone else who knows an external_id must not read it back
      // (a full number is only ever shown through the audited reveal).
      let stored = (await repo.findByExternalId(this.db, input.external_id!))!;
      // The telephone system often knows the recording only once the call has ended: a repeated post may add it.
      // The first reference stays (a retry keeps the first call); a different one later changes nothing.
      if (input.recording_ref && !stored.recording_ref) {
        await repo.addRecording(this.db, stored.id, input.recording_ref);
        stored = (await repo.find(this.db, stored.id))!;
      }
      // So may the transfer (转接), known once the call is put through; the first one named stays.
      if (input.transferred_to && !stored.transferred_to && stored.answered) {
        await repo.addTransfer(this.db, stored.id, input.transferred_to);
        stored = (await repo.find(this.db, stored.id))!;
      }
      return { call: callView(stored, 'masked'), replayed: true };
    }
  }

  /**
   * The telephone system reports a call that its operator already logged from the console (a CTI that posts when
   * the call ends, after the order was written): the operator's log becomes this record instead of a second call.
   * The log started when the operator began taking the call, so inside the call's span (with some clock slack).
   */
  private async adoptLogged(trx: Executor, row: Omit<CallRow, 'id'>, startedAt: Date): Promise<CallRow | null> {
    if (!row.answered || row.operator_id === null) return null;
    const end = startedAt.getTime() + ((row.wait_s ?? 0) + row.talk_s) * 1000;
    const logged = await repo.findOperatorLogged(
      trx,
      row.operator_id,
      toDbTime(new Date(startedAt.getTime() - ADOPT_SLACK_MS)),
      toDbTime(new Date(end + ADOPT_SLACK_MS)),
    );
    if (!logged) return null;
    const patch = {
      external_id: row.external_id,
      cti_key_id: row.cti_key_id,
      started_at: row.started_at,
      started_day: row.started_day,
      wait_s: row.wait_s,
      talk_s: row.talk_s,
      // The number the operator typed stays when the telephone system has none.
      caller_phone: row.caller_phone ?? logged.caller_phone,
      callback_id: row.callback_id ?? logged.callback_id,
      recording_ref: row.recording_ref ?? logged.recording_ref,
      // The operator who put the caller through knows it; the telephone system may know it too.
      transferred_to: row.transferred_to ?? logged.transferred_to ?? null,
    };
    const result = await repo.adopt(trx, logged.id, patch);
    if (result === 'duplicate') throw new AlreadyStored();
    if (result === 'gone') return null;
    onCommit(trx, () =>
      bus.publish({
        type: 'call.recorded',
        call_id: logged.id,
        answered: true,
        operator_id: row.operator_id,
        date: row.started_day,
        callback_id: patch.callback_id,
      }),
    );
    return { ...logged, ...patch };
  }

  /** The operator's current call (GET /calls/current), for the order they type: null when none is known. */
  async current(actor: Actor, q: CurrentCall) {
    requireAccess(actor, 'call.current');
    const now = clock.now().getTime();
    const since = Math.max(q.since ? new Date(q.since).getTime() : 0, now - CURRENT_CALL_MS);
    const call = await repo.findCurrent(
      this.db,
      actor.id!,
      q.phone ?? null,
      toDbTime(new Date(since)),
      toDbTime(new Date(now + this.config.maxFutureMinutes * 60_000)),
    );
    return { call: call ? callView(call, 'masked') : null };
  }

  /** A miss joins the number's open callback or opens one; a miss reported after its callback was done stays there. */
  private async missedCall(trx: Executor, phone: string, at: string, now: string): Promise<number> {
    const handled = await callbacks.doneSince(trx, phone, at);
    if (handled) {
      await callbacks.countLateMiss(trx, handled.id, at, now);
      return handled.id;
    }
    const id = await callbacks.openOrJoin(trx, phone, at, now);
    onCommit(trx, () => bus.publish({ type: 'callback.changed', callback_id: id, status: 'open' }));
    return id;
  }

  /** An answered call after the number's last miss closes its open callback; the callback it closed, if any. */
  private async answeredCall(trx: Executor, phone: string, at: string, now: string): Promise<number | null> {
    const open = await callbacks.findOpen(trx, phone);
    if (!open || open.last_missed_at > at) return null;
    const closed = await callbacks.close(
      trx,
      open.id,
      { done_at: at, done_by: null, outcome: 'answered_call', note: null },
      now,
    );
    if (!closed) return null;
    onCommit(trx, () => bus.publish({ type: 'callback.changed', callback_id: open.id, status: 'done' }));
    return open.id;
  }

  private async checkOperator(id: number) {
    const user = await usersRepository.find(this.db, id);
    if (!user || user.role !== 'operator') {
      throw errors.validation([detail('operator_id', 'calls.noSuchOperator')]);
    }
  }

  /** GET /stats/calls: the connection-rate figures of a period (call-figures.ts). */
  figures(period: Period) {
    return callFigures(this.db, period.from, period.to, this.config.answeredWithinSeconds);
  }

  async list(actor: Actor, filter: ListCalls) {
    requireAccess(actor, 'call.read');
    const { items, total } = await repo.list(this.db, filter);
    return { items: items.map((c) => callView(c, 'masked')), total, page: filter.page, per_page: filter.per_page };
  }

  /** One call with the full number, for hotline staff; an audited access like a ticket's caller. */
  async get(actor: Actor, id: number) {
    requireAccess(actor, 'call.read');
    const call = await repo.find(this.db, id);
    if (!call) throw errors.notFound('call');
    await auditRepository.record(this.db, actor, 'view_caller', { type: 'call', id }, null, toDbTime(clock.now()));
    return callView(call);
  }
}
