// Deadlines (docs/rules/deadlines.md): computed at dispatch from type and urgency, in working days on the Chinese
// calendar or in hours for urgent orders. Each deadline also gets the moment its yellow card begins, so the
// card is a plain comparison with the clock (and with SQL).
import type { Config } from '../../../config/default.ts';
import { WORKDAY_MS, dayStart, localDate, type WorkCalendar } from '../../lib/calendar.ts';
import { fromDbTime } from '../../lib/db.ts';
import type { Card, TicketRow, TicketType, Urgency } from './ticket.types.ts';

export interface Deadlines {
  sign_deadline_at: Date;
  sign_yellow_at: Date;
  due_at: Date;
  due_yellow_at: Date;
}

export function yellowStart(_cal: WorkCalendar | null, urgency: Urgency, windowStart: Date, deadline: Date): Date {
  if (urgency === 'urgent') {
    // Urgent: yellow when less than a quarter of the window remains.
    return new Date(deadline.getTime() - (deadline.getTime() - windowStart.getTime()) / 4);
  }
  // Otherwise from the start (00:00 local) of the deadline's own working day (docs/rules/deadlines.md): counting
  // one working day of working time back from 23:59:59 reached the previous working day's last second, so an order
  // dispatched on a Saturday and due on Monday was yellow from the moment it arrived. The day holding the
  // deadline's last moment (a resumed deadline may end exactly at midnight) is always a working day.
  return dayStart(localDate(new Date(deadline.getTime() - 1)));
}

/**
 * The deadlines of a dispatch at `at`. `tier` is the severity tier of the category's leaf in the catalogue in force
 * (docs/rules/deadlines.md "Severity tiers"): a tier with limits of its own (life, utility) counts in minutes and
 * hours of wall time like an urgent order; the urgent flag stays the highest tier, and where both apply each limit
 * is the earlier of the two. Wall-time windows get the urgent yellow card (the last quarter of the window).
 */
export function computeDeadlines(
  cal: WorkCalendar,
  rules: Config['rules'],
  type: TicketType,
  urgency: Urgency,
  at: Date,
  tier?: string | null,
): Deadlines {
  let sign: Date;
  let due: Date;
  const limits = tier ? rules.severityTiers?.[tier] : undefined;
  if (urgency === 'urgent' || limits) {
    const wall = (minutes: number) => new Date(at.getTime() + minutes * 60_000);
    const signs = [urgency === 'urgent' ? rules.urgentSignMinutes : Infinity, limits?.signMinutes ?? Infinity];
    const dues = [urgency === 'urgent' ? rules.urgentDueHours : Infinity, limits?.dueHours ?? Infinity];
    sign = wall(Math.min(...signs));
    due = wall(Math.min(...dues) * 60);
    return {
      sign_deadline_at: sign,
      sign_yellow_at: yellowStart(cal, 'urgent', at, sign),
      due_at: due,
      due_yellow_at: yellowStart(cal, 'urgent', at, due),
    };
  }
  sign = cal.addWorkdays(at, rules.signWorkdays);
  due = cal.addWorkdays(at, rules.dueWorkdays[type] ?? 15);
  return {
    sign_deadline_at: sign,
    sign_yellow_at: yellowStart(cal, urgency, at, sign),
    due_at: due,
    due_yellow_at: yellowStart(cal, urgency, at, due),
  };
}

/** Remaining time of a deadline at a moment: working time for day-based deadlines, wall time for urgent ones. */
export function remainingMs(cal: WorkCalendar, urgency: Urgency, from: Date, deadline: Date): number {
  return urgency === 'urgent' ? Math.max(0, deadline.getTime() - from.getTime()) : cal.workingMsBetween(from, deadline);
}

/** The deadline after a pause: the remaining time carries on from `from`. */
export function resumeDeadline(cal: WorkCalendar, urgency: Urgency, from: Date, remaining: number): Date {
  return urgency === 'urgent' ? new Date(from.getTime() + remaining) : cal.addWorkingMs(from, remaining);
}

export interface CardInput {
  status: string;
  signed_at: Date | null;
  suspended_at: Date | null;
  sign_deadline_at: Date | null;
  sign_yellow_at: Date | null;
  due_at: Date | null;
  due_yellow_at: Date | null;
}

