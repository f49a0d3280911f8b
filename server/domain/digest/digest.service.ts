// The daily digest (每日工单提醒): each department is mailed the orders it holds, with its red and yellow
// cards first. One mail per department per day, whatever the number of runs: the outbox's dedupe key
// (digest:<department>:<day>) decides, so a run interrupted half-way is simply run again.
import type { Config } from '../../../config/default.ts';
import type { Db } from '../../lib/db.ts';
import { fromDbTime, toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { departmentsRepository, type Department } from '../departments/departments.repository.ts';
import { outboxRepository } from '../outbox/outbox.repository.ts';
import { cardOfRow } from '../tickets/deadlines.ts';
import { ticketLink } from '../escalations/escalation-mail.ts';
import { render, type MessageKey, type Params } from '../../i18n/index.ts';
import type { Card } from '../tickets/ticket.types.ts';
import { digestRepository as repo, type HeldTicket } from './digest.repository.ts';

/** The digest's words, from the catalogue (server/i18n/mails.ts), in Chinese. */
const zh = (key: MessageKey, params?: Params) => render(key, params, 'zh');

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
      if (
        await outboxRepository.enqueueOnce(
          db,
          { ...mail, recipient: dept.email, dedupe_key: `digest:${dept.id}:${day}` },
          toDbTime(now),
        )
      ) {
        result.queued++;
      }
    }
    return result;
  }

  private compose(dept: Department, day: string, held: HeldTicket[], now: Date) {
    const byCard: Record<Card, HeldTicket[]> = { red: [], yellow: [], none: [] };
    for (const t of held) {
      byCard[cardOfRow(t, now)].push(t);
    }
    const url = this.deps.config.publicUrl;
    const line = (t: HeldTicket) => {
      const signing = t.signed_at === null && t.status === 'dispatched';
      const deadline = signing
        ? zh('digest.deadline.sign', { at: fromDbTime(t.sign_deadline_at)!.toISOString() })
        : zh('digest.deadline.due', { at: fromDbTime(t.due_at)!.toISOString() });
      const words = { number: t.number, title: t.title, deadline, url: ticketLink(url, t.id) };
      return zh(t.status === 'suspended' ? 'digest.lineSuspended' : 'digest.line', words);
    };
    const section = (title: MessageKey, list: HeldTicket[]) =>
      list.length === 0
        ? ''
        : zh('digest.section', { title: zh(title), count: list.length }) +
          list.slice(0, LISTED).map(line).join('') +
          (list.length > LISTED ? zh('digest.more', { count: list.length - LISTED }) : '') +
          '\n';
    const [y, m, d] = day.split('-').map(Number);
    const counts = { department: dept.name, held: held.length, red: byCard.red.length, yellow: byCard.yellow.length };
    return {
      subject: zh('digest.subject', { ...counts, month: m, day: d }),
      body:
        zh('digest.body', { ...counts, now: now.toISOString() }) +
        section('digest.section.red', byCard.red) +
        section('digest.section.yellow', byCard.yellow) +
        section('digest.section.none', byCard.none) +
        `${zh('digest.signature', { year: y, month: m, day: d })}\n${zh('mail.footer')}\n`,
    };
  }
}
