// 待派单: every order not yet dispatched (web, Open311, upstream, 仅登记, approved returns, recalls), the longest
// wait first, with how many have waited past the configured time (config intake.dispatchWaitWarnMinutes). The
// page reads that time from here, so the warning and the setting cannot disagree.
import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { dispatchQueueRepository as repo } from './dispatch-queue.repository.ts';
import { ticketView } from './ticket-view.ts';
import { upstreamOrdersRepository } from '../upstream/upstream-orders.repository.ts';
import type { QueueQuery } from './tickets.schemas.ts';

export class DispatchQueueService {
  constructor(
    private readonly db: Db,
    private readonly warnAfterMinutes: number,
  ) {}

  async list(q: QueueQuery) {
    const now = clock.now();
    const overdueBefore = new Date(now.getTime() - this.warnAfterMinutes * 60_000);
    const [rows, counts] = await Promise.all([
      repo.page(this.db, q.per_page, (q.page - 1) * q.per_page),
      repo.counts(this.db, toDbTime(overdueBefore)),
    ]);
    // Orders sent down by an upstream show where from (its name, id and deadline): one query for the page.
    const upstream = await upstreamOrdersRepository.originsOf(
      this.db,
      rows.filter((t) => t.peer_feed).map((t) => t.id),
    );
    return {
      items: rows.map((t) => {
        const view = ticketView(t, now, 'masked');
        // A server clock set back (a corrected clock, a test) must not show a wait below zero.
        const waitedMs = Math.max(0, now.getTime() - Date.parse(view.waiting_since!));
        // The same comparison as the count's (waiting since before now minus the setting).
        return {
          ...view,
          waited_minutes: Math.floor(waitedMs / 60_000),
          overdue: waitedMs > this.warnAfterMinutes * 60_000,
          upstream: upstream.get(t.id) ?? null,
        };
      }),
      total: counts.total,
      overdue: counts.overdue,
      warn_after_minutes: this.warnAfterMinutes,
      page: q.page,
      per_page: q.per_page,
    };
  }
}
