// Supervision orders (督办, docs/rules/work-orders.md: issued on any open ticket, notifying the department,
// and counted). They are written by the tickets area; this lists them for supervisors and administrators, and
// for a handler those of the handler's own department only.
import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { dayStart, nextDate } from '../../lib/calendar.ts';
import { iso } from '../../lib/time.ts';
import { scopeToUnits } from '../access/access.ts';
import type { Actor } from '../users/actor.ts';
import { supervisionsRepository as repo } from './supervisions.repository.ts';
import type { ListSupervisions } from './supervisions.schemas.ts';

/** Where a local (Asia/Shanghai) day begins, as stored (UTC). */
const startOf = (day: string) => toDbTime(dayStart(day));

export class SupervisionsService {
  constructor(private readonly db: Db) {}

  async list(actor: Actor, q: ListSupervisions) {
    // A handler reads its units' orders (its own and those below it) whatever it asks for, as in the ticket list.
    const { department_id, department_ids } = scopeToUnits(actor, 'supervision.read', q);
    const { items, total } = await repo.list(this.db, {
      department_id,
      department_ids,
      automatic: q.automatic,
      from: q.from ? startOf(q.from) : undefined,
      to: q.to ? startOf(nextDate(q.to)) : undefined,
      limit: q.per_page,
      offset: (q.page - 1) * q.per_page,
    });
    return {
      items: items.map((s) => ({
        id: s.id,
        ticket_id: s.ticket_id,
        ticket_number: s.ticket_number,
        ticket_title: s.ticket_title,
        department_id: s.department_id,
        department_name: s.department_name,
        note: s.note,
        automatic: Boolean(s.automatic),
        created_at: iso(s.created_at),
        created_by: s.created_by,
        created_by_name: s.created_by_name,
      })),
      total,
      page: q.page,
      per_page: q.per_page,
    };
  }
}
