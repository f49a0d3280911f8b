// The made-up big city of the surge benchmark (bench/surge-job.bench.ts): 16 districts × 20 streets × 10
// communities, 150 categories with a skewed popularity (Zipf), communities of uneven size; where its orders fall,
// drawn deterministically from the order's number so a reload draws the same city.
import type { Db } from '../server/lib/db.ts';
import { toDbTime } from '../server/lib/db.ts';
import { ALL_CATEGORIES } from '../server/domain/hotspots/hotspot.types.ts';

export const DISTRICTS = 16;
export const STREETS = 20;
export const COMMUNITIES = 10;
export const CATEGORIES = 150;
/** Unit ids are chosen here so the tickets can be drawn before the units are read back. */
const UNIT_BASE = 10_000;
const CATEGORY_BASE = 10_000;

/** A uniform draw in [0, 1) for order i, independent for each salt (murmur3's 32-bit finaliser). */
export function uniform(i: number, salt: number): number {
  let x = Math.imul(i, 0x9e3779b1) ^ Math.imul(salt + 1, 0x85ebca77);
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return (x >>> 0) / 2 ** 32;
}

export interface City {
  /** parent of each territorial unit (undefined for a district). */
  parent: Map<number, number>;
  communities: number[];
  categories: number[];
  /** Cumulative weights for drawing a community and a category. */
  communityCdf: Float64Array;
  categoryCdf: Float64Array;
}

function cdf(weights: number[]): Float64Array {
  const out = new Float64Array(weights.length);
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  weights.forEach((w, k) => (out[k] = acc += w / total));
  return out;
}

function pick(c: Float64Array, u: number): number {
  let lo = 0;
  let hi = c.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c[mid] > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function makeCity(): City {
  const parent = new Map<number, number>();
  const communities: number[] = [];
  const weights: number[] = [];
  for (let d = 0; d < DISTRICTS; d++) {
    const district = UNIT_BASE + d * 1000;
    for (let s = 0; s < STREETS; s++) {
      const street = district + (s + 1) * 40;
      parent.set(street, district);
      for (let c = 0; c < COMMUNITIES; c++) {
        const community = street + c + 1;
        parent.set(community, street);
        communities.push(community);
        // Uneven populations: a district's size ×1–4, a community's ×0.2–5 (log-uniform).
        weights.push((1 + (d % 4)) * Math.exp(Math.log(25) * (uniform(community, 7) - 0.5)));
      }
    }
  }
  const categories = Array.from({ length: CATEGORIES }, (_, k) => CATEGORY_BASE + k);
  return {
    parent,
    communities,
    categories,
    communityCdf: cdf(weights),
    categoryCdf: cdf(categories.map((_, k) => 1 / (k + 1))),
  };
}

/** Order i's area (70% a community, 18% only a street, 7% only a district, 5% none) and category (3% none). */
export function draw(city: City, i: number): { area: number | null; category: number | null } {
  const community = city.communities[pick(city.communityCdf, uniform(i, 1))];
  const level = uniform(i, 2);
  const street = city.parent.get(community)!;
  const area = level < 0.7 ? community : level < 0.88 ? street : level < 0.95 ? city.parent.get(street)! : null;
  const category = uniform(i, 3) < 0.03 ? null : city.categories[pick(city.categoryCdf, uniform(i, 4))];
  return { area, category };
}

/** The units and categories written straight into their tables. */
export async function writeCity(db: Db, city: City): Promise<void> {
  const now = toDbTime(new Date());
  const kinds = { 1: ['district', '区县'], 2: ['street', '街道乡镇'], 3: ['community', '社区村'] } as const;
  const depth = (id: number): 1 | 2 | 3 => (!city.parent.has(id) ? 1 : !city.parent.has(city.parent.get(id)!) ? 2 : 3);
  const ids = [...new Set([...city.parent.keys(), ...city.parent.values()])].sort(
    (a, b) => depth(a) - depth(b) || a - b,
  );
  const rows = ids.map((id) => ({
    id,
    name: `压测${kinds[depth(id)][1]}${id}`,
    group_name: kinds[depth(id)][1],
    kind: kinds[depth(id)][0],
    parent_id: city.parent.get(id) ?? null,
    active: true,
    created_at: now,
    updated_at: now,
  }));
  for (let k = 0; k < rows.length; k += 500) await db('departments').insert(rows.slice(k, k + 500));
  await db('categories').insert(city.categories.map((id) => ({ id, name: `压测分类${id}`, created_at: now })));
}

/** area_daily_counts of one day with `orders` orders drawn from `first` on: each unit counts its own and its
 *  descendants' orders, per category and for ALL_CATEGORIES. */
export function dayCounts(city: City, day: string, first: number, orders: number) {
  const counts = new Map<string, number>();
  const add = (area: number, category: number) => {
    const key = `${area}:${category}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  for (let i = first; i < first + orders; i++) {
    const o = draw(city, i);
    for (let a = o.area; a !== null && a !== undefined; a = city.parent.get(a) ?? null) {
      add(a, ALL_CATEGORIES);
      if (o.category !== null) add(a, o.category);
    }
  }
  return [...counts].map(([key, count]) => {
    const [area, category] = key.split(':').map(Number);
    return { area_unit_id: area, category_id: category, day, count };
  });
}

/** Each territorial unit × category's expected orders a day when the city takes `orders` a day (the rule's pairs;
 *  category 0 is not tested). */
export function pairMeans(city: City, orders: number): number[] {
  const unitShare = new Map<number, number>();
  const add = (unit: number, p: number) => unitShare.set(unit, (unitShare.get(unit) ?? 0) + p);
  city.communities.forEach((c, k) => {
    const p = city.communityCdf[k] - (k ? city.communityCdf[k - 1] : 0);
    const street = city.parent.get(c)!;
    add(c, 0.7 * p);
    add(street, 0.88 * p);
    add(city.parent.get(street)!, 0.95 * p);
  });
  const means: number[] = [];
  for (const share of unitShare.values())
    city.categoryCdf.forEach((cum, k) => means.push(orders * share * 0.97 * (cum - (k ? city.categoryCdf[k - 1] : 0))));
  return means;
}
