// The notices of a new surge warning (docs/rules/hot-spots.md "Notices"), queued in the warning's transaction
// through the outbox, each once by a dedupe key of the warning: a mail to the supervisors' mailbox
// (SUPERVISORS_EMAIL: users have no email of their own) and to the area unit's head, a text to its liaison mobile.
// They carry the area, category and figures only, never a caller's data.
import type { Config } from '../../../config/default.ts';
import type { Executor } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { render } from '../../i18n/index.ts';
import { outboxRepository } from '../outbox/outbox.repository.ts';
import { isMobile } from '../sms/resident-texts.ts';
import { smsOutbox } from '../sms/sms-outbox.ts';

export interface SurgeNotice {
  id: number;
  day: string;
  count: number;
  baseline: number;
  limit: number;
  /** The area's names from the district down (东城区 / 东华门街道 / 多福巷社区) and the category's name. */
  path: string[];
  category: string;
  area: { name: string; head_email: string | null; liaison_mobile: string | null };
}

type NoticeConfig = Pick<Config, 'publicUrl' | 'supervisorsEmail' | 'intake'>;

/** The supervisor's page, where warnings are acknowledged, assigned and closed. */
const warningLink = (publicUrl: string) => `${publicUrl.replace(/\/$/, '')}/supervise#surges`;

export async function queueSurgeNotices(trx: Executor, w: SurgeNotice, now: Date, config: NoticeConfig) {
  const zh = (key: Parameters<typeof render>[0], params: Record<string, string | number> = {}) =>
    render(key, params, 'zh');
  const baseline = w.baseline.toFixed(1);
  const words = {
    area: w.area.name,
    path: w.path.join(''),
    category: w.category,
    day: w.day,
    count: w.count,
    baseline,
    limit: w.limit,
    days: config.intake.surgeBaselineDays,
    alpha: config.intake.surgeAlpha,
    url: warningLink(config.publicUrl),
  };
  const mails = [
    { to: config.supervisorsEmail, greeting: zh('surgeAlert.mail.supervisors'), key: 'supervisors' },
    { to: w.area.head_email, greeting: zh('surgeAlert.mail.head', { area: w.area.name }), key: 'head' },
  ];
  for (const m of mails) {
    if (!m.to) continue;
    await outboxRepository.enqueueOnce(
      trx,
      {
        recipient: m.to,
        subject: zh('surgeAlert.mail.subject', words),
        body: `${zh('surgeAlert.mail.body', { ...words, greeting: m.greeting })}\n\n${zh('mail.footer')}\n`,
        dedupe_key: `surge:mail:${m.key}:${w.id}`,
      },
      toDbTime(now),
    );
  }
  if (isMobile(w.area.liaison_mobile))
    await smsOutbox.enqueueOnce(
      trx,
      {
        to: w.area.liaison_mobile,
        template: 'surge_warning',
        params: { area: w.area.name, day: w.day, category: w.category, count: String(w.count), baseline },
        urgent: false,
        dedupe_key: `sms:surge:${w.id}`,
      },
      now,
    );
}
