// The escalation sweep (docs/rules/deadlines.md): yellow card, red card with an automatic supervision order, and the
// mail to the department head and the supervisors once a deadline is missed by 3 working days; the same for
// sign-for deadlines. It reads only tickets whose next_escalation_at has come (an index range), page by page,
// and escalates each ticket in its own transaction: the unique escalation rows, the events, the supervision
// order, the outbox mails and the ticket's next moment commit together or not at all. A sweep stopped at
// any point (crash, SIGTERM) has done whole tickets; the next one does the rest, each step exactly once.
import type { Knex } from 'knex';
import type { Config } from '../../../config/default.ts';
import type { Db } from '../../lib/db.ts';
import { onCommit, toDbTime, withTransaction } from '../../lib/db.ts';
import { bus } from '../../lib/bus.ts';
import { clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import { departmentsRepository, type Department } from '../departments/departments.repository.ts';
import { outboxRepository } from '../outbox/outbox.repository.ts';
import { dueEscalations, nextEscalationAt, stepKey, type EscalationStep } from '../tickets/deadlines.ts';
import type { TicketWriter } from '../tickets/ticket-writer.ts';
import type { TicketRow } from '../tickets/ticket.types.ts';
import type { EscalationSchedule } from './escalation-schedule.ts';
import { escalationMails, escalationNote } from './escalation-mail.ts';
import { render } from '../../i18n/index.ts';
import { escalationsRepository as repo, type DueCursor } from './escalations.repository.ts';
import { issueSupervision } from '../supervisions/issue-supervision.ts';

export interface EscalationDeps {
  db: Db;
  config: Config;
  logger: Logger;
  schedule: EscalationSchedule;
  writer: TicketWriter;
}

export interface SweepOptions {
  /** Defaults to clock.now(). */
  now?: Date;
  batchSize?: number;
  concurrency?: number;
  /** Stops between tickets (SIGTERM): what is done is whole, the rest waits for the next sweep. */
  signal?: AbortSignal;
  /** Test hook, called inside each ticket's transaction after its writes (throwing rolls that ticket back). */
  afterTicket?: (ticketId: number) => void | Promise<void>;
}

export interface SweepResult {
  /** Tickets looked at, and escalation steps issued by level. */
  tickets: number;
  issued: number;
  yellow: number;
  red: number;
  head: number;
  failed: number;
}

const SUPERVISION_NOTE = {
  sign: render('escalation.supervision.sign', {}, 'zh'),
  due: render('escalation.supervision.due', {}, 'zh'),
};

export class EscalationService {
  constructor(private readonly deps: EscalationDeps) {}

  async sweep(opts: SweepOptions = {}): Promise<SweepResult> {
    const { db, config, logger } = this.deps;
    const now = opts.now ?? clock.now();
    const nowDb = toDbTime(now);
    const batch = opts.batchSize ?? config.jobs.sweepBatch;
    // SQLite has one connection and one writer: parallel transactions would only queue.
    const workers = config.dbClient === 'sqlite' ? 1 : Math.max(1, opts.concurrency ?? config.jobs.sweepConcurrency);
    const departments = new Map<number, Department | null>();
    const result: SweepResult = { tickets: 0, issued: 0, yellow: 0, red: 0, head: 0, failed: 0 };
    let cursor: DueCursor | null = null;
    for (;;) {
      const page = await repo.dueTickets(db, nowDb, cursor, batch);
      if (page.length === 0) break;
      const last = page[page.length - 1];
      cursor = { at: last.next_escalation_at, id: last.id };
      let i = 0;
      let crashed: unknown = null;
      const work = async () => {
        while (i < page.length && !opts.signal?.aborted && crashed === null) {
          const { id } = page[i++];
          try {
            const issued = await this.escalate(id, now, departments, opts.afterTicket);
            if (issued === null) continue;
            result.tickets++;
            for (const s of issued) {
              result.issued++;
              result[s.level]++;
            }
          } catch (err) {
            // One ticket's failure leaves it due (its transaction rolled back) for the next sweep.
            result.failed++;
            logger.error({ err, ticket_id: id }, 'escalation of a ticket failed');
            // Under the test hook an error stands for the process dying here: the sweep stops.
            if (opts.afterTicket) crashed = err;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(workers, page.length) }, work));
      if (crashed !== null) throw crashed;
      if (opts.signal?.aborted || page.length < batch) break;
    }
    if (result.issued > 0 || result.failed > 0) logger.info({ ...result }, 'escalation sweep');
    return result;
  }

  /** Escalates one due ticket; null when another sweep or a change got there first. */
  private async escalate(
    id: number,
    now: Date,
    departments: Map<number, Department | null>,
    afterTicket?: SweepOptions['afterTicket'],
  ): Promise<EscalationStep[] | null> {
    const { db } = this.deps;
    const nowDb = toDbTime(now);
    return withTransaction(db, async (trx) => {
      if (!(await this.deps.writer.claimDue(trx, id, nowDb))) return null;
      const t = (await repo.ticket(trx, id))!;
      const steps = await this.deps.schedule.stepsOf(t);
      const done =
        t.assignment_id !== null && steps.length > 0
          ? await repo.doneKeys(trx, t.id, t.assignment_id)
          : new Set<string>();
      const due = dueEscalations(steps, done, now);
      const issued: EscalationStep[] = [];
      for (const step of due) {
        // After downtime a yellow card may come due together with its red one: it is recorded, not sent.
        const superseded = step.level === 'yellow' && due.some((s) => s.kind === step.kind && s.level === 'red');
        const fresh = await repo.insertOnce(trx, {
          ticket_id: t.id,
          assignment_id: t.assignment_id!,
          department_id: t.department_id,
          kind: step.kind,
          level: step.level,
          deadline_at: toDbTime(step.deadline),
          superseded,
          created_at: nowDb,
        });
        done.add(stepKey(step));
        if (!fresh || superseded) continue;
        // Read once per sweep, inside the transaction (SQLite has a single connection).
        if (t.department_id !== null && !departments.has(t.department_id)) {
          departments.set(t.department_id, await departmentsRepository.find(trx, t.department_id));
        }
        const dept = t.department_id !== null ? departments.get(t.department_id)! : null;
        await this.issue(trx, t, step, dept, now, nowDb);
        issued.push(step);
      }
      const next = nextEscalationAt(steps, done);
      await this.deps.writer.scheduleNext(trx, t.id, next ? toDbTime(next) : null);
      await afterTicket?.(t.id);
      if (issued.length > 0) {
        onCommit(trx, () =>
          bus.publish({
            type: 'ticket.changed',
            action: 'escalation',
            ticket_id: t.id,
            status: t.status,
            department_id: t.department_id,
            levels: issued.map((s) => `${s.kind}:${s.level}`),
          }),
        );
      }
      return issued;
    });
  }

  /** The effects of one step: its event, the supervision order of a red card, and its mails. */
  private async issue(
    trx: Knex.Transaction,
    t: TicketRow,
    step: EscalationStep,
    dept: Department | null,
    now: Date,
    nowDb: string,
  ): Promise<void> {
    const { config, schedule } = this.deps;
    const text = {
      ticket: t,
      step,
      now,
      department: dept ?? { name: render('escalation.someDepartment', {}, 'zh'), email: null, head_email: null },
      publicUrl: config.publicUrl,
      headAfterWorkdays: schedule.headAfterWorkdays,
      supervisorsEmail: config.supervisorsEmail,
    };
    await this.deps.writer.note(trx, [
      {
        ticket_id: t.id,
        action: step.level === 'head' ? 'escalate_head' : `${step.level}_card`,
        actor_id: null,
        actor_role: 'system',
        from_status: t.status,
        to_status: t.status,
        note: escalationNote(text),
        data: { kind: step.kind, level: step.level, deadline_at: step.deadline.toISOString() },
        created_at: nowDb,
      },
    ]);
    if (step.level === 'red') {
      await issueSupervision(trx, {
        ticket_id: t.id,
        department_id: t.department_id,
        assignment_id: t.assignment_id,
        note: SUPERVISION_NOTE[step.kind],
        automatic: true,
        created_by: null,
        created_at: nowDb,
      });
    }
    await outboxRepository.enqueue(
      trx,
      escalationMails(text, `esc:${t.id}:${t.assignment_id}:${stepKey(step)}`),
      nowDb,
    );
  }
}
