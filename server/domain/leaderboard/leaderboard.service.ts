// The monthly red/blue leaderboard (docs/rules/leaderboard.md): previewed live for any month;
// prepared once a month has ended (by the job at 01:00 on the 1st, supervisors told); published by a supervisor
// after review, or by the job on the configured day; frozen once published and mailed to department heads.
import type { Config } from '../../../config/default.ts';
import type { Db, Executor } from '../../lib/db.ts';
import { fromDbTime, onCommit, toDbTime, withTransaction } from '../../lib/db.ts';
import { iso } from '../../lib/time.ts';
import { bus, type LeaderboardPublished } from '../../lib/bus.ts';
import { clock } from '../../lib/clock.ts';
import { dayStart, localDate } from '../../lib/calendar.ts';
import { errors } from '../../lib/errors.ts';
import { render } from '../../i18n/index.ts';
import { departmentsRepository } from '../departments/departments.repository.ts';
import { outboxRepository } from '../outbox/outbox.repository.ts';
import type { Actor } from '../users/actor.ts';
import { monthPeriod, type FiguresService } from '../figures/figures.service.ts';
import { boardOf, type GroupBoard } from './scoring.ts';
import { leaderboardRepository as repo } from './leaderboard.repository.ts';

/** preview: live figures; prepared: frozen for review, not yet public; published: frozen and public. */
export type BoardStatus = 'preview' | 'prepared' | 'published';

export interface Board {
  month: string;
  status: BoardStatus;
  /** Whether the month has ended: only then can it be published. */
  ended: boolean;
  prepared_at: string | null;
  published_at: string | null;
  groups: GroupBoard[];
}

