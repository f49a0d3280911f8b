import type { Executor } from '../../lib/db.ts';
import type { Actor } from '../users/actor.ts';

export const auditRepository = {
  async record(
    db: Executor,
    actor: Actor,
    action: string,
    target: { type: string; id: number | null },
    detail: unknown,
    now: string,
  ) {
    await db('audit_log').insert({
      actor_id: actor.id,
      actor_role: actor.role,
      action,
      target_type: target.type,
      target_id: target.id,
      detail: detail === undefined ? null : JSON.stringify(detail),
      ip: actor.ip ?? null,
      created_at: now,
    });
  },

  async list(db: Executor, filter: { target_type?: string; target_id?: number; action?: string; limit?: number }) {
    const q = db('audit_log')
      .orderBy('id', 'desc')
      .limit(filter.limit ?? 100);
    if (filter.target_type) q.where('target_type', filter.target_type);
    if (filter.target_id) q.where('target_id', filter.target_id);
    if (filter.action) q.where('action', filter.action);
    return q;
  },
};
