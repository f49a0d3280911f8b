// A unit's figures with its units below (docs/rules/figures.md "Levels"): the one place that says how a district's
// counters and its streets' and communities' add up without counting an order twice.
//
// Every assignment counts for its own unit ("own" figures). A unit's tree figures add up the own counters of the
// unit and every unit below it, then leave out each level (a 'down' or 'co' assignment) whose unit above also lies
// in the tree: the order entered the tree once, through the assignment above, and the tree is judged on that one.
// So a district that passed an order down to its street counts it once (its own main assignment), and a street
// that received an order from its district counts it in its own tree (the district lies outside). Ratings and
// supervision orders are not assignments: a tree adds them up whole. Rates are then computed from the summed
// counters (rates.ts), never averaged.
import type { UnitTree } from '../departments/unit-tree.ts';
import { addCounts } from './rates.ts';
import { zeroCounts, type Counts } from './rollups.repository.ts';

export const SCOPES = ['own', 'tree'] as const;
/** own: the unit's own assignments; tree: with its units below, each order once (FIGURES_SCOPE sets the default). */
export type Scope = (typeof SCOPES)[number];

export interface LevelSum {
  department_id: number;
  parent_department_id: number;
  counts: Counts;
}

/** The ids from the top of the tree down to the unit (itself last); a unit the tree has not read yet stands alone. */
const pathOf = (tree: UnitTree, id: number): readonly number[] => tree.nodes.get(id)?.path ?? [id];

/** The units whose trees hold both units: the common start of their two paths. */
function commonAbove(tree: UnitTree, a: number, b: number): number[] {
  const pa = pathOf(tree, a);
  const pb = pathOf(tree, b);
  const out: number[] = [];
  for (let i = 0; i < pa.length && pa[i] === pb[i]; i++) out.push(pa[i]!);
  return out;
}

export function lessCounts(a: Counts, b: Counts): Counts {
  const out = { ...a };
  for (const k of Object.keys(b) as (keyof Counts)[]) out[k] -= b[k];
  return out;
}

/**
 * Every unit's tree counters from the own counters (per unit) and the levels' (per unit and unit above): each own
 * count goes to the unit and every unit above it; each level leaves the trees that hold both of its ends.
 */
export function treeSums(tree: UnitTree, own: ReadonlyMap<number, Counts>, levels: readonly LevelSum[]) {
  const sums = new Map<number, Counts>();
  const move = (id: number, counts: Counts, sign: 1 | -1) => {
    const acc = sums.get(id) ?? zeroCounts();
    sums.set(id, sign === 1 ? addCounts(acc, counts) : lessCounts(acc, counts));
  };
  for (const [id, counts] of own) for (const above of pathOf(tree, id)) move(above, counts, 1);
  for (const l of levels)
    for (const above of commonAbove(tree, l.department_id, l.parent_department_id)) move(above, l.counts, -1);
  return sums;
}

/** The whole city as one tree: every level lies inside it, so the city counts each order once, at the hotline's. */
export function cityLessLevels(own: Counts, levels: Counts | undefined): Counts {
  return levels ? lessCounts(own, levels) : own;
}
