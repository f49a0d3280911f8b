// The monthly bulletin (运行情况通报): what a supervisor prints and circulates after a month ends. Every number
// comes from the figures module, the call figures and the leaderboard, the same as every other page shows.
import type { Db } from '../../lib/db.ts';
import { callFigures } from '../calls/call-figures.ts';
import { monthSoFar, previousPeriod, type FiguresService } from '../figures/figures.service.ts';
import { clock } from '../../lib/clock.ts';
import { localDate } from '../../lib/calendar.ts';
import type { LeaderboardService } from '../leaderboard/leaderboard.service.ts';
import { monthlyAnalysis } from './hot-issues.ts';

/** The categories a bulletin lists: the most received, the rest are in the report by category. */
const TOP_CATEGORIES = 10;

export class BulletinService {
  constructor(
    private readonly db: Db,
    private readonly figures: FiguresService,
    private readonly leaderboard: LeaderboardService,
    private readonly answeredWithinS: number,
  ) {}

  /** A month under way is reported to date (截至今日) and compared with the same days of the month before. */
  async month(month: string) {
    const { to_date, ...period } = monthSoFar(month, localDate(clock.now()));
    const previous = previousPeriod(period);
    const [departments, before, categories, calls, callsBefore, board, hotIssues] = await Promise.all([
      this.figures.departments(period),
      this.figures.departments(previous),
      this.figures.categories(period),
      callFigures(this.db, period.from, period.to, this.answeredWithinS, false),
      callFigures(this.db, previous.from, previous.to, this.answeredWithinS, false),
      this.leaderboard.get(month),
      // 每月热点分析: hot issues by area and category, repeat demands, surge warnings (hot-issues.ts).
      monthlyAnalysis(this.db, period, previous),
    ]);
    const strip = <T extends { counts: unknown }>({ counts: _c, ...rest }: T) => rest;
    const groups = [...new Set(departments.map((d) => d.group))].sort();
    const byGroup = (rows: typeof departments, g?: string) =>
      this.figures.totalOf(g ? rows.filter((d) => d.group === g) : rows);
    return {
      month,
      period,
      previous_period: previous,
      to_date,
      city: {
        ...strip(byGroup(departments)),
        previous: strip(byGroup(before)),
        ratings: byGroup(departments).counts.ratings,
        bad: byGroup(departments).counts.bad,
      },
      calls: { ...calls.total, previous: callsBefore.total },
      groups: groups.map((g) => ({
        group: g,
        total: { ...strip(byGroup(departments, g)), previous: strip(byGroup(before, g)) },
        departments: departments.filter((d) => d.group === g).map(strip),
      })),
      categories: categories.slice(0, TOP_CATEGORIES).map(strip),
      leaderboard: board,
      hot_issues: hotIssues,
    };
  }
}
