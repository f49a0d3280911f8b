// The red/blue leaderboard's score and ranking (SPEC "The monthly red/blue leaderboard"), as pure functions.
import type { Rates } from '../figures/rates.ts';

export interface Weights {
  on_time: number; satisfaction: number; sign_timely: number; completion: number; no_return: number; no_redo: number;
}

export interface Entry { department_id: number; name: string; score: number; rank: number; figures: Rates }

/**
 * Score out of 100. A component whose rate has no denominator (no ratings in the month, say) is left out and
 * the others are scaled up, so a department is neither rewarded nor punished for what did not happen.
 */
export function scoreOf(r: Rates, w: Weights): number {
  const parts: Array<[number, number | null]> = [
    [w.on_time, r.on_time_rate], [w.satisfaction, r.satisfaction_rate], [w.sign_timely, r.sign_timely_rate],
    [w.completion, r.completion_rate],
    [w.no_return, r.return_rate === null ? null : 1 - r.return_rate],
    [w.no_redo, r.redo_rate === null ? null : 1 - r.redo_rate],
  ];
  const known = parts.filter(([, v]) => v !== null) as Array<[number, number]>;
  const weight = known.reduce((s, [wt]) => s + wt, 0);
  if (weight === 0) return 0;
  const total = parts.reduce((s, [wt]) => s + wt, 0);
  const raw = known.reduce((s, [wt, v]) => s + wt * v, 0) * (total / weight);
  return Math.round((raw * 100) / total * 100) / 100;
}

/** Standard competition ranking: equal scores share a rank and the next rank skips (1, 2, 2, 4). */
export function rank<T extends { score: number }>(items: T[]): Array<T & { rank: number }> {
  const sorted = [...items].sort((a, b) => b.score - a.score);
  return sorted.map((item, i) => ({ ...item, rank: sorted.findIndex((x) => x.score === item.score) + 1 }));
}

export interface GroupBoard {
  group: string;
  red: Entry[];
  blue: Entry[];
  ranked: Entry[];
  unranked: Array<{ department_id: number; name: string; received: number; figures: Rates }>;
}

export function boardOf(
  group: string,
  departments: Array<{ department_id: number; name: string } & Rates>,
  opts: { weights: Weights; minSample: number; listSize: number },
): GroupBoard {
  const eligible = departments.filter((d) => d.received >= opts.minSample);
  const unranked = departments.filter((d) => d.received < opts.minSample)
    .map(({ department_id, name, ...figures }) => ({ department_id, name, received: figures.received, figures }));
  const ranked = rank(eligible.map(({ department_id, name, ...figures }) => ({
    department_id, name, score: scoreOf(figures, opts.weights), figures,
  }))).sort((a, b) => a.rank - b.rank || a.department_id - b.department_id);
  // Top and bottom lists never overlap: with fewer than twice the list size, the upper half is red.
  const redCount = Math.min(opts.listSize, Math.ceil(ranked.length / 2));
  const blueCount = Math.min(opts.listSize, ranked.length - redCount);
  return {
    group,
    red: ranked.slice(0, redCount),
    blue: ranked.slice(ranked.length - blueCount).reverse(),
    ranked,
    unranked,
  };
}