/**
 * The card of a ticket at a moment. Only tickets a department holds have one; a suspended ticket keeps the
 * card it had when the clock stopped. The sign-for deadline counts until the ticket is signed.
 */
export function cardAt(t: CardInput, now: Date): Card {
  if (!['dispatched', 'accepted', 'suspended'].includes(t.status)) return 'none';
  const at = t.status === 'suspended' && t.suspended_at ? t.suspended_at : now;
  const past = (d: Date | null) => d !== null && at > d;
  const signOpen = t.signed_at === null;
  if (past(t.due_at) || (signOpen && past(t.sign_deadline_at))) return 'red';
  if (past(t.due_yellow_at) || (signOpen && past(t.sign_yellow_at))) return 'yellow';
  return 'none';
}

/** The card of a ticket as the database holds it (its times as stored), at a moment. */
export function cardOfRow(t: Pick<TicketRow, keyof CardInput>, now: Date): Card {
  return cardAt(
    {
      status: t.status,
      signed_at: fromDbTime(t.signed_at),
      suspended_at: fromDbTime(t.suspended_at),
      sign_deadline_at: fromDbTime(t.sign_deadline_at),
      sign_yellow_at: fromDbTime(t.sign_yellow_at),
      due_at: fromDbTime(t.due_at),
      due_yellow_at: fromDbTime(t.due_yellow_at),
    },
    now,
  );
}

// Escalation (预警): for each deadline a department has to meet, three steps — the yellow card when it
// begins, the red card once it is missed, and the mail to the department head and the supervisors once it
// is missed by `headAfterWorkdays` working days. Each step happens once per deadline of an assignment: an approved
// extension or a resumption after suspension sets a new deadline, which has cards of its own.
export const ESCALATION_KINDS = ['sign', 'due'] as const;
export const ESCALATION_LEVELS = ['yellow', 'red', 'head'] as const;
export type EscalationKind = (typeof ESCALATION_KINDS)[number];
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

export interface EscalationStep {
  kind: EscalationKind;
  level: EscalationLevel;
  /** The moment the step comes due. */
  at: Date;
  /** The deadline it is about. */
  deadline: Date;
}

export type EscalationInput = Pick<
  CardInput,
  'status' | 'signed_at' | 'sign_deadline_at' | 'sign_yellow_at' | 'due_at' | 'due_yellow_at'
>;

/** A step's identity: which deadline (kind and moment) and which level. */
export const stepKey = (s: { kind: string; level: string; deadline: Date }) =>
  `${s.kind}:${s.level}:${s.deadline.getTime()}`;

/**
 * Every escalation step of a ticket's current deadlines, earliest first. Only a ticket a department holds and
 * whose clock runs has any: a suspended one has none until it resumes (its deadlines then move). The sign-for
 * deadline counts until the ticket is signed. Cards begin the moment cardAt shows them (strictly after the
 * yellow start or the deadline), so the sweep and the ticket's `card` agree.
 */
export function escalationSteps(cal: WorkCalendar, headAfterWorkdays: number, t: EscalationInput): EscalationStep[] {
  if (t.status !== 'dispatched' && t.status !== 'accepted') return [];
  const steps: EscalationStep[] = [];
  const add = (kind: EscalationKind, yellowAt: Date | null, deadline: Date | null) => {
    if (!deadline) return;
    if (yellowAt) steps.push({ kind, level: 'yellow', at: new Date(yellowAt.getTime() + 1), deadline });
    steps.push({ kind, level: 'red', at: new Date(deadline.getTime() + 1), deadline });
    steps.push({ kind, level: 'head', at: cal.addWorkingMs(deadline, headAfterWorkdays * WORKDAY_MS), deadline });
  };
  if (t.signed_at === null) add('sign', t.sign_yellow_at, t.sign_deadline_at);
  add('due', t.due_yellow_at, t.due_at);
  return steps.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The earliest step not done yet (past or future: a past one is picked up by the next sweep), or null. */
export function nextEscalationAt(steps: EscalationStep[], done: ReadonlySet<string>): Date | null {
  return steps.find((s) => !done.has(stepKey(s)))?.at ?? null;
}

/** The steps that have come due at `now` and are not done, earliest first. */
export function dueEscalations(steps: EscalationStep[], done: ReadonlySet<string>, now: Date): EscalationStep[] {
  return steps.filter((s) => s.at <= now && !done.has(stepKey(s)));
}
