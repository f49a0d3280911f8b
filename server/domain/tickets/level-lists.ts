// A unit's lists of levels (docs/api.md "Passing down"): the inbox's 下派给我的 (todo) and 待审核 (review), paged like
// the inbox, each with its ticket's number, title and masked caller, the level's status, deadlines and card.
import type { Db } from '../../lib/db.ts';
import { fromDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { iso } from '../../lib/time.ts';
import { homeUnit, reachOf, requireAccess } from '../access/access.ts';
import type { Actor } from '../users/actor.ts';
import { levelCardOf } from './level-card.ts';
import { levelStatus } from './level-view.ts';
import { levelsRepository } from './levels.repository.ts';
import type { LevelsQuery } from './levels.schemas.ts';
import { maskPhone } from './ticket-view.ts';
import type { TicketRow } from './ticket.types.ts';

/**
 * A unit's lists (docs/api.md "Passing down"): `todo`, its open levels passed down or co-handled; `review`, the
 * replies of the levels it passed down awaiting its approval. A handler's lists are its own department's, the work
 * it acts on (a district reads its streets' orders, but their levels are theirs to sign and reply, and their
 * communities' replies theirs to review); the hotline sees everyone's.
 */
export async function levelLists(db: Db, actor: Actor, q: LevelsQuery) {
  requireAccess(actor, 'ticket.read');
  const own = homeUnit(actor);
  const units = reachOf(actor, 'ticket.read') === 'all' ? null : own === null ? [] : [own];
  const { items, total } = await levelsRepository.list(db, { ...q, units });
  const now = clock.now();
  return {
    items: items.map((r) => ({
      id: r.id,
      ticket_id: r.ticket_id,
      number: r.number,
      title: r.title,
      address: r.address,
      // Lists mask the caller for everyone, and show nothing of a confidential one (ticket-view.ts).
      caller_phone: r.confidential ? null : maskPhone(r.caller_phone),
      type: r.type,
      urgency: r.urgency,
      ticket_status: r.ticket_status,
      version: r.version,
      role: r.role,
      parent_id: r.parent_id,
      department_id: r.department_id,
      department_name: r.department_name,
      parent_department_id: r.parent_department_id,
      parent_department_name: r.parent_department_name,
      status: levelStatus(r),
      dispatched_at: iso(r.dispatched_at),
      sign_deadline_at: iso(r.sign_deadline_at),
      due_at: iso(r.due_at),
      signed_at: iso(r.signed_at),
      replied_at: iso(r.replied_at),
      reply: r.reply ?? null,
      overdue: now > fromDbTime(r.due_at)!,
      card: levelCardOf(
        {
          status: r.ticket_status as TicketRow['status'],
          urgency: r.urgency as TicketRow['urgency'],
          due_at: r.ticket_due_at,
          due_yellow_at: r.ticket_due_yellow_at,
          suspended_at: r.ticket_suspended_at,
        },
        r,
        now,
      ),
    })),
    total,
    page: q.page,
    per_page: q.per_page,
  };
}
