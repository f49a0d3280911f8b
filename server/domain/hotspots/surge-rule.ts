// The surge rule's arithmetic (docs/rules/hot-spots.md "The rule"), free of the database: the baseline with its
// pseudo-order, the exact Poisson control limit, and which level of the area tree a surge belongs to.

export interface SurgeSettings {
  /** One-sided probability of a false alarm per pair-day tested. */
  alpha: number;
  /** A day below this many orders is never a surge. */
  minCount: number;
  /** Days before the tested day whose mean is the baseline. */
  baselineDays: number;
  /** Days scanned before a pair is tested at all. */
  minHistoryDays: number;
}

const SMALL = 256;
const LOG_FACTORIALS: number[] = [0];
for (let i = 1; i < SMALL; i++) LOG_FACTORIALS.push(LOG_FACTORIALS[i - 1] + Math.log(i));

/** ln(n!): summed exactly below 256, Stirling's series above (its error is below 1e-17 there). */
export function logFactorial(n: number): number {
  if (n < SMALL) return LOG_FACTORIALS[n];
  const inv = 1 / n;
  const inv2 = inv * inv;
  return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260)));
}

/** P(X = i) for X ~ Poisson(mu), from its logarithm so a large mean does not underflow e^-mu. */
export function poissonPmf(i: number, mu: number): number {
  if (mu <= 0) return i === 0 ? 1 : 0;
  return Math.exp(i * Math.log(mu) - mu - logFactorial(i));
}

/**
 * P(X >= k) for X ~ Poisson(mu), summed exactly: from k upwards when k lies above the mean (the terms fall, and
 * the sum stops once they no longer change it), else as 1 minus the terms below k.
 */
export function poissonUpperTail(k: number, mu: number): number {
  if (k <= 0) return 1;
  if (mu <= 0) return 0;
  if (k > mu) {
    let term = poissonPmf(k, mu);
    let sum = 0;
    for (let i = k; term > 0 && term > sum * 1e-17; i++) {
      sum += term;
      term *= mu / (i + 1);
    }
    return Math.min(1, sum);
  }
  let below = 0;
  let term = poissonPmf(k - 1, mu);
  for (let i = k - 1; i >= 0 && term > below * 1e-17; i--) {
    below += term;
    term *= i / mu;
  }
  return Math.max(0, 1 - below);
}

const limits = new Map<string, number>();

/** The smallest k with P(X >= k | Poisson(mu)) <= alpha (memoised: a day's pairs share few distinct means). */
export function controlLimit(mu: number, alpha: number): number {
  const key = `${mu}|${alpha}`;
  const hit = limits.get(key);
  if (hit !== undefined) return hit;
  // The tail falls as k grows: start at the mean's floor (its tail is about a half, above any useful alpha) and
  // step up; a mean so small that even that tail is below alpha steps down instead.
  let k = Math.max(1, Math.floor(mu));
  if (poissonUpperTail(k, mu) <= alpha) {
    while (k > 1 && poissonUpperTail(k - 1, mu) <= alpha) k--;
  } else {
    // The step up walks about sqrt(mu) * 3.3 counts for alpha = 0.001; a leap by the normal bound comes first
    // for large means, then the exact walk corrects it.
    if (mu > 100) {
      let guess = Math.floor(mu + 3 * Math.sqrt(mu));
      while (poissonUpperTail(guess, mu) <= alpha) guess = Math.floor((guess + mu) / 2);
      k = Math.max(k, guess);
    }
    while (poissonUpperTail(k, mu) > alpha) k++;
  }
  if (limits.size > 10_000) limits.clear();
  limits.set(key, k);
  return k;
}

/** The pair's expected orders per day: (orders over the H days before + one pseudo-order) / H. */
export function baselineMean(history: number, days: number): number {
  return (history + 1) / days;
}

/** Whether a pair with `history` orders over `days` days is tested on a day, and its limit if so. */
export function limitFor(history: number, days: number, s: SurgeSettings): { mu: number; limit: number } | null {
  if (days < s.minHistoryDays) return null;
  const mu = baselineMean(history, days);
  return { mu, limit: Math.max(controlLimit(mu, s.alpha), s.minCount) };
}

export interface LevelCount {
  area: number;
  /** The territorial unit above (null at the top). */
  parent: number | null;
  count: number;
  /** The day's limit, or null when the pair is not tested (warming up). */
  limit: number | null;
}

/**
 * Which areas of one category and day raise a warning (docs/rules/hot-spots.md "Levels"): an area alarms when its
 * count, less the counts of the highest alarming areas below it, still reaches its limit. Deepest first, so a
 * community's surge is explained where it happens and its street and district stay quiet.
 */
export function alarmingAreas(levels: LevelCount[]): Set<number> {
  const byArea = new Map(levels.map((l) => [l.area, l]));
  const depth = (l: LevelCount) => {
    let d = 0;
    for (let p = l.parent; p !== null && d < 16; p = byArea.get(p)?.parent ?? null) d++;
    return d;
  };
  // explained[a]: the orders of a already accounted for by alarming areas at or below it.
  const explained = new Map<number, number>();
  const alarming = new Set<number>();
  for (const l of [...levels].sort((a, b) => depth(b) - depth(a))) {
    const below = explained.get(l.area) ?? 0;
    const alarms = l.limit !== null && l.count - below >= l.limit;
    if (alarms) alarming.add(l.area);
    if (l.parent !== null) explained.set(l.parent, (explained.get(l.parent) ?? 0) + (alarms ? l.count : below));
  }
  return alarming;
}