export function monthAfter(month: string, n = 1): string {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

export class LeaderboardService {
  constructor(
    private readonly db: Db,
    private readonly figures: FiguresService,
    private readonly config: Config,
  ) {}

  private ended(month: string): boolean {
    return localDate(clock.now()).slice(0, 7) > month;
  }

  /** The published board of a month; else its prepared board; else a live preview. */
  async get(month: string): Promise<Board> {
    const stored = await repo.find(this.db, month);
    const draft = await repo.findDraft(this.db, month);
    if (stored) {
      const { groups } = JSON.parse(stored.board);
      return {
        month,
        status: 'published',
        ended: true,
        prepared_at: iso(draft?.prepared_at),
        published_at: iso(stored.published_at),
        groups,
      };
    }
    if (draft)
      return {
        month,
        status: 'prepared',
        ended: true,
        prepared_at: iso(draft.prepared_at),
        published_at: null,
        groups: JSON.parse(draft.board).groups,
      };
    return this.compute(month);
  }

  async compute(month: string): Promise<Board> {
    // Ranked on the units' own figures unless configured (LEADERBOARD_SCOPE): a district is not ranked on its
    // streets' work, which the streets' own groups rank (docs/rules/leaderboard.md).
    const rows = await this.figures.departments(monthPeriod(month), { scope: this.config.leaderboard.scope });
    const groups = [...new Set(rows.map((r) => r.group))].sort();
    const { weights, minSample, listSize, minRanked } = this.config.leaderboard;
    return {
      month,
      status: 'preview',
      ended: this.ended(month),
      prepared_at: null,
      published_at: null,
      groups: groups.map((g) =>
        boardOf(
          g,
          rows
            .filter((r) => r.group === g)
            .map(({ counts: _c, group: _g, kind: _k, parent_id: _p, depth: _d, ...rest }) => rest),
          { weights, minSample, listSize, minRanked },
        ),
      ),
    };
  }

  /**
   * The board the dashboard shows: the latest published at or before the month just ended (a prepared board is
   * not public yet); when none was ever published, that month with no lists.
   */
  async shown(): Promise<Board> {
    const month = this.previousMonth();
    const latest = await repo.latestAtOrBefore(this.db, month);
    if (latest) return this.get(latest);
    return { month, status: 'preview', ended: true, prepared_at: null, published_at: null, groups: [] };
  }

  /** Whether the service held data in or before `month`: its first department's or order's month, Beijing time. */
  private async served(month: string): Promise<boolean> {
    const first = await repo.firstDataAt(this.db);
    return first !== null && localDate(fromDbTime(first)!).slice(0, 7) <= month;
  }

  /** The month just ended, as of the clock (what the job prepares on the 1st). */
  previousMonth(): string {
    return monthAfter(localDate(clock.now()).slice(0, 7), -1);
  }

  /** The latest month published at or before `month`, or null. */
  lastPublished(month: string): Promise<string | null> {
    return repo.latestAtOrBefore(this.db, month);
  }

  /** The latest month prepared or published at or before `month` (the job catches up from there), or null. */
  lastPrepared(month: string): Promise<string | null> {
    return repo.latestPreparedAtOrBefore(this.db, month);
  }

  /** Months prepared and waiting for a supervisor, oldest first. */
  awaitingPublication(): Promise<string[]> {
    return repo.unpublishedDrafts(this.db);
  }

  /** When the job publishes a prepared month nobody published: the configured day and hour of the next month. */
  autoPublishAt(month: string): Date | null {
    const { autoPublishDay: day, autoPublishHour: hour } = this.config.leaderboard;
    if (!day) return null;
    return new Date(
      dayStart(`${monthAfter(month)}-${String(day).padStart(2, '0')}`).getTime() + (hour ?? 0) * 3600_000,
    );
  }

  /**
   * Freezes an ended month's board for review and tells the supervisors; false when it was already prepared or
   * published.
   */
  async prepare(month: string): Promise<boolean> {
    if (!this.ended(month)) throw errors.invalidTransition('board.monthNotEnded', { month });
    // A month before the service began (a first start mid-month): nothing to rank, nothing to prepare.
    if (!(await this.served(month))) return false;
    if (await repo.find(this.db, month)) return false;
    const board = await this.compute(month);
    const now = toDbTime(clock.now());
    return withTransaction(this.db, async (trx) => {
      if (
        !(await repo.insertDraftOnce(trx, { month, board: JSON.stringify({ groups: board.groups }), prepared_at: now }))
      )
        return false;
      const to = this.config.supervisorsEmail;
      const auto = this.autoPublishAt(month);
      if (to) {
        await outboxRepository.enqueue(
          trx,
          [
            {
              recipient: to,
              dedupe_key: `leaderboard-prepared:${month}`,
              subject: render('board.preparedSubject', { month }, 'zh'),
              body: auto
                ? render('board.preparedBodyAuto', { month, at: auto.toISOString(), url: this.reviewUrl(month) }, 'zh')
                : render('board.preparedBody', { month, url: this.reviewUrl(month) }, 'zh'),
            },
          ],
          now,
        );
      }
      return true;
    });
  }

  /**
   * Publishes a month once (the board prepared for it, else its figures now); a second call answers the board
   * already published (created: false).
   */
  async publish(month: string, actor: Actor): Promise<{ created: boolean; board: Board }> {
    if (!this.ended(month)) throw errors.invalidTransition('board.monthNotEnded', { month });
    if (await repo.find(this.db, month)) return { created: false, board: await this.get(month) };
    // A board of 1999-01 would rank every department last for months it did not exist (and mail it to their heads).
    if (!(await this.served(month))) {
      throw errors.invalidTransition('board.beforeService', { month });
    }
    const draft = await repo.findDraft(this.db, month);
    const groups = draft ? (JSON.parse(draft.board).groups as GroupBoard[]) : (await this.compute(month)).groups;
    const now = toDbTime(clock.now());
    const created = await withTransaction(this.db, async (trx) => {
      if (
        !(await repo.insertOnce(trx, {
          month,
          board: JSON.stringify({ month, groups }),
          published_by: actor.id,
          published_at: now,
          created_at: now,
        }))
      )
        return false;
      await outboxRepository.enqueue(trx, await this.mails(trx, month, groups), now);
      // The dashboard shows the lists: its screens get the published board at once, not at the next change.
      onCommit(trx, () => bus.publish({ type: 'leaderboard.published', month } satisfies LeaderboardPublished));
      return true;
    });
    return { created, board: await this.get(month) };
  }

  /** Where the supervisors review a prepared month before publishing it. */
  reviewUrl(month: string): string {
    return `${this.config.publicUrl}/supervise?month=${month}#board`;
  }

  /** The published board as anyone may read it (department heads follow it from their mail): no sign-in. */
  boardUrl(month: string): string {
    return `${this.config.publicUrl}/board?month=${month}`;
  }

  /**
   * A published board, for everyone; a prepared or running month is not public yet (404, as for a month never
   * ranked).
   */
  async published(month: string): Promise<Board> {
    if (!(await repo.find(this.db, month))) throw errors.notFound('publishedBoard');
    return this.get(month);
  }

  /** The latest published board, for the public page opened without a month. */
  async latestPublished(): Promise<Board> {
    const latest = await repo.latestAtOrBefore(this.db, localDate(clock.now()).slice(0, 7));
    if (!latest) throw errors.notFound('publishedBoard');
    return this.get(latest);
  }

  private async mails(db: Executor, month: string, groups: GroupBoard[]) {
    const departments = await departmentsRepository.list(db);
    const entries = (list: GroupBoard['red']) =>
      list.map((e) => render('board.entry', { rank: e.rank, name: e.name, score: e.score }, 'zh')).join('；') || '—';
    const lines = groups
      .map((g) =>
        [
          `【${g.group}】`,
          render('board.redLine', { entries: entries(g.red) }, 'zh'),
          render('board.blueLine', { entries: entries(g.blue) }, 'zh'),
        ].join('\n'),
      )
      .join('\n\n');
    return departments
      .filter((d) => d.head_email)
      .map((d) => ({
        recipient: d.head_email!,
        subject: render('board.publishedSubject', { month }, 'zh'),
        body: render('board.publishedBody', { department: d.name, month, lines, url: this.boardUrl(month) }, 'zh'),
        dedupe_key: `leaderboard:${month}:${d.id}`,
      }));
  }
}
