// The resident's progress look-up (GET /public/tickets/:number?phone_last4=): no sign-in, so it shows only
// what the resident may see — status, department and the public events of the timeline, with the answer given —
// and nothing of the caller, internal notes or who acted. A wrong number and a wrong phone get the same 404, so
// the look-up tells nobody which numbers exist. A merged order (并单) leads to the order it joined.
import type { Db } from '../../lib/db.ts';
import { errors } from '../../lib/errors.ts';
import { departmentsRepository } from '../departments/departments.repository.ts';
import { ratingsRepository } from '../ratings/ratings.repository.ts';
import { toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { STATUS_NAMES } from './ticket-state.ts';
import { iso } from './ticket-view.ts';
import { ticketsRepository as repo } from './tickets.repository.ts';
import type { TicketRow } from './ticket.types.ts';

/** Events whose note is the answer to the resident; every other note is internal. */
const ANSWERS = new Set(['reply', 'answer']);
/** A merge chain longer than this is cut short (it cannot loop: only open orders can be merged into). */
const MAX_HOPS = 5;

const notFound = () => errors.notFound('工单');

function lastDigits(phone: string | null): string | null {
  const digits = (phone ?? '').replace(/\D/g, '');
  return digits.length >= 4 ? digits.slice(-4) : null;
}

export class PublicProgressService {
  constructor(private readonly db: Db) {}

  async lookup(number: string, phoneLast4: string) {
    const t = await repo.findByNumber(this.db, number);
    if (!t || lastDigits(t.caller_phone) !== phoneLast4) throw notFound();
    let target = t;
    for (let hops = 0; target.status === 'merged' && target.merged_into_id && hops < MAX_HOPS; hops++) {
      target = (await repo.find(this.db, target.merged_into_id))!;
    }
    const [own, rateUrl] = await Promise.all([this.progress(t), this.rateUrl(t)]);
    return {
      ...own,
      title: t.title,
      rate_url: rateUrl,
      // The order this one was merged into carries on the work: its progress, without its caller's words.
      merged_into: target.id === t.id ? null : await this.progress(target),
    };
  }

  /**
   * The single-use rating link of the department's reply (好差评), while it is open: whoever proves the order is
   * theirs (number and phone) rates it here, as with the link in a text message.
   */
  private async rateUrl(t: TicketRow): Promise<string | null> {
    if (t.status !== 'replied') return null;
    const token = await ratingsRepository.latestTokenOfTicket(this.db, t.id);
    if (!token || token.used_at || token.expires_at <= toDbTime(clock.now())) return null;
    return `/rate/${encodeURIComponent(token.token)}`;
  }

  private async progress(t: TicketRow) {
    const [events, department] = await Promise.all([
      repo.events(this.db, t.id), t.department_id ? departmentsRepository.find(this.db, t.department_id) : null,
    ]);
    return {
      number: t.number,
      status: t.status,
      status_name: STATUS_NAMES[t.status],
      department_name: department?.name ?? null,
      created_at: iso(t.created_at),
      due_at: iso(t.due_at),
      closed_at: iso(t.closed_at),
      events: events.filter((e) => Boolean(e.public)).map((e) => {
        const data = e.data ? JSON.parse(e.data) : {};
        return {
          action: e.action as string,
          at: iso(e.created_at),
          department_name: (data.department_name as string | undefined) ?? null,
          into_number: (data.into_number as string | undefined) ?? null,
          resolution: ANSWERS.has(e.action) ? e.note : null,
        };
      }),
    };
  }
}
