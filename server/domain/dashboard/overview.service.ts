// The day's overview (docs/api.md, GET /stats/overview) and the live dashboard's whole picture, both from the one
// figures module, the call figures and the ticket counts, with the leaderboard's ranking: the dashboard reads
// figures and leaderboard, neither reads it.
import type { Config } from '../../../config/default.ts';
import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { dayStart, localDate, nextDate } from '../../lib/calendar.ts';
import { dayCallFigures } from '../calls/call-figures.ts';
import { ticketsRepository } from '../tickets/tickets.repository.ts';
import type { LeaderboardService } from '../leaderboard/leaderboard.service.ts';
import type { FiguresService } from '../figures/figures.service.ts';
import { addCounts, rate, ratesOf } from '../figures/rates.ts';
import { zeroCounts, type Counts } from '../figures/rollups.repository.ts';
import { addCategories, DashboardHistory } from './dashboard-history.ts';
import { rankGroup, type Entry } from '../leaderboard/scoring.ts';
import { surgesMark, surgesPicture } from '../hotspots/surge-dashboard.ts';
import type { AreaMapService } from '../hotspots/area-map.service.ts';

/** The three rates (响应率, 解决率, 满意率) and the callback rate (回访率) of some counters. */
function threeRates(c: Counts) {
  const r = ratesOf(c);
  return {
    response_rate: r.response_rate,
    resolution_rate: r.resolution_rate,
    satisfaction_rate: r.satisfaction_rate,
    callback_rate: r.callback_rate,
  };
}

const listed = ({ department_id, name, score, rank }: Entry) => ({ department_id, name, score, rank });

export class OverviewService {
  private readonly history: DashboardHistory;

  constructor(
    private readonly db: Db,
    private readonly figures: FiguresService,
    private readonly leaderboard: LeaderboardService,
    private readonly config: Config,
    private readonly areaMaps?: AreaMapService,
  ) {
    this.history = new DashboardHistory(db);
  }

  async overview(date: string) {
    const isToday = date === localDate(clock.now());
    const [calls, created, counts, day] = await Promise.all([
      dayCallFigures(this.db, date, this.config.intake.answeredWithinSeconds),
      ticketsRepository.createdCount(this.db, toDbTime(dayStart(date)), toDbTime(dayStart(nextDate(date)))),
      // Open orders and cards are a state of now; for a past date they are as of its last second.
      ticketsRepository.openCounts(
        this.db,
        toDbTime(isToday ? clock.now() : new Date(dayStart(nextDate(date)).getTime() - 1)),
      ),
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

  /**
   * Changes to anything the dashboard shows move this mark (used to hear of other instances' changes). Boards are
   * counted: they are never deleted, and a month published late may sort before the latest.
   */
  async watermark(): Promise<string> {
    const [events, ratings, calls, boards, surges] = await Promise.all([
      this.db('ticket_events').max({ m: 'id' }).first(),
      this.db('ratings').max({ m: 'id' }).first(),
      this.db('calls').max({ m: 'id' }).first(),
      this.db('leaderboards').count({ n: '*' }).first(),
      // A warning raised, extended or acted on by another instance (hotspots/surge-dashboard.ts).
      surgesMark(this.db),
    ]);
    return `${events?.m ?? 0}:${ratings?.m ?? 0}:${calls?.m ?? 0}:${boards?.n ?? 0}:${surges}`;
  }

  /**
   * Everything the wall screen shows, computed once per change and pushed to every screen. The days before today
   * come from the kept history (raw calls and orders of a month are too many to read per change); today is read
   * fresh, and the rest comes from the daily rollups.
   */
  async dashboard() {
    const today = localDate(clock.now());
    const from = nextDate(today, -29);
    const month = today.slice(0, 7);
    // The map's shading (hotspots/area-map.service.ts): the past days kept, today's orders and open warnings read.
    const areaMap = this.areaMaps?.dashboardShading() ?? Promise.resolve(null);
    areaMap.catch(() => undefined);
    const [overview, trend, past, todayCategories, departments, lastBoard, monthDays, surges] = await Promise.all([
      this.overview(today),
      this.figures.daily({ from, to: today }),
      this.history.get(from, nextDate(today, -1), this.config.intake.answeredWithinSeconds),
      ticketsRepository.countByCategory(this.db, toDbTime(dayStart(today)), toDbTime(dayStart(nextDate(today)))),
      // The board's figures (LEADERBOARD_SCOPE): each unit's own unless configured.
      this.figures.departments({ from: `${month}-01`, to: today }, { scope: this.config.leaderboard.scope }),
      this.leaderboard.shown(),
      // The month so far, the whole city counting each order once: its three rates and callback rate.
      this.figures.daily({ from: `${month}-01`, to: today }),
      // The surge warnings not closed (热点预警, hotspots/surge-dashboard.ts).
      surgesPicture(this.db),
    ]);
    // Ranked as the board ranks (one function, rankGroup): within each group, over departments with the minimum
    // sample; equal scores share a rank (1, 2, 2, 4). The others are left out, as on the board.
    const groups = [...new Set(departments.map((d) => d.group))].sort();
    const ranking = groups.flatMap((g) =>
      rankGroup(
        departments.filter((d) => d.group === g),
        this.config.leaderboard,
      ).ranked.map((e) => ({
        department_id: e.department_id,
        name: e.name,
        group: g,
        received: e.figures.received,
        score: e.score,
        rank: e.rank,
      })),
    );
    return {
      at: clock.now().toISOString(),
      overview,
      month_rates: threeRates(monthDays.reduce((acc, d) => addCounts(acc, d.counts), zeroCounts())),
      trend: trend.map((d) => {
        const calls = d.day === today ? overview.calls : past.calls.get(d.day);
        return {
          day: d.day,
          received: d.received,
          completion_rate: d.completion_rate,
          satisfaction_rate: d.satisfaction_rate,
          calls: calls?.inbound ?? 0,
          connection_rate: calls?.connection_rate ?? null,
        };
      }),
      categories: addCategories(past.categories, todayCategories).slice(0, 10),
      ranking,
      // The lists as the screen shows them: the figures behind each score stay with GET /leaderboards/:month
      // (they would double every message sent to every screen).
      leaderboard: {
        month: lastBoard.month,
        published_at: lastBoard.published_at,
        groups: lastBoard.groups.map((g) => ({ group: g.group, red: g.red.map(listed), blue: g.blue.map(listed) })),
      },
      surges,
      // Each mapped area's orders of the last 30 days and open warnings, keyed by unit id; null without a map.
      area_map: await areaMap,
    };
  }
}
