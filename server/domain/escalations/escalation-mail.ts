// The texts of escalation: the timeline note and the mails, in Chinese, saying what is due by when (Beijing
// time) and linking to the ticket.
import type { Department } from '../departments/departments.repository.ts';
import type { OutboxMessage } from '../outbox/outbox.repository.ts';
import type { EscalationKind, EscalationStep } from '../tickets/deadlines.ts';
import type { TicketRow } from '../tickets/ticket.types.ts';

import { beijingTime } from '../../lib/calendar.ts';

export { beijingTime };

export const ticketLink = (publicUrl: string, id: number) => `${publicUrl.replace(/\/$/, '')}/tickets/${id}`;

const WHAT: Record<EscalationKind, { deadline: string; act: string; missed: string }> = {
  sign: { deadline: '签收时限', act: '签收', missed: '未签收' },
  due: { deadline: '办理时限', act: '办理并答复', missed: '未答复' },
};

const FOOTER = '\n—— 12345政务服务便民热线（系统自动发送，请勿直接回复）\n';

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
  const w = WHAT[x.step.kind];
  const by = beijingTime(x.step.deadline);
  if (x.step.level === 'yellow') return `黄牌预警：${w.deadline}${by}即将到期`;
  if (x.step.level === 'red') return `红牌：超过${w.deadline}（${by}）${w.missed}，已自动督办`;
  return `超过${w.deadline}（${by}）${x.headAfterWorkdays}个工作日${w.missed}，已通报部门负责人和督办人员`;
}

/** The mails of a step, each with a key that makes it go once. */
export function escalationMails(x: EscalationText, dedupe: string): OutboxMessage[] {
  const { ticket: t, department: d, step } = x;
  const w = WHAT[step.kind];
  const by = beijingTime(step.deadline);
  const link = `查看工单：${ticketLink(x.publicUrl, t.id)}\n`;
  const about = `工单 ${t.number}「${t.title}」${t.urgency === 'urgent' ? '（紧急）' : ''}`;
  if (step.level === 'yellow' || step.level === 'red') {
    if (!d.email) return [];
    const yellow = step.level === 'yellow';
    const left = t.urgency === 'urgent' ? '剩余时间已不足时限的四分之一' : '剩余时间已不足1个工作日';
    return [{
      recipient: d.email,
      dedupe_key: `${dedupe}:dept`,
      subject: yellow ? `【黄牌预警】工单${t.number}须于${by}前${w.act}` : `【红牌督办】工单${t.number}已超过${w.deadline}`,
      body: `${d.name}：\n\n${about}的${w.deadline}为 ${by}（北京时间），` +
        (yellow
          ? `${left}，请于 ${by} 前${w.act}。\n`
          : `现已超时${w.missed}。系统已自动发出督办，请立即${w.act}，逾期${x.headAfterWorkdays}个工作日将通报部门负责人。\n`) +
        `\n${link}${FOOTER}`,
    }];
  }
  const subject = `【超期通报】工单${t.number}超过${w.deadline}已达${x.headAfterWorkdays}个工作日`;
  const body = (greeting: string) => `${greeting}：\n\n${d.name}承办的${about}，${w.deadline}为 ${by}（北京时间），` +
    `截至 ${beijingTime(x.now)} 已超期${x.headAfterWorkdays}个工作日以上仍${w.missed}，系统已于超期时自动督办，请督促尽快${w.act}。\n\n${link}${FOOTER}`;
  const mails: OutboxMessage[] = [];
  if (d.head_email) mails.push({ recipient: d.head_email, dedupe_key: `${dedupe}:head`, subject, body: body(`${d.name}负责人`) });
  if (x.supervisorsEmail) mails.push({ recipient: x.supervisorsEmail, dedupe_key: `${dedupe}:supervisors`, subject, body: body('督办人员') });
  return mails;
}
