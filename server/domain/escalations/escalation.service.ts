// The escalation sweep (docs/rules/deadlines.md): yellow card, red card with an automatic supervision order, and the
// mail to the department head and the supervisors once a deadline is missed by 3 working days; the same for
// sign-for deadlines; and the same for every open level of the order (passed down, co-handling), each on its own
// deadlines for its own unit (docs/rules/deadlines.md "Cards at every level"). It reads only tickets whose
// next_escalation_at has come (an index range), page by page, and escalates each ticket in its own transaction: the
// unique escalation rows, the events, the supervision order, the outbox mails and the ticket's next moment commit
// together or not at all. A sweep stopped at any point (crash, SIGTERM) has done whole tickets; the next one does
// the rest, each step exactly once.
import type { Knex } from 'knex';
import type { Config } from '../../../config/default.ts';
import type { Db } from '../../lib/db.ts';
import { onCommit, toDbTime, withTransaction } from '../../lib/db.ts';
import { bus } from '../../lib/bus.ts';
import { clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import { departmentsRepository, type Department } from '../departments/departments.repository.ts';
import { outboxRepository } from '../outbox/outbox.repository.ts';
import { dueEscalations, stepKey, type EscalationStep } from '../tickets/deadlines.ts';
import type { TicketWriter } from '../tickets/ticket-writer.ts';
import type { TicketRow } from '../tickets/ticket.types.ts';
import { earliestNext, type EscalationSchedule, type EscalationTrack } from './escalation-schedule.ts';
import { escalationMails, escalationNote } from './escalation-mail.ts';
import { render } from '../../i18n/index.ts';
import { escalationsRepository as repo, type DueCursor } from './escalations.repository.ts';
import { issueSupervision } from '../supervisions/issue-supervision.ts';
import { liaisonTexts } from '../sms/liaison-texts.ts';
import { levelClock } from '../tickets/level-card.ts';
import { yieldToRequests } from '../../lib/yield.ts';

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
          await yieldToRequests();
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

  /**
   * Escalates one due ticket: its main assignment and each open level (down, co) on its own deadlines, for its own
   * unit. Null when another sweep or a change got there first.
   */
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
      const tracks = await this.deps.schedule.tracksOf(trx, t);
      const done = tracks.length > 0 ? await repo.doneKeys(trx, t.id) : new Map<number, Set<string>>();
      const issued: EscalationStep[] = [];
      for (const track of tracks) {
        const doneHere = done.get(track.assignment_id) ?? new Set<string>();
        done.set(track.assignment_id, doneHere);
        const steps = await this.escalateTrack(trx, t, track, doneHere, now, departments);
        issued.push(...steps);
        if (steps.length > 0) onCommit(trx, () => this.tell(t, track, steps));
      }
      const next = earliestNext(tracks, done);
      await this.deps.writer.scheduleNext(trx, t.id, next ? toDbTime(next) : null);
      await afterTicket?.(t.id);
      return issued;
    });
  }

  /** The due steps of one assignment's deadlines, each recorded once (the unique key decides), then issued. */
  private async escalateTrack(
    trx: Knex.Transaction,
    t: TicketRow,
    track: EscalationTrack,
    done: Set<string>,
    now: Date,
    departments: Map<number, Department | null>,
  ): Promise<EscalationStep[]> {
    const nowDb = toDbTime(now);
    const due = dueEscalations(track.steps, done, now);
    const issued: EscalationStep[] = [];
    for (const step of due) {
      // After downtime a yellow card may come due together with its red one: it is recorded, not sent.
      const superseded = step.level === 'yellow' && due.some((s) => s.kind === step.kind && s.level === 'red');
      const fresh = await repo.insertOnce(trx, {
        ticket_id: t.id,
        assignment_id: track.assignment_id,
        department_id: track.department_id,
        kind: step.kind,
        level: step.level,
        deadline_at: toDbTime(step.deadline),
        superseded,
        created_at: nowDb,
      });
      done.add(stepKey(step));
      if (!fresh || superseded) continue;
      // Read once per sweep, inside the transaction (SQLite has a single connection).
      const deptId = track.department_id;
      if (deptId !== null && !departments.has(deptId)) {
        departments.set(deptId, await departmentsRepository.find(trx, deptId));
      }
      await this.issue(trx, t, track, step, deptId !== null ? departments.get(deptId)! : null, now, nowDb);
      issued.push(step);
    }
    return issued;
  }

  /** The inbox of the unit carded hears of it (a level's unit by the level's department), and the dashboards. */
  private tell(t: TicketRow, track: EscalationTrack, steps: EscalationStep[]) {
    bus.publish({
      type: 'ticket.changed',
      action: 'escalation',
      ticket_id: t.id,
      status: t.status,
      department_id: track.department_id,
      ...(track.level ? { level_id: track.level.id } : {}),
      levels: steps.map((s) => `${s.kind}:${s.level}`),
    });
  }

  /** The effects of one step: its event, the supervision order of a red card, and its mails. */
  private async issue(
    trx: Knex.Transaction,
    t: TicketRow,
    track: EscalationTrack,
    step: EscalationStep,
    dept: Department | null,
    now: Date,
    nowDb: string,
  ): Promise<void> {
    const { config, schedule } = this.deps;
    const department = dept ?? { name: render('escalation.someDepartment', {}, 'zh'), email: null, head_email: null };
    const text = {
      ticket: t,
      step,
      now,
      department,
      publicUrl: config.publicUrl,
      headAfterWorkdays: schedule.headAfterWorkdays,
      supervisorsEmail: config.supervisorsEmail,
    };
    const note = escalationNote(text);
    const { level } = track;
    await this.deps.writer.note(
      trx,
      [
        {
          ticket_id: t.id,
          action: step.level === 'head' ? 'escalate_head' : `${step.level}_card`,
          actor_id: null,
          actor_role: 'system',
          from_status: t.status,
          to_status: t.status,
          // A level's card names its unit, so the timeline shows which level of the chain is late.
          note: level ? render('escalation.note.level', { department: department.name, note }, 'zh') : note,
          data: {
            kind: step.kind,
            level: step.level,
            deadline_at: step.deadline.toISOString(),
            ...(level
              ? {
                  level_id: level.id,
                  role: level.role,
                  department_id: level.department_id,
                  department_name: dept?.name,
                }
              : {}),
          },
          created_at: nowDb,
        },
      ],
      [t],
    );
    if (step.level === 'red') {
      await issueSupervision(trx, {
        ticket_id: t.id,
        department_id: track.department_id,
        assignment_id: track.assignment_id,
        note: SUPERVISION_NOTE[step.kind],
        automatic: true,
        created_by: null,
        created_at: nowDb,
      });
    }
    await outboxRepository.enqueue(
      trx,
      escalationMails(text, `esc:${t.id}:${track.assignment_id}:${stepKey(step)}`),
      nowDb,
    );
    // The unit's liaison mobile: a sign-for yellow card is its reminder to sign, a red card is told as it is.
    const card = {
      ticket: t,
      assignment_id: track.assignment_id,
      department_id: track.department_id,
      urgent: levelClock(t) === 'urgent',
      deadline: step.deadline,
    };
    if (step.level === 'yellow' && step.kind === 'sign') await liaisonTexts.signReminder(trx, card, now, dept);
    if (step.level === 'red') await liaisonTexts.redCard(trx, { ...card, kind: step.kind }, now, dept);
  }
}
