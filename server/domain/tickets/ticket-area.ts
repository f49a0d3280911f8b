// Location on every order (docs/rules/intake.md "Location"): the territorial unit (区县, 街道乡镇, 社区村) it lies in,
// picked by the operator or recognised from the address. The units are read from the unit tree, which is kept in
// process and dropped on every department write (unit-tree.ts): a creation adds no query of its own.
import type { Executor } from '../../lib/db.ts';
import { detail, errors } from '../../lib/errors.ts';
import { unitTree, unitTreeWithin, type UnitNode, type UnitTree } from '../departments/unit-tree.ts';

const TERRITORIAL = new Set(['district', 'street', 'community']);

export interface AreaView {
  id: number;
  name: string;
  /** The names from the district down to this unit: 东城区 / 东华门街道 / 多福巷社区. */
  path: string[];
}

const territorial = (n: UnitNode | undefined): n is UnitNode => !!n && n.active && TERRITORIAL.has(n.kind);

/** The active territorial units, each parent before its children: what the intake form's picker lists. */
export async function territorialUnits(db: Executor): Promise<Array<AreaView & { kind: string; depth: number }>> {
  const tree = await unitTree(db);
  return tree.order
    .map((id) => tree.nodes.get(id))
    .filter(territorial)
    .map((n) => ({ ...viewOf(tree, n), kind: n.kind, depth: n.depth }));
}

/**
 * The area of a new order: the picked unit (refused with 400 at area_unit_id unless an active territorial unit),
 * or else the deepest territorial unit whose name the address contains. Two such units at that depth (two
 * 新华街道 in different districts) leave it unknown rather than guess across districts. `base`: the service's
 * database when `db` is a caller's transaction, whose cached tree spares a read.
 */
export async function areaOf(
  db: Executor,
  picked: number | null | undefined,
  address: string | null | undefined,
  base?: Executor,
): Promise<number | null> {
  if (!picked && !address) return null;
  const tree = await (base ? unitTreeWithin(db, base) : unitTree(db));
  if (picked) {
    if (!territorial(tree.nodes.get(picked))) throw errors.validation([detail('area_unit_id', 'ticket.noSuchArea')]);
    return picked;
  }
  return recognise(tree, address ?? '');
}

function recognise(tree: UnitTree, address: string): number | null {
  const text = address.replace(/\s/g, '');
  let best: UnitNode[] = [];
  for (const n of tree.nodes.values()) {
    if (!territorial(n) || n.name.length < 2 || !text.includes(n.name)) continue;
    if (!best.length || n.depth > best[0].depth) best = [n];
    else if (n.depth === best[0].depth) best.push(n);
  }
  return best.length === 1 ? best[0].id : null;
}

function viewOf(tree: UnitTree, n: UnitNode): AreaView {
  const path = n.path.map((id) => tree.nodes.get(id)!).filter((u) => TERRITORIAL.has(u.kind));
  return { id: n.id, name: n.name, path: path.map((u) => u.name) };
}

/** The order's area as the ticket view shows it; null when none was picked or recognised. */
export async function areaView(db: Executor, unitId: number | null | undefined): Promise<AreaView | null> {
  if (!unitId) return null;
  const tree = await unitTree(db);
  const n = tree.nodes.get(unitId);
  return n ? viewOf(tree, n) : null;
}
