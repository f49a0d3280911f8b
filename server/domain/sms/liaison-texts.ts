// What a unit's liaison officer (联络员, departments.liaison_mobile) receives by text (docs/rules/messages.md "What
// residents and liaison officers receive"):
// - a sign-for reminder (sign_reminder) when an order, a passed-down level or a co-handling level waits for the
//   unit's signature: at once on dispatch for an order on a clock of minutes and hours (urgent, or a 15/30-minute
//   severity tier: its sign-for yellow card would come minutes before the deadline), and otherwise when the sign-for
//   yellow card is issued (the deadline's own working day), so a unit that signs its orders promptly gets no texts.
//   One text per assignment and sign-for deadline, whichever comes first;
// - a red card text (red_card) when a red card is issued to the unit (a sign-for or reply deadline missed), once
//   per assignment, kind and deadline.
// Texts of an order on the wall clock are urgent (they pass quiet hours); the others wait for the morning.
import type { Executor } from '../../lib/db.ts';
import { beijingTime } from '../../lib/calendar.ts';
import { departmentsRepository, type Department } from '../departments/departments.repository.ts';
import { isMobile, summaryOf } from './resident-texts.ts';
import { smsOutbox } from './sms-outbox.ts';

/** A title in a text: short enough that the text stays one or two messages. */
const TITLE_CHARS = 20;

interface Card {
  ticket: { number: string; title: string };
  assignment_id: number;
  /** The unit texted: the department of the assignment (a level's own unit). */
  department_id: number | null;
  /** Whether the order runs on a clock of minutes and hours (urgent, or a severity tier with wall-time limits). */
  urgent: boolean;
}

async function liaisonOf(db: Executor, departmentId: number | null, known?: Department | null) {
  if (departmentId === null) return null;
  const d = known ?? (await departmentsRepository.find(db, departmentId));
  return d && isMobile(d.liaison_mobile) ? d : null;
}

export const liaisonTexts = {
  /** An order (or level) waits for the unit's signature by `deadline`. False when there is no text to send. */
  async signReminder(db: Executor, x: Card & { deadline: Date }, now: Date, known?: Department | null) {
    const d = await liaisonOf(db, x.department_id, known);
    if (!d) return false;
    return smsOutbox.enqueueOnce(
      db,
      {
        to: d.liaison_mobile!,
        template: 'sign_reminder',
        params: {
          number: x.ticket.number,
          title: summaryOf(x.ticket.title, TITLE_CHARS),
          department: d.name,
          deadline: beijingTime(x.deadline),
        },
        urgent: x.urgent,
        dedupe_key: `sms:sign:${x.assignment_id}:${x.deadline.toISOString()}`,
      },
      now,
    );
  },

  /** A red card of the unit (kind sign or due, with its deadline). */
  async redCard(
    db: Executor,
    x: Card & { kind: string; deadline: Date },
    now: Date,
    known?: Department | null,
  ): Promise<boolean> {
    const d = await liaisonOf(db, x.department_id, known);
    if (!d) return false;
    return smsOutbox.enqueueOnce(
      db,
      {
        to: d.liaison_mobile!,
        template: 'red_card',
        params: { number: x.ticket.number, title: summaryOf(x.ticket.title, TITLE_CHARS), department: d.name },
        urgent: x.urgent,
        dedupe_key: `sms:red:${x.assignment_id}:${x.kind}:${x.deadline.toISOString()}`,
      },
      now,
    );
  },
};
