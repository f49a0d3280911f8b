// The monthly red/blue leaderboard: previewed any time, published once per ended month (by the job at 01:00 on
// the 1st or by a supervisor), frozen with the figures behind it and mailed to department heads.
import type { Config } from '../../../config/default.ts';
import type { Db } from '../../lib/db.ts';
import { fromDbTime, onCommit, toDbTime, withTransaction } from '../../lib/db.ts';
import { bus, type LeaderboardPublished } from '../../lib/bus.ts';
import { clock } from '../../lib/clock.ts';
import { localDate } from '../../lib/calendar.ts';
import { errors } from '../../lib/errors.ts';
import { departmentsRepository } from '../departments/departments.repository.ts';
import { outboxRepository } from '../outbox/outbox.repository.ts';
import type { Actor } from '../users/actor.ts';
import { monthPeriod, type FiguresService } from '../figures/figures.service.ts';
import { boardOf, type GroupBoard } from './scoring.ts';
import { leaderboardRepository as repo } from './leaderboard.repository.ts';

export interface Board { month: string; published_at: string | null; groups: GroupBoard[] }

export class LeaderboardService {
  constructor(private readonly db: Db, private readonly figures: FiguresService, private readonly config: Config) {}

  /** The published board of a month, or a live preview when it has not been published. */
  async get(month: string): Promise<Board> {
    const stored = await repo.find(this.db, month);
    if (stored) return { ...JSON.parse(stored.board), published_at: fromDbTime(stored.published_at)!.toISOString() };
    return this.compute(month);
  }

  async compute(month: string): Promise<Board> {
    const rows = await this.figures.departments(monthPeriod(month));
    const groups = [...new Set(rows.map((r) => r.group))].sort();
    const { weights, minSample, listSize } = this.config.leaderboard;
    return {
      month,
      published_at: null,
      groups: groups.map((g) => boardOf(g, rows.filter((r) => r.group === g).map(({ counts: _c, group: _g, ...rest }) => rest),
        { weights, minSample, listSize })),
    };
  }

  /** The month just ended, as of the clock (what the job publishes on the 1st). */
  previousMonth(): string {
    const today = localDate(clock.now());
    const d = new Date(Date.parse(`${today.slice(0, 7)}-01T00:00:00Z`) - 86_400_000);
    return d.toISOString().slice(0, 7);
  }

  /** The latest month published at or before `month` (the job catches up from there), or null. */
  lastPublished(month: string): Promise<string | null> {
    return repo.latestAtOrBefore(this.db, month);
  }

  /** Publishes a month once; a second call answers the board already published (created: false). */
  async publish(month: string, actor: Actor): Promise<{ created: boolean; board: Board }> {
    if (localDate(clock.now()).slice(0, 7) <= month) {
      throw errors.invalidTransition(`${month} 尚未结束，只能预览 / the month has not ended; preview only`);
    }
    const existing = await repo.find(this.db, month);
    if (existing) return { created: false, board: await this.get(month) };
    const board = await this.compute(month);
    const now = toDbTime(clock.now());
    const created = await withTransaction(this.db, async (trx) => {
      const { published_at: _p, ...frozen } = board;
      if (!(await repo.insertOnce(trx, { month, board: JSON.stringify(frozen), published_by: actor.id, published_at: now, created_at: now }))) return false;
      await outboxRepository.enqueue(trx, await this.mails(trx, board), now);
      // The dashboard shows the lists: its screens get the published board at once, not at the next change.
      onCommit(trx, () => bus.publish({ type: 'leaderboard.published', month } satisfies LeaderboardPublished));
      return true;
    });
    return { created, board: await this.get(month) };
  }

  private async mails(db: Db | Parameters<typeof departmentsRepository.list>[0], board: Board) {
    const departments = await departmentsRepository.list(db);
    const lines = board.groups.map((g) => [
      `【${g.group}】`,
      `红榜：${g.red.map((e) => `${e.rank}. ${e.name}（${e.score} 分）`).join('；') || '—'}`,
      `蓝榜：${g.blue.map((e) => `${e.rank}. ${e.name}（${e.score} 分）`).join('；') || '—'}`,
    ].join('\n')).join('\n\n');
    return departments.filter((d) => d.head_email).map((d) => ({
      recipient: d.head_email!,
      subject: `【红蓝榜】${board.month} 月度考核结果已发布`,
      body: `${d.name}负责同志：\n\n${board.month} 月度 12345 热线工单办理红蓝榜已发布。\n\n${lines}\n\n详情：${this.config.publicUrl}/dashboard\n`,
      dedupe_key: `leaderboard:${board.month}:${d.id}`,
    }));
  }
}
