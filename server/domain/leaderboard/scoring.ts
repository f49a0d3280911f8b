// The red/blue leaderboard's score and ranking (docs/rules/leaderboard.md), as pure functions.
import type { Rates } from '../figures/rates.ts';

export interface Weights {
  on_time: number;
  satisfaction: number;
  sign_timely: number;
  completion: number;
  no_return: number;
  no_redo: number;
  /** The response, resolution and callback rates (LEADERBOARD_WEIGHT_*): 0, left out, unless configured. */
  response?: number;
  resolution?: number;
  callback?: number;
}

export interface Entry {
  department_id: number;
  name: string;
  score: number;
  rank: number;
  figures: Rates;
}

/**
 * Score out of 100. A department that received orders has a denominator for every rate but two:
 * - on-time completion when it replied to nothing: nothing was completed on time, so the term counts 0 (were it
 *   left out, replying to nothing would score better than replying to everything);
 * - satisfaction when no resident rated it: nobody's opinion is neither good nor bad, so that term alone is left
 *   out and its weight shared among the others; so are the resolution rate (no callback asked "solved?") and the
 *   callback rate (nothing replied) when a city weighs them.
 * (With nothing received every rate is missing and the score is 0; such a department is never ranked.)
 */
export function scoreOf(r: Rates, w: Weights): number {
  const parts: Array<[number, number | null]> = [
    [w.on_time, r.on_time_rate ?? (r.received > 0 ? 0 : null)],
    [w.satisfaction, r.satisfaction_rate],
    [w.sign_timely, r.sign_timely_rate],
    [w.completion, r.completion_rate],
    [w.no_return, r.return_rate === null ? null : 1 - r.return_rate],
    [w.no_redo, r.redo_rate === null ? null : 1 - r.redo_rate],
    [w.response ?? 0, r.response_rate],
    [w.resolution ?? 0, r.resolution_rate],
    [w.callback ?? 0, r.callback_rate],
  ];
  const known = parts.filter(([, v]) => v !== null) as Array<[number, number]>;
  const weight = known.reduce((s, [wt]) => s + wt, 0);
  if (weight === 0) return 0;
  const total = parts.reduce((s, [wt]) => s + wt, 0);
  const raw = known.reduce((s, [wt, v]) => s + wt * v, 0) * (total / weight);
  return Math.round(((raw * 100) / total) * 100) / 100;
}

/** Standard competition ranking: equal scores share a rank and the next rank skips (1, 2, 2, 4). */
export function rank<T extends { score: number }>(items: T[]): Array<T & { rank: number }> {
  const sorted = [...items].sort((a, b) => b.score - a.score);
  return sorted.map((item) => ({ ...item, rank: sorted.findIndex((x) => x.score === item.score) + 1 }));
}

export interface GroupBoard {
  group: string;
  red: Entry[];
  blue: Entry[];
  ranked: Entry[];
  unranked: Array<{ department_id: number; name: string; received: number; figures: Rates }>;
}

export interface BoardRules {
  weights: Weights;
  minSample: number;
  listSize: number;
  minRanked: number;
}

type Scored = { department_id: number; name: string } & Rates;

/**
 * A group's ranking as the board and the dashboard both rank: departments with fewer than minSample received
 * are listed apart (insufficient sample), the others scored and ranked (1, 2, 2, 4), best first.
 */
export function rankGroup(
  departments: Scored[],
  rules: Pick<BoardRules, 'weights' | 'minSample'>,
): Pick<GroupBoard, 'ranked' | 'unranked'> {
  const unranked = departments
    .filter((d) => d.received < rules.minSample)
    .map(({ department_id, name, ...figures }) => ({ department_id, name, received: figures.received, figures }));
  const ranked = rank(
    departments
      .filter((d) => d.received >= rules.minSample)
      .map(({ department_id, name, ...figures }) => ({
        department_id,
        name,
        score: scoreOf(figures, rules.weights),
        figures,
      })),
  ).sort((a, b) => a.rank - b.rank || a.department_id - b.department_id);
  return { ranked, unranked };
}

/** How many places each list has: a fifth of the ranked (rounded, at least 1, at most listSize); 0 for tiny groups. */
export function listLength(ranked: number, rules: Pick<BoardRules, 'listSize' | 'minRanked'>): number {
  if (ranked < rules.minRanked) return 0;
  return Math.min(rules.listSize, Math.max(1, Math.round(ranked / 5)));
}

/**
 * docs/rules/leaderboard.md: the top fifth red, the bottom fifth blue. A department is on a list
 * only when every department scoring as well as it (for blue: as badly) fits in the list's places, so a tie at
 * the boundary leaves the tied departments out instead of swelling the list; the two lists never overlap.
 */
export function boardOf(group: string, departments: Scored[], rules: BoardRules): GroupBoard {
  const { ranked, unranked } = rankGroup(departments, rules);
  const k = listLength(ranked.length, rules);
  const atLeast = (score: number) => ranked.filter((e) => e.score >= score).length;
  const atMost = (score: number) => ranked.filter((e) => e.score <= score).length;
  const red = ranked.filter((e) => atLeast(e.score) <= k);
  const redIds = new Set(red.map((e) => e.department_id));
  const blue = ranked
    .filter((e) => atMost(e.score) <= k && !redIds.has(e.department_id))
    .sort((a, b) => a.score - b.score || a.department_id - b.department_id);
  return { group, red, blue, ranked, unranked };
}
