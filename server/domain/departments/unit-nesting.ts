// Who may stand under whom (docs/rules/units.md): a street under a district, a community under a street; municipal
// departments, districts and public enterprises stand at the top. The departments service asks this before it
// stores a kind or a parent, so the tree never holds a cycle, an inactive parent or a child its parent cannot hold.
import { detail, errors, type ErrorDetail } from '../../lib/errors.ts';
import { below, type UnitKind, type UnitTree } from './unit-tree.ts';

/** The kind a unit's parent must be, or null for a top-level kind. */
export const PARENT_KIND: Record<UnitKind, UnitKind | null> = {
  municipal: null,
  district: null,
  enterprise: null,
  street: 'district',
  community: 'street',
};

/** A unit as it would be after the change (id null for a new one). */
export interface Placement {
  id: number | null;
  kind: UnitKind;
  parent_id: number | null;
  active: boolean;
}

/** Throws 400 with field paths when the unit may not stand there; nothing is stored then. */
export function checkPlacement(tree: UnitTree, unit: Placement): void {
  const problems: ErrorDetail[] = [];
  const parentProblem = parentProblemOf(tree, unit);
  if (parentProblem) problems.push(parentProblem);
  if (unit.id !== null) {
    const children = (tree.nodes.get(unit.id)?.children ?? []).map((c) => tree.nodes.get(c)!);
    const misfits = children.filter((c) => PARENT_KIND[c.kind] !== unit.kind);
    if (misfits.length) {
      const parent_kind = PARENT_KIND[misfits[0]!.kind] ?? misfits[0]!.kind;
      const names = misfits.map((c) => c.name);
      problems.push(detail('kind', 'departments.childrenNeedKind', { children: names, parent_kind, kind: unit.kind }));
    }
    const active = children.filter((c) => c.active);
    if (!unit.active && active.length) {
      problems.push(detail('active', 'departments.activeChildren', { children: active.map((c) => c.name) }));
    }
  }
  if (problems.length) throw errors.validation(problems);
}

function parentProblemOf(tree: UnitTree, unit: Placement): ErrorDetail | null {
  const wanted = PARENT_KIND[unit.kind];
  if (unit.parent_id === null) {
    return wanted ? detail('parent_id', 'departments.needsParent', { kind: unit.kind, parent_kind: wanted }) : null;
  }
  if (!wanted) return detail('parent_id', 'departments.topLevel', { kind: unit.kind });
  const parent = tree.nodes.get(unit.parent_id);
  if (!parent) return detail('parent_id', 'departments.noSuchUnit');
  if (unit.id !== null && (parent.id === unit.id || below(tree, unit.id).includes(parent.id))) {
    return detail('parent_id', 'departments.cycle');
  }
  // An active unit stands under an active parent; an inactive one may stay where it was (edited, say, renamed).
  if (!parent.active && unit.active) return detail('parent_id', 'departments.parentInactive');
  if (parent.kind !== wanted) {
    return detail('parent_id', 'departments.wrongParent', {
      kind: unit.kind,
      parent_kind: wanted,
      actual: parent.kind,
    });
  }
  return null;
}
