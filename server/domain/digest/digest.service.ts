// The daily digest (每日工单提醒): each department is mailed the orders it holds, with its red and yellow
// cards first. One mail per department per day, whatever the number of runs: the outbox's dedupe key
// (digest:<department>:<day>) decides, so a run interrupted half-way is simply run again.
import type { Config } from '../../../config/default.ts';
import type { Db } from '../../lib/db.ts';
import { fromDbTime, toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { departmentsRepository, type Department } from '../departments/departments.repository.ts';
import { outboxRepository } from '../outbox/outbox.repository.ts';
import { cardAt } from '../tickets/deadlines.ts';
import { beijingTime, ticketLink } from '../escalations/escalation-mail.ts';
import type { Card } from '../tickets/ticket.types.ts';
import { digestRepository as repo, type HeldTicket } from './digest.repository.ts';

/** Orders listed by name in a mail, per card; the counts always cover all. */
const LISTED = 30;

export interface DigestResult {
  departments: number;
  queued: number;
}

export class DigestService {
  constructor(private readonly deps: { db: Db; config: Config }) {}

  /** Queues the digest of `day` (YYYY-MM-DD, Beijing) for every active department that holds orders. */
  async sendDaily(day: string, now: Date = clock.now()): Promise<DigestResult> {
    const { db } = this.deps;
    const result: DigestResult = { departments: 0, queued: 0 };
    for (const dept of await departmentsRepository.list(db)) {
      if (!dept.active || !dept.email) continue;
      const held = await repo.held(db, dept.id);
      if (held.length === 0) continue;
      result.departments++;
      const mail = this.compose(dept, day, held, now);
      if (await outboxRepository.enqueueOnce(db, { ...mail, recipient: dept.email, dedupe_key: `digest:${dept.id}:${day}` }, toDbTime(now))) {
        result.queued++;
      }
    }
    return result;
  }

  private compose(dept: Department, day: string, held: HeldTicket[], now: Date) {
    const byCard: Record<Card, HeldTicket[]> = { red: [], yellow: [], none: [] };
    for (const t of held) {
      byCard[cardAt({
        status: t.status, signed_at: fromDbTime(t.signed_at), suspended_at: fromDbTime(t.suspended_at),
        sign_deadline_at: fromDbTime(t.sign_deadline_at), sign_yellow_at: fromDbTime(t.sign_yellow_at),
        due_at: fromDbTime(t.due_at), due_yellow_at: fromDbTime(t.due_yellow_at),
      }, now)].push(t);
    }
    const url = this.deps.config.publicUrl;
    const line = (t: HeldTicket) => {
      const signing = t.signed_at === null && t.status === 'dispatched';
      const deadline = signing ? `签收时限 ${beijingTime(fromDbTime(t.sign_deadline_at)!)}` : `办理时限 ${beijingTime(fromDbTime(t.due_at)!)}`;
      return `  · ${t.number}「${t.title}」${t.status === 'suspended' ? '（已挂起）' : ''}${deadline}\n    ${ticketLink(url, t.id)}\n`;
    };
    const section = (title: string, list: HeldTicket[]) => list.length === 0 ? '' :
      `${title}（${list.length} 件）：\n${list.slice(0, LISTED).map(line).join('')}` +
      (list.length > LISTED ? `  ……另有 ${list.length - LISTED} 件，请登录系统查看\n` : '') + '\n';
    const [y, m, d] = day.split('-').map(Number);
    return {
      subject: `【每日工单提醒】${dept.name} ${m}月${d}日：在办 ${held.length} 件，红牌 ${byCard.red.length} 件，黄牌 ${byCard.yellow.length} 件`,
      body: `${dept.name}：\n\n截至 ${beijingTime(now)}（北京时间），贵单位在办工单 ${held.length} 件，其中红牌（已超时）` +
        `${byCard.red.length} 件、黄牌（即将到期）${byCard.yellow.length} 件。\n\n` +
        section('红牌工单（已超时，请立即办理）', byCard.red) +
        section('黄牌工单（即将到期）', byCard.yellow) +
        section('其他在办工单', byCard.none) +
        `${y}年${m}月${d}日 每日提醒\n—— 12345政务服务便民热线（系统自动发送，请勿直接回复）\n`,
    };
  }
}
