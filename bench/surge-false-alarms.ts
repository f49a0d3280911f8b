// The surge rule's false-alarm rate and power (docs/rules/hot-spots.md "False alarms"), through the rule's own
// functions (server/domain/hotspots/surge-rule.ts) with the configured settings:
//   (a) the demo month without its planted surges, scanned by the real detector on a temp SQLite database;
//   (b) a simulated quiet city (no surge anywhere), 90 days: Poisson counts, then overdispersed ones (negative
//       binomial, variance 1.5 × mean) with a weekday/weekend pattern, then harsher (variance 2 × mean and a
//       citywide day factor, as weather moves every pair at once);
//   (c) power: one day of 2×, 3× and 5× a pair's mean after 28 ordinary days, how often it is caught.
//   npm run bench:surge-alarms            (BENCH_SEED=7 for another draw; BENCH_SKIP_DEMO=1 skips (a))
import { loadConfig } from '../config/default.ts';
import { limitFor, type SurgeSettings } from '../server/domain/hotspots/surge-rule.ts';
import { demoMonth } from './surge-demo-month.ts';
import { makeCity, pairMeans } from './surge-city.ts';

const config = loadConfig({ logLevel: 'warn', demoData: false });
const settings: SurgeSettings = {
  alpha: config.intake.surgeAlpha,
  minCount: config.intake.surgeMinCount,
  baselineDays: config.intake.surgeBaselineDays,
  minHistoryDays: config.intake.surgeMinHistoryDays,
  maxDispersion: config.intake.surgeMaxDispersion,
};
const DAYS = 90;
/** A city of some 4,000 orders a day: 2,000 quiet pairs (0.05–3 a day, log-uniform) and 100 busy ones (10–40). */
const QUIET_PAIRS = 2_000;
const BUSY_PAIRS = 100;

// A seeded generator (mulberry32), so a run can be repeated.
let state = Number(process.env.BENCH_SEED ?? 7) >>> 0;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let x = state;
  x = Math.imul(x ^ (x >>> 15), x | 1);
  x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
  return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
}

