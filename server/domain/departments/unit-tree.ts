// Units as a tree (docs/rules/units.md): which units lie below which. Access (an actor's units), figures (a district
// with its streets) and passing down ask this module rather than walking parent_id themselves.
//
// Departments are few (hundreds at most) and read on every session, so the whole tree is kept in process. A
// department write through DepartmentsService drops this instance's copy at once; other instances sharing one
// MariaDB database notice within TREE_TTL_MS (5 s), which is how long a new street may stay unseen by a district
// handler signed in on another instance.
import type { Executor } from '../../lib/db.ts';
import { isTransaction } from '../../lib/db.ts';
import { departmentsRepository, type Department } from './departments.repository.ts';

export const UNIT_KINDS = ['municipal', 'district', 'street', 'community', 'enterprise'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface UnitNode {
  id: number;
  name: string;
  kind: UnitKind;
  parent_id: number | null;
  active: boolean;
  /** 0 for a top-level unit, 1 for a street under a district, 2 for a community. */
  depth: number;
  /** The ids from the top-level unit down to this one (itself last). */
  path: number[];
  /** The ids of the units directly below, by id. */
  children: number[];
}

export interface UnitTree {
  nodes: ReadonlyMap<number, UnitNode>;
  /** Every unit, each parent before its children (depth first, siblings by id): the order a page draws. */
  order: readonly number[];
  /**
   * Every department's row, by id, as read with the tree: reports and the board read them at every request (two
   * statements of a department report, beside its two sums), so they come from the tree's copy.
   */
  departments: readonly Department[];
}

const TREE_TTL_MS = 5000;
const cached = new WeakMap<object, { tree: Promise<UnitTree>; at: number }>();

/** The tree of every department (active or not), cached per database for TREE_TTL_MS. */
export function unitTree(db: Executor): Promise<UnitTree> {
  // Inside a transaction the caller may have just written a department: read it fresh, and cache nothing.
  if (isTransaction(db)) return loadTree(db);
  const hit = cached.get(db);
  if (hit && performance.now() - hit.at < TREE_TTL_MS) return hit.tree;
  const tree = loadTree(db);
  cached.set(db, { tree, at: performance.now() });
  tree.catch(() => cached.delete(db));
  return tree;
}

/**
 * The tree for a caller's transaction that writes no unit (an order created inside an upstream's or Open311's
 * transaction): `base`'s cached copy while it is fresh, else read through the transaction itself, never through
 * `base`, whose second connection SQLite (one connection) would wait for forever.
 */
export function unitTreeWithin(trx: Executor, base: Executor): Promise<UnitTree> {
  const hit = cached.get(base);
  if (hit && performance.now() - hit.at < TREE_TTL_MS) return hit.tree;
  return unitTree(trx);
}

/** Drops this instance's copy of the tree (every department write calls it). */
export function forgetUnitTree(db: Executor): void {
  cached.delete(db);
}

/** The units strictly below the unit (its streets and their communities), not the unit itself. */
export async function descendantsOf(db: Executor, unitId: number): Promise<number[]> {
  return below(await unitTree(db), unitId);
}

/** The unit and every unit below it: what a handler of that unit sees (Actor.units). */
export async function subtreeOf(db: Executor, unitId: number): Promise<number[]> {
  const tree = await unitTree(db);
  return tree.nodes.has(unitId) ? [unitId, ...below(tree, unitId)] : [unitId];
}

/** The units strictly below a unit of a tree already read, depth first. */
export function below(tree: UnitTree, unitId: number): number[] {
  const out: number[] = [];
  const seen = new Set([unitId]);
  const walk = (id: number) => {
    for (const child of tree.nodes.get(id)?.children ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      out.push(child);
      walk(child);
    }
  };
  walk(unitId);
  return out;
}

async function loadTree(db: Executor): Promise<UnitTree> {
  const departments = await departmentsRepository.list(db);
  const nodes = new Map<number, UnitNode>();
  for (const { id, name, kind, parent_id, active } of departments)
    nodes.set(id, { id, name, kind, parent_id, active, depth: 0, path: [], children: [] });
  const roots: number[] = [];
  for (const n of nodes.values()) {
    const parent = n.parent_id === null ? undefined : nodes.get(n.parent_id);
    if (parent) parent.children.push(n.id);
    else roots.push(n.id);
  }
  // A cycle can only come from rows written around the service; its units are drawn as top level, never walked twice.
  const order: number[] = [];
  const seen = new Set<number>();
  const place = (id: number, path: number[]) => {
    if (seen.has(id)) return;
    seen.add(id);
    const n = nodes.get(id)!;
    n.path = [...path, id];
    n.depth = path.length;
    order.push(id);
    for (const child of n.children) place(child, n.path);
  };
  for (const id of roots) place(id, []);
  for (const id of nodes.keys()) {
    if (!seen.has(id)) {
      nodes.get(id)!.children = [];
      place(id, []);
    }
  }
  return { nodes, order, departments };
}
