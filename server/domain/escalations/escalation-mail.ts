// The texts of escalation: the timeline note and the mails, in Chinese, saying what is due by when (Beijing
// time) and linking to the ticket.
import type { Department } from '../departments/departments.repository.ts';
import type { OutboxMessage } from '../outbox/outbox.repository.ts';
import type { EscalationStep } from '../tickets/deadlines.ts';
import type { TicketRow } from '../tickets/ticket.types.ts';

import { beijingTime } from '../../lib/calendar.ts';
import { render, type MessageKey, type Params } from '../../i18n/index.ts';

export { beijingTime };

export const ticketLink = (publicUrl: string, id: number) => `${publicUrl.replace(/\/$/, '')}/tickets/${id}`;

/** A mail's or note's words, from the catalogue (server/i18n/mails.ts), in Chinese. */
const zh = (key: MessageKey, params?: Params) => render(key, params, 'zh');

export interface EscalationText {
  ticket: Pick<TicketRow, 'id' | 'number' | 'title' | 'urgency'>;
  department: Pick<Department, 'name' | 'email' | 'head_email'>;
  step: EscalationStep;
  now: Date;
  publicUrl: string;
  headAfterWorkdays: number;
  supervisorsEmail?: string;
}

/** The note of the step's event on the ticket's timeline. */
export function escalationNote(x: EscalationText): string {
  const words = { kind: x.step.kind, by: x.step.deadline.toISOString(), days: x.headAfterWorkdays };
  if (x.step.level === 'yellow') return zh('escalation.note.yellow', words);
  if (x.step.level === 'red') return zh('escalation.note.red', words);
  return zh('escalation.note.head', words);
}

/** The mails of a step, each with a key that makes it go once. */
export function escalationMails(x: EscalationText, dedupe: string): OutboxMessage[] {
  const { ticket: t, department: d, step } = x;
  const words = {
    kind: step.kind,
    by: step.deadline.toISOString(),
    days: x.headAfterWorkdays,
    number: t.number,
    department: d.name,
  };
  const link = `${zh('mail.viewTicket', { url: ticketLink(x.publicUrl, t.id) })}\n`;
  const footer = `\n${zh('mail.footer')}\n`;
  const about = zh(t.urgency === 'urgent' ? 'escalation.aboutUrgent' : 'escalation.about', {
    number: t.number,
    title: t.title,
  });
  if (step.level === 'yellow' || step.level === 'red') {
    if (!d.email) return [];
    const yellow = step.level === 'yellow';
    const left = zh(t.urgency === 'urgent' ? 'escalation.left.urgent' : 'escalation.left.normal');
    return [
      {
        recipient: d.email,
        dedupe_key: `${dedupe}:dept`,
        subject: zh(yellow ? 'escalation.subject.yellow' : 'escalation.subject.red', words),
        body:
          zh('escalation.body.intro', { ...words, about }) +
          zh(yellow ? 'escalation.body.yellow' : 'escalation.body.red', { ...words, left }) +
          `\n${link}${footer}`,
      },
    ];
  }
  const subject = zh('escalation.subject.head', words);
  const body = (greeting: string) =>
    `${zh('escalation.body.head', { ...words, about, greeting, now: x.now.toISOString() })}\n\n${link}${footer}`;
  const mails: OutboxMessage[] = [];
  if (d.head_email) {
    const greeting = zh('escalation.greeting.head', { department: d.name });
    mails.push({ recipient: d.head_email, dedupe_key: `${dedupe}:head`, subject, body: body(greeting) });
  }
  if (x.supervisorsEmail) {
    const greeting = zh('escalation.greeting.supervisors');
    mails.push({ recipient: x.supervisorsEmail, dedupe_key: `${dedupe}:supervisors`, subject, body: body(greeting) });
  }
  return mails;
}
