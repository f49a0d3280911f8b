// 不合理诉求 in the demo (docs/rules/work-orders.md "Unreasonable demands"): the latest closed order a unit handled
// judged unreasonable (a repeated demand, approved by supervisor1: out of the unit's figures, listed in the report),
// and an order a unit handles now applied for, waiting in supervisor1's requests queue.
import type { Services } from '../services.ts';
import { clock } from '../lib/clock.ts';
import { toDbTime } from '../lib/db.ts';
import type { Actor } from '../domain/users/actor.ts';
import type { Cast } from './demo-catalogue.ts';

/** The latest order in a status held by a unit with a demo handler, dispatched by the hotline (no level). */
async function latest(s: Services, cast: Cast, status: string, since: Date, until: Date) {
  const handlers = new Map(Object.values(cast.handlers).map((h) => [h.department_id, h] as const));
  const rows: Array<{ id: number; department_id: number }> = await s
    .db('tickets')
    .where({ status, channel: 'phone' })
    .whereNotNull('department_id')
    .where('updated_at', '>=', toDbTime(since))
    .where('updated_at', '<=', toDbTime(until))
    .orderBy('updated_at', 'desc')
    .limit(50)
    .select('id', 'department_id');
  const found = rows.find((r) => handlers.has(r.department_id));
  return found ? { id: found.id, handler: handlers.get(found.department_id)! as Actor } : null;
}

export async function loadUnreasonable(s: Services, cast: Cast, now: Date): Promise<void> {
  const at = new Date(now.getTime() - 30 * 60_000);
  const closed = await latest(s, cast, 'closed', new Date(now.getTime() - 20 * 86_400_000), at);
  const held = await latest(s, cast, 'accepted', new Date(now.getTime() - 20 * 86_400_000), at);
  clock.set(at);
  if (closed) {
    const t = await s.tickets.view(closed.id);
    await s.unreasonable.apply(closed.handler, closed.id, {
      version: t.version,
      kind: 'repeated',
      reason: '同一诉求人就同一事项已反映 5 次，均已答复办结，本次未提出新的事实和理由',
    });
    const request = await s
      .db('ticket_requests')
      .where({ ticket_id: closed.id, kind: 'unreasonable', status: 'pending' })
      .first('id');
    clock.set(new Date(at.getTime() + 10 * 60_000));
    await s.unreasonable.decide(cast.supervisor, closed.id, request.id, {
      approve: true,
      note: '经核实属重复诉求，认定为不合理诉求，不计入考核',
    });
  }
  if (held) {
    clock.set(new Date(at.getTime() + 15 * 60_000));
    const t = await s.tickets.view(held.id);
    await s.unreasonable.apply(held.handler, held.id, {
      version: t.version,
      kind: 'beyond_standard',
      reason: '诉求人要求按商品房标准补偿，明显超出拆迁安置政策标准',
    });
  }
}
