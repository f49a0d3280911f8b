// The day's overview (API.md GET /stats/overview) and the live dashboard's whole picture, both from the one
// figures module, the call figures and the ticket counts.
import type { Config } from '../../../config/default.ts';
import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { dayStart, localDate, nextDate } from '../../lib/calendar.ts';
import { callFigures, dayCallFigures } from '../calls/call-figures.ts';
import { ticketsRepository } from '../tickets/tickets.repository.ts';
import type { LeaderboardService } from '../leaderboard/leaderboard.service.ts';
import type { FiguresService } from './figures.service.ts';
import { rate } from './rates.ts';
import { scoreOf } from '../leaderboard/scoring.ts';

export class OverviewService {
  constructor(
    private readonly db: Db,
    private readonly figures: FiguresService,
    private readonly leaderboard: LeaderboardService,
    private readonly config: Config,
  ) {}

  async overview(date: string) {
    const isToday = date === localDate(clock.now());
    const [calls, created, counts, day] = await Promise.all([
      dayCallFigures(this.db, date),
      ticketsRepository.createdCount(this.db, toDbTime(dayStart(date)), toDbTime(dayStart(nextDate(date)))),
      // Open orders and cards are a state of now; for a past date they are as of its last second.
      ticketsRepository.openCounts(this.db, toDbTime(isToday ? clock.now() : new Date(dayStart(nextDate(date)).getTime() - 1))),
      this.figures.daily({ from: date, to: date }),
    ]);
    const c = day[0].counts;
    return {
      date,
      calls,
      tickets: { created, ...counts },
      ratings: { count: c.ratings, bad: c.bad, satisfaction_rate: rate(c.ratings_good, c.ratings) },
    };
  }

  /** Changes to anything the dashboard shows move this mark (used to hear of other instances' changes). */
  async watermark(): Promise<string> {
    const [events, ratings, calls] = await Promise.all([
      this.db('ticket_events').max({ m: 'id' }).first(),
      this.db('ratings').max({ m: 'id' }).first(),
      this.db('calls').max({ m: 'id' }).first(),
    ]);
    return `${events?.m ?? 0}:${ratings?.m ?? 0}:${calls?.m ?? 0}`;
  }

  /** Everything the wall screen shows, computed once per change and pushed to every screen. */
  async dashboard() {
    const today = localDate(clock.now());
    const from = nextDate(today, -29);
    const month = today.slice(0, 7);
    const [overview, trend, calls, categories, departments, lastBoard] = await Promise.all([
      this.overview(today),
      this.figures.daily({ from, to: today }),
      callFigures(this.db, from, today, 15, false),
      ticketsRepository.countByCategory(this.db, toDbTime(dayStart(from)), toDbTime(dayStart(nextDate(today)))),
      this.figures.departments({ from: `${month}-01`, to: today }),
      this.leaderboard.get(this.leaderboard.previousMonth()),
    ]);
    const ranking = departments
      .filter((d) => d.received > 0)
      .map((d) => ({ department_id: d.department_id, name: d.name, group: d.group, received: d.received, score: scoreOf(d, this.config.leaderboard.weights) }))
      .sort((a, b) => b.score - a.score);
    return {
      at: clock.now().toISOString(),
      overview,
      trend: trend.map((d, i) => ({
        day: d.day, received: d.received, completion_rate: d.completion_rate, satisfaction_rate: d.satisfaction_rate,
        calls: calls.days[i]?.inbound ?? 0, connection_rate: calls.days[i]?.connection_rate ?? null,
      })),
      categories: categories.slice(0, 10),
      ranking,
      leaderboard: lastBoard,
    };
  }
}
