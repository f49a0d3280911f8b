// The surge rule's arithmetic (docs/rules/hot-spots.md "The rule"), free of the database: the baseline with its
// pseudo-order, the pair's dispersion read from its own history, the exact control limit (Poisson, or negative
// binomial when the pair's counts vary more than Poisson's), and which level of the area tree a surge belongs to.

export interface SurgeSettings {
  /** One-sided probability of a false alarm per pair-day tested. */
  alpha: number;
  /** A day below this many orders is never a surge. */
  minCount: number;
  /** Days before the tested day whose mean is the baseline. */
  baselineDays: number;
  /** Days scanned before a pair is tested at all. */
  minHistoryDays: number;
  /** The largest variance/mean ratio taken from a pair's history (1: every pair is Poisson; absent: 1). */
  maxDispersion?: number;
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

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const y = x - 1;
  let a = c[0];
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * P(X >= k) for X negative binomial with mean mu and variance phi × mu (phi > 1: a Poisson whose mean itself
 * varies, as a pair's does from day to day), summed exactly from its log mass, as the Poisson tail is.
 */
export function negBinomialUpperTail(k: number, mu: number, phi: number): number {
  if (phi <= 1) return poissonUpperTail(k, mu);
  if (k <= 0) return 1;
  if (mu <= 0) return 0;
  const r = mu / (phi - 1);
  const q = 1 - 1 / phi;
  const logMass = (i: number) =>
    logGamma(i + r) - logGamma(r) - logFactorial(i) + r * Math.log(1 / phi) + i * Math.log(q);
  if (k > mu) {
    let sum = 0;
    let term = Math.exp(logMass(k));
    for (let i = k; term > 0 && term > sum * 1e-17; i++) {
      sum += term;
      term *= ((i + r) / (i + 1)) * q;
    }
    return Math.min(1, sum);
  }
  let below = 0;
  let term = Math.exp(logMass(k - 1));
  for (let i = k - 1; i >= 0 && term > below * 1e-17; i--) {
    below += term;
    term *= i / ((i - 1 + r) * q);
  }
  return Math.max(0, 1 - below);
}

const nbLimits = new Map<string, number>();

/** The smallest k with P(X >= k) <= alpha for the negative binomial of mean mu and dispersion phi (memoised). */
export function dispersedLimit(mu: number, phi: number, alpha: number): number {
  if (phi <= 1) return controlLimit(mu, alpha);
  const key = `${mu}|${phi}|${alpha}`;
  const hit = nbLimits.get(key);
  if (hit !== undefined) return hit;
  // Never below the Poisson limit of the same mean (the negative binomial's tail is the heavier), then step up; a
  // large mean leaps by the normal bound first, as controlLimit does.
  let k = controlLimit(mu, alpha);
  if (mu > 100) {
    let guess = Math.floor(mu + 3 * Math.sqrt(phi * mu));
    while (guess > k && negBinomialUpperTail(guess, mu, phi) <= alpha) guess = Math.floor((guess + k) / 2);
    k = Math.max(k, guess);
  }
  while (negBinomialUpperTail(k, mu, phi) > alpha) k++;
  if (nbLimits.size > 10_000) nbLimits.clear();
  nbLimits.set(key, k);
  return k;
}

/**
 * The pair's variance/mean ratio over its history (`sum` orders and `squares` the sum of the days' squared counts
 * over `days` days), between 1 and `max`, rounded to a quarter so a day's pairs share few distinct limits.
 */
export function dispersionOf(sum: number, squares: number, days: number, max: number): number {
  if (max <= 1 || sum <= 0 || days < 2) return 1;
  const mean = sum / days;
  const variance = (squares - (sum * sum) / days) / (days - 1);
  return Math.min(max, Math.max(1, Math.round((variance / mean) * 4) / 4));
}

/** The pair's expected orders per day: (orders over the H days before + one pseudo-order) / H. */
export function baselineMean(history: number, days: number): number {
  return (history + 1) / days;
}

/**
 * Whether a pair with `history` orders over `days` days is tested on a day, and its limit if so. `spread` (the sum
 * of the days' squared counts and the busiest day's count) gives the pair's dispersion, read without its busiest
 * day: one earlier surge, already warned of, would otherwise make the pair look volatile, and blind the rule to
 * its next surge, for four weeks. Without `spread` the pair is taken as Poisson.
 */
export function limitFor(
  history: number,
  days: number,
  s: SurgeSettings,
  spread?: { squares: number; busiest: number },
): { mu: number; limit: number } | null {
  if (days < s.minHistoryDays) return null;
  const mu = baselineMean(history, days);
  const phi = spread
    ? dispersionOf(history - spread.busiest, spread.squares - spread.busiest ** 2, days - 1, s.maxDispersion ?? 1)
    : 1;
  return { mu, limit: Math.max(dispersedLimit(mu, phi, s.alpha), s.minCount) };
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
