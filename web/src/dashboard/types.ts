// The shape of the live hub's {type: 'dashboard', data} message (server/domain/figures/overview.service.ts).
export type Rate = number | null;

export interface BoardEntry {
  department_id: number;
  name: string;
  score: number;
  rank: number;
}

export interface Dashboard {
  at: string;
  overview: {
    date: string;
    calls: {
      inbound: number;
      answered: number;
      answered_15s: number;
      connection_rate: Rate;
      connection_rate_15s: Rate;
      /** Calls transferred to 110/119/120/122 (absent from an older server). */
      transferred?: number;
    };
    tickets: { created: number; open: number; yellow: number; red: number };
    ratings: { count: number; bad: number; satisfaction_rate: Rate };
  };
  /** The city's month so far: 响应率, 解决率, 满意率 and 回访率. */
  month_rates?: { response_rate: Rate; resolution_rate: Rate; satisfaction_rate: Rate; callback_rate: Rate };
  trend: Array<{
    day: string;
    received: number;
    completion_rate: Rate;
    satisfaction_rate: Rate;
    calls: number;
    connection_rate: Rate;
  }>;
  categories: Array<{ category_id: number | null; name: string | null; n: number }>;
  /** Best first; equal scores share a rank (1, 2, 2, 4), as on the board. */
  ranking: Array<{ department_id: number; name: string; group: string; received: number; score: number; rank: number }>;
  leaderboard: {
    month: string;
    published_at: string | null;
    groups: Array<{ group: string; red: BoardEntry[]; blue: BoardEntry[] }>;
  };
  /** Surge warnings not closed and the newest six (absent from an older server). */
  surges?: {
    open: number;
    items: Array<{
      id: number;
      area: string[];
      category: string | null;
      count: number;
      baseline: number;
      status: string;
      first_day: string;
    }>;
  };
}