function normal(): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Gamma(shape, 1) by Marsaglia and Tsang (shape < 1 boosted by U^(1/shape)). */
function gamma(shape: number): number {
  if (shape < 1) return gamma(shape + 1) * Math.pow(random(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = normal();
    const v = (1 + c * z) ** 3;
    if (v > 0 && Math.log(random()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

function poisson(mu: number): number {
  if (mu <= 0) return 0;
  if (mu > 500) return Math.max(0, Math.round(mu + Math.sqrt(mu) * normal()));
  const limit = Math.exp(-mu);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k++;
  return k;
}

/** A count with this mean and variance = dispersion × mean (1: Poisson; above: negative binomial, gamma-Poisson). */
function draw(mean: number, dispersion: number): number {
  if (dispersion <= 1 || mean <= 0) return poisson(mean);
  const r = mean / (dispersion - 1);
  return poisson((gamma(r) * mean) / r);
}

interface Model {
  label: string;
  dispersion: number;
  weekly: boolean;
  /** Coefficient of variation of a factor shared by every pair on a day (weather, news). */
  cityCv: number;
}

const WEEK = [1.15, 1.15, 1.15, 1.15, 1.15, 0.6, 0.6]; // Monday..Sunday; mean over the week 0.99

function smallCity(): number[] {
  const quiet = Array.from({ length: QUIET_PAIRS }, () => 0.05 * Math.exp(Math.log(60) * random()));
  const busy = Array.from({ length: BUSY_PAIRS }, () => 10 + 30 * random());
  return [...quiet, ...busy];
}

/** A limit from a pair's history: orders over the h days before, the sum of their squares, the busiest day's. */
type Rule = { label: string; limit: (sum: number, squares: number, h: number, busiest: number) => number };

/** P(X >= k) <= alpha for X negative binomial with mean mu and variance phi × mu: the smallest such k. */
const nbLimits = new Map<string, number>();
function nbLimit(mu: number, phi: number, alpha: number): number {
  const key = `${mu}|${phi}|${alpha}`;
  const hit = nbLimits.get(key);
  if (hit !== undefined) return hit;
  const r = mu / (phi - 1);
  const q = mu / (r + mu);
  let pmf = Math.exp(r * Math.log(r / (r + mu)));
  let below = 0;
  let k = 0;
  while (1 - below > alpha && k < 100_000) {
    below += pmf;
    pmf *= ((k + r) / (k + 1)) * q;
    k++;
  }
  nbLimits.set(key, k);
  return k;
}

/** The pair's dispersion over its history (variance / mean of the h days), 1 to 4, in steps of 0.25. */
function dispersionOf(sum: number, squares: number, h: number): number {
  if (sum === 0 || h < 2) return 1;
  const mean = sum / h;
  const variance = (squares - (sum * sum) / h) / (h - 1);
  return Math.min(4, Math.max(1, Math.round((variance / mean) * 4) / 4));
}

function dispersionRule(alpha: number, min: number): Rule['limit'] {
  return (sum, squares, h) => {
    const phi = dispersionOf(sum, squares, h);
    const mu = (sum + 1) / h;
    const k = phi > 1 ? nbLimit(mu, phi, alpha) : limitFor(sum, h, { ...settings, alpha, minCount: 1 })!.limit;
    return Math.max(k, min);
  };
}

const RULES: Rule[] = [
  {
    label: 'as configured',
    limit: (sum, squares, h, busiest) => limitFor(sum, h, settings, { squares, busiest })!.limit,
  },
  {
    label: 'Poisson, alpha 0.001, min 5 (the first rule)',
    limit: (sum, _sq, h) => limitFor(sum, h, { ...settings, alpha: 1e-3, minCount: 5 })!.limit,
  },
  {
    label: 'Poisson, alpha 1e-4, min 8',
    limit: (sum, _sq, h) => limitFor(sum, h, { ...settings, alpha: 1e-4, minCount: 8 })!.limit,
  },
  { label: 'dispersion, busiest day kept, alpha 1e-4, min 8', limit: dispersionRule(1e-4, 8) },
];

/** The days' counts of every pair, then each rule day by day as the job applies it: a pair is tested on a day it
 *  has orders, once minHistoryDays are scanned, against up to baselineDays before (the pseudo-order included). */
function quietCity(model: Model, means: number[], busyFrom: number) {
  const factors = Array.from({ length: DAYS }, (_, d) => {
    const city = model.cityCv > 0 ? gamma(1 / model.cityCv ** 2) * model.cityCv ** 2 : 1;
    return (model.weekly ? WEEK[d % 7] : 1) * city;
  });
  const series = new Int32Array(DAYS);
  let tested = 0;
  const alarms = RULES.map(() => 0);
  const warnings = RULES.map(() => 0);
  let busy = 0;
  for (let p = 0; p < means.length; p++) {
    for (let d = 0; d < DAYS; d++) series[d] = draw(means[p] * factors[d], model.dispersion);
    const open = RULES.map(() => false);
    let sum = 0;
    let squares = 0;
    for (let d = 0; d < DAYS; d++) {
      const h = Math.min(settings.baselineDays, d);
      if (d > settings.baselineDays) {
        sum -= series[d - settings.baselineDays - 1];
        squares -= series[d - settings.baselineDays - 1] ** 2;
      }
      if (d > 0) {
        sum += series[d - 1];
        squares += series[d - 1] ** 2;
      }
      if (d < settings.minHistoryDays) continue;
      if (series[d] === 0) {
        open.fill(false);
        continue;
      }
      tested++;
      let busiest = 0;
      for (let j = d - h; j < d; j++) busiest = Math.max(busiest, series[j]);
      RULES.forEach((rule, k) => {
        const alarm = series[d] >= rule.limit(sum, squares, h, busiest);
        if (alarm) {
          alarms[k]++;
          if (k === 0 && p >= busyFrom) busy++;
          if (!open[k]) warnings[k]++;
        }
        open[k] = alarm;
      });
    }
  }
  const orders = means.reduce((a, b) => a + b, 0);
  return { tested, alarms, warnings, days: DAYS - settings.minHistoryDays, orders, busy };
}

/** How often one day at `factor` × the mean is caught by each rule, after 28 days drawn from the same model. */
function power(mean: number, factor: number, dispersion: number, trials: number): number[] {
  const caught = RULES.map(() => 0);
  for (let t = 0; t < trials; t++) {
    let sum = 0;
    let squares = 0;
    let busiest = 0;
    for (let j = 0; j < settings.baselineDays; j++) {
      const x = draw(mean, dispersion);
      sum += x;
      squares += x * x;
      busiest = Math.max(busiest, x);
    }
    const today = draw(mean * factor, dispersion);
    RULES.forEach((rule, k) => {
      if (today >= rule.limit(sum, squares, settings.baselineDays, busiest)) caught[k]++;
    });
  }
  return caught.map((c) => c / trials);
}

const pct = (x: number) => `${(100 * x).toFixed(x < 0.001 ? 4 : 2)}%`;
console.log(
  `rule: alpha ${settings.alpha}, minimum ${settings.minCount}, baseline ${settings.baselineDays} days, ` +
    `tested after ${settings.minHistoryDays}`,
);

if (process.env.BENCH_SKIP_DEMO !== '1') {
  console.log('\n(a) the demo month without its planted surges (the real detector, a temp SQLite database)');
  const a = await demoMonth();
  console.log(
    `  ${a.days} days scanned, ${a.orders} orders, ${a.pairDays} pair-days tested, ${a.warnings} warnings ` +
      `(${a.alarmDays} alarm pair-days): ${pct(a.alarmDays / Math.max(1, a.pairDays))} per pair-day tested, ` +
      `${(a.warnings / a.days).toFixed(2)} warnings a day`,
  );
  for (const w of a.list) console.log(`    ${w}`);
}

const models: Model[] = [
  { label: 'Poisson, flat', dispersion: 1, weekly: false, cityCv: 0 },
  { label: 'negative binomial (variance 1.5 × mean), flat', dispersion: 1.5, weekly: false, cityCv: 0 },
  { label: 'negative binomial 1.5 × mean, weekday/weekend', dispersion: 1.5, weekly: true, cityCv: 0 },
  { label: 'negative binomial 2 × mean, weekly, citywide day CV 0.15', dispersion: 2, weekly: true, cityCv: 0.15 },
];
const cities = [
  {
    label: `a city of ${QUIET_PAIRS} pairs of 0.05–3 orders a day and ${BUSY_PAIRS} of 10–40`,
    means: smallCity(),
    busyFrom: QUIET_PAIRS,
  },
  {
    label:
      'Beijing: 68,000 orders a day over bench/surge-city.ts (3,536 areas × 150 categories, every level tested; ' +
      '"busy": 10 a day or more)',
    means: pairMeans(makeCity(), 68_000).sort((x, y) => x - y),
    busyFrom: -1,
  },
];
for (const c of cities) {
  if (c.busyFrom < 0) c.busyFrom = c.means.findIndex((m) => m >= 10);
  console.log(
    `\n(b) a quiet city, ${DAYS} days (${DAYS - settings.minHistoryDays} tested), no surge planted: ${c.label}`,
  );
  console.log(
    `  ${'counts'.padEnd(56)} ${'pair-days'.padStart(9)} ${'alarms'.padStart(6)} ${'per tested'.padStart(10)} ` +
      `${'on busy'.padStart(7)}  warnings a day: ${RULES.map((r) => r.label).join(' | ')}`,
  );
  for (const m of models) {
    const r = quietCity(m, c.means, c.busyFrom);
    console.log(
      `  ${m.label.padEnd(56)} ${String(r.tested).padStart(9)} ${String(r.alarms[0]).padStart(6)} ` +
        `${pct(r.alarms[0] / r.tested).padStart(10)} ${String(r.busy).padStart(7)}  ` +
        r.warnings.map((w) => (w / r.days).toFixed(2)).join(' | '),
    );
  }
  console.log(
    `  (orders a day counted over every level of the area tree: ${c.means.reduce((a, b) => a + b, 0).toFixed(0)})`,
  );
}

console.log('\n(c) power: one day at 2×, 3×, 5× the mean after 28 ordinary days, share caught (4,000 trials each)');
const MEANS = [0.2, 0.5, 1, 3, 10, 30];
const FACTORS = [2, 3, 5];
for (const [label, dispersion] of [
  ['Poisson', 1],
  ['negative binomial, variance 1.5 × mean', 1.5],
] as const) {
  console.log(`  ${label}; columns: ${FACTORS.map((f) => `${f}×`).join(', ')} under each rule`);
  console.log(`  ${'mean/day'.padEnd(9)} ${RULES.map((r) => r.label.padEnd(24)).join(' ')}`);
  for (const mean of MEANS) {
    const byFactor = FACTORS.map((f) => power(mean, f, dispersion, 4_000));
    const cells = RULES.map((_, k) =>
      byFactor
        .map((p) => pct(p[k]).padStart(7))
        .join(' ')
        .padEnd(24),
    );
    console.log(`  ${String(mean).padEnd(9)} ${cells.join(' ')}`);
  }
}
